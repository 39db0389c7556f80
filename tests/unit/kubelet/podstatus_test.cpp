#include <gtest/gtest.h>

#include "api/objectmeta.h"
#include "kubelet/podstatus.h"
#include "runtime/simulatedruntime.h"

namespace kubelab::kubelet {
namespace {

using runtime::ContainerState;
using Phase = ContainerState::Phase;

runtime::PodRuntimeStatus containers(std::initializer_list<ContainerState> states) {
  runtime::PodRuntimeStatus status;
  int index = 0;
  for (const auto& state : states) status.containers.emplace_back("c" + std::to_string(index++), state);
  return status;
}

ContainerState state(Phase phase, int exitCode = 0, int restarts = 0) {
  ContainerState result;
  result.phase = phase;
  result.exitCode = exitCode;
  result.restartCount = restarts;
  result.ready = phase == Phase::Running;
  return result;
}

TEST(PodPhaseTest, FollowsTheKubeletsRules) {
  EXPECT_EQ(podPhaseFor(containers({state(Phase::Waiting)}), "Always"), "Pending");
  EXPECT_EQ(podPhaseFor(containers({state(Phase::Running), state(Phase::Waiting)}), "Always"), "Pending");
  EXPECT_EQ(podPhaseFor(containers({state(Phase::Running), state(Phase::Terminated, 1)}), "Always"), "Running");
  // A container in restart back-off has run before: stopped, not waiting.
  EXPECT_EQ(podPhaseFor(containers({state(Phase::Waiting, 0, 3)}), "Always"), "Running");
  EXPECT_EQ(podPhaseFor(containers({state(Phase::Terminated, 0)}), "Never"), "Succeeded");
  EXPECT_EQ(podPhaseFor(containers({state(Phase::Terminated, 0), state(Phase::Terminated, 2)}), "Never"), "Failed");
  EXPECT_EQ(podPhaseFor(containers({state(Phase::Terminated, 2)}), "OnFailure"), "Running");
  EXPECT_EQ(podPhaseFor(containers({state(Phase::Terminated, 0)}), "Always"), "Running");
}

boost::json::object pod() {
  return {{"metadata", {{"name", "web"}, {"namespace", "default"}, {"uid", "u1"}}},
          {"spec",
           {{"restartPolicy", "Always"},
            {"containers", boost::json::array{{{"name", "c0"}, {"image", "nginx:1.25"}}}}}}};
}

TEST(PodStatusTest, NotYetCreatedContainersAreContainerCreating) {
  auto status = computePodStatus(pod(), std::nullopt, {"127.10.1.1", ""}, runtime::Clock::now());
  EXPECT_EQ(api::stringAt(status, {"phase"}), "Pending");
  const auto& container = status["containerStatuses"].as_array()[0].as_object();
  EXPECT_EQ(api::stringAt(container, {"state", "waiting", "reason"}), "ContainerCreating");
  EXPECT_EQ(api::stringAt(container, {"image"}), "nginx:1.25");
  EXPECT_FALSE(status.contains("podIP"));
  EXPECT_EQ(api::stringAt(status, {"hostIP"}), "127.10.1.1");
}

TEST(PodStatusTest, RunningReadyContainersMakeAReadyPodAndTransitionTimesStay) {
  auto now = runtime::Clock::now();
  auto running = containers({state(Phase::Running)});
  auto first = computePodStatus(pod(), running, {"127.10.1.1", "127.10.1.2"}, now - std::chrono::hours(1));
  EXPECT_EQ(api::stringAt(first, {"phase"}), "Running");
  EXPECT_EQ(api::stringAt(first, {"podIP"}), "127.10.1.2");
  boost::json::object withStatus = pod();
  withStatus["status"] = first;
  auto second = computePodStatus(withStatus, running, {"127.10.1.1", "127.10.1.2"}, now);
  EXPECT_EQ(first, second) << "a status recomputed with nothing new must not change";
  for (const auto& condition : second["conditions"].as_array()) {
    if (api::stringAt(condition.as_object(), {"type"}) == "Ready") {
      EXPECT_EQ(api::stringAt(condition.as_object(), {"status"}), "True");
    }
  }
}

TEST(PodStatusTest, AFinishedPodIsNotReadyBecauseItCompleted) {
  boost::json::object job = pod();
  job["spec"].as_object()["restartPolicy"] = "Never";
  auto status = computePodStatus(job, containers({state(Phase::Terminated, 0)}), {"127.10.1.1", "127.10.1.5"},
                                 runtime::Clock::now());
  EXPECT_EQ(api::stringAt(status, {"phase"}), "Succeeded");
  for (const auto& condition : status["conditions"].as_array()) {
    if (api::stringAt(condition.as_object(), {"type"}) == "Ready") {
      EXPECT_EQ(api::stringAt(condition.as_object(), {"reason"}), "PodCompleted");
    }
  }
}

TEST(PodStatusTest, ARestartedContainerShowsHowItsLastRunEndedAndInitContainersAreReported) {
  auto crashed = state(Phase::Running, 0, 2);
  crashed.lastTermination = runtime::TerminatedState{1, "Error", "", runtime::Clock::now(), runtime::Clock::now()};
  runtime::PodRuntimeStatus status = containers({crashed});
  status.initContainers.emplace_back("setup", state(Phase::Terminated, 0));
  auto computed = computePodStatus(pod(), status, {"127.10.1.1", "127.10.1.2"}, runtime::Clock::now());
  const auto& container = computed["containerStatuses"].as_array()[0].as_object();
  EXPECT_EQ(api::integerAt(container, {"restartCount"}), 2);
  EXPECT_EQ(api::stringAt(container, {"lastState", "terminated", "reason"}), "Error");
  EXPECT_EQ(api::integerAt(container, {"lastState", "terminated", "exitCode"}), 1);
  ASSERT_TRUE(computed.contains("initContainerStatuses"));
  EXPECT_EQ(api::stringAt(computed["initContainerStatuses"].as_array()[0].as_object(), {"state", "terminated", "reason"}),
            "");  // state() leaves the reason to the runtime
}

TEST(PodStatusTest, AFailedInitContainerFailsAPodThatNeverRestarts) {
  boost::json::object job = pod();
  job["spec"].as_object()["restartPolicy"] = "Never";
  runtime::PodRuntimeStatus status = containers({state(Phase::Waiting)});
  status.initContainers.emplace_back("setup", state(Phase::Terminated, 3));
  auto computed = computePodStatus(job, status, {"127.10.1.1", "127.10.1.2"}, runtime::Clock::now());
  EXPECT_EQ(api::stringAt(computed, {"phase"}), "Failed");
  for (const auto& condition : computed["conditions"].as_array()) {
    if (api::stringAt(condition.as_object(), {"type"}) == "Initialized") {
      EXPECT_EQ(api::stringAt(condition.as_object(), {"status"}), "False");
      EXPECT_EQ(api::stringAt(condition.as_object(), {"reason"}), "ContainersNotInitialized");
    }
  }
}

TEST(SimulatedRuntimeTest, ContainersStartAfterTheDelayAndJobsFinish) {
  runtime::SimulatedRuntime simulated({std::chrono::milliseconds(0), std::chrono::milliseconds(0)});
  boost::json::object job = pod();
  job["spec"].as_object()["restartPolicy"] = "Never";
  simulated.ensureRunning(job);
  auto status = simulated.status("u1");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->containers[0].second.phase, Phase::Terminated);
  EXPECT_EQ(status->containers[0].second.reason, "Completed");
  simulated.stop("u1", std::chrono::seconds(0));
  EXPECT_FALSE(simulated.status("u1"));

  runtime::SimulatedRuntime slow({std::chrono::hours(1), std::chrono::hours(1)});
  slow.ensureRunning(pod());
  EXPECT_EQ(slow.status("u1")->containers[0].second.reason, "ContainerCreating");
}

}  // namespace
}  // namespace kubelab::kubelet
