// The process runtime driven directly, without an API server: real containers (the built-in
// kubelab-workload and the host's busybox-static) on free loopback addresses. Running,
// restarting, failing to pull, stopping, and what outlives what.

#include "runtime/processruntime.h"

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>

#include "api/objectmeta.h"
#include "http/httpclient.h"
#include "support/eventually.h"
#include "support/freeport.h"
#include "support/temporarydirectory.h"

#include "processruntimefixture.h"

namespace kubelab::runtime {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using kubelab::testing::eventually;

TEST_F(ProcessRuntimeTest, WebImageServesItsPodNameOnThePodIp) {
  start();
  auto port = kubelab::testing::findFreeLoopbackPort();
  ASSERT_TRUE(port.isOk());
  auto pod = makePod("web-1", "uid-web", "Always",
                     {{{"name", "web"}, {"image", "nginx:1.25"}, {"ports", {{{"containerPort", *port}}}}}});
  std::string podIp = api::stringAt(pod, {"status", "podIP"});
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] { return state("uid-web").phase == ContainerState::Phase::Running; }, 5s));
  EXPECT_TRUE(state("uid-web").ready);

  http::Client client(podIp, *port);
  Result<http::Response> response = unavailable("not asked yet");
  ASSERT_TRUE(eventually([&] {
    response = client.get("/", quick());
    return response.isOk();
  }, 5s)) << response.status().toString();
  EXPECT_EQ(response->status, 200u);
  EXPECT_NE(response->body.find("web-1"), std::string::npos) << response->body;
  EXPECT_NE(response->body.find(podIp), std::string::npos) << response->body;
  EXPECT_NE(response->body.find("node-200"), std::string::npos) << response->body;
  EXPECT_EQ(response->header("X-Pod-Name"), "web-1");
  EXPECT_EQ(response->header("X-Image-Tag"), "1.25");
  auto healthz = client.get("/healthz");
  ASSERT_TRUE(healthz.isOk());
  EXPECT_EQ(healthz->status, 200u);
  std::string log = readFile(runtime_->logPath("uid-web", "web", 0));
  EXPECT_NE(log.find("serving nginx:1.25"), std::string::npos) << log;
  EXPECT_NE(log.find("\"GET / HTTP/1.1\" 200"), std::string::npos) << log;  // the access log, as nginx writes it
  EXPECT_EQ(log.find("/healthz"), std::string::npos) << log;

  runtime_->stop("uid-web", 5s);
  EXPECT_FALSE(runtime_->status("uid-web").has_value());
  EXPECT_FALSE(http::Client(podIp, *port).get("/", quick()).isOk());
}

TEST_F(ProcessRuntimeTest, BusyboxRunsItsCommandWithItsEnvironmentIntoTheLog) {
  ASSERT_TRUE(fs::exists("/bin/busybox")) << "busybox-static is missing (scripts/install-dependencies.sh installs it)";
  start();
  auto pod = makePod("bb-1", "uid-bb", "Never",
                     {{{"name", "main"},
                       {"image", "busybox:1.36"},
                       {"command", {"sh", "-c", "echo hello from $(MY_NAME) at $POD_IP; echo to-stderr >&2; pwd"}},
                       {"env", {{{"name", "MY_NAME"}, {"valueFrom", {{"fieldRef", {{"fieldPath", "metadata.name"}}}}}}}}}});
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] { return state("uid-bb").phase == ContainerState::Phase::Terminated; }, 5s));
  ContainerState ended = state("uid-bb");
  EXPECT_EQ(ended.reason, "Completed");
  EXPECT_EQ(ended.exitCode, 0);
  EXPECT_EQ(ended.restartCount, 0);
  std::string log = readFile(runtime_->logPath("uid-bb", "main", 0));
  EXPECT_NE(log.find("hello from bb-1 at " + api::stringAt(pod, {"status", "podIP"})), std::string::npos) << log;
  EXPECT_NE(log.find("to-stderr"), std::string::npos) << log;
  EXPECT_NE(log.find(runtime_->sandboxPath("uid-bb").string()), std::string::npos) << log;
  // restartPolicy Never: it stays terminated.
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(state("uid-bb").phase, ContainerState::Phase::Terminated);
}

