// The process runtime driven directly, without an API server: real containers (the built-in
// kubelab-workload and the host's busybox-static) on free loopback addresses.

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

namespace kubelab::runtime {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::eventually;

http::RequestOptions quick() {
  http::RequestOptions options;
  options.timeout = 1000ms;
  return options;
}

std::string readFile(const fs::path& file) {
  std::ifstream input(file);
  std::stringstream text;
  text << input.rdbuf();
  return text.str();
}

// A pod address nobody else uses: 127.10.200.<random>.
std::string freePodIp() {
  static std::mt19937 random(std::random_device{}());
  return "127.10.200." + std::to_string(std::uniform_int_distribution<int>(2, 254)(random));
}

boost::json::object makePod(const std::string& name, const std::string& uid, const std::string& restartPolicy,
                            boost::json::array containers, boost::json::array volumes = {}) {
  return {{"metadata", {{"name", name}, {"namespace", "default"}, {"uid", uid}}},
          {"spec",
           {{"nodeName", "node-200"},
            {"restartPolicy", restartPolicy},
            {"containers", std::move(containers)},
            {"volumes", std::move(volumes)}}},
          {"status", {{"podIP", freePodIp()}, {"hostIP", "127.10.200.1"}}}};
}

class ProcessRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto directory = testing::TemporaryDirectory::create("kubelab-runtime-test");
    ASSERT_TRUE(directory.isOk());
    directory_ = std::move(*directory);
    catalogFile_ = directory_->path() / "images.yaml";
    fs::copy_file(KUBELAB_IMAGE_CATALOG, catalogFile_);
    options_.rootDirectory = directory_->path() / "root";
    options_.catalogFile = catalogFile_;
    options_.programDirectory = KUBELAB_PROGRAM_DIRECTORY;
    options_.restartBackoffBase = 300ms;
    options_.restartBackoffCap = 1200ms;
    options_.imagePullAttempt = 200ms;
  }

  void start() {
    auto created = ProcessRuntime::create(options_);
    ASSERT_TRUE(created.isOk()) << created.status().toString();
    runtime_ = std::move(*created);
  }

  ContainerState state(const std::string& uid) {
    auto status = runtime_->status(uid);
    if (!status || status->containers.empty()) return {};
    return status->containers.front().second;
  }

  void TearDown() override { runtime_.reset(); }

  std::unique_ptr<testing::TemporaryDirectory> directory_;
  fs::path catalogFile_;
  ProcessRuntimeOptions options_;
  std::unique_ptr<ProcessRuntime> runtime_;
};

TEST_F(ProcessRuntimeTest, WebImageServesItsPodNameOnThePodIp) {
  start();
  auto port = testing::findFreeLoopbackPort();
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

TEST_F(ProcessRuntimeTest, AContainerWhoseImageChangesIsReplaced) {
  start();
  auto port = testing::findFreeLoopbackPort();
  ASSERT_TRUE(port.isOk());
  auto pod = makePod("web-2", "uid-upgrade", "Never",
                     {{{"name", "web"}, {"image", "kubelab/web:1"}, {"ports", {{{"containerPort", *port}}}}}});
  http::Client client(api::stringAt(pod, {"status", "podIP"}), *port);
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] {
    auto response = client.get("/", quick());
    return response.isOk() && response->header("X-Image-Tag") == "1";
  }, 5s));
  pod["spec"].as_object()["containers"].as_array()[0].as_object()["image"] = "kubelab/web:2";
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] {
    auto response = client.get("/", quick());
    return response.isOk() && response->header("X-Image-Tag") == "2";
  }, 5s));
  EXPECT_EQ(state("uid-upgrade").phase, ContainerState::Phase::Running);
  EXPECT_EQ(state("uid-upgrade").restartCount, 1);
  ASSERT_TRUE(state("uid-upgrade").lastTermination.has_value());
}

