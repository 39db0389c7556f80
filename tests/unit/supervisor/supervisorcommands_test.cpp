// The Supervisor's changes while running: components added and removed, stopped by the user
// and left down, started again, killed as a crash and restarted.
#include <signal.h>

#include <gtest/gtest.h>

#include "supervisor/processtable.h"
#include "supervisor/supervisor.h"
#include "support/eventually.h"
#include "scratchdirectory.h"

namespace kubelab::supervisor {
namespace {

using namespace std::chrono_literals;
using kubelab::testing::eventually;

class SupervisorCommandsTest : public ::testing::Test {
 protected:
  ComponentSpec sleeper(const std::string& name) {
    ComponentSpec spec;
    spec.name = name;
    spec.executable = "/bin/sh";
    spec.arguments = {"-c", "exec sleep 60"};
    spec.logFile = directory_->path() / (name + ".log");
    return spec;
  }

  static SupervisorOptions fastOptions() {
    SupervisorOptions options;
    options.readinessDeadline = 5s;
    options.stopGracePeriod = 2s;
    options.pollInterval = 10ms;
    options.unprobedSettleTime = 50ms;
    options.restartBackoff = {50ms, 200ms, 10s};
    return options;
  }

  static ComponentStatus status(const Supervisor& supervisor, const std::string& name) {
    for (const ComponentStatus& component : supervisor.snapshot().components) {
      if (component.name == name) return component;
    }
    ComponentStatus absent;
    absent.name = "<absent>";
    return absent;
  }

  std::unique_ptr<kubelab::testing::TemporaryDirectory> directory_ = scratchDirectory();
};

TEST_F(SupervisorCommandsTest, CommandsWaitForARunningSupervisor) {
  Supervisor supervisor({sleeper("a")}, fastOptions());
  EXPECT_EQ(supervisor.stopComponent("a").status().code(), StatusCode::Unavailable);
}

TEST_F(SupervisorCommandsTest, AddsAndRemovesComponentsWhileRunning) {
  Supervisor supervisor({sleeper("store")}, fastOptions());
  supervisor.start();
  ASSERT_TRUE(supervisor.waitUntilStarted().isOk());
  Result<std::string> added = supervisor.addComponents({sleeper("kubelet-node-2"), sleeper("proxy-node-2")});
  ASSERT_TRUE(added.isOk()) << added.status().toString();
  EXPECT_EQ(*added, "started kubelet-node-2, proxy-node-2");
  ASSERT_TRUE(eventually([&] { return status(supervisor, "proxy-node-2").state == ComponentState::Running; }, 5s));
  int kubeletPid = status(supervisor, "kubelet-node-2").pid;
  EXPECT_TRUE(isProcessAlive(kubeletPid));
  EXPECT_EQ(supervisor.addComponents({sleeper("store")}).status().code(), StatusCode::AlreadyExists);

  Result<std::string> removed = supervisor.removeComponents({"kubelet-node-2", "proxy-node-2"});
  ASSERT_TRUE(removed.isOk()) << removed.status().toString();
  EXPECT_FALSE(isProcessAlive(kubeletPid));
  EXPECT_EQ(supervisor.snapshot().components.size(), 1u);
  Status unknown = supervisor.removeComponents({"kubelet-node-9"}).status();
  EXPECT_EQ(unknown.code(), StatusCode::NotFound);
  EXPECT_EQ(unknown.message(), "no component \"kubelet-node-9\"; components: store");
}

TEST_F(SupervisorCommandsTest, AStoppedComponentStaysDownUntilStarted) {
  Supervisor supervisor({sleeper("store"), sleeper("scheduler")}, fastOptions());
  supervisor.start();
  ASSERT_TRUE(supervisor.waitUntilStarted().isOk());
  int first = status(supervisor, "scheduler").pid;
  Result<std::string> stopped = supervisor.stopComponent("scheduler");
  ASSERT_TRUE(stopped.isOk()) << stopped.status().toString();
  EXPECT_NE(stopped->find("stopped scheduler"), std::string::npos) << *stopped;
  EXPECT_FALSE(isProcessAlive(first));
  std::this_thread::sleep_for(500ms);  // many rounds of supervision: no restart
  ComponentStatus down = status(supervisor, "scheduler");
  EXPECT_EQ(down.state, ComponentState::Stopped);
  EXPECT_TRUE(down.stoppedByUser);
  EXPECT_EQ(down.pid, 0);

  Result<std::string> started = supervisor.startComponent("scheduler");
  ASSERT_TRUE(started.isOk()) << started.status().toString();
  ASSERT_TRUE(eventually([&] { return status(supervisor, "scheduler").state == ComponentState::Running; }, 5s));
  EXPECT_FALSE(status(supervisor, "scheduler").stoppedByUser);
  EXPECT_TRUE(isProcessAlive(status(supervisor, "scheduler").pid));
  EXPECT_NE(supervisor.startComponent("scheduler")->find("already running"), std::string::npos);
}

TEST_F(SupervisorCommandsTest, AKillIsACrashThatIsRestartedUnlessKeptDown) {
  Supervisor supervisor({sleeper("apiserver"), sleeper("kubelet-node-2")}, fastOptions());
  supervisor.start();
  ASSERT_TRUE(supervisor.waitUntilStarted().isOk());
  int first = status(supervisor, "apiserver").pid;
  ASSERT_TRUE(supervisor.killComponent("apiserver").isOk());
  ASSERT_TRUE(eventually(
      [&] {
        ComponentStatus apiserver = status(supervisor, "apiserver");
        return apiserver.state == ComponentState::Running && apiserver.pid != first && apiserver.restarts == 1;
      },
      5s));
  EXPECT_EQ(status(supervisor, "apiserver").lastExit, "killed by signal 9 (SIGKILL)");

  int kubelet = status(supervisor, "kubelet-node-2").pid;
  ASSERT_TRUE(supervisor.killComponent("kubelet-node-2", true).isOk());
  EXPECT_FALSE(isProcessAlive(kubelet));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(status(supervisor, "kubelet-node-2").state, ComponentState::Stopped);
  EXPECT_TRUE(status(supervisor, "kubelet-node-2").stoppedByUser);

  Result<std::string> restarted = supervisor.restartComponent("kubelet-node-2");
  ASSERT_TRUE(restarted.isOk()) << restarted.status().toString();
  ASSERT_TRUE(eventually([&] { return status(supervisor, "kubelet-node-2").state == ComponentState::Running; }, 5s));
  supervisor.stop();
  EXPECT_EQ(supervisor.stopComponent("apiserver").status().code(), StatusCode::Unavailable);
}

}  // namespace
}  // namespace kubelab::supervisor