TEST_F(ProcessRuntimeTest, WorkingDirAndVolumesAreInsideTheSandbox) {
  start();
  auto pod = makePod("dirs-1", "uid-dirs", "Never",
                     {{{"name", "main"}, {"image", "busybox"}, {"workingDir", "/app"},
                       {"command", {"sh", "-c", "pwd; echo cached > /proc/self/cwd/../cache/file; ls ../settings"}},
                       {"volumeMounts", {{{"name", "cache"}, {"mountPath", "/cache"}},
                                         {{"name", "settings"}, {"mountPath", "/settings"}}}}}},
                     {{{"name", "cache"}, {"emptyDir", boost::json::object{}}},
                      {{"name", "settings"}, {"configMap", {{"name", "app-settings"}}}}});
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] { return state("uid-dirs").phase == ContainerState::Phase::Terminated; }, 5s));
  EXPECT_EQ(state("uid-dirs").reason, "Completed") << readFile(runtime_->logPath("uid-dirs", "main", 0));
  fs::path sandbox = runtime_->sandboxPath("uid-dirs");
  EXPECT_NE(readFile(runtime_->logPath("uid-dirs", "main", 0)).find((sandbox / "app").string()), std::string::npos);
  EXPECT_EQ(readFile(sandbox / "volumes" / "cache" / "file"), "cached\n");
  EXPECT_TRUE(fs::is_directory(sandbox / "volumes" / "settings"));
  EXPECT_EQ(runtime_->logFile("uid-dirs", "main", 0), runtime_->logPath("uid-dirs", "main", 0));
}

TEST_F(ProcessRuntimeTest, StatsSumTheCpuAndMemoryOfTheContainersProcessGroup) {
  start();
  // The busy loop runs in a child of the shell: it counts for the container all the same.
  auto pod = makePod("busy-1", "uid-busy", "Always",
                     {{{"name", "busy"}, {"image", "busybox"},
                       {"command", {"sh", "-c", "sh -c 'while :; do :; done' & wait"}}},
                      {{"name", "idle"}, {"image", "busybox"}, {"command", {"sleep", "1000"}}}});
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] {
    auto stats = runtime_->stats("uid-busy");
    return stats && stats->size() == 2 && stats->front().second.cpuTime > 300ms;
  }, 5s));
  auto stats = runtime_->stats("uid-busy");
  EXPECT_EQ(stats->front().first, "busy");
  EXPECT_GT(stats->front().second.memoryBytes, 100u * 1024);
  EXPECT_EQ(stats->back().first, "idle");
  EXPECT_LT(stats->back().second.cpuTime, 100ms);
  EXPECT_GT(stats->back().second.memoryBytes, 0u);
  EXPECT_FALSE(runtime_->stats("uid-unknown").has_value());
}

TEST_F(ProcessRuntimeTest, AFailingContainerUnderNeverEndsWithError) {
  start();
  auto pod = makePod("fail-1", "uid-fail", "Never", {{{"name", "main"}, {"image", "busybox"}, {"command", {"sh", "-c", "exit 3"}}}});
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] { return state("uid-fail").phase == ContainerState::Phase::Terminated; }, 5s));
  EXPECT_EQ(state("uid-fail").reason, "Error");
  EXPECT_EQ(state("uid-fail").exitCode, 3);
}

TEST_F(ProcessRuntimeTest, ACrashingContainerRestartsWithCrashLoopBackOffBetween) {
  start();
  auto pod = makePod("crash-1", "uid-crash", "Always",
                     {{{"name", "crash"}, {"image", "kubelab/crash:1"},
                       {"env", {{{"name", "CRASH_AFTER_SECONDS"}, {"value", "0.1"}}}}}});
  runtime_->ensureRunning(pod);
  std::set<std::string> reasons;
  std::vector<int> restartCounts;
  std::optional<TerminatedState> lastTermination;
  ASSERT_TRUE(eventually([&] {
    ContainerState current = state("uid-crash");
    reasons.insert(current.phase == ContainerState::Phase::Running ? "Running" : current.reason);
    if (restartCounts.empty() || restartCounts.back() != current.restartCount) restartCounts.push_back(current.restartCount);
    if (current.reason == "CrashLoopBackOff") lastTermination = current.lastTermination;
    return current.restartCount >= 3;
  }, 10s)) << "restart counts seen: " << restartCounts.size();
  EXPECT_TRUE(reasons.contains("Running"));
  EXPECT_TRUE(reasons.contains("CrashLoopBackOff"));
  EXPECT_EQ(restartCounts, (std::vector<int>{0, 1, 2, 3}));
  ASSERT_TRUE(lastTermination.has_value());
  EXPECT_EQ(lastTermination->reason, "Error");
  EXPECT_EQ(lastTermination->exitCode, 1);
  // Each run has its own log, for kubectl logs --previous.
  EXPECT_NE(readFile(runtime_->logPath("uid-crash", "crash", 0)).find("on purpose"), std::string::npos);
  EXPECT_NE(readFile(runtime_->logPath("uid-crash", "crash", 1)).find("on purpose"), std::string::npos);
}

