#include "kubelet/podstatus.h"

#include "api/objectmeta.h"
#include "api/timestamp.h"

namespace kubelab::kubelet {

namespace {

using runtime::ContainerState;

boost::json::object containerStateJson(const ContainerState& state) {
  switch (state.phase) {
    case ContainerState::Phase::Waiting: {
      boost::json::object waiting{{"reason", state.reason}};
      if (!state.message.empty()) waiting["message"] = state.message;
      return {{"waiting", std::move(waiting)}};
    }
    case ContainerState::Phase::Running:
      return {{"running", {{"startedAt", api::formatTimestamp(state.startedAt)}}}};
    case ContainerState::Phase::Terminated: {
      boost::json::object terminated{{"exitCode", state.exitCode},
                                     {"reason", state.reason},
                                     {"startedAt", api::formatTimestamp(state.startedAt)},
                                     {"finishedAt", api::formatTimestamp(state.finishedAt)}};
      if (!state.message.empty()) terminated["message"] = state.message;
      return {{"terminated", std::move(terminated)}};
    }
  }
  return {};
}

boost::json::object lastStateJson(const std::optional<runtime::TerminatedState>& last) {
  if (!last) return {};
  boost::json::object terminated{{"exitCode", last->exitCode},
                                 {"reason", last->reason},
                                 {"startedAt", api::formatTimestamp(last->startedAt)},
                                 {"finishedAt", api::formatTimestamp(last->finishedAt)}};
  if (!last->message.empty()) terminated["message"] = last->message;
  return {{"terminated", std::move(terminated)}};
}

std::string containerImage(const boost::json::object& pod, const std::string& name) {
  for (const char* field : {"containers", "initContainers"}) {
    const auto* containers = api::arrayAt(pod, {"spec", field});
    if (!containers) continue;
    for (const auto& container : *containers) {
      if (container.is_object() && api::stringAt(container.get_object(), {"name"}) == name) {
        return api::stringAt(container.get_object(), {"image"});
      }
    }
  }
  return "";
}

boost::json::array containerStatusesJson(const boost::json::object& pod,
                                         const std::vector<std::pair<std::string, ContainerState>>& containers,
                                         bool* allReady) {
  boost::json::array statuses;
  for (const auto& [name, state] : containers) {
    if (allReady) *allReady = *allReady && state.ready;
    std::string image = containerImage(pod, name);
    boost::json::object entry{{"name", name},
                              {"image", image},
                              {"imageID", image.empty() ? "" : "kubelab://" + image},
                              {"ready", state.ready},
                              {"started", state.phase == ContainerState::Phase::Running},
                              {"restartCount", state.restartCount},
                              {"state", containerStateJson(state)},
                              {"lastState", lastStateJson(state.lastTermination)}};
    if (state.phase != ContainerState::Phase::Waiting || state.restartCount > 0) {
      entry["containerID"] = "kubelab://" + api::uid(pod) + "/" + name;
    }
    statuses.push_back(std::move(entry));
  }
  return statuses;
}

// Every init container has run to success (true when there are none).
bool initialized(const runtime::PodRuntimeStatus& status) {
  for (const auto& [name, state] : status.initContainers) {
    if (state.phase != ContainerState::Phase::Terminated || state.exitCode != 0) return false;
  }
  return true;
}

// An init container that failed for good: under restartPolicy Never the pod fails.
bool initFailedForGood(const runtime::PodRuntimeStatus& status, const std::string& restartPolicy) {
  if (restartPolicy != "Never") return false;
  for (const auto& [name, state] : status.initContainers) {
    if (state.phase == ContainerState::Phase::Terminated && state.exitCode != 0) return true;
  }
  return false;
}

// A condition, keeping the previous lastTransitionTime when its status did not change.
boost::json::object condition(const boost::json::object& pod, const std::string& type, bool value,
                              const std::string& reason, const std::string& now) {
  std::string status = value ? "True" : "False";
  std::string since = now;
  if (const auto* conditions = api::arrayAt(pod, {"status", "conditions"})) {
    for (const auto& entry : *conditions) {
      if (!entry.is_object()) continue;
      const auto& previous = entry.get_object();
      if (api::stringAt(previous, {"type"}) == type && api::stringAt(previous, {"status"}) == status) {
        std::string kept = api::stringAt(previous, {"lastTransitionTime"});
        if (!kept.empty()) since = kept;
      }
    }
  }
  boost::json::object result{{"type", type}, {"status", status}, {"lastProbeTime", nullptr},
                             {"lastTransitionTime", since}};
  if (!reason.empty()) result["reason"] = reason;
  return result;
}

}  // namespace

std::string podPhaseFor(const runtime::PodRuntimeStatus& status, const std::string& restartPolicy) {
  // The kubelet's getPhase: a container waiting after a previous run (a restart back-off)
  // counts as stopped, not waiting.
  int waiting = 0, running = 0, stopped = 0, succeeded = 0;
  for (const auto& [name, state] : status.containers) {
    if (state.phase == ContainerState::Phase::Running) {
      ++running;
    } else if (state.phase == ContainerState::Phase::Terminated) {
      ++stopped;
      if (state.exitCode == 0) ++succeeded;
    } else if (state.restartCount > 0) {
      ++stopped;
    } else {
      ++waiting;
    }
  }
  if (waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped > 0) {
    if (restartPolicy.empty() || restartPolicy == "Always") return "Running";
    if (stopped == succeeded) return "Succeeded";
    if (restartPolicy == "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

boost::json::object computePodStatus(const boost::json::object& pod,
                                     const std::optional<runtime::PodRuntimeStatus>& runtimeStatus,
                                     const PodNetwork& network, runtime::Clock::time_point now) {
  std::string timestamp = api::formatTimestamp(now);
  std::string restartPolicy = api::stringAt(pod, {"spec", "restartPolicy"});
  runtime::PodRuntimeStatus containers;
  if (runtimeStatus) {
    containers = *runtimeStatus;
  } else if (const auto* specContainers = api::arrayAt(pod, {"spec", "containers"})) {
    for (const auto& container : *specContainers) {
      ContainerState creating;
      creating.reason = "ContainerCreating";
      containers.containers.emplace_back(api::stringAt(container.get_object(), {"name"}), creating);
    }
  }
  std::string phase = initFailedForGood(containers, restartPolicy) ? "Failed" : podPhaseFor(containers, restartPolicy);
  bool allReady = !containers.containers.empty();
  boost::json::array containerStatuses = containerStatusesJson(pod, containers.containers, &allReady);
  boost::json::array initContainerStatuses = containerStatusesJson(pod, containers.initContainers, nullptr);
  bool finished = phase == "Succeeded" || phase == "Failed";
  bool ready = phase == "Running" && allReady;
  std::string notReadyReason = finished ? "PodCompleted" : "ContainersNotReady";
  boost::json::array conditions{
      condition(pod, "PodReadyToStartContainers", !finished || runtimeStatus.has_value(), "", timestamp),
      condition(pod, "Initialized", initialized(containers), initialized(containers) ? "" : "ContainersNotInitialized",
                timestamp),
      condition(pod, "Ready", ready, ready ? "" : notReadyReason, timestamp),
      condition(pod, "ContainersReady", ready, ready ? "" : notReadyReason, timestamp),
      condition(pod, "PodScheduled", true, "", timestamp)};

  boost::json::object status;
  if (const auto* previous = api::objectAt(pod, {"status"})) status = *previous;
  status["phase"] = phase;
  status["conditions"] = std::move(conditions);
  status["containerStatuses"] = std::move(containerStatuses);
  if (!initContainerStatuses.empty()) status["initContainerStatuses"] = std::move(initContainerStatuses);
  status["hostIP"] = network.hostIp;
  status["hostIPs"] = boost::json::array{{{"ip", network.hostIp}}};
  if (!network.podIp.empty()) {
    status["podIP"] = network.podIp;
    status["podIPs"] = boost::json::array{{{"ip", network.podIp}}};
  }
  if (api::stringAt(status, {"startTime"}).empty()) status["startTime"] = timestamp;
  return status;
}

}  // namespace kubelab::kubelet
