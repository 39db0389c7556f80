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

std::string containerImage(const boost::json::object& pod, const std::string& name) {
  if (const auto* containers = api::arrayAt(pod, {"spec", "containers"})) {
    for (const auto& container : *containers) {
      if (container.is_object() && api::stringAt(container.get_object(), {"name"}) == name) {
        return api::stringAt(container.get_object(), {"image"});
      }
    }
  }
  return "";
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
  std::string phase = podPhaseFor(containers, restartPolicy);
  bool allReady = !containers.containers.empty();
  boost::json::array containerStatuses;
  for (const auto& [name, state] : containers.containers) {
    allReady = allReady && state.ready;
    std::string image = containerImage(pod, name);
    boost::json::object entry{{"name", name},
                              {"image", image},
                              {"imageID", image.empty() ? "" : "kubelab://" + image},
                              {"ready", state.ready},
                              {"started", state.phase == ContainerState::Phase::Running},
                              {"restartCount", state.restartCount},
                              {"state", containerStateJson(state)}};
    if (state.phase != ContainerState::Phase::Waiting || state.restartCount > 0) {
      entry["containerID"] = "kubelab://" + api::uid(pod) + "/" + name;
    }
    containerStatuses.push_back(std::move(entry));
  }
  bool finished = phase == "Succeeded" || phase == "Failed";
  bool ready = phase == "Running" && allReady;
  std::string notReadyReason = finished ? "PodCompleted" : "ContainersNotReady";
  boost::json::array conditions{
      condition(pod, "PodReadyToStartContainers", !finished || runtimeStatus.has_value(), "", timestamp),
      condition(pod, "Initialized", true, "", timestamp),
      condition(pod, "Ready", ready, ready ? "" : notReadyReason, timestamp),
      condition(pod, "ContainersReady", ready, ready ? "" : notReadyReason, timestamp),
      condition(pod, "PodScheduled", true, "", timestamp)};

  boost::json::object status;
  if (const auto* previous = api::objectAt(pod, {"status"})) status = *previous;
  status["phase"] = phase;
  status["conditions"] = std::move(conditions);
  status["containerStatuses"] = std::move(containerStatuses);
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
