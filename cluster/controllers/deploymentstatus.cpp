#include "controllers/deploymentstatus.h"

#include <limits>

#include "api/objectmeta.h"
#include "controllers/podutil.h"
#include "controllers/rolloutmath.h"

namespace kubelab::controllers {

namespace json = boost::json;

namespace {

void setCount(json::object& status, const char* field, std::int64_t value) {
  if (value != 0) {
    status[field] = value;
  } else {
    status.erase(field);
  }
}

const json::array* conditionsOf(const json::object& status) {
  const auto* conditions = status.if_contains("conditions");
  return conditions != nullptr && conditions->is_array() ? &conditions->get_array() : nullptr;
}

}  // namespace

json::object newDeploymentCondition(const std::string& type, const std::string& status, const std::string& reason,
                                    const std::string& message, TimePoint now) {
  std::string time = formatTimestamp(now);
  return {{"type", type},       {"status", status}, {"lastUpdateTime", time}, {"lastTransitionTime", time},
          {"reason", reason},   {"message", message}};
}

const json::object* deploymentCondition(const json::object& status, const std::string& type) {
  const json::array* conditions = conditionsOf(status);
  if (conditions == nullptr) return nullptr;
  for (const auto& condition : *conditions) {
    if (condition.is_object() && api::stringAt(condition.get_object(), {"type"}) == type) {
      return &condition.get_object();
    }
  }
  return nullptr;
}

void setDeploymentCondition(json::object& status, json::object condition) {
  std::string type = api::stringAt(condition, {"type"});
  if (const json::object* current = deploymentCondition(status, type)) {
    if (api::stringAt(*current, {"status"}) == api::stringAt(condition, {"status"})) {
      if (api::stringAt(*current, {"reason"}) == api::stringAt(condition, {"reason"})) return;
      condition["lastTransitionTime"] = api::stringAt(*current, {"lastTransitionTime"});
    }
  }
  removeDeploymentCondition(status, type);
  api::ensureArray(status, "conditions").push_back(std::move(condition));
}

void removeDeploymentCondition(json::object& status, const std::string& type) {
  const json::array* conditions = conditionsOf(status);
  if (conditions == nullptr) return;
  json::array kept;
  for (const auto& condition : *conditions) {
    if (condition.is_object() && api::stringAt(condition.get_object(), {"type"}) == type) continue;
    kept.push_back(condition);
  }
  if (kept.empty()) {
    status.erase("conditions");
  } else {
    status["conditions"] = std::move(kept);
  }
}

json::object calculateDeploymentStatus(const ReplicaSets& allReplicaSets,
                                       const std::optional<json::object>& newReplicaSet,
                                       const json::object& deployment, TimePoint now) {
  std::int64_t available = availableReplicaCount(allReplicaSets);
  std::int64_t unavailable = std::max<std::int64_t>(replicaCount(allReplicaSets) - available, 0);
  json::object status;
  setCount(status, "observedGeneration", api::integerAt(deployment, {"metadata", "generation"}));
  setCount(status, "replicas", actualReplicaCount(allReplicaSets));
  setCount(status, "updatedReplicas", newReplicaSet ? api::integerAt(*newReplicaSet, {"status", "replicas"}) : 0);
  setCount(status, "readyReplicas", readyReplicaCount(allReplicaSets));
  setCount(status, "availableReplicas", available);
  setCount(status, "unavailableReplicas", unavailable);
  if (const auto* collisionCount = api::valueAt(deployment, {"status", "collisionCount"})) {
    status["collisionCount"] = *collisionCount;
  }
  if (const auto* conditions = api::arrayAt(deployment, {"status", "conditions"}); conditions && !conditions->empty()) {
    status["conditions"] = *conditions;
  }
  if (available >= specReplicas(deployment) - maxUnavailable(deployment)) {
    setDeploymentCondition(status, newDeploymentCondition("Available", "True", kMinimumReplicasAvailable,
                                                          "Deployment has minimum availability.", now));
  } else {
    setDeploymentCondition(status, newDeploymentCondition("Available", "False", kMinimumReplicasUnavailable,
                                                          "Deployment does not have minimum availability.", now));
  }
  return status;
}

bool deploymentStatusEqual(const json::object& first, const json::object& second) {
  for (const char* field : {"observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas",
                            "unavailableReplicas"}) {
    if (api::integerAt(first, {field}) != api::integerAt(second, {field})) return false;
  }
  const json::value* firstCollisions = first.if_contains("collisionCount");
  const json::value* secondCollisions = second.if_contains("collisionCount");
  if ((firstCollisions == nullptr) != (secondCollisions == nullptr)) return false;
  if (firstCollisions != nullptr && *firstCollisions != *secondCollisions) return false;
  static const json::array kNone;
  const json::array* firstConditions = conditionsOf(first);
  const json::array* secondConditions = conditionsOf(second);
  return (firstConditions ? *firstConditions : kNone) == (secondConditions ? *secondConditions : kNone);
}

bool hasProgressDeadline(const json::object& deployment) {
  const json::value* deadline = api::valueAt(deployment, {"spec", "progressDeadlineSeconds"});
  return deadline != nullptr && deadline->is_number() &&
         api::integerAt(deployment, {"spec", "progressDeadlineSeconds"}) != std::numeric_limits<std::int32_t>::max();
}

bool deploymentComplete(const json::object& deployment, const json::object& status) {
  std::int64_t replicas = specReplicas(deployment);
  return api::integerAt(status, {"updatedReplicas"}) == replicas && api::integerAt(status, {"replicas"}) == replicas &&
         api::integerAt(status, {"availableReplicas"}) == replicas &&
         api::integerAt(status, {"observedGeneration"}) >= api::integerAt(deployment, {"metadata", "generation"});
}

bool deploymentProgressing(const json::object& deployment, const json::object& newStatus) {
  const json::object* oldStatus = api::objectAt(deployment, {"status"});
  static const json::object kEmpty;
  const json::object& old = oldStatus ? *oldStatus : kEmpty;
  std::int64_t oldOldReplicas = api::integerAt(old, {"replicas"}) - api::integerAt(old, {"updatedReplicas"});
  std::int64_t newOldReplicas = api::integerAt(newStatus, {"replicas"}) - api::integerAt(newStatus, {"updatedReplicas"});
  return api::integerAt(newStatus, {"updatedReplicas"}) > api::integerAt(old, {"updatedReplicas"}) ||
         newOldReplicas < oldOldReplicas ||
         api::integerAt(newStatus, {"readyReplicas"}) > api::integerAt(old, {"readyReplicas"}) ||
         api::integerAt(newStatus, {"availableReplicas"}) > api::integerAt(old, {"availableReplicas"});
}

bool deploymentTimedOut(const json::object& deployment, const json::object& newStatus, TimePoint now) {
  if (!hasProgressDeadline(deployment)) return false;
  const json::object* condition = deploymentCondition(newStatus, "Progressing");
  if (condition == nullptr) return false;
  std::string reason = api::stringAt(*condition, {"reason"});
  if (reason == kNewReplicaSetAvailableReason) return false;
  if (reason == kTimedOutReason) return true;
  auto from = parseTimestamp(api::stringAt(*condition, {"lastUpdateTime"}));
  auto deadline = std::chrono::seconds(api::integerAt(deployment, {"spec", "progressDeadlineSeconds"}));
  return from + deadline < now;
}

}  // namespace kubelab::controllers
