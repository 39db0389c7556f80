// syncReplicaSet: claim pods, create or delete to match spec.replicas, publish status
// (upstream pkg/controller/replicaset/replica_set.go).
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <atomic>
#include <set>

#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "common/logging.h"
#include "controllers/controllerref.h"
#include "controllers/podutil.h"
#include "controllers/replicasetcontroller.h"
#include "controllers/replicasetpodranking.h"
#include "controllers/replicasetslowstart.h"
#include "controllers/replicasetstatus.h"
#include "controllers/rolloutownership.h"

namespace kubelab::controllers {

namespace json = boost::json;

namespace {

// A create refused because the namespace is going away is not a failure worth reporting:
// the namespace controller is about to delete the owner too.
bool namespaceTerminating(const Status& status) {
  return status.code() == StatusCode::Forbidden && status.message().find("being terminated") != std::string::npos;
}

}  // namespace

Result<api::LabelSelector> ReplicaSetController::selectorOf(const json::object& owner) const {
  if (kind_.selectorIsMap) {
    auto selector = api::stringMap(owner, {"spec", "selector"});
    if (selector.empty()) return api::LabelSelector::nothing();
    return api::LabelSelector::fromSet(selector);
  }
  return api::LabelSelector::fromJson(api::valueAt(owner, {"spec", "selector"}));
}

Status ReplicaSetController::syncReplicaSet(const std::string& key) {
  auto cached = owners_.get(key);
  if (!cached) {
    expectations_.forget(key);
    return Status::ok();
  }
  // A copy that names its kind: events and status updates need it, and list items lack it.
  auto owner = std::make_shared<json::object>(*cached);
  (*owner)["apiVersion"] = kind_.apiVersion;
  (*owner)["kind"] = kind_.kind;
  bool needsSync = expectations_.satisfied(key);
  auto selector = selectorOf(*owner);
  if (!selector) {
    // Validation should have refused it; retrying cannot help.
    log::warning(kind_.controllerName, ": invalid selector of ", key, ": ", selector.status().message());
    return Status::ok();
  }
  // Its own pods and the orphans it might adopt; pods of other owners are never claimed.
  std::vector<client::ObjectPointer> activePods;
  const std::string ns = api::namespaceOf(*owner);
  for (const std::string& controllerUid : {api::uid(*owner), std::string()}) {
    for (const auto& pod : pods_.byIndex(kPodControllerIndex, podControllerIndexValue(ns, controllerUid))) {
      if (isPodActive(*pod)) activePods.push_back(pod);
    }
  }
  auto claimed = claimObjects(api_, client::resources::pods, {owner.get(), kind_.apiVersion, kind_.kind}, *selector,
                              activePods, recheckOwner(api_, kind_.resource, *owner));
  if (!claimed) return claimed.status();

  std::int64_t replicas = api::integerAt(*owner, {"spec", "replicas"}, 1);
  int diff = static_cast<int>(static_cast<std::int64_t>(claimed->size()) - replicas);
  Status manageError;
  bool deleting = !api::stringAt(*owner, {"metadata", "deletionTimestamp"}).empty();
  if (needsSync && !deleting) manageError = manageReplicas(*claimed, *owner, key);

  auto now = now_();
  json::object status = calculateReplicaSetStatus(*owner, *claimed, manageError, diff, now);
  auto updated = updateStatus(*owner, std::move(status));
  if (!updated) return updated.status();

  std::int64_t minReadySeconds = api::integerAt(*updated, {"spec", "minReadySeconds"});
  if (manageError.isOk() && minReadySeconds > 0 &&
      api::integerAt(*updated, {"status", "readyReplicas"}) == replicas &&
      api::integerAt(*updated, {"status", "availableReplicas"}) != replicas) {
    loop_.enqueueAfter(key, std::chrono::seconds(minReadySeconds));
  }
  return manageError;
}

Status ReplicaSetController::manageReplicas(const std::vector<client::ObjectPointer>& activePods,
                                            const json::object& owner, const std::string& key) {
  std::int64_t replicas = api::integerAt(owner, {"spec", "replicas"}, 1);
  std::int64_t diff = static_cast<std::int64_t>(activePods.size()) - replicas;
  if (diff < 0) return createPods(owner, key, static_cast<int>(std::min<std::int64_t>(-diff, kBurstReplicas)));
  if (diff > 0) return deletePods(owner, key, activePods, static_cast<int>(std::min<std::int64_t>(diff, kBurstReplicas)));
  return Status::ok();
}

Status ReplicaSetController::createPods(const json::object& owner, const std::string& key, int count) {
  // Expect every creation before the first request, so that a sync running while the informer
  // delivers the new pods waits for all of them instead of creating more.
  expectations_.expectCreations(key, count);
  json::object reference = controllerReferenceTo(owner, kind_.apiVersion, kind_.kind);
  json::object podTemplate;
  if (const auto* found = api::objectAt(owner, {"spec", "template"})) podTemplate = *found;
  const std::string ns = api::namespaceOf(owner);
  const std::string prefix = api::name(owner) + "-";
  auto result = slowStartBatch(count, 1, [&]() -> Status {
    json::object pod = podFromTemplate(podTemplate, reference, prefix);
    auto created = api_.create(client::resources::pods, ns, pod);
    if (!created) {
      if (namespaceTerminating(created.status())) return Status::ok();
      recorder_->event(owner, client::EventType::Warning, "FailedCreate",
                       "Error creating: " + created.status().message());
      return created.status();
    }
    recorder_->event(owner, client::EventType::Normal, "SuccessfulCreate", "Created pod: " + api::name(*created));
    return Status::ok();
  });
  // The informer will never see the pods that were not created.
  for (int skipped = count - result.successes; skipped > 0; --skipped) expectations_.creationObserved(key);
  return result.firstError;
}

std::vector<client::ObjectPointer> ReplicaSetController::relatedPods(const json::object& owner) const {
  // During a rollout every ReplicaSet of the Deployment counts, so that scale-down spreads.
  std::set<std::string> ownerUids{api::uid(owner)};
  if (auto controller = controllerOf(owner)) {
    for (const auto& sibling : owners_.byIndex(client::kNamespaceIndex, api::namespaceOf(owner))) {
      if (isControlledBy(*sibling, controller->uid)) ownerUids.insert(api::uid(*sibling));
    }
  }
  std::vector<client::ObjectPointer> related;
  for (const auto& ownerUid : ownerUids) {
    auto owned = pods_.byIndex(kPodControllerIndex, podControllerIndexValue(api::namespaceOf(owner), ownerUid));
    related.insert(related.end(), owned.begin(), owned.end());
  }
  return related;
}

Status ReplicaSetController::deletePods(const json::object& owner, const std::string& key,
                                        const std::vector<client::ObjectPointer>& activePods, int count) {
  auto chosen = podsToDelete(activePods, relatedPods(owner), static_cast<std::size_t>(count), now_());
  {
    std::lock_guard lock(deletingMutex_);
    auto& deleting = deletingPods_[key];
    deleting.clear();
    for (const auto& pod : chosen) deleting.insert(client::objectKey(*pod));
  }
  expectations_.expectDeletions(key, static_cast<int>(chosen.size()));
  std::atomic<std::size_t> next{0};
  auto result = slowStartBatch(static_cast<int>(chosen.size()), static_cast<int>(chosen.size()), [&]() -> Status {
    const json::object& pod = *chosen[next.fetch_add(1)];
    Status removed = api_.remove(client::resources::pods, api::namespaceOf(pod), api::name(pod));
    if (removed.isOk()) {
      recorder_->event(owner, client::EventType::Normal, "SuccessfulDelete", "Deleted pod: " + api::name(pod));
      return Status::ok();
    }
    // The informer will not see this deletion happen (or already has): stop waiting for it.
    bool wasExpected = false;
    {
      std::lock_guard lock(deletingMutex_);
      wasExpected = deletingPods_[key].erase(client::objectKey(pod)) > 0;
    }
    if (wasExpected) expectations_.deletionObserved(key);
    if (removed.code() == StatusCode::NotFound) return Status::ok();
    recorder_->event(owner, client::EventType::Warning, "FailedDelete", "Error deleting: " + removed.message());
    return removed;
  });
  return result.firstError;
}

Result<json::object> ReplicaSetController::updateStatus(const json::object& owner, json::object status) {
  if (!replicaSetStatusNeedsUpdate(owner, status)) return owner;
  status["observedGeneration"] = api::integerAt(owner, {"metadata", "generation"});
  json::object current = owner;
  // One retry after a conflict, on a fresh copy (upstream's statusUpdateRetries).
  for (int attempt = 0;; ++attempt) {
    current["apiVersion"] = kind_.apiVersion;
    current["kind"] = kind_.kind;
    current["status"] = status;
    auto updated = api_.update(kind_.resource, current, "status");
    if (updated || attempt >= 1) return updated;
    auto fresh = api_.get(kind_.resource, api::namespaceOf(owner), api::name(owner));
    if (!fresh) return fresh.status();
    current = std::move(fresh.value());
  }
}

}  // namespace kubelab::controllers