std::string readAll(int descriptor) {
  std::string text;
  char buffer[4096];
  for (ssize_t count; (count = ::read(descriptor, buffer, sizeof(buffer))) > 0;) text.append(buffer, static_cast<std::size_t>(count));
  return text;
}

TEST_F(ProcessRuntimeTest, ExecRunsACommandInTheContainersEnvironment) {
  start();
  auto pod = makePod("exec-1", "uid-exec", "Always",
                     {{{"name", "shell"}, {"image", "busybox"}, {"command", {"sleep", "1000"}}, {"workingDir", "/work"}},
                      {{"name", "web"}, {"image", "kubelab/web:1"}, {"env", {{{"name", "PORT"}, {"value", "0"}}}}}});
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] {
    auto status = runtime_->status("uid-exec");
    return status && status->containers[0].second.phase == ContainerState::Phase::Running &&
           status->containers[1].second.phase == ContainerState::Phase::Running;
  }, 5s));

  auto session = runtime_->exec("uid-exec", "shell", {"sh", "-c", "echo $POD_NAME in $(pwd); cat; echo oops >&2; exit 7"}, true);
  ASSERT_TRUE(session.isOk()) << session.status().toString();
  std::string input = "from stdin\n";
  ASSERT_EQ(::write((*session)->standardInput(), input.data(), input.size()), static_cast<ssize_t>(input.size()));
  (*session)->closeStandardInput();
  std::string output = readAll((*session)->standardOutput());
  EXPECT_EQ(output, "exec-1 in " + (runtime_->sandboxPath("uid-exec") / "work").string() + "\nfrom stdin\n");
  EXPECT_EQ(readAll((*session)->standardError()), "oops\n");
  EXPECT_EQ((*session)->wait(), 7);

  // A container of a built-in program runs host programs from its PATH.
  auto web = runtime_->exec("uid-exec", "web", {"env"}, false);
  ASSERT_TRUE(web.isOk()) << web.status().toString();
  EXPECT_NE(readAll((*web)->standardOutput()).find("KUBELAB_IMAGE=kubelab/web:1"), std::string::npos);
  EXPECT_EQ((*web)->wait(), 0);

  auto missing = runtime_->exec("uid-exec", "web", {"no-such-program"}, false);
  ASSERT_FALSE(missing.isOk());
  EXPECT_NE(missing.status().message().find("executable file not found in $PATH"), std::string::npos);
  EXPECT_EQ(runtime_->exec("uid-exec", "nobody", {"true"}, false).status().code(), StatusCode::NotFound);
}

TEST_F(ProcessRuntimeTest, InitContainersRunInOrderToCompletionBeforeTheContainers) {
  start();
  boost::json::array mounts{{{"name", "shared"}, {"mountPath", "/shared"}}};
  auto pod = makePod("init-1", "uid-init", "Never",
                     {{{"name", "main"}, {"image", "busybox"}, {"command", {"cat", "shared/first", "shared/second"}},
                       {"volumeMounts", mounts}}},
                     {{{"name", "shared"}, {"emptyDir", boost::json::object{}}}});
  pod["spec"].as_object()["initContainers"] = boost::json::array{
      {{"name", "first"}, {"image", "busybox"}, {"command", {"sh", "-c", "sleep 0.5; echo one > shared/first"}},
       {"volumeMounts", mounts}},
      {{"name", "second"}, {"image", "busybox"}, {"command", {"sh", "-c", "cat shared/first > shared/second; echo two >> shared/second"}},
       {"volumeMounts", mounts}}};
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] {
    auto status = runtime_->status("uid-init");
    return status && status->initContainers.size() == 2 &&
           status->initContainers[0].second.phase == ContainerState::Phase::Running;
  }, 5s));
  auto initializing = runtime_->status("uid-init");
  EXPECT_EQ(initializing->initContainers[1].second.reason, "ContainerCreating");
  EXPECT_EQ(initializing->containers[0].second.reason, "PodInitializing");
  ASSERT_TRUE(eventually([&] { return state("uid-init").phase == ContainerState::Phase::Terminated; }, 5s));
  auto finished = runtime_->status("uid-init");
  EXPECT_EQ(finished->initContainers[0].second.reason, "Completed");
  EXPECT_EQ(finished->initContainers[1].second.reason, "Completed");
  EXPECT_EQ(state("uid-init").reason, "Completed");
  EXPECT_EQ(readFile(runtime_->logPath("uid-init", "main", 0)), "one\none\ntwo\n");
}

