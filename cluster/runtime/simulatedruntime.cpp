#include "runtime/simulatedruntime.h"

#include "api/objectmeta.h"
#include "api/quantity.h"

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
      if (!container.is_object()) continue;
      const auto& spec = container.get_object();
      simulated.containers.push_back(api::stringAt(spec, {"name"}));
      // SIMULATED usage, not measured: no process runs, so `kubectl top` shows a small,
      // plausible figure derived from the requests (a fifth of the CPU request, default 1m, and
      // half the memory request, default 4Mi), so a class sees how requests relate to use.
      auto cpu = api::parseQuantity(api::stringAt(spec, {"resources", "requests", "cpu"}));
      auto memory = api::parseQuantity(api::stringAt(spec, {"resources", "requests", "memory"}));
      std::int64_t cpuMilli = cpu && cpu->milliValue > 0 ? std::max<std::int64_t>(1, cpu->milliValue / 5) : 1;
      std::uint64_t memoryBytes = memory && memory->milliValue > 0 ? static_cast<std::uint64_t>(memory->milliValue / 1000 / 2)
                                                                   : 4u * 1024 * 1024;
      simulated.cpuMillicores.push_back(cpuMilli);
      simulated.memoryBytes.push_back(memoryBytes);
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

std::optional<std::vector<std::pair<std::string, ContainerStats>>> SimulatedRuntime::stats(
    const std::string& podUid) const {
  std::lock_guard lock(mutex_);
  auto found = pods_.find(podUid);
  if (found == pods_.end()) return std::nullopt;
  const SimulatedPod& pod = found->second;
  auto startedAt = pod.createdAt + options_.startDelay;
  auto now = Clock::now();
  if (now < startedAt) return std::vector<std::pair<std::string, ContainerStats>>{};
  if (pod.finishes) now = std::min(now, startedAt + options_.runDuration);
  auto running = std::chrono::duration_cast<std::chrono::nanoseconds>(now - startedAt);
  std::vector<std::pair<std::string, ContainerStats>> result;
  for (std::size_t index = 0; index < pod.containers.size(); ++index) {
    ContainerStats stats;
    // Simulated (see ensureRunning): CPU time accrues at the simulated rate since the start.
    stats.cpuTime = std::chrono::nanoseconds(running.count() / 1000 * pod.cpuMillicores[index]);
    stats.memoryBytes = pod.memoryBytes[index];
    result.emplace_back(pod.containers[index], stats);
  }
  return result;
}

}  // namespace kubelab::runtime
