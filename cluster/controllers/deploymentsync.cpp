// syncDeployment and what every strategy shares (upstream deployment_controller.go and sync.go):
// claiming ReplicaSets, finding or creating the new one, scaling, cleanup and status.
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <limits>

#include "api/labelselector.h"
#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "controllers/controllerref.h"
#include "controllers/deploymentcontroller.h"
#include "controllers/deploymentstatus.h"
#include "controllers/podutil.h"
#include "controllers/rolloutmath.h"
#include "controllers/rolloutownership.h"

namespace kubelab::controllers {

namespace json = boost::json;

namespace {

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

void asReplicaSet(json::object& replicaSet) {
  replicaSet["apiVersion"] = "apps/v1";
  replicaSet["kind"] = "ReplicaSet";
}

}  // namespace

Status DeploymentController::syncDeployment(const std::string& key) {
  auto cached = deployments_.get(key);
  if (!cached) return Status::ok();
  Deployment deployment = *cached;  // never change the cache's copy
  deployment["apiVersion"] = "apps/v1";
  deployment["kind"] = "Deployment";

  const json::value* selectorValue = api::valueAt(deployment, {"spec", "selector"});
  if (selectorValue != nullptr && selectorValue->is_object() && selectorValue->get_object().empty()) {
    recorder_->event(deployment, client::EventType::Warning, "SelectingAll",
                     "This deployment is selecting all pods. A non-empty selector is required.");
    if (api::integerAt(deployment, {"status", "observedGeneration"}) <
        api::integerAt(deployment, {"metadata", "generation"})) {
      api::ensureObject(deployment, "status")["observedGeneration"] =
          api::integerAt(deployment, {"metadata", "generation"});
      return updateDeploymentStatus(deployment);
    }
    return Status::ok();
  }

  auto replicaSets = claimReplicaSets(deployment);
  if (!replicaSets) return replicaSets.status();

  if (!api::stringAt(deployment, {"metadata", "deletionTimestamp"}).empty()) {
    auto state = getAllReplicaSetsAndSyncRevision(deployment, *replicaSets, false);
    if (!state) return state.status();
    return syncDeploymentStatus(state->all(), state->newReplicaSet, deployment);
  }
  KUBELAB_RETURN_IF_ERROR(checkPausedConditions(deployment));
  if (api::booleanAt(deployment, {"spec", "paused"})) return sync(deployment, *replicaSets);

  auto scalingEvent = isScalingEvent(deployment, *replicaSets);
  if (!scalingEvent) return scalingEvent.status();
  if (*scalingEvent) return sync(deployment, *replicaSets);

  if (api::stringAt(deployment, {"spec", "strategy", "type"}) == "Recreate") {
    return rolloutRecreate(deployment, *replicaSets);
  }
  return rolloutRolling(deployment, *replicaSets);
}

Result<ReplicaSets> DeploymentController::claimReplicaSets(const Deployment& deployment) {
  auto selector = api::LabelSelector::fromJson(api::valueAt(deployment, {"spec", "selector"}));
  if (!selector) return invalid("deployment " + api::name(deployment) + ": " + selector.status().message());
  auto candidates = replicaSets_.byIndex(client::kNamespaceIndex, api::namespaceOf(deployment));
  auto claimed = claimObjects(api_, client::resources::replicaSets, {&deployment, "apps/v1", "Deployment"}, *selector,
                              candidates, recheckOwner(api_, client::resources::deployments, deployment));
  if (!claimed) return claimed.status();
  ReplicaSets result;
  result.reserve(claimed->size());
  for (const auto& replicaSet : *claimed) result.push_back(*replicaSet);
  return result;
}

DeploymentController::PodMap DeploymentController::podsByReplicaSet(const Deployment& deployment,
                                                                    const ReplicaSets& replicaSets) const {
  PodMap podMap;
  for (const auto& replicaSet : replicaSets) podMap[api::uid(replicaSet)];
  auto selector = api::LabelSelector::fromJson(api::valueAt(deployment, {"spec", "selector"}));
  if (!selector) return podMap;
  for (const auto& pod : pods_.byIndex(client::kNamespaceIndex, api::namespaceOf(deployment))) {
    if (!selector->matches(api::labels(*pod))) continue;
    auto reference = controllerOf(*pod);
    if (!reference) continue;
    if (auto found = podMap.find(reference->uid); found != podMap.end()) found->second.push_back(pod);
  }
  return podMap;
}

Result<DeploymentController::NewAndOld> DeploymentController::getAllReplicaSetsAndSyncRevision(
    Deployment& deployment, const ReplicaSets& replicaSets, bool createIfMissing) {
  NewAndOld state;
  state.oldReplicaSets = findOldReplicaSets(deployment, replicaSets);
  auto newReplicaSet = getNewReplicaSet(deployment, replicaSets, state.oldReplicaSets, createIfMissing);
  if (!newReplicaSet) return newReplicaSet.status();
  state.newReplicaSet = std::move(newReplicaSet.value());
  return state;
}

Status DeploymentController::setDeploymentRevision(Deployment& deployment, const std::string& revision,
                                                   bool& changed) {
  if (api::stringAt(deployment, {"metadata", "annotations", kRevisionAnnotation}) == revision) return Status::ok();
  // Upstream writes the annotation with the status update; our API server's status
  // subresource keeps metadata as it is, so the annotation goes in a metadata-only patch
  // (which leaves the generation alone).
  json::object patch{{"metadata", {{"annotations", {{kRevisionAnnotation, revision}}}}}};
  auto patched = api_.patch(client::resources::deployments, api::namespaceOf(deployment), api::name(deployment),
                            client::PatchType::Merge, json::serialize(patch));
  if (!patched) return patched.status();
  deployment["metadata"] = (*patched)["metadata"];
  changed = true;
  return Status::ok();
}

Result<DeploymentController::OptionalReplicaSet> DeploymentController::getNewReplicaSet(
    Deployment& deployment, const ReplicaSets& replicaSets, const ReplicaSets& oldReplicaSets, bool createIfMissing) {
  auto existing = findNewReplicaSet(deployment, replicaSets);
  std::string newRevision = std::to_string(maxRevision(oldReplicaSets) + 1);
  if (existing) {
    json::object copy = *existing;
    bool annotationsUpdated = setNewReplicaSetAnnotations(deployment, copy, newRevision, true);
    std::int64_t minReadySeconds = api::integerAt(deployment, {"spec", "minReadySeconds"});
    if (annotationsUpdated || api::integerAt(copy, {"spec", "minReadySeconds"}) != minReadySeconds) {
      api::ensureObject(copy, "spec")["minReadySeconds"] = minReadySeconds;
      asReplicaSet(copy);
      auto updated = api_.update(client::resources::replicaSets, copy);
      if (!updated && updated.status().code() == StatusCode::Conflict) {
        // Usually this same sync updated it a moment ago (isScalingEvent syncs revisions too)
        // and the list it works from is older: redo the change on what the server has.
        auto fresh = api_.get(client::resources::replicaSets, api::namespaceOf(copy), api::name(copy));
        if (!fresh) return fresh.status();
        bool freshChanged = setNewReplicaSetAnnotations(deployment, *fresh, newRevision, true);
        if (!freshChanged && api::integerAt(*fresh, {"spec", "minReadySeconds"}) == minReadySeconds) {
          return OptionalReplicaSet(std::move(fresh.value()));
        }
        api::ensureObject(*fresh, "spec")["minReadySeconds"] = minReadySeconds;
        asReplicaSet(*fresh);
        updated = api_.update(client::resources::replicaSets, *fresh);
      }
      if (!updated) return updated.status();
      return OptionalReplicaSet(std::move(updated.value()));
    }
    bool needsUpdate = false;
    KUBELAB_RETURN_IF_ERROR(setDeploymentRevision(deployment, api::stringAt(copy, {"metadata", "annotations",
                                                                                  kRevisionAnnotation}),
                                                  needsUpdate));
    json::object& status = api::ensureObject(deployment, "status");
    if (deploymentCondition(status, "Progressing") == nullptr) {
      setDeploymentCondition(status, newDeploymentCondition("Progressing", "True", kFoundNewReplicaSetReason,
                                                            "Found new replica set " + quoted(api::name(copy)),
                                                            now_()));
      needsUpdate = true;
    }
    if (needsUpdate) KUBELAB_RETURN_IF_ERROR(updateDeploymentStatus(deployment));
    return OptionalReplicaSet(std::move(copy));
  }
  if (!createIfMissing) return OptionalReplicaSet();
  return createNewReplicaSet(deployment, oldReplicaSets, newRevision);
}

Result<DeploymentController::OptionalReplicaSet> DeploymentController::createNewReplicaSet(
    Deployment& deployment, const ReplicaSets& oldReplicaSets, const std::string& newRevision) {
  json::object newReplicaSet = newReplicaSetFor(deployment, oldReplicaSets, newRevision);
  const std::string name = api::name(newReplicaSet);
  const std::int64_t newReplicas = specReplicas(newReplicaSet);
  std::optional<std::int64_t> collisionCount;
  if (const auto* count = api::valueAt(deployment, {"status", "collisionCount"}); count && count->is_int64()) {
    collisionCount = count->as_int64();
  }

  bool alreadyExists = false;
  auto created = api_.create(client::resources::replicaSets, api::namespaceOf(deployment), newReplicaSet);
  json::object createdReplicaSet;
  if (created) {
    createdReplicaSet = std::move(created.value());
  } else if (created.status().code() == StatusCode::AlreadyExists) {
    // Ours from an earlier sync whose create the cache has not seen yet, or a hash collision.
    auto found = api_.get(client::resources::replicaSets, api::namespaceOf(deployment), name);
    if (!found) return found.status();
    const auto* foundTemplate = api::objectAt(*found, {"spec", "template"});
    const auto* deploymentTemplate = api::objectAt(deployment, {"spec", "template"});
    if (isControlledBy(*found, api::uid(deployment)) && foundTemplate && deploymentTemplate &&
        templatesEqualIgnoringHash(*foundTemplate, *deploymentTemplate)) {
      createdReplicaSet = std::move(found.value());
      alreadyExists = true;
    } else {
      // A different template hashed to the same name: bump collisionCount so the next hash differs.
      api::ensureObject(deployment, "status")["collisionCount"] = collisionCount.value_or(0) + 1;
      Status updated = updateDeploymentStatus(deployment);
      (void)updated;  // the requeue below retries either way
      return created.status();
    }
  } else {
    std::string message = "Failed to create new replica set " + quoted(name) + ": " + created.status().message();
    if (hasProgressDeadline(deployment)) {
      setDeploymentCondition(api::ensureObject(deployment, "status"),
                             newDeploymentCondition("Progressing", "False", kFailedReplicaSetCreateReason, message,
                                                    now_()));
      Status updated = updateDeploymentStatus(deployment);
      (void)updated;  // the create error is what gets retried
    }
    recorder_->event(deployment, client::EventType::Warning, kFailedReplicaSetCreateReason, message);
    return created.status();
  }
  if (!alreadyExists && newReplicas > 0) {
    recorder_->event(deployment, client::EventType::Normal, "ScalingReplicaSet",
                     "Scaled up replica set " + api::name(createdReplicaSet) + " from 0 to " +
                         std::to_string(newReplicas));
  }
  bool needsUpdate = false;
  KUBELAB_RETURN_IF_ERROR(setDeploymentRevision(deployment, newRevision, needsUpdate));
  if (!alreadyExists && hasProgressDeadline(deployment)) {
    setDeploymentCondition(api::ensureObject(deployment, "status"),
                           newDeploymentCondition("Progressing", "True", kNewReplicaSetReason,
                                                  "Created new replica set " + quoted(api::name(createdReplicaSet)),
                                                  now_()));
    needsUpdate = true;
  }
  if (needsUpdate) KUBELAB_RETURN_IF_ERROR(updateDeploymentStatus(deployment));
  return OptionalReplicaSet(std::move(createdReplicaSet));
}

Status DeploymentController::sync(Deployment& deployment, const ReplicaSets& replicaSets) {
  auto state = getAllReplicaSetsAndSyncRevision(deployment, replicaSets, false);
  if (!state) return state.status();
  KUBELAB_RETURN_IF_ERROR(scale(deployment, state->newReplicaSet, state->oldReplicaSets));
  // A paused Deployment is not rolling out, so old ReplicaSets beyond the limit can go now.
  if (api::booleanAt(deployment, {"spec", "paused"})) {
    KUBELAB_RETURN_IF_ERROR(cleanupDeployment(state->oldReplicaSets, deployment));
  }
  return syncDeploymentStatus(state->all(), state->newReplicaSet, deployment);
}

Result<bool> DeploymentController::isScalingEvent(Deployment& deployment, const ReplicaSets& replicaSets) {
  auto state = getAllReplicaSetsAndSyncRevision(deployment, replicaSets, false);
  if (!state) return state.status();
  for (const auto& replicaSet : activeReplicaSets(state->all())) {
    std::string desired = api::stringAt(replicaSet, {"metadata", "annotations", kDesiredReplicasAnnotation});
    if (desired.empty()) continue;
    if (desired != std::to_string(specReplicas(deployment))) return true;
  }
  return false;
}

Status DeploymentController::scale(Deployment& deployment, OptionalReplicaSet& newReplicaSet,
                                   ReplicaSets& oldReplicaSets) {
  std::int64_t replicas = specReplicas(deployment);
  // One active ReplicaSet (or none): it simply takes the Deployment's size.
  if (auto activeOrLatest = findActiveOrLatest(newReplicaSet, oldReplicaSets)) {
    if (specReplicas(*activeOrLatest) == replicas) return Status::ok();
    auto scaled = scaleReplicaSetAndRecordEvent(*activeOrLatest, replicas, deployment);
    return scaled.status();
  }
  // The new ReplicaSet is done: the old ones go to zero.
  if (newReplicaSet && isSaturated(deployment, *newReplicaSet)) {
    for (const auto& old : activeReplicaSets(oldReplicaSets)) {
      auto scaled = scaleReplicaSetAndRecordEvent(old, 0, deployment);
      if (!scaled) return scaled.status();
    }
    return Status::ok();
  }
  if (!isRollingUpdate(deployment)) return Status::ok();
  // Mid-rollout resize: spread the difference over the active ReplicaSets by their sizes.
  ReplicaSets all = oldReplicaSets;
  if (newReplicaSet) all.push_back(*newReplicaSet);
  all = activeReplicaSets(all);
  std::int64_t allowedSize = replicas > 0 ? replicas + maxSurge(deployment) : 0;
  std::int64_t toAdd = allowedSize - replicaCount(all);
  std::string operation;
  if (toAdd > 0) {
    sortBySizeNewer(all);
    operation = "up";
  } else if (toAdd < 0) {
    sortBySizeOlder(all);
    operation = "down";
  }
  std::int64_t added = 0;
  std::vector<std::int64_t> sizes;
  for (const auto& replicaSet : all) {
    std::int64_t proportion = toAdd != 0 ? replicaSetProportion(replicaSet, deployment, toAdd, added) : 0;
    sizes.push_back(specReplicas(replicaSet) + proportion);
    added += proportion;
  }
  // Rounding leftovers go to the largest (first) ReplicaSet.
  if (toAdd != 0 && added != toAdd && !sizes.empty()) sizes[0] = std::max<std::int64_t>(sizes[0] + toAdd - added, 0);
  for (std::size_t index = 0; index < all.size(); ++index) {
    auto scaled = scaleReplicaSet(all[index], sizes[index], deployment, operation);
    if (!scaled) return scaled.status();
  }
  return Status::ok();
}

Result<std::pair<bool, json::object>> DeploymentController::scaleReplicaSetAndRecordEvent(
    const json::object& replicaSet, std::int64_t newScale, const Deployment& deployment) {
  if (specReplicas(replicaSet) == newScale) return std::pair<bool, json::object>(false, replicaSet);
  return scaleReplicaSet(replicaSet, newScale, deployment, specReplicas(replicaSet) < newScale ? "up" : "down");
}

Result<std::pair<bool, json::object>> DeploymentController::scaleReplicaSet(const json::object& replicaSet,
                                                                            std::int64_t newScale,
                                                                            const Deployment& deployment,
                                                                            const std::string& operation) {
  std::int64_t oldScale = specReplicas(replicaSet);
  std::int64_t replicas = specReplicas(deployment);
  std::int64_t max = replicas + maxSurge(deployment);
  bool sizeNeedsUpdate = oldScale != newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(replicaSet, replicas, max)) {
    return std::pair<bool, json::object>(false, replicaSet);
  }
  json::object copy = replicaSet;
  asReplicaSet(copy);
  api::ensureObject(copy, "spec")["replicas"] = newScale;
  setReplicasAnnotations(copy, replicas, max);
  auto updated = api_.update(client::resources::replicaSets, copy);
  if (!updated) return updated.status();
  if (sizeNeedsUpdate) {
    recorder_->event(deployment, client::EventType::Normal, "ScalingReplicaSet",
                     "Scaled " + operation + " replica set " + api::name(*updated) + " from " +
                         std::to_string(oldScale) + " to " + std::to_string(newScale));
  }
  return std::pair<bool, json::object>(sizeNeedsUpdate, std::move(updated.value()));
}