TEST_F(ProcessRuntimeTest, AFailedInitContainerUnderNeverKeepsTheContainersFromStarting) {
  start();
  auto pod = makePod("init-2", "uid-init-fail", "Never", {{{"name", "main"}, {"image", "busybox"}, {"command", {"true"}}}});
  pod["spec"].as_object()["initContainers"] =
      boost::json::array{{{"name", "setup"}, {"image", "busybox"}, {"command", {"sh", "-c", "exit 2"}}}};
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] {
    auto status = runtime_->status("uid-init-fail");
    return status && status->initContainers[0].second.phase == ContainerState::Phase::Terminated;
  }, 5s));
  std::this_thread::sleep_for(300ms);
  auto status = runtime_->status("uid-init-fail");
  EXPECT_EQ(status->initContainers[0].second.reason, "Error");
  EXPECT_EQ(status->initContainers[0].second.exitCode, 2);
  EXPECT_EQ(status->containers[0].second.reason, "PodInitializing");
}

TEST_F(ProcessRuntimeTest, PreStopHooksRunBeforeSigtermWithinTheGracePeriod) {
  start();
  auto port = testing::findFreeLoopbackPort();
  ASSERT_TRUE(port.isOk());
  // The shell records the SIGTERM it gets; the hook's file must already be there by then.
  auto pod = makePod("hooks-1", "uid-hooks", "Always",
                     {{{"name", "main"}, {"image", "busybox"},
                       {"command", {"sh", "-c", "trap 'ls > seen-at-sigterm; exit 0' TERM; while :; do sleep 0.05; done"}},
                       {"lifecycle", {{"preStop", {{"exec", {{"command", {"sh", "-c", "echo $POD_NAME > hook-ran"}}}}}}}}},
                      {{"name", "web"}, {"image", "kubelab/web:1"},
                       {"ports", {{{"name", "http"}, {"containerPort", *port}}}},
                       {"lifecycle", {{"preStop", {{"httpGet", {{"path", "/goodbye"}, {"port", "http"}}}}}}}}});
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] {
    auto status = runtime_->status("uid-hooks");
    return status && status->containers[0].second.phase == ContainerState::Phase::Running &&
           status->containers[1].second.phase == ContainerState::Phase::Running &&
           http::Client(api::stringAt(pod, {"status", "podIP"}), *port).get("/", quick()).isOk();
  }, 5s));
  runtime_->stop("uid-hooks", 5s);
  fs::path sandbox = runtime_->sandboxPath("uid-hooks");
  EXPECT_EQ(readFile(sandbox / "hook-ran"), "hooks-1\n");
  EXPECT_NE(readFile(sandbox / "seen-at-sigterm").find("hook-ran"), std::string::npos);
  EXPECT_NE(readFile(runtime_->logPath("uid-hooks", "web", 0)).find("\"GET /goodbye HTTP/1.1\" 200"), std::string::npos);
}

TEST_F(ProcessRuntimeTest, AHookThatHangsIsCutOffAtTheGracePeriod) {
  start();
  auto pod = makePod("hooks-2", "uid-hang", "Always",
                     {{{"name", "main"}, {"image", "busybox"}, {"command", {"sleep", "1000"}},
                       {"lifecycle", {{"preStop", {{"exec", {{"command", {"sleep", "1000"}}}}}}}}}});
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] { return state("uid-hang").phase == ContainerState::Phase::Running; }, 5s));
  auto began = std::chrono::steady_clock::now();
  runtime_->stop("uid-hang", 1s);
  auto took = std::chrono::steady_clock::now() - began;
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 2s);
  EXPECT_FALSE(runtime_->status("uid-hang").has_value());
}

