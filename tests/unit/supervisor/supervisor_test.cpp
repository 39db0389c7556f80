#include "support/eventually.h"
#include "supervisor/supervisor.h"

#include <signal.h>

#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "supervisor/loopbackports.h"
#include "supervisor/processtable.h"
#include "scratchdirectory.h"

namespace kubelab::supervisor {
namespace {

using namespace std::chrono_literals;

std::string readFile(const std::filesystem::path& file) {
  std::ifstream input(file);
  std::ostringstream contents;
  contents << input.rdbuf();
  return contents.str();
}

using kubelab::testing::eventually;

class SupervisorTest : public ::testing::Test {
 protected:
  ComponentSpec shellComponent(const std::string& name, const std::string& script) {
    ComponentSpec spec;
    spec.name = name;
    spec.executable = "/bin/sh";
    spec.arguments = {"-c", script};
    spec.logFile = directory_->path() / (name + ".log");
    spec.endpoint = "unix:" + name;
    return spec;
  }

  static SupervisorOptions fastOptions() {
    SupervisorOptions options;
    options.readinessDeadline = 5s;
    options.stopGracePeriod = 2s;
    options.pollInterval = 10ms;
    options.restartBackoff = {50ms, 200ms, 10s};
    return options;
  }

  std::unique_ptr<kubelab::testing::TemporaryDirectory> directory_ = scratchDirectory();
};

TEST_F(SupervisorTest, StartsComponentsInOrderAndStopsThem) {
  std::string order = (directory_->path() / "order").string();
  Supervisor supervisor({shellComponent("first", "echo first >> " + order + "; exec sleep 30"),
                         shellComponent("second", "echo second >> " + order + "; exec sleep 30")},
                        fastOptions());
  supervisor.start();
  ASSERT_TRUE(supervisor.waitUntilStarted().isOk());
  SupervisorSnapshot snapshot = supervisor.snapshot();
  EXPECT_EQ(snapshot.phase, SupervisorPhase::Running);
  ASSERT_EQ(snapshot.components.size(), 2u);
  for (const ComponentStatus& component : snapshot.components) {
    EXPECT_EQ(component.state, ComponentState::Running) << component.name;
    EXPECT_TRUE(isProcessAlive(component.pid)) << component.name;
    EXPECT_EQ(component.endpoint, "unix:" + component.name);
  }
  EXPECT_TRUE(eventually([&] { return readFile(order) == "first\nsecond\n"; }, 2s)) << readFile(order);

  supervisor.stop();
  SupervisorSnapshot stopped = supervisor.snapshot();
  EXPECT_EQ(stopped.phase, SupervisorPhase::Stopped);
  for (std::size_t index = 0; index < 2; ++index) {
    EXPECT_EQ(stopped.components[index].state, ComponentState::Stopped);
    EXPECT_EQ(stopped.components[index].pid, 0);
    EXPECT_EQ(stopped.components[index].lastExit, "killed by signal 15 (SIGTERM)");
    EXPECT_FALSE(isProcessAlive(snapshot.components[index].pid));
  }
}

TEST_F(SupervisorTest, RestartsACrashedComponent) {
  Supervisor supervisor({shellComponent("store", "exec sleep 30")}, fastOptions());
  supervisor.start();
  ASSERT_TRUE(supervisor.waitUntilStarted().isOk());
  int firstPid = supervisor.snapshot().components[0].pid;
  ::kill(firstPid, SIGKILL);

  ASSERT_TRUE(eventually(
      [&] {
        ComponentStatus store = supervisor.snapshot().components[0];
        return store.state == ComponentState::Running && store.pid != firstPid && store.pid != 0;
      },
      2s));
  ComponentStatus store = supervisor.snapshot().components[0];
  EXPECT_EQ(store.restarts, 1);
  EXPECT_EQ(store.lastExit, "killed by signal 9 (SIGKILL)");
  EXPECT_TRUE(isProcessAlive(store.pid));
}

TEST_F(SupervisorTest, BacksOffACrashLoop) {
  // Runs once, then crashes at every restart.
  std::string marker = (directory_->path() / "ran-once").string();
  Supervisor supervisor(
      {shellComponent("flaky", "if [ -e " + marker + " ]; then exit 1; fi; touch " + marker + "; exec sleep 30")},
      fastOptions());
  supervisor.start();
  ASSERT_TRUE(supervisor.waitUntilStarted().isOk());
  ASSERT_TRUE(eventually([&] { return std::filesystem::exists(marker); }, 2s));
  ::kill(supervisor.snapshot().components[0].pid, SIGKILL);

  // Delays of 50, 100, 200, 200, ... ms: about six restarts in 1.2 s, rather than a hundred.
  std::this_thread::sleep_for(1200ms);
  ComponentStatus flaky = supervisor.snapshot().components[0];
  EXPECT_GE(flaky.restarts, 3);
  EXPECT_LE(flaky.restarts, 9);
  EXPECT_EQ(flaky.lastExit, "exited with code 1");
}

TEST_F(SupervisorTest, KeepsRetryingAComponentThatCannotBeStartedAgain) {
  std::filesystem::path script = directory_->path() / "store.sh";
  std::ofstream(script) << "#!/bin/sh\nexec sleep 30\n";
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  ComponentSpec store = shellComponent("store", "");
  store.executable = script;
  store.arguments.clear();
  Supervisor supervisor({store}, fastOptions());
  supervisor.start();
  ASSERT_TRUE(supervisor.waitUntilStarted().isOk());

  std::filesystem::remove(script);
  ::kill(supervisor.snapshot().components[0].pid, SIGKILL);
  ASSERT_TRUE(eventually([&] { return supervisor.snapshot().components[0].restarts >= 2; }, 2s));
  ComponentStatus status = supervisor.snapshot().components[0];
  EXPECT_EQ(status.state, ComponentState::BackingOff);
  EXPECT_EQ(status.lastExit, "killed by signal 9 (SIGKILL)");
  EXPECT_NE(status.message.find("could not be started: "), std::string::npos) << status.message;
  EXPECT_NE(status.message.find("restarting in"), std::string::npos) << status.message;
}

TEST_F(SupervisorTest, StartupFailsWhenAComponentExitsAndStopsTheOthers) {
  Supervisor supervisor(
      {shellComponent("first", "exec sleep 30"), shellComponent("second", "echo 'cannot bind' >&2; exit 3")},
      fastOptions());
  supervisor.start();
  Status started = supervisor.waitUntilStarted();
  EXPECT_EQ(started.code(), StatusCode::Unavailable);
  EXPECT_EQ(started.message(), "second exited with code 3 before it became ready");

  SupervisorSnapshot snapshot = supervisor.snapshot();
  EXPECT_EQ(snapshot.phase, SupervisorPhase::Failed);
  EXPECT_EQ(snapshot.message, started.message());
  EXPECT_EQ(snapshot.components[0].state, ComponentState::Stopped);
  EXPECT_EQ(snapshot.components[0].pid, 0);
  EXPECT_EQ(snapshot.components[1].state, ComponentState::Failed);
  EXPECT_EQ(readFile(directory_->path() / "second.log"), "cannot bind\n");
}

TEST_F(SupervisorTest, StartupFailsWhenAComponentIsNotReadyInTime) {
  Result<std::vector<std::uint16_t>> ports = pickFreeLoopbackPorts(1);
  ASSERT_TRUE(ports.isOk());
  ComponentSpec silent = shellComponent("silent", "exec sleep 30");
  silent.readiness.url = "http://127.0.0.1:" + std::to_string(ports->front()) + "/health";
  SupervisorOptions options = fastOptions();
  options.readinessDeadline = 300ms;
  Supervisor supervisor({silent}, options);
  supervisor.start();
  Status started = supervisor.waitUntilStarted();
  EXPECT_NE(started.message().find("silent did not become ready within 300ms"), std::string::npos)
      << started.message();
  EXPECT_EQ(supervisor.snapshot().components[0].pid, 0);
}

TEST_F(SupervisorTest, StopsEveryNodeAtOnceAndThenTheControlPlane) {
  std::string order = (directory_->path() / "order").string();
  auto slowToStop = [&](const std::string& name) {
    return shellComponent(name, "trap 'sleep 0.6; echo " + name + " >> " + order + "; exit 0' TERM; sleep 30 & wait");
  };
  std::vector<ComponentSpec> components{slowToStop("apiserver")};
  for (int index = 1; index <= 5; ++index) {
    components.push_back(slowToStop("kubelet-node-" + std::to_string(index)));
    components.back().partOfNode = true;
  }
  Supervisor supervisor(components, fastOptions());
  supervisor.start();
  ASSERT_TRUE(supervisor.waitUntilStarted().isOk());

  auto stopping = std::chrono::steady_clock::now();
  supervisor.stop();
  // One after another, five nodes would take 3 s before the API server's 0.6 s.
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 2500ms);
  std::string stopped = readFile(order);
  EXPECT_EQ(stopped.substr(stopped.rfind('\n', stopped.size() - 2) + 1), "apiserver\n") << stopped;
  for (const ComponentStatus& component : supervisor.snapshot().components) {
    EXPECT_EQ(component.lastExit, "exited with code 0") << component.name;
  }
}

TEST_F(SupervisorTest, ComponentsThatStartWithThePreviousOneStartTogether) {
  std::vector<ComponentSpec> components;
  for (int index = 1; index <= 4; ++index) {
    components.push_back(shellComponent("loop-" + std::to_string(index), "exec sleep 30"));
    components.back().startsWithPrevious = index > 1;
  }
  SupervisorOptions options = fastOptions();
  options.unprobedSettleTime = 300ms;
  Supervisor supervisor(components, options);
  auto starting = std::chrono::steady_clock::now();
  supervisor.start();
  ASSERT_TRUE(supervisor.waitUntilStarted().isOk());
  // One after another, each settling for 300 ms, they would take 1.2 s.
  EXPECT_LT(std::chrono::steady_clock::now() - starting, 900ms);
  for (const ComponentStatus& component : supervisor.snapshot().components) {
    EXPECT_EQ(component.state, ComponentState::Running) << component.name;
  }
}

TEST_F(SupervisorTest, StopDuringStartupIsPrompt) {
  Result<std::vector<std::uint16_t>> ports = pickFreeLoopbackPorts(1);
  ASSERT_TRUE(ports.isOk());
  ComponentSpec silent = shellComponent("silent", "exec sleep 30");
  silent.readiness.url = "http://127.0.0.1:" + std::to_string(ports->front()) + "/health";
  Supervisor supervisor({silent}, fastOptions());
  supervisor.start();
  std::this_thread::sleep_for(100ms);
  auto stopping = std::chrono::steady_clock::now();
  supervisor.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 2s);
  EXPECT_FALSE(supervisor.waitUntilStarted().isOk());
}

TEST_F(SupervisorTest, TheObserverSeesEveryPhase) {
  std::mutex mutex;
  std::vector<SupervisorPhase> phases;
  Supervisor supervisor({shellComponent("store", "exec sleep 30")}, fastOptions(),
                        [&](const SupervisorSnapshot& snapshot) {
                          std::lock_guard lock(mutex);
                          if (phases.empty() || phases.back() != snapshot.phase) phases.push_back(snapshot.phase);
                        });
  supervisor.start();
  ASSERT_TRUE(supervisor.waitUntilStarted().isOk());
  supervisor.stop();
  std::lock_guard lock(mutex);
  EXPECT_EQ(phases, (std::vector<SupervisorPhase>{SupervisorPhase::Starting, SupervisorPhase::Running,
                                                  SupervisorPhase::Stopping, SupervisorPhase::Stopped}));
}

}  // namespace
}  // namespace kubelab::supervisor
