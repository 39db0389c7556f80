// The Recreate strategy (upstream recreate.go): scale every old ReplicaSet to zero, wait until
// none of their pods is left running, then create or grow the new ReplicaSet.
#include "api/objectmeta.h"
#include "controllers/deploymentcontroller.h"
#include "controllers/deploymentstatus.h"
#include "controllers/podutil.h"
#include "controllers/rolloutmath.h"

namespace kubelab::controllers {

namespace json = boost::json;

namespace {

// Old pods that are not finished (Pending, Running or Unknown) still hold the old version.
bool oldPodsRunning(const std::optional<json::object>& newReplicaSet, const ReplicaSets& oldReplicaSets,
                    const std::map<std::string, std::vector<client::ObjectPointer>>& podMap) {
  if (actualReplicaCount(oldReplicaSets) > 0) return true;
  for (const auto& [replicaSetUid, pods] : podMap) {
    if (newReplicaSet && api::uid(*newReplicaSet) == replicaSetUid) continue;
    for (const auto& pod : pods) {
      std::string phase = podPhase(*pod);
      if (phase != "Failed" && phase != "Succeeded") return true;
    }
  }
  return false;
}

}  // namespace

Status DeploymentController::rolloutRecreate(Deployment& deployment, const ReplicaSets& replicaSets) {
  auto state = getAllReplicaSetsAndSyncRevision(deployment, replicaSets, false);
  if (!state) return state.status();
  ReplicaSets all = state->all();

  bool scaledDown = false;
  for (const auto& old : activeReplicaSets(state->oldReplicaSets)) {
    auto scaled = scaleReplicaSetAndRecordEvent(old, 0, deployment);
    if (!scaled) return scaled.status();
    scaledDown = scaledDown || scaled->first;
  }
  if (scaledDown) return syncRolloutStatus(all, state->newReplicaSet, deployment);

  if (oldPodsRunning(state->newReplicaSet, state->oldReplicaSets, podsByReplicaSet(deployment, replicaSets))) {
    return syncRolloutStatus(all, state->newReplicaSet, deployment);
  }
  if (!state->newReplicaSet) {
    auto created = getAllReplicaSetsAndSyncRevision(deployment, replicaSets, true);
    if (!created) return created.status();
    state = std::move(created);
    all = state->all();
  }
  auto scaledUp = scaleReplicaSetAndRecordEvent(*state->newReplicaSet, specReplicas(deployment), deployment);
  if (!scaledUp) return scaledUp.status();
  const json::object* status = api::objectAt(deployment, {"status"});
  if (status != nullptr && deploymentComplete(deployment, *status)) {
    KUBELAB_RETURN_IF_ERROR(cleanupDeployment(state->oldReplicaSets, deployment));
  }
  return syncRolloutStatus(all, state->newReplicaSet, deployment);
}

}  // namespace kubelab::controllers