TEST_F(ProcessRuntimeTest, AnUnknownImageFailsToPullWithBackOffUntilTheCatalogHasIt) {
  start();
  auto pod = makePod("foo-1", "uid-foo", "Always", {{{"name", "foo"}, {"image", "foo:1"}}});
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] { return state("uid-foo").reason == "ErrImagePull"; }, 2s));
  EXPECT_NE(state("uid-foo").message.find("failed to pull and unpack image \"docker.io/library/foo:1\""), std::string::npos)
      << state("uid-foo").message;
  ASSERT_TRUE(eventually([&] { return state("uid-foo").reason == "ImagePullBackOff"; }, 2s));
  EXPECT_EQ(state("uid-foo").message, "Back-off pulling image \"foo:1\"");
  EXPECT_EQ(state("uid-foo").phase, ContainerState::Phase::Waiting);
  // The pull is tried again after its back-off.
  ASSERT_TRUE(eventually([&] { return state("uid-foo").reason == "ErrImagePull"; }, 3s));

  // A lesson adds the image to the catalog: the next attempt runs it.
  std::ofstream(catalogFile_, std::ios::app) << "  - name: foo\n    executable: /bin/busybox\n    cmd: [sleep, \"30\"]\n";
  ASSERT_TRUE(eventually([&] { return state("uid-foo").phase == ContainerState::Phase::Running; }, 5s));
}

TEST_F(ProcessRuntimeTest, StopKillsTheWholeProcessGroupAfterTheGracePeriod) {
  start();
  // Both the shell and its child ignore SIGTERM: only the SIGKILL after the grace period ends them.
  auto pod = makePod("stubborn-1", "uid-stubborn", "Always",
                     {{{"name", "main"}, {"image", "busybox"},
                       {"command", {"sh", "-c", "trap '' TERM; sleep 1000 & echo child $!; wait"}}}});
  runtime_->ensureRunning(pod);
  pid_t child = 0;
  ASSERT_TRUE(eventually([&] {
    std::string log = readFile(runtime_->logPath("uid-stubborn", "main", 0));
    auto at = log.find("child ");
    if (at == std::string::npos || log.find('\n', at) == std::string::npos) return false;
    child = std::stoi(log.substr(at + 6));
    return true;
  }, 5s));
  ASSERT_GT(child, 0);
  ASSERT_EQ(::kill(child, 0), 0);
  auto began = std::chrono::steady_clock::now();
  runtime_->stop("uid-stubborn", 1s);
  auto took = std::chrono::steady_clock::now() - began;
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 2500ms);
  // Gone, or at most a zombie waiting for a reaper that is not us.
  auto gone = [&] {
    std::string stat = readFile("/proc/" + std::to_string(child) + "/stat");
    return stat.empty() || stat.find(") Z") != std::string::npos;
  };
  EXPECT_TRUE(eventually(gone, 1s)) << "the container's child " << child << " outlived stop()";
}

TEST_F(ProcessRuntimeTest, StopReturnsAsSoonAsTheContainersExitOnSigterm) {
  start();
  auto pod = makePod("polite-1", "uid-polite", "Always",
                     {{{"name", "main"}, {"image", "kubelab/logger:1"}}});
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] { return state("uid-polite").phase == ContainerState::Phase::Running; }, 5s));
  ASSERT_TRUE(eventually([&] { return readFile(runtime_->logPath("uid-polite", "main", 0)).find("node=node-200") != std::string::npos; }, 5s));
  auto began = std::chrono::steady_clock::now();
  runtime_->stop("uid-polite", 10s);
  EXPECT_LT(std::chrono::steady_clock::now() - began, 1s);
}

TEST_F(ProcessRuntimeTest, KeyValueDataOutlivesItsPodThroughItsClaim) {
  start();
  auto port = kubelab::testing::findFreeLoopbackPort();
  ASSERT_TRUE(port.isOk());
  auto kvPod = [&](const std::string& uid) {
    return makePod("kv-0", uid, "Always",
                   {{{"name", "kv"}, {"image", "kubelab/kv:1"}, {"ports", {{{"containerPort", *port}}}},
                     {"volumeMounts", {{{"name", "data"}, {"mountPath", "/data"}}}}}},
                   {{{"name", "data"}, {"persistentVolumeClaim", {{"claimName", "data-kv-0"}}}}});
  };
  auto first = kvPod("uid-kv-a");
  runtime_->ensureRunning(first);
  http::Client client(api::stringAt(first, {"status", "podIP"}), *port);
  Result<http::Response> stored = unavailable("not asked yet");
  ASSERT_TRUE(eventually([&] {
    stored = client.request("PUT", "/keys/greeting", "hello", quick());
    return stored.isOk();
  }, 5s)) << stored.status().toString();
  EXPECT_EQ(stored->status, 201u);
  runtime_->stop("uid-kv-a", 5s);

  auto second = kvPod("uid-kv-b");
  runtime_->ensureRunning(second);
  http::Client again(api::stringAt(second, {"status", "podIP"}), *port);
  Result<http::Response> read = unavailable("not asked yet");
  ASSERT_TRUE(eventually([&] {
    read = again.get("/keys/greeting", quick());
    return read.isOk();
  }, 5s)) << read.status().toString();
  EXPECT_EQ(read->status, 200u);
  EXPECT_EQ(read->body, "hello");
}