TEST_F(ProcessRuntimeTest, ReadinessProbesDecideReady) {
  start();
  auto port = testing::findFreeLoopbackPort();
  ASSERT_TRUE(port.isOk());
  boost::json::object httpProbe{{"httpGet", {{"path", "/healthz"}, {"port", "http"}}}, {"periodSeconds", 1}};
  boost::json::object tcpProbe{{"tcpSocket", {{"port", *port}}}, {"periodSeconds", 1}};
  boost::json::array ports{{{"name", "http"}, {"containerPort", *port}}};
  auto pod = makePod("ready-1", "uid-ready", "Always",
                     {{{"name", "healthy"}, {"image", "kubelab/web:1"}, {"ports", ports}, {"readinessProbe", httpProbe}},
                      {{"name", "tcp"}, {"image", "busybox"}, {"command", {"sleep", "1000"}}, {"readinessProbe", tcpProbe}},
                      {{"name", "execs"}, {"image", "busybox"}, {"command", {"sleep", "1000"}},
                       {"readinessProbe", {{"exec", {{"command", {"sh", "-c", "test -e ready-flag"}}}}, {"periodSeconds", 1}}}}});
  runtime_->ensureRunning(pod);
  auto ready = [&](std::size_t index) {
    auto status = runtime_->status("uid-ready");
    return status && status->containers[index].second.phase == ContainerState::Phase::Running &&
           status->containers[index].second.ready;
  };
  ASSERT_TRUE(eventually([&] { return ready(0) && ready(1); }, 5s)) << ready(0) << ready(1);
  EXPECT_FALSE(ready(2));  // no flag file yet
  std::ofstream(runtime_->sandboxPath("uid-ready") / "ready-flag") << "";
  EXPECT_TRUE(eventually([&] { return ready(2); }, 3s));

  auto failing = makePod("ready-2", "uid-unready", "Always",
                         {{{"name", "web"}, {"image", "kubelab/web:1"}, {"ports", ports}, {"readinessProbe", httpProbe},
                           {"env", {{{"name", "FAIL_READINESS"}, {"value", "1"}}}}}});
  runtime_->ensureRunning(failing);
  ASSERT_TRUE(eventually([&] { return state("uid-unready").phase == ContainerState::Phase::Running; }, 5s));
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(state("uid-unready").phase, ContainerState::Phase::Running);
  EXPECT_FALSE(state("uid-unready").ready);
}

TEST_F(ProcessRuntimeTest, AFailingLivenessProbeRestartsTheContainer) {
  start();
  // Healthy while its file exists; the container removes it after a moment.
  auto pod = makePod("live-1", "uid-live", "Always",
                     {{{"name", "main"}, {"image", "busybox"},
                       {"command", {"sh", "-c", "touch healthy; sleep 0.5; rm healthy; sleep 1000"}},
                       {"livenessProbe", {{"exec", {{"command", {"cat", "healthy"}}}}, {"periodSeconds", 1}, {"failureThreshold", 1}}}}});
  pod["spec"].as_object()["terminationGracePeriodSeconds"] = 1;
  runtime_->ensureRunning(pod);
  ASSERT_TRUE(eventually([&] { return state("uid-live").restartCount >= 1; }, 6s));
  ASSERT_TRUE(state("uid-live").lastTermination.has_value());
  EXPECT_EQ(state("uid-live").lastTermination->reason, "Error");
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
  auto port = testing::findFreeLoopbackPort();
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
  auto port = testing::findFreeLoopbackPort();
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
