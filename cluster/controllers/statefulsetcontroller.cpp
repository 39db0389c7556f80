#include "controllers/statefulsetcontroller.h"

#include "api/labelselector.h"
#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "client/resource.h"
#include "controllers/controllerref.h"
#include "controllers/podutil.h"
#include "controllers/rolloutownership.h"
#include "controllers/statefulsetpods.h"

namespace kubelab::controllers {
namespace {
namespace json = boost::json;

// Never change the cache's object: copy only when a field has to change.
bool onlyStatusOrResync(const client::ObjectPointer& old, const client::ObjectPointer& current) {
  return api::resourceVersion(*old) == api::resourceVersion(*current);
}

}  // namespace

StatefulSetController::StatefulSetController(ControllerContext& context)
    : context_(context),
      sets_(context.informers.informer(client::resources::statefulSets)),
      pods_(context.informers.informer(client::resources::pods)),
      claims_(context.informers.informer(client::resources::persistentVolumeClaims)),
      revisions_(context.informers.informer(client::resources::controllerRevisions)),
      recorder_(context.recorderFor("statefulset-controller")),
      loop_("statefulset", [this](const std::string& key) { return sync(key); }) {
  auto enqueueSet = [this](const client::ObjectPointer& set) { loop_.enqueue(client::objectKey(*set)); };
  sets_.addEventHandlers({enqueueSet,
                          [this](const client::ObjectPointer& old, const client::ObjectPointer& current) {
                            if (!onlyStatusOrResync(old, current)) loop_.enqueue(client::objectKey(*current));
                          },
                          enqueueSet});
  auto enqueuePod = [this](const client::ObjectPointer& pod) { enqueueOwnerOf(pod); };
  pods_.addEventHandlers({enqueuePod,
                          [this](const client::ObjectPointer& old, const client::ObjectPointer& current) {
                            if (onlyStatusOrResync(old, current)) return;
                            enqueueOwnerOf(current);
                            auto oldOwner = controllerOf(*old);
                            auto newOwner = controllerOf(*current);
                            if (oldOwner && (!newOwner || oldOwner->uid != newOwner->uid)) enqueueOwnerOf(old);
                          },
                          enqueuePod});
}

StatefulSetController::~StatefulSetController() { stop(); }

void StatefulSetController::start() { loop_.start(context_.workersPerController); }

void StatefulSetController::stop() { loop_.stop(); }

void StatefulSetController::enqueueOwnerOf(const client::ObjectPointer& pod) {
  std::optional<OwnerReference> owner = controllerOf(*pod);
  if (!owner || owner->kind != "StatefulSet") return;
  loop_.enqueue(client::objectKey(api::namespaceOf(*pod), owner->name));
}

Status StatefulSetController::sync(const std::string& key) {
  auto [ns, name] = client::splitObjectKey(key);
  client::ObjectPointer set = sets_.lister().get(ns, name);
  if (set == nullptr) return Status::ok();  // deleted: the garbage collector removes its pods

  Result<api::LabelSelector> selector = api::LabelSelector::fromJson(api::valueAt(*set, {"spec", "selector"}));
  if (!selector || selector->matchesEverything()) {
    recorder_->event(*set, client::EventType::Warning, "InvalidSelector",
                     selector ? "empty selector is invalid for statefulset" : selector.status().message());
    return invalid("invalid selector for StatefulSet " + key);
  }
  // Its own pods, and orphans named like its members that it may adopt (upstream's isMemberOf).
  std::vector<client::ObjectPointer> candidates;
  for (const client::ObjectPointer& pod : pods_.lister().list(ns)) {
    if (isControlledBy(*pod, api::uid(*set)) || (!controllerOf(*pod) && statefulSetPodOrdinal(*set, *pod))) {
      candidates.push_back(pod);
    }
  }
  Result<std::vector<client::ObjectPointer>> claimed =
      claimObjects(context_.api, client::resources::pods, {set.get(), "apps/v1", "StatefulSet"}, *selector, candidates,
                   recheckOwner(context_.api, client::resources::statefulSets, *set));
  if (!claimed) return claimed.status();
  const std::vector<client::ObjectPointer>& pods = *claimed;

  Result<RevisionSet> revisions = reconcileRevisions(context_.api, revisions_.lister(), *set, "apps/v1", "StatefulSet");
  if (!revisions) return revisions.status();

  Status updated = Status::ok();
  if (api::valueAt(*set, {"metadata", "deletionTimestamp"}) == nullptr) updated = updatePods(*set, pods, *revisions);
  Status statusWritten = writeStatus(*set, pods, *revisions);
  if (!updated) return updated;
  if (!statusWritten) return statusWritten;
  // A pod that is Ready but not yet available for minReadySeconds changes nothing by itself later.
  std::int64_t minReadySeconds = api::integerAt(*set, {"spec", "minReadySeconds"});
  auto now = std::chrono::system_clock::now();
  for (const client::ObjectPointer& pod : pods) {
    if (minReadySeconds > 0 && isStatefulPodHealthy(*pod) && !isStatefulPodAvailable(*set, *pod, now)) {
      loop_.enqueueAfter(key, std::chrono::seconds(minReadySeconds));
      break;
    }
  }

  // History: keep what live pods and the status use, and revisionHistoryLimit more.
  std::vector<std::string> inUse{api::name(revisions->current), api::name(revisions->update)};
  for (const client::ObjectPointer& pod : pods) inUse.push_back(api::stringAt(*pod, {"metadata", "labels", kControllerRevisionHashLabel}));
  return truncateRevisionHistory(context_.api, ownedRevisions(revisions_.lister(), *set), inUse,
                                 api::integerAt(*set, {"spec", "revisionHistoryLimit"}, 10));
}

boost::json::object computeStatefulSetStatus(const boost::json::object& set,
                                             const std::vector<client::ObjectPointer>& pods,
                                             const RevisionSet& revisions, std::chrono::system_clock::time_point now) {
  std::int64_t replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
  std::string currentName = api::name(revisions.current);
  std::string updateName = api::name(revisions.update);
  for (const client::ObjectPointer& pod : pods) {
    ++replicas;
    if (isPodReady(*pod) && podPhase(*pod) == "Running") ++ready;
    if (isStatefulPodAvailable(set, *pod, now)) ++available;
    if (isPodTerminating(*pod)) continue;
    std::string revision = api::stringAt(*pod, {"metadata", "labels", kControllerRevisionHashLabel});
    if (revision == currentName) ++current;
    if (revision == updateName) ++updated;
  }
  json::object status = api::objectAt(set, {"status"}) ? *api::objectAt(set, {"status"}) : json::object{};
  status["observedGeneration"] = api::integerAt(set, {"metadata", "generation"});
  status["replicas"] = replicas;
  status["readyReplicas"] = ready;
  status["availableReplicas"] = available;
  status["currentReplicas"] = current;
  status["updatedReplicas"] = updated;
  status["currentRevision"] = currentName;
  status["updateRevision"] = updateName;
  status["collisionCount"] = revisions.collisionCount;
  // The rollout is complete once every pod runs the update revision and is ready.
  if (api::stringAt(set, {"spec", "updateStrategy", "type"}) != "OnDelete" && updated == replicas &&
      ready == replicas && replicas == statefulSetReplicas(set)) {
    status["currentReplicas"] = updated;
    status["currentRevision"] = updateName;
  }
  for (const char* field : {"readyReplicas", "availableReplicas", "currentReplicas", "updatedReplicas"}) {
    if (status[field].as_int64() == 0 && std::string_view(field) != "availableReplicas") status.erase(field);
  }
  return status;
}

Status StatefulSetController::writeStatus(const boost::json::object& set, const std::vector<client::ObjectPointer>& pods,
                                          const RevisionSet& revisions) {
  json::object status = computeStatefulSetStatus(set, pods, revisions, std::chrono::system_clock::now());
  const json::object* old = api::objectAt(set, {"status"});
  if (old != nullptr && *old == status) return Status::ok();
  json::object copy = set;
  copy["status"] = std::move(status);
  Result<json::object> written = context_.api.update(client::resources::statefulSets, copy, "status");
  if (!written && written.status().code() == StatusCode::NotFound) return Status::ok();
  return written.status();
}

std::unique_ptr<Controller> newStatefulSetController(ControllerContext& context) {
  return std::make_unique<StatefulSetController>(context);
}

}  // namespace kubelab::controllers
