// ReplicaSet controller wiring: kinds, event handlers that only enqueue keys (and settle
// expectations), and the factories. The sync itself is in replicasetsync.cpp.
#include "controllers/replicasetcontroller.h"

#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "controllers/controllerref.h"
#include "controllers/podutil.h"

namespace kubelab::controllers {

namespace json = boost::json;

ReplicaSetKind ReplicaSetKind::replicaSet() {
  return {client::resources::replicaSets, "apps/v1", "ReplicaSet", "replicaset", "replicaset-controller", false};
}

ReplicaSetKind ReplicaSetKind::replicationController() {
  return {client::resources::replicationControllers, "v1", "ReplicationController", "replicationcontroller",
          "replication-controller", true};
}

std::string podControllerIndexValue(std::string_view ns, std::string_view controllerUid) {
  return std::string(ns) + "/" + std::string(controllerUid);
}

ReplicaSetController::ReplicaSetController(ReplicaSetKind kind, client::ApiInterface& api, client::Indexer& owners,
                                           client::Indexer& pods, std::unique_ptr<client::EventRecorder> recorder,
                                           int workers)
    : kind_(std::move(kind)),
      api_(api),
      owners_(owners),
      pods_(pods),
      recorder_(std::move(recorder)),
      workers_(workers),
      now_([] { return Clock::now(); }),
      loop_(kind_.controllerName, [this](const std::string& key) { return syncReplicaSet(key); }) {
  // Both controllers may add it: the function is the same, and adding again re-indexes.
  pods_.addIndex(kPodControllerIndex, [](const json::object& pod) {
    auto reference = controllerOf(pod);
    return std::vector<std::string>{podControllerIndexValue(api::namespaceOf(pod), reference ? reference->uid : "")};
  });
}

ReplicaSetController::~ReplicaSetController() { stop(); }

void ReplicaSetController::start() { loop_.start(workers_); }

void ReplicaSetController::stop() { loop_.stop(); }

void ReplicaSetController::enqueueOwner(const json::object& owner) { loop_.enqueue(client::objectKey(owner)); }

void ReplicaSetController::onOwnerAdded(const client::ObjectPointer& owner) { enqueueOwner(*owner); }

void ReplicaSetController::onOwnerUpdated(const client::ObjectPointer& old, const client::ObjectPointer& current) {
  if (api::resourceVersion(*old) == api::resourceVersion(*current)) return;
  if (api::uid(*old) != api::uid(*current)) onOwnerDeleted(old);
  enqueueOwner(*current);
}

void ReplicaSetController::onOwnerDeleted(const client::ObjectPointer& owner) {
  std::string key = client::objectKey(*owner);
  expectations_.forget(key);
  {
    std::lock_guard lock(deletingMutex_);
    deletingPods_.erase(key);
  }
  loop_.enqueue(key);
}

client::ObjectPointer ReplicaSetController::resolveControllerRef(const json::object& pod) const {
  auto reference = controllerOf(pod);
  if (!reference || reference->kind != kind_.kind) return nullptr;
  auto owner = owners_.get(client::objectKey(api::namespaceOf(pod), reference->name));
  if (!owner || api::uid(*owner) != reference->uid) return nullptr;
  return owner;
}

std::vector<client::ObjectPointer> ReplicaSetController::ownersSelecting(const json::object& pod) const {
  std::vector<client::ObjectPointer> selecting;
  auto podLabels = api::labels(pod);
  if (podLabels.empty()) return selecting;
  for (const auto& owner : owners_.byIndex(client::kNamespaceIndex, api::namespaceOf(pod))) {
    auto selector = selectorOf(*owner);
    if (selector && !selector->matchesNothing() && !selector->matchesEverything() && selector->matches(podLabels)) {
      selecting.push_back(owner);
    }
  }
  return selecting;
}

void ReplicaSetController::onPodAdded(const client::ObjectPointer& pod) {
  if (isPodTerminating(*pod)) {
    // A pod that shows up already being deleted (after a relist) must not count as a creation.
    onPodDeleted(pod);
    return;
  }
  if (auto owner = resolveControllerRef(*pod)) {
    std::string key = client::objectKey(*owner);
    expectations_.creationObserved(key);
    loop_.enqueue(key);
    return;
  }
  if (controllerOf(*pod)) return;  // someone else's
  // An orphan: wake every owner that might adopt it.
  for (const auto& owner : ownersSelecting(*pod)) enqueueOwner(*owner);
}

void ReplicaSetController::onPodUpdated(const client::ObjectPointer& old, const client::ObjectPointer& current) {
  if (api::resourceVersion(*old) == api::resourceVersion(*current)) return;
  bool labelsChanged = api::labels(*old) != api::labels(*current);
  if (isPodTerminating(*current)) {
    // Graceful deletion: the pod is going, so treat it as deleted now and again when it is gone.
    onPodDeleted(current);
    if (labelsChanged) onPodDeleted(old);
    return;
  }
  auto oldReference = controllerOf(*old);
  auto currentReference = controllerOf(*current);
  bool referenceChanged = (oldReference.has_value() != currentReference.has_value()) ||
                          (oldReference && currentReference && oldReference->uid != currentReference->uid);
  if (referenceChanged && oldReference) {
    if (auto owner = resolveControllerRef(*old)) enqueueOwner(*owner);
  }
  if (currentReference) {
    if (auto owner = resolveControllerRef(*current)) {
      enqueueOwner(*owner);
      // Availability needs minReadySeconds to pass after the pod became ready: look again then.
      std::int64_t minReadySeconds = api::integerAt(*owner, {"spec", "minReadySeconds"});
      if (!isPodReady(*old) && isPodReady(*current) && minReadySeconds > 0) {
        loop_.enqueueAfter(client::objectKey(*owner), std::chrono::seconds(minReadySeconds + 1));
      }
    }
    return;
  }
  if (labelsChanged || referenceChanged) {
    for (const auto& owner : ownersSelecting(*current)) enqueueOwner(*owner);
  }
}

void ReplicaSetController::podDeletionSeen(const json::object& pod) {
  auto owner = resolveControllerRef(pod);
  if (!owner) return;
  std::string ownerKey = client::objectKey(*owner);
  bool expected = false;
  {
    std::lock_guard lock(deletingMutex_);
    auto found = deletingPods_.find(ownerKey);
    if (found != deletingPods_.end()) expected = found->second.erase(client::objectKey(pod)) > 0;
  }
  if (expected) expectations_.deletionObserved(ownerKey);
  loop_.enqueue(ownerKey);
}

void ReplicaSetController::onPodDeleted(const client::ObjectPointer& pod) { podDeletionSeen(*pod); }

namespace {

std::unique_ptr<Controller> newController(ControllerContext& context, ReplicaSetKind kind) {
  auto& owners = context.informers.informer(kind.resource);
  auto& pods = context.informers.informer(client::resources::pods);
  auto recorder = context.recorderFor(kind.component);
  auto controller = std::make_unique<ReplicaSetController>(kind, context.api, owners.indexer(), pods.indexer(),
                                                           std::move(recorder), context.workersPerController);
  ReplicaSetController* raw = controller.get();
  owners.addEventHandlers({[raw](const auto& owner) { raw->onOwnerAdded(owner); },
                           [raw](const auto& old, const auto& current) { raw->onOwnerUpdated(old, current); },
                           [raw](const auto& owner) { raw->onOwnerDeleted(owner); }});
  pods.addEventHandlers({[raw](const auto& pod) { raw->onPodAdded(pod); },
                         [raw](const auto& old, const auto& current) { raw->onPodUpdated(old, current); },
                         [raw](const auto& pod) { raw->onPodDeleted(pod); }});
  return controller;
}

}  // namespace

std::unique_ptr<Controller> newReplicaSetController(ControllerContext& context) {
  return newController(context, ReplicaSetKind::replicaSet());
}

std::unique_ptr<Controller> newReplicationControllerController(ControllerContext& context) {
  return newController(context, ReplicaSetKind::replicationController());
}

}  // namespace kubelab::controllers
