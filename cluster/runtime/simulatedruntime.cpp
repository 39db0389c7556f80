#include "runtime/simulatedruntime.h"

#include "api/objectmeta.h"

namespace kubelab::runtime {

void SimulatedRuntime::ensureRunning(const boost::json::object& pod) {
  std::string uid = api::uid(pod);
  std::lock_guard lock(mutex_);
  if (pods_.contains(uid)) return;
  SimulatedPod simulated;
  simulated.createdAt = Clock::now();
  simulated.finishes = api::stringAt(pod, {"spec", "restartPolicy"}) != "Always" &&
                       !api::stringAt(pod, {"spec", "restartPolicy"}).empty();
  if (const auto* containers = api::arrayAt(pod, {"spec", "containers"})) {
    for (const auto& container : *containers) {
      if (container.is_object()) simulated.containers.push_back(api::stringAt(container.get_object(), {"name"}));
    }
  }
  pods_.emplace(uid, std::move(simulated));
}

void SimulatedRuntime::stop(const std::string& podUid, std::chrono::seconds) {
  std::lock_guard lock(mutex_);
  pods_.erase(podUid);
}

std::optional<PodRuntimeStatus> SimulatedRuntime::status(const std::string& podUid) const {
  std::lock_guard lock(mutex_);
  auto found = pods_.find(podUid);
  if (found == pods_.end()) return std::nullopt;
  const SimulatedPod& pod = found->second;
  auto now = Clock::now();
  auto startedAt = pod.createdAt + options_.startDelay;
  auto finishedAt = startedAt + options_.runDuration;
  PodRuntimeStatus status;
  for (const auto& name : pod.containers) {
    ContainerState state;
    if (now < startedAt) {
      state.reason = "ContainerCreating";
    } else if (pod.finishes && now >= finishedAt) {
      state.phase = ContainerState::Phase::Terminated;
      state.reason = "Completed";
      state.startedAt = startedAt;
      state.finishedAt = finishedAt;
    } else {
      state.phase = ContainerState::Phase::Running;
      state.startedAt = startedAt;
      state.ready = true;
    }
    status.containers.emplace_back(name, state);
  }
  return status;
}

std::vector<std::string> SimulatedRuntime::runningPods() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> uids;
  for (const auto& [uid, pod] : pods_) uids.push_back(uid);
  return uids;
}

}  // namespace kubelab::runtime
