// The Progressing condition during a rollout (upstream progress.go): complete, progressing or
// timed out against progressDeadlineSeconds, ReplicaSet failures surfaced on the Deployment,
// and a requeue for when the deadline would pass.
#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "controllers/deploymentcontroller.h"
#include "controllers/deploymentstatus.h"
#include "controllers/podutil.h"

namespace kubelab::controllers {

namespace json = boost::json;

namespace {

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// The ReplicaFailure condition of the new ReplicaSet, else of any other, as a Deployment condition.
std::optional<json::object> replicaFailure(const ReplicaSets& all, const std::optional<json::object>& newReplicaSet) {
  auto failureOf = [](const json::object& replicaSet) -> std::optional<json::object> {
    const auto* conditions = api::arrayAt(replicaSet, {"status", "conditions"});
    if (conditions == nullptr) return std::nullopt;
    for (const auto& entry : *conditions) {
      if (!entry.is_object() || api::stringAt(entry.get_object(), {"type"}) != "ReplicaFailure") continue;
      const json::object& condition = entry.get_object();
      std::string transition = api::stringAt(condition, {"lastTransitionTime"});
      return json::object{{"type", "ReplicaFailure"},
                          {"status", api::stringAt(condition, {"status"})},
                          {"lastUpdateTime", transition},
                          {"lastTransitionTime", transition},
                          {"reason", api::stringAt(condition, {"reason"})},
                          {"message", api::stringAt(condition, {"message"})}};
    }
    return std::nullopt;
  };
  if (newReplicaSet) {
    if (auto failure = failureOf(*newReplicaSet)) return failure;
  }
  for (const auto& replicaSet : all) {
    if (auto failure = failureOf(replicaSet)) return failure;
  }
  return std::nullopt;
}

}  // namespace

Status DeploymentController::syncRolloutStatus(const ReplicaSets& all, const OptionalReplicaSet& newReplicaSet,
                                               Deployment& deployment) {
  auto now = now_();
  json::object newStatus = calculateDeploymentStatus(all, newReplicaSet, deployment, now);
  if (!hasProgressDeadline(deployment)) removeDeploymentCondition(newStatus, "Progressing");

  static const json::object kNoStatus;
  const json::object* oldStatus = api::objectAt(deployment, {"status"});
  const json::object* current = deploymentCondition(oldStatus ? *oldStatus : kNoStatus, "Progressing");
  // A resync of a finished rollout estimates nothing.
  bool complete = api::integerAt(newStatus, {"replicas"}) == api::integerAt(newStatus, {"updatedReplicas"}) &&
                  current != nullptr && api::stringAt(*current, {"reason"}) == kNewReplicaSetAvailableReason;
  if (hasProgressDeadline(deployment) && !complete) {
    std::string subject = newReplicaSet ? "ReplicaSet " + quoted(api::name(*newReplicaSet))
                                        : "Deployment " + quoted(api::name(deployment));
    if (deploymentComplete(deployment, newStatus)) {
      setDeploymentCondition(newStatus, newDeploymentCondition("Progressing", "True", kNewReplicaSetAvailableReason,
                                                               subject + " has successfully progressed.", now));
    } else if (deploymentProgressing(deployment, newStatus)) {
      json::object condition = newDeploymentCondition("Progressing", "True", kReplicaSetUpdatedReason,
                                                      subject + " is progressing.", now);
      // Progress moves lastUpdateTime even when the reason stays, so the deadline restarts.
      if (current != nullptr) {
        if (api::stringAt(*current, {"status"}) == "True") {
          condition["lastTransitionTime"] = api::stringAt(*current, {"lastTransitionTime"});
        }
        removeDeploymentCondition(newStatus, "Progressing");
      }
      setDeploymentCondition(newStatus, std::move(condition));
    } else if (deploymentTimedOut(deployment, newStatus, now)) {
      setDeploymentCondition(newStatus, newDeploymentCondition("Progressing", "False", kTimedOutReason,
                                                               subject + " has timed out progressing.", now));
    }
  }
  if (auto failure = replicaFailure(all, newReplicaSet)) {
    setDeploymentCondition(newStatus, std::move(*failure));
  } else {
    removeDeploymentCondition(newStatus, "ReplicaFailure");
  }
  if (oldStatus != nullptr && deploymentStatusEqual(*oldStatus, newStatus)) {
    requeueStuckDeployment(deployment, newStatus);
    return Status::ok();
  }
  deployment["status"] = std::move(newStatus);
  return updateDeploymentStatus(deployment);
}

void DeploymentController::requeueStuckDeployment(const Deployment& deployment, const json::object& newStatus) {
  static const json::object kNoStatus;
  const json::object* oldStatus = api::objectAt(deployment, {"status"});
  const json::object* current = deploymentCondition(oldStatus ? *oldStatus : kNoStatus, "Progressing");
  if (!hasProgressDeadline(deployment) || current == nullptr) return;
  if (deploymentComplete(deployment, newStatus) || api::stringAt(*current, {"reason"}) == kTimedOutReason) return;
  auto deadline = parseTimestamp(api::stringAt(*current, {"lastUpdateTime"})) +
                  std::chrono::seconds(api::integerAt(deployment, {"spec", "progressDeadlineSeconds"}));
  auto after = deadline - now_();
  std::string key = client::objectKey(deployment);
  if (after < std::chrono::seconds(1)) {
    loop_.queue().addRateLimited(key);
  } else {
    loop_.enqueueAfter(key, std::chrono::duration_cast<std::chrono::steady_clock::duration>(after) +
                                std::chrono::seconds(1));
  }
}

}  // namespace kubelab::controllers
