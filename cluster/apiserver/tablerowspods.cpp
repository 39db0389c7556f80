// Pod rows: READY, STATUS and RESTARTS are computed as Kubernetes' printer computes them, because
// those three words are what students watch while pods start, crash and restart.

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>

#include "apiserver/tablerows.h"

namespace kubelab::apiserver {

namespace {

using boost::json::object;
using boost::json::value;

// The latest of the restart times seen so far; empty until one is seen.
struct LatestTime {
  std::optional<TablePoint> when;
  std::string text;

  void consider(const value* timestamp) {
    if (timestamp == nullptr || !timestamp->is_string()) return;
    std::optional<TablePoint> parsed = parseTimestamp(timestamp->get_string());
    if (parsed && (!when || *when < *parsed)) {
      when = parsed;
      text = std::string(timestamp->get_string());
    }
  }
};

bool isTrue(const value* flag) { return flag != nullptr && flag->is_bool() && flag->get_bool(); }

bool conditionIsTrue(const object& pod, std::string_view type) {
  const value* conditions = at(pod, {"status", "conditions"});
  if (conditions == nullptr || !conditions->is_array()) return false;
  for (const value& condition : conditions->get_array()) {
    if (text(at(&condition, {"type"})) == type) return text(at(&condition, {"status"})) == "True";
  }
  return false;
}

bool hasReadyCondition(const object& pod) {
  const value* conditions = at(pod, {"status", "conditions"});
  if (conditions == nullptr || !conditions->is_array()) return false;
  for (const value& condition : conditions->get_array()) {
    if (text(at(&condition, {"type"})) == "Ready" && text(at(&condition, {"status"})) == "True") return true;
  }
  return false;
}

const boost::json::array& listAt(const object& pod, std::initializer_list<std::string_view> path) {
  static const boost::json::array empty;
  const value* list = at(pod, path);
  return list != nullptr && list->is_array() ? list->get_array() : empty;
}

std::string terminationReason(const value& terminated, std::string_view prefix) {
  std::string reason = text(at(&terminated, {"reason"}));
  if (!reason.empty()) return std::string(prefix) + reason;
  std::int64_t signal = integer(at(&terminated, {"signal"}));
  if (signal != 0) return std::string(prefix) + "Signal:" + std::to_string(signal);
  return std::string(prefix) + "ExitCode:" + std::to_string(integer(at(&terminated, {"exitCode"})));
}

// Counts and the STATUS word as the containers report them.
struct PodProgress {
  std::string reason;
  std::int64_t totalContainers = 0;
  std::int64_t readyContainers = 0;
  std::int64_t restarts = 0;
  LatestTime lastRestart;
};

// Init containers run first: the first one not yet done decides the STATUS ("Init:1/2",
// "Init:CrashLoopBackOff"). Sidecars (restartPolicy Always) count as regular containers.
bool readInitContainers(const object& pod, PodProgress& progress, std::int64_t& sidecarRestarts, LatestTime& sidecarRestart) {
  std::map<std::string, bool> restartable;
  const boost::json::array& initContainers = listAt(pod, {"spec", "initContainers"});
  for (const value& container : initContainers) {
    bool always = text(at(&container, {"restartPolicy"})) == "Always";
    restartable[text(at(&container, {"name"}))] = always;
    if (always) ++progress.totalContainers;
  }
  const boost::json::array& statuses = listAt(pod, {"status", "initContainerStatuses"});
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    const value& status = statuses[i];
    std::int64_t restartCount = integer(at(&status, {"restartCount"}));
    progress.restarts += restartCount;
    progress.lastRestart.consider(at(&status, {"lastState", "terminated", "finishedAt"}));
    bool isSidecar = restartable[text(at(&status, {"name"}))];
    if (isSidecar) {
      sidecarRestarts += restartCount;
      sidecarRestart.consider(at(&status, {"lastState", "terminated", "finishedAt"}));
    }
    const value* terminated = at(&status, {"state", "terminated"});
    const value* waiting = at(&status, {"state", "waiting"});
    std::string waitingReason = text(at(waiting, {"reason"}));
    if (terminated != nullptr && integer(at(terminated, {"exitCode"})) == 0) continue;
    if (isSidecar && isTrue(at(&status, {"started"}))) {
      if (isTrue(at(&status, {"ready"}))) ++progress.readyContainers;
      continue;
    }
    if (terminated != nullptr) {
      progress.reason = terminationReason(*terminated, "Init:");
    } else if (waiting != nullptr && !waitingReason.empty() && waitingReason != "PodInitializing") {
      progress.reason = "Init:" + waitingReason;
    } else {
      progress.reason = "Init:" + std::to_string(i) + "/" + std::to_string(initContainers.size());
    }
    return true;
  }
  return false;
}

// Regular containers, read last to first so that the first container's state wins.
void readContainers(const object& pod, PodProgress& progress) {
  bool hasRunning = false;
  const boost::json::array& statuses = listAt(pod, {"status", "containerStatuses"});
  for (auto it = statuses.rbegin(); it != statuses.rend(); ++it) {
    const value& status = *it;
    progress.restarts += integer(at(&status, {"restartCount"}));
    progress.lastRestart.consider(at(&status, {"lastState", "terminated", "finishedAt"}));
    std::string waitingReason = text(at(&status, {"state", "waiting", "reason"}));
    const value* terminated = at(&status, {"state", "terminated"});
    if (!waitingReason.empty()) {
      progress.reason = waitingReason;
    } else if (terminated != nullptr) {
      progress.reason = terminationReason(*terminated, "");
    } else if (isTrue(at(&status, {"ready"})) && at(&status, {"state", "running"}) != nullptr) {
      hasRunning = true;
      ++progress.readyContainers;
    }
  }
  // A pod whose finished containers are "Completed" still runs while one container does.
  if (progress.reason == "Completed" && hasRunning) progress.reason = hasReadyCondition(pod) ? "Running" : "NotReady";
}

boost::json::object rowCondition(std::string_view reason, std::string_view message) {
  return {{"type", "Completed"}, {"status", "True"}, {"reason", reason}, {"message", message}};
}

std::string noneIfEmpty(std::string text) { return text.empty() ? "<none>" : text; }

std::string readinessGates(const object& pod) {
  const boost::json::array& gates = listAt(pod, {"spec", "readinessGates"});
  if (gates.empty()) return "<none>";
  std::size_t satisfied = 0;
  for (const value& gate : gates) {
    std::string type = text(at(&gate, {"conditionType"}));
    for (const value& condition : listAt(pod, {"status", "conditions"})) {
      if (text(at(&condition, {"type"})) != type) continue;
      if (text(at(&condition, {"status"})) == "True") ++satisfied;
      break;
    }
  }
  return std::to_string(satisfied) + "/" + std::to_string(gates.size());
}

std::string podIP(const object& pod) {
  const boost::json::array& addresses = listAt(pod, {"status", "podIPs"});
  if (!addresses.empty()) return noneIfEmpty(text(at(&addresses[0], {"ip"})));
  return noneIfEmpty(text(at(pod, {"status", "podIP"})));
}

}  // namespace

