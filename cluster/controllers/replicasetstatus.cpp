#include "controllers/replicasetstatus.h"

#include "api/labelselector.h"
#include "api/objectmeta.h"
#include "controllers/podutil.h"

namespace kubelab::controllers {

namespace json = boost::json;

namespace {

constexpr const char* kReplicaFailure = "ReplicaFailure";

json::array withoutCondition(const json::array* conditions, std::string_view type) {
  json::array kept;
  if (conditions == nullptr) return kept;
  for (const auto& condition : *conditions) {
    if (condition.is_object() && api::stringAt(condition.get_object(), {"type"}) == type) continue;
    kept.push_back(condition);
  }
  return kept;
}

bool hasCondition(const json::array* conditions, std::string_view type) {
  if (conditions == nullptr) return false;
  for (const auto& condition : *conditions) {
    if (condition.is_object() && api::stringAt(condition.get_object(), {"type"}) == type) return true;
  }
  return false;
}

// Kubernetes leaves zero counts out (omitempty), except replicas.
void setCount(json::object& status, const char* field, std::int64_t value) {
  if (value != 0) {
    status[field] = value;
  } else {
    status.erase(field);
  }
}

}  // namespace

json::object calculateReplicaSetStatus(const json::object& owner, const std::vector<client::ObjectPointer>& activePods,
                                       const Status& manageError, int diff, std::chrono::system_clock::time_point now) {
  json::object status;
  if (const auto* existing = api::objectAt(owner, {"status"})) status = *existing;
  auto templateSelector = api::LabelSelector::fromSet(api::stringMap(owner, {"spec", "template", "metadata", "labels"}));
  std::int64_t minReadySeconds = api::integerAt(owner, {"spec", "minReadySeconds"});
  std::int64_t fullyLabeled = 0;
  std::int64_t ready = 0;
  std::int64_t available = 0;
  for (const auto& pod : activePods) {
    if (templateSelector.matches(api::labels(*pod))) ++fullyLabeled;
    if (isPodReady(*pod)) {
      ++ready;
      if (isPodAvailable(*pod, minReadySeconds, now)) ++available;
    }
  }
  const json::array* conditions = api::arrayAt(owner, {"status", "conditions"});
  bool failing = hasCondition(conditions, kReplicaFailure);
  if (!manageError.isOk() && !failing) {
    json::array updated = withoutCondition(conditions, kReplicaFailure);
    updated.push_back(json::object{{"type", kReplicaFailure},
                                   {"status", "True"},
                                   {"lastTransitionTime", formatTimestamp(now)},
                                   {"reason", diff < 0 ? "FailedCreate" : "FailedDelete"},
                                   {"message", manageError.message()}});
    status["conditions"] = std::move(updated);
  } else if (manageError.isOk() && failing) {
    json::array updated = withoutCondition(conditions, kReplicaFailure);
    if (updated.empty()) {
      status.erase("conditions");
    } else {
      status["conditions"] = std::move(updated);
    }
  }
  status["replicas"] = static_cast<std::int64_t>(activePods.size());
  setCount(status, "fullyLabeledReplicas", fullyLabeled);
  setCount(status, "readyReplicas", ready);
  setCount(status, "availableReplicas", available);
  return status;
}

bool replicaSetStatusNeedsUpdate(const json::object& owner, const json::object& status) {
  for (const char* field : {"replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas"}) {
    if (api::integerAt(owner, {"status", field}) != api::integerAt(status, {field})) return true;
  }
  if (api::integerAt(owner, {"metadata", "generation"}) != api::integerAt(owner, {"status", "observedGeneration"})) {
    return true;
  }
  const json::value* before = api::valueAt(owner, {"status", "conditions"});
  const json::value* after = status.if_contains("conditions");
  json::array empty;
  const json::value emptyValue = empty;
  return (before ? *before : emptyValue) != (after ? *after : emptyValue);
}

}  // namespace kubelab::controllers