TEST_F(ProcessRuntimeTest, TheDestructorLeavesNoContainerBehind) {
  start();
  auto pod = makePod("sleepy-1", "uid-sleepy", "Always",
                     {{{"name", "main"}, {"image", "busybox"}, {"command", {"sh", "-c", "sleep 1000 & echo child $!; wait"}}}});
  runtime_->ensureRunning(pod);
  pid_t child = 0;
  ASSERT_TRUE(eventually([&] {
    std::string log = readFile(runtime_->logPath("uid-sleepy", "main", 0));
    auto at = log.find("child ");
    if (at == std::string::npos || log.find('\n', at) == std::string::npos) return false;
    child = std::stoi(log.substr(at + 6));
    return true;
  }, 5s));
  runtime_.reset();
  auto gone = [&] {
    std::string stat = readFile("/proc/" + std::to_string(child) + "/stat");
    return stat.empty() || stat.find(") Z") != std::string::npos;
  };
  EXPECT_TRUE(eventually(gone, 1s));
}

TEST_F(ProcessRuntimeTest, ARuntimeStartingOnTheSameRootEndsWhatAnEarlierOneLeft) {
  start();
  // The shell's child is in another session, out of reach of the group kill and of the
  // parent-death signal: only the sweep by environment finds it.
  auto pod = makePod("escaper-1", "uid-escaper", "Always",
                     {{{"name", "main"}, {"image", "busybox"},
                       {"command", {"sh", "-c", "setsid sleep 1000 & echo child $!; wait"}}}});
  runtime_->ensureRunning(pod);
  pid_t child = 0;
  ASSERT_TRUE(eventually([&] {
    std::string log = readFile(runtime_->logPath("uid-escaper", "main", 0));
    auto at = log.find("child ");
    if (at == std::string::npos || log.find('\n', at) == std::string::npos) return false;
    child = std::stoi(log.substr(at + 6));
    return true;
  }, 5s));
  ASSERT_EQ(::kill(child, 0), 0);
  auto next = ProcessRuntime::create(options_);  // as a kubelet restarted after kill -9 would
  ASSERT_TRUE(next.isOk());
  auto gone = [&] {
    std::string stat = readFile("/proc/" + std::to_string(child) + "/stat");
    return stat.empty() || stat.find(") Z") != std::string::npos;
  };
  EXPECT_TRUE(eventually(gone, 2s)) << "process " << child << " of the earlier runtime survived";
}

// What a 100-replica nginx Deployment asks of one machine: every pod started and answering.
TEST_F(ProcessRuntimeTest, AHundredWebPodsAnswerWithinSeconds) {
  start();
  auto port = kubelab::testing::findFreeLoopbackPort();
  ASSERT_TRUE(port.isOk());
  constexpr int kPods = 100;
  std::vector<std::string> podIps;
  auto began = std::chrono::steady_clock::now();
  for (int index = 0; index < kPods; ++index) {
    std::string uid = "uid-many-" + std::to_string(index);
    auto pod = makePod("many-" + std::to_string(index), uid, "Always",
                       {{{"name", "web"}, {"image", "kubelab/web:1"}, {"ports", {{{"containerPort", *port}}}}}});
    // Distinct addresses, as a node's podCIDR gives them.
    std::string podIp = "127.10.201." + std::to_string(index + 2);
    pod["status"].as_object()["podIP"] = podIp;
    podIps.push_back(podIp);
    runtime_->ensureRunning(pod);
  }
  for (const auto& podIp : podIps) {
    http::Client client(podIp, *port);
    ASSERT_TRUE(eventually([&] { return client.get("/", quick()).isOk(); }, 30s)) << podIp << " never answered";
  }
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
  std::cout << kPods << " web pods answering after " << took.count() << " ms" << std::endl;
  began = std::chrono::steady_clock::now();
  for (int index = 0; index < kPods; ++index) runtime_->stop("uid-many-" + std::to_string(index), 5s);
  took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
  std::cout << kPods << " web pods stopped in " << took.count() << " ms" << std::endl;
}

}  // namespace
}  // namespace kubelab::runtime
