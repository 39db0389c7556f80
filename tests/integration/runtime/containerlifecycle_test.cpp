// The process runtime's container lifecycle: image changes, exec, init containers, preStop
// hooks and probes, with real containers.

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

TEST_F(ProcessRuntimeTest, AContainerWhoseImageChangesIsReplaced) {
  start();
  auto port = kubelab::testing::findFreeLoopbackPort();
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
  auto port = kubelab::testing::findFreeLoopbackPort();
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
  auto port = kubelab::testing::findFreeLoopbackPort();
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

}  // namespace
}  // namespace kubelab::runtime