TableRowCells podRow(const object& pod, TablePoint now) {
  TableRowCells row;
  std::string phase = text(at(pod, {"status", "phase"}));
  std::string statusReason = text(at(pod, {"status", "reason"}));
  PodProgress progress;
  progress.reason = statusReason.empty() ? phase : statusReason;
  progress.totalContainers = static_cast<std::int64_t>(listAt(pod, {"spec", "containers"}).size());
  for (const value& condition : listAt(pod, {"status", "conditions"})) {
    if (text(at(&condition, {"type"})) == "PodScheduled" && text(at(&condition, {"reason"})) == "SchedulingGated") {
      progress.reason = "SchedulingGated";
    }
  }
  if (phase == "Succeeded") row.conditions.push_back(rowCondition("Succeeded", "The pod has completed successfully."));
  if (phase == "Failed") row.conditions.push_back(rowCondition("Failed", "The pod failed."));

  std::int64_t sidecarRestarts = 0;
  LatestTime sidecarRestart;
  bool initializing = readInitContainers(pod, progress, sidecarRestarts, sidecarRestart);
  if (!initializing || conditionIsTrue(pod, "Initialized")) {
    progress.restarts = sidecarRestarts;
    progress.lastRestart = sidecarRestart;
    readContainers(pod, progress);
  }

  bool deleting = at(pod, {"metadata", "deletionTimestamp"}) != nullptr &&
                  !at(pod, {"metadata", "deletionTimestamp"})->is_null();
  if (deleting && statusReason == "NodeLost") {
    progress.reason = "Unknown";
  } else if (deleting && phase != "Failed" && phase != "Succeeded") {
    progress.reason = "Terminating";
  }

  std::string restarts = std::to_string(progress.restarts);
  if (progress.restarts != 0 && progress.lastRestart.when) {
    value restartedAt(progress.lastRestart.text);
    restarts += " (" + ageSince(&restartedAt, now) + " ago)";
  }

  row.cells = {text(at(pod, {"metadata", "name"})),
               std::to_string(progress.readyContainers) + "/" + std::to_string(progress.totalContainers),
               progress.reason,
               restarts,
               ageSince(at(pod, {"metadata", "creationTimestamp"}), now),
               podIP(pod),
               noneIfEmpty(text(at(pod, {"spec", "nodeName"}))),
               noneIfEmpty(text(at(pod, {"status", "nominatedNodeName"}))),
               readinessGates(pod)};
  return row;
}

TableRowCells podTemplateRow(const object& podTemplate, TablePoint /*now*/) {
  auto [names, images] = containerCells(at(podTemplate, {"template", "spec", "containers"}));
  TableRowCells row;
  row.cells = {text(at(podTemplate, {"metadata", "name"})), names, images,
               formatLabels(at(podTemplate, {"template", "metadata", "labels"}))};
  return row;
}

}  // namespace kubelab::apiserver