Status DeploymentController::cleanupDeployment(const ReplicaSets& oldReplicaSets, const Deployment& deployment) {
  const json::value* limitValue = api::valueAt(deployment, {"spec", "revisionHistoryLimit"});
  if (limitValue == nullptr || !limitValue->is_number()) return Status::ok();
  std::int64_t limit = api::integerAt(deployment, {"spec", "revisionHistoryLimit"});
  if (limit == std::numeric_limits<std::int32_t>::max()) return Status::ok();
  ReplicaSets cleanable;
  for (const auto& replicaSet : oldReplicaSets) {
    if (api::stringAt(replicaSet, {"metadata", "deletionTimestamp"}).empty()) cleanable.push_back(replicaSet);
  }
  std::int64_t diff = static_cast<std::int64_t>(cleanable.size()) - limit;
  if (diff <= 0) return Status::ok();
  sortByRevision(cleanable);
  for (std::int64_t index = 0; index < diff; ++index) {
    const json::object& replicaSet = cleanable[static_cast<std::size_t>(index)];
    // Only ReplicaSets that are fully scaled down and whose controller has caught up.
    if (api::integerAt(replicaSet, {"status", "replicas"}) != 0 || specReplicas(replicaSet) != 0 ||
        api::integerAt(replicaSet, {"metadata", "generation"}) >
            api::integerAt(replicaSet, {"status", "observedGeneration"})) {
      continue;
    }
    Status removed = api_.remove(client::resources::replicaSets, api::namespaceOf(replicaSet), api::name(replicaSet));
    if (!removed.isOk() && removed.code() != StatusCode::NotFound) return removed;
  }
  return Status::ok();
}

