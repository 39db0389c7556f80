#include "controllers/daemonsetcontroller.h"

#include <algorithm>
#include <atomic>
#include <set>

#include "api/labelselector.h"
#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "client/resource.h"
#include "controllers/controllerhistory.h"
#include "controllers/controllerref.h"
#include "controllers/daemonsetnodes.h"
#include "controllers/podutil.h"
#include "controllers/replicasetslowstart.h"
#include "controllers/rolloutownership.h"

namespace kubelab::controllers {
namespace {
namespace json = boost::json;

std::string hashOf(const json::object& object) {
  return api::stringAt(object, {"metadata", "labels", kControllerRevisionHashLabel});
}

// Oldest first, so the pod a node keeps is the one that has run longest.
void sortByCreation(std::vector<client::ObjectPointer>& pods) {
  std::stable_sort(pods.begin(), pods.end(), [](const client::ObjectPointer& a, const client::ObjectPointer& b) {
    std::string left = api::stringAt(*a, {"metadata", "creationTimestamp"});
    std::string right = api::stringAt(*b, {"metadata", "creationTimestamp"});
    return left != right ? left < right : api::name(*a) < api::name(*b);
  });
}

}  // namespace

DaemonSetController::DaemonSetController(ControllerContext& context)
    : context_(context),
      daemonSets_(context.informers.informer(client::resources::daemonSets)),
      pods_(context.informers.informer(client::resources::pods)),
      nodes_(context.informers.informer(client::resources::nodes)),
      revisions_(context.informers.informer(client::resources::controllerRevisions)),
      recorder_(context.recorderFor("daemonset-controller")),
      loop_("daemonset", [this](const std::string& key) { return sync(key); }) {
  auto enqueueSet = [this](const client::ObjectPointer& set) { loop_.enqueue(client::objectKey(*set)); };
  daemonSets_.addEventHandlers({enqueueSet,
                                [this](const client::ObjectPointer& old, const client::ObjectPointer& current) {
                                  if (api::resourceVersion(*old) != api::resourceVersion(*current)) {
                                    loop_.enqueue(client::objectKey(*current));
                                  }
                                },
                                [this](const client::ObjectPointer& set) {
                                  expectations_.forget(client::objectKey(*set));
                                  loop_.enqueue(client::objectKey(*set));
                                }});
  pods_.addEventHandlers({[this](const client::ObjectPointer& pod) {
                            std::optional<OwnerReference> owner = controllerOf(*pod);
                            if (!owner || owner->kind != "DaemonSet") return;
                            expectations_.creationObserved(client::objectKey(api::namespaceOf(*pod), owner->name));
                            enqueueOwnerOf(pod);
                          },
                          [this](const client::ObjectPointer& old, const client::ObjectPointer& current) {
                            if (api::resourceVersion(*old) == api::resourceVersion(*current)) return;
                            enqueueOwnerOf(current);
                          },
                          [this](const client::ObjectPointer& pod) {
                            std::optional<OwnerReference> owner = controllerOf(*pod);
                            if (!owner || owner->kind != "DaemonSet") return;
                            expectations_.deletionObserved(client::objectKey(api::namespaceOf(*pod), owner->name));
                            enqueueOwnerOf(pod);
                          }});
  // A node change can change where every DaemonSet belongs; heartbeats cannot.
  nodes_.addEventHandlers({[this](const client::ObjectPointer&) { enqueueAll(); },
                           [this](const client::ObjectPointer& old, const client::ObjectPointer& current) {
                             if (!nodeChangeIsHeartbeat(*old, *current)) enqueueAll();
                           },
                           [this](const client::ObjectPointer&) { enqueueAll(); }});
}

DaemonSetController::~DaemonSetController() { stop(); }

void DaemonSetController::start() { loop_.start(context_.workersPerController); }

void DaemonSetController::stop() { loop_.stop(); }

void DaemonSetController::enqueueOwnerOf(const client::ObjectPointer& pod) {
  std::optional<OwnerReference> owner = controllerOf(*pod);
  if (!owner || owner->kind != "DaemonSet") return;
  loop_.enqueue(client::objectKey(api::namespaceOf(*pod), owner->name));
}

void DaemonSetController::enqueueAll() {
  for (const client::ObjectPointer& set : daemonSets_.lister().list()) loop_.enqueue(client::objectKey(*set));
}

Result<DaemonSetController::NodePods> DaemonSetController::claimPodsByNode(const json::object& daemonSet,
                                                                            const api::LabelSelector& selector) {
  std::vector<client::ObjectPointer> candidates;
  for (const client::ObjectPointer& pod : pods_.lister().list(api::namespaceOf(daemonSet))) {
    if (isControlledBy(*pod, api::uid(daemonSet)) || (!controllerOf(*pod) && selector.matches(api::labels(*pod)))) {
      candidates.push_back(pod);
    }
  }
  Result<std::vector<client::ObjectPointer>> claimed =
      claimObjects(context_.api, client::resources::pods, {&daemonSet, "apps/v1", "DaemonSet"}, selector, candidates,
                   recheckOwner(context_.api, client::resources::daemonSets, daemonSet));
  if (!claimed) return claimed.status();
  NodePods byNode;
  for (const client::ObjectPointer& pod : *claimed) byNode[daemonPodTargetNode(*pod)].push_back(pod);
  for (auto& [node, pods] : byNode) sortByCreation(pods);
  return byNode;
}

Status DaemonSetController::sync(const std::string& key) {
  auto [ns, name] = client::splitObjectKey(key);
  client::ObjectPointer daemonSet = daemonSets_.lister().get(ns, name);
  if (daemonSet == nullptr) {
    expectations_.forget(key);
    return Status::ok();
  }
  Result<api::LabelSelector> selector = api::LabelSelector::fromJson(api::valueAt(*daemonSet, {"spec", "selector"}));
  if (!selector || selector->matchesEverything()) {
    recorder_->event(*daemonSet, client::EventType::Warning, "SelectingAll",
                     "This daemon set is selecting all pods. A non-empty selector is required.");
    return invalid("invalid selector for DaemonSet " + key);
  }
  Result<RevisionSet> revisions = reconcileRevisions(context_.api, revisions_.lister(), *daemonSet, "apps/v1", "DaemonSet");
  if (!revisions) return revisions.status();
  std::string hash = hashOf(revisions->update);
  Result<NodePods> claimed = claimPodsByNode(*daemonSet, *selector);
  if (!claimed) return claimed.status();
  const NodePods& nodePods = *claimed;

  Status managed = Status::ok();
  bool deleting = api::valueAt(*daemonSet, {"metadata", "deletionTimestamp"}) != nullptr;
  if (!deleting && expectations_.satisfied(key)) {
    managed = manage(*daemonSet, nodePods, hash);
    // A rolling step only when manage had nothing to do, as upstream checks expectations again.
    if (managed && expectations_.satisfied(key) &&
        api::stringAt(*daemonSet, {"spec", "updateStrategy", "type"}) != "OnDelete") {
      managed = rollingUpdate(*daemonSet, nodePods, hash);
    }
  }
  Status written = writeStatus(*daemonSet, nodePods, hash, revisions->collisionCount);
  if (!managed) return managed;
  if (!written) return written;

  std::set<std::string> liveHashes{hash};
  for (const auto& [node, pods] : nodePods) {
    for (const client::ObjectPointer& pod : pods) liveHashes.insert(hashOf(*pod));
  }
  std::vector<client::ObjectPointer> owned = ownedRevisions(revisions_.lister(), *daemonSet);
  std::vector<std::string> inUse;
  for (const client::ObjectPointer& revision : owned) {
    if (liveHashes.count(hashOf(*revision)) > 0) inUse.push_back(api::name(*revision));
  }
  inUse.push_back(api::name(revisions->update));
  return truncateRevisionHistory(context_.api, owned, inUse,
                                 api::integerAt(*daemonSet, {"spec", "revisionHistoryLimit"}, 10));
}

Status DaemonSetController::manage(const json::object& daemonSet, const NodePods& nodePods, const std::string& hash) {
  std::vector<std::string> nodesNeedingPods;
  std::vector<client::ObjectPointer> podsToDelete;
  std::set<std::string> nodeNames;
  bool surging = daemonSetSurgeAndUnavailable(daemonSet, 1).first > 0;
  for (const client::ObjectPointer& node : nodes_.lister().list()) {
    std::string nodeName = api::name(*node);
    nodeNames.insert(nodeName);
    DaemonNodeDecision decision = nodeShouldRunDaemonPod(*node, daemonSet);
    auto found = nodePods.find(nodeName);
    std::vector<client::ObjectPointer> pods = found == nodePods.end() ? std::vector<client::ObjectPointer>{} : found->second;
    if (!decision.shouldContinueRunning) {
      for (const client::ObjectPointer& pod : pods) {
        if (!isPodTerminating(*pod)) podsToDelete.push_back(pod);
      }
      continue;
    }
    std::vector<client::ObjectPointer> running;
    for (const client::ObjectPointer& pod : pods) {
      if (isPodTerminating(*pod)) continue;
      if (podPhase(*pod) == "Failed") {
        std::string backoffKey = client::objectKey(daemonSet) + "/" + nodeName;
        if (auto delay = failedPodDelay(backoffKey); delay.count() > 0) {
          loop_.enqueueAfter(client::objectKey(daemonSet), delay);
          continue;
        }
        recorder_->event(daemonSet, client::EventType::Warning, "FailedDaemonPod",
                         "Found failed daemon pod " + api::namespaceOf(*pod) + "/" + api::name(*pod) + " on node " +
                             nodeName + ", will try to kill it");
        podsToDelete.push_back(pod);
        continue;
      }
      running.push_back(pod);
    }
    // A node whose pod failed or is going away gets its new pod once the old one is gone.
    if (pods.empty()) {
      if (decision.shouldRun) nodesNeedingPods.push_back(nodeName);
      continue;
    }
    if (running.empty()) continue;
    // Keep the oldest pod; while surging, the oldest updated pod may run beside it.
    bool keptUpdated = hashOf(*running[0]) == hash;
    for (std::size_t index = 1; index < running.size(); ++index) {
      if (surging && !keptUpdated && hashOf(*running[index]) == hash) {
        keptUpdated = true;
        continue;
      }
      podsToDelete.push_back(running[index]);
    }
  }
  // Pods for nodes that are gone (Kubernetes leaves scheduled ones to the pod garbage collector,
  // which KubeLab does not run).
  for (const auto& [nodeName, pods] : nodePods) {
    if (nodeNames.count(nodeName) > 0) continue;
    for (const client::ObjectPointer& pod : pods) {
      if (!isPodTerminating(*pod)) podsToDelete.push_back(pod);
    }
  }
  return syncNodes(daemonSet, nodesNeedingPods, podsToDelete, hash);
}

std::chrono::steady_clock::duration DaemonSetController::failedPodDelay(const std::string& backoffKey) {
  constexpr auto initial = std::chrono::seconds(1);
  constexpr auto maximum = std::chrono::minutes(15);
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(backoffMutex_);
  FailedPodBackoff& backoff = failedPodBackoff_[backoffKey];
  if (backoff.delay.count() > 0 && now - backoff.lastUpdate < backoff.delay) return backoff.delay - (now - backoff.lastUpdate);
  // An entry idle for twice the maximum starts over, as flowcontrol.Backoff does.
  bool expired = backoff.delay.count() == 0 || now - backoff.lastUpdate > 2 * maximum;
  backoff.delay = expired ? std::chrono::steady_clock::duration(initial)
                          : std::min<std::chrono::steady_clock::duration>(backoff.delay * 2, maximum);
  backoff.lastUpdate = now;
  return std::chrono::steady_clock::duration::zero();
}

Status DaemonSetController::syncNodes(const json::object& daemonSet, const std::vector<std::string>& nodes,
                                      const std::vector<client::ObjectPointer>& pods, const std::string& hash) {
  std::string key = client::objectKey(daemonSet);
  // At most burstReplicas (250) creations per sync, as upstream; the rest come next sync.
  const int creations = static_cast<int>(std::min<std::size_t>(nodes.size(), kDaemonSetBurstReplicas));
  if (creations > 0) expectations_.expectCreations(key, creations);
  if (!pods.empty()) expectations_.expectDeletions(key, static_cast<int>(pods.size()));
  const json::object* podTemplate = api::objectAt(daemonSet, {"spec", "template"});
  std::atomic<int> nextNode{0};
  auto createOne = [&]() -> Status {
    const std::string& nodeName = nodes[static_cast<std::size_t>(nextNode++)];
    json::object pod = podFromTemplate(podTemplate ? *podTemplate : json::object{},
                                       controllerReferenceTo(daemonSet, "apps/v1", "DaemonSet"), api::name(daemonSet) + "-");
    json::object& metadata = api::ensureObject(pod, "metadata");
    metadata["namespace"] = api::namespaceOf(daemonSet);
    json::object& labels = api::ensureObject(metadata, "labels");
    labels[kControllerRevisionHashLabel] = hash;
    labels["pod-template-generation"] = std::to_string(api::integerAt(daemonSet, {"metadata", "generation"}));
    json::object& spec = api::ensureObject(pod, "spec");
    setDaemonPodNodeAffinity(spec, nodeName);
    addDaemonPodTolerations(spec);
    Result<json::object> created = context_.api.create(client::resources::pods, api::namespaceOf(daemonSet), pod);
    if (!created) {
      expectations_.creationObserved(key);
      recorder_->event(daemonSet, client::EventType::Warning, "FailedCreate", "Error creating: " + created.status().message());
      return created.status();
    }
    recorder_->event(daemonSet, client::EventType::Normal, "SuccessfulCreate", "Created pod: " + api::name(*created));
    return Status::ok();
  };
  // Batches of 1, 2, 4, ... that stop at the first failure, so a pod the API refuses costs one
  // request rather than one per node.
  SlowStartResult result = slowStartBatch(creations, 1, createOne);
  for (int skipped = nextNode.load(); skipped < creations; ++skipped) expectations_.creationObserved(key);
  Status firstError = result.firstError;
  for (const client::ObjectPointer& pod : pods) {
    client::DeleteOptions options;
    options.preconditionUid = api::uid(*pod);
    Status removed = context_.api.remove(client::resources::pods, api::namespaceOf(*pod), api::name(*pod), options);
    if (!removed) {
      expectations_.deletionObserved(key);
      if (removed.code() == StatusCode::NotFound) continue;
      recorder_->event(daemonSet, client::EventType::Warning, "FailedDelete", "Error deleting: " + removed.message());
      if (firstError) firstError = removed;
      continue;
    }
    recorder_->event(daemonSet, client::EventType::Normal, "SuccessfulDelete", "Deleted pod: " + api::name(*pod));
  }
  return firstError;
}

Status DaemonSetController::writeStatus(const json::object& daemonSet, const NodePods& nodePods, const std::string& hash,
                                        std::int64_t collisionCount) {
  std::int64_t desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
  auto now = std::chrono::system_clock::now();
  std::int64_t minReadySeconds = api::integerAt(daemonSet, {"spec", "minReadySeconds"});
  bool waitingForAvailability = false;
  for (const client::ObjectPointer& node : nodes_.lister().list()) {
    bool shouldRun = nodeShouldRunDaemonPod(*node, daemonSet).shouldRun;
    auto found = nodePods.find(api::name(*node));
    bool scheduled = found != nodePods.end() && !found->second.empty();
    if (!shouldRun) {
      if (scheduled) ++misscheduled;
      continue;
    }
    ++desired;
    if (!scheduled) continue;
    ++current;
    const json::object& pod = *found->second.front();
    if (isPodReady(pod)) {
      ++ready;
      if (isPodAvailable(pod, minReadySeconds, now)) {
        ++available;
      } else {
        waitingForAvailability = true;
      }
    }
    if (hashOf(pod) == hash) ++updated;
  }
  json::object status = api::objectAt(daemonSet, {"status"}) ? *api::objectAt(daemonSet, {"status"}) : json::object{};
  status["currentNumberScheduled"] = current;
  status["numberMisscheduled"] = misscheduled;
  status["desiredNumberScheduled"] = desired;
  status["numberReady"] = ready;
  status["observedGeneration"] = api::integerAt(daemonSet, {"metadata", "generation"});
  status["updatedNumberScheduled"] = updated;
  status["numberAvailable"] = available;
  status["numberUnavailable"] = desired - available;
  status["collisionCount"] = collisionCount;
  // Go omits these when zero.
  for (const char* field : {"updatedNumberScheduled", "numberAvailable", "numberUnavailable", "collisionCount"}) {
    if (const json::value* value = status.if_contains(field); value && value->is_int64() && value->as_int64() == 0) {
      status.erase(field);
    }
  }
  if (waitingForAvailability) {
    loop_.enqueueAfter(client::objectKey(daemonSet), std::chrono::seconds(std::max<std::int64_t>(minReadySeconds, 1)));
  }
  const json::object* old = api::objectAt(daemonSet, {"status"});
  if (old != nullptr && *old == status) return Status::ok();
  json::object copy = daemonSet;
  copy["status"] = std::move(status);
  Result<json::object> written = context_.api.update(client::resources::daemonSets, copy, "status");
  if (!written && written.status().code() == StatusCode::NotFound) return Status::ok();
  return written.status();
}

std::unique_ptr<Controller> newDaemonSetController(ControllerContext& context) {
  return std::make_unique<DaemonSetController>(context);
}

}  // namespace kubelab::controllers
