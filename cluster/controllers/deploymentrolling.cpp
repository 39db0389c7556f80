// The RollingUpdate strategy (upstream rolling.go): grow the new ReplicaSet within maxSurge,
// shrink old ones within maxUnavailable (unhealthy replicas first), clean up when complete.
#include <algorithm>

#include "api/objectmeta.h"
#include "controllers/deploymentcontroller.h"
#include "controllers/deploymentstatus.h"
#include "controllers/rolloutmath.h"

namespace kubelab::controllers {

namespace json = boost::json;

Status DeploymentController::rolloutRolling(Deployment& deployment, const ReplicaSets& replicaSets) {
  auto state = getAllReplicaSetsAndSyncRevision(deployment, replicaSets, true);
  if (!state) return state.status();
  ReplicaSets all = state->all();
  const json::object& newReplicaSet = *state->newReplicaSet;

  auto scaledUp = reconcileNewReplicaSet(all, newReplicaSet, deployment);
  if (!scaledUp) return scaledUp.status();
  if (*scaledUp) return syncRolloutStatus(all, state->newReplicaSet, deployment);

  auto scaledDown = reconcileOldReplicaSets(all, activeReplicaSets(state->oldReplicaSets), newReplicaSet, deployment);
  if (!scaledDown) return scaledDown.status();
  if (*scaledDown) return syncRolloutStatus(all, state->newReplicaSet, deployment);

  const json::object* status = api::objectAt(deployment, {"status"});
  if (status != nullptr && deploymentComplete(deployment, *status)) {
    KUBELAB_RETURN_IF_ERROR(cleanupDeployment(state->oldReplicaSets, deployment));
  }
  return syncRolloutStatus(all, state->newReplicaSet, deployment);
}

Result<bool> DeploymentController::reconcileNewReplicaSet(const ReplicaSets& all, const json::object& newReplicaSet,
                                                          const Deployment& deployment) {
  std::int64_t replicas = specReplicas(deployment);
  std::int64_t current = specReplicas(newReplicaSet);
  if (current == replicas) return false;
  std::int64_t target = current > replicas ? replicas : newReplicaSetReplicas(deployment, all, newReplicaSet);
  auto scaled = scaleReplicaSetAndRecordEvent(newReplicaSet, target, deployment);
  if (!scaled) return scaled.status();
  return scaled->first;
}

Result<bool> DeploymentController::reconcileOldReplicaSets(const ReplicaSets& all, ReplicaSets oldReplicaSets,
                                                           const json::object& newReplicaSet,
                                                           const Deployment& deployment) {
  if (replicaCount(oldReplicaSets) == 0) return false;  // nothing left to scale down
  std::int64_t allPods = replicaCount(all);
  std::int64_t minAvailable = specReplicas(deployment) - maxUnavailable(deployment);
  std::int64_t newUnavailable =
      specReplicas(newReplicaSet) - api::integerAt(newReplicaSet, {"status", "availableReplicas"});
  // Pods that are unavailable in the new ReplicaSet already use up the unavailability budget.
  std::int64_t maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;

  // Unhealthy old replicas go first: otherwise they would block the rollout until the deadline.
  auto cleaned = cleanupUnhealthyReplicas(oldReplicaSets, deployment, maxScaledDown);
  if (!cleaned) return cleaned.status();
  ReplicaSets afterCleanup = oldReplicaSets;
  afterCleanup.push_back(newReplicaSet);
  auto scaledDown = scaleDownOldReplicaSetsForRollingUpdate(afterCleanup, oldReplicaSets, deployment);
  if (!scaledDown) return scaledDown.status();
  return *cleaned + *scaledDown > 0;
}

Result<std::int64_t> DeploymentController::cleanupUnhealthyReplicas(ReplicaSets& oldReplicaSets,
                                                                    const Deployment& deployment,
                                                                    std::int64_t maxCleanupCount) {
  sortByCreationTimestamp(oldReplicaSets);
  std::int64_t totalScaledDown = 0;
  for (auto& replicaSet : oldReplicaSets) {
    if (totalScaledDown >= maxCleanupCount) break;
    std::int64_t replicas = specReplicas(replicaSet);
    std::int64_t available = api::integerAt(replicaSet, {"status", "availableReplicas"});
    if (replicas == 0 || replicas == available) continue;
    std::int64_t scaledDownCount = std::min(maxCleanupCount - totalScaledDown, replicas - available);
    std::int64_t newReplicas = replicas - scaledDownCount;
    if (newReplicas > replicas) {
      return internalError("when cleaning up unhealthy replicas, got invalid request to scale down " +
                           api::namespaceOf(replicaSet) + "/" + api::name(replicaSet) + " " +
                           std::to_string(replicas) + " -> " + std::to_string(newReplicas));
    }
    auto scaled = scaleReplicaSetAndRecordEvent(replicaSet, newReplicas, deployment);
    if (!scaled) return scaled.status();
    totalScaledDown += scaledDownCount;
    replicaSet = std::move(scaled->second);
  }
  return totalScaledDown;
}

Result<std::int64_t> DeploymentController::scaleDownOldReplicaSetsForRollingUpdate(const ReplicaSets& all,
                                                                                   ReplicaSets oldReplicaSets,
                                                                                   const Deployment& deployment) {
  std::int64_t minAvailable = specReplicas(deployment) - maxUnavailable(deployment);
  std::int64_t availablePods = availableReplicaCount(all);
  if (availablePods <= minAvailable) return std::int64_t{0};
  sortByCreationTimestamp(oldReplicaSets);
  std::int64_t totalScaledDown = 0;
  std::int64_t totalScaleDownCount = availablePods - minAvailable;
  for (const auto& replicaSet : oldReplicaSets) {
    if (totalScaledDown >= totalScaleDownCount) break;
    std::int64_t replicas = specReplicas(replicaSet);
    if (replicas == 0) continue;
    std::int64_t scaleDownCount = std::min(replicas, totalScaleDownCount - totalScaledDown);
    auto scaled = scaleReplicaSetAndRecordEvent(replicaSet, replicas - scaleDownCount, deployment);
    if (!scaled) return scaled.status();
    totalScaledDown += scaleDownCount;
  }
  return totalScaledDown;
}

}  // namespace kubelab::controllers