Status DeploymentController::checkPausedConditions(Deployment& deployment) {
  if (!hasProgressDeadline(deployment)) return Status::ok();
  json::object& status = api::ensureObject(deployment, "status");
  const json::object* condition = deploymentCondition(status, "Progressing");
  bool pausedConditionExists = condition && api::stringAt(*condition, {"reason"}) == kPausedReason;
  bool paused = api::booleanAt(deployment, {"spec", "paused"});
  if (paused && !pausedConditionExists) {
    setDeploymentCondition(status, newDeploymentCondition("Progressing", "Unknown", kPausedReason,
                                                          "Deployment is paused", now_()));
  } else if (!paused && pausedConditionExists) {
    setDeploymentCondition(status, newDeploymentCondition("Progressing", "Unknown", kResumedReason,
                                                          "Deployment is resumed", now_()));
  } else {
    return Status::ok();
  }
  return updateDeploymentStatus(deployment);
}

Status DeploymentController::syncDeploymentStatus(const ReplicaSets& all, const OptionalReplicaSet& newReplicaSet,
                                                  Deployment& deployment) {
  json::object newStatus = calculateDeploymentStatus(all, newReplicaSet, deployment, now_());
  const json::object* current = api::objectAt(deployment, {"status"});
  if (current != nullptr && deploymentStatusEqual(*current, newStatus)) return Status::ok();
  deployment["status"] = std::move(newStatus);
  return updateDeploymentStatus(deployment);
}

Status DeploymentController::updateDeploymentStatus(Deployment& deployment) {
  auto updated = api_.update(client::resources::deployments, deployment, "status");
  if (!updated) return updated.status();
  json::object stored = std::move(updated.value());
  stored["apiVersion"] = "apps/v1";
  stored["kind"] = "Deployment";
  deployment = std::move(stored);
  return Status::ok();
}

}  // namespace kubelab::controllers
