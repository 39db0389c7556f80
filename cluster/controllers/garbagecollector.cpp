#include "controllers/garbagecollector.h"

#include <boost/json/array.hpp>

#include <algorithm>
#include <functional>

#include "api/objectmeta.h"
#include "api/resourcetypes.h"
#include "common/logging.h"

namespace kubelab::controllers {
namespace json = boost::json;
using client::ObjectPointer;

namespace {

constexpr const char* kUidIndex = "garbagecollector.uid";
constexpr const char* kOwnerUidIndex = "garbagecollector.owner-uid";
constexpr const char* kForegroundFinalizer = "foregroundDeletion";
constexpr const char* kOrphanFinalizer = "orphan";

bool isDeleting(const json::object& object) {
  return !api::stringAt(object, {"metadata", "deletionTimestamp"}).empty();
}

bool hasFinalizer(const json::object& object, std::string_view finalizer) {
  if (const json::array* finalizers = api::arrayAt(object, {"metadata", "finalizers"})) {
    for (const json::value& value : *finalizers) {
      if (value.is_string() && value.get_string() == finalizer) return true;
    }
  }
  return false;
}

const json::array* ownerReferences(const json::object& object) {
  return api::arrayAt(object, {"metadata", "ownerReferences"});
}

bool hasOwners(const json::object& object) {
  const json::array* references = ownerReferences(object);
  return references != nullptr && !references->empty();
}

bool waitsForCollector(const json::object& object) {
  return isDeleting(object) && (hasFinalizer(object, kForegroundFinalizer) || hasFinalizer(object, kOrphanFinalizer));
}

// Whether `dependent`'s reference to `ownerUid` has blockOwnerDeletion set.
bool blocksOwner(const json::object& dependent, const std::string& ownerUid) {
  if (const json::array* references = ownerReferences(dependent)) {
    for (const json::value& value : *references) {
      const json::object* reference = value.if_object();
      if (reference != nullptr && api::stringAt(*reference, {"uid"}) == ownerUid &&
          api::booleanAt(*reference, {"blockOwnerDeletion"})) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

const std::vector<client::GroupVersionResource>& garbageCollectedResources() {
  namespace r = client::resources;
  static const std::vector<client::GroupVersionResource> resources{
      r::pods,         r::replicaSets,  r::deployments, r::statefulSets,           r::daemonSets,
      r::jobs,         r::cronJobs,     r::controllerRevisions, r::persistentVolumeClaims, r::endpointSlices,
      r::endpoints,    r::services,     r::configMaps,  r::secrets,                r::replicationControllers,
      r::serviceAccounts, r::leases,       r::nodes,
  };
  return resources;
}

GarbageCollector::GarbageCollector(ControllerContext& context)
    : api_(context.api),
      workers_(context.workersPerController),
      loop_("garbagecollector", [this](const std::string& key) { return syncItem(key); }),
      resync_(context.timings.resyncPeriod, [this] { enqueueAll(); }) {
  monitors_.reserve(garbageCollectedResources().size());
  for (const client::GroupVersionResource& resource : garbageCollectedResources()) {
    client::Informer& informer = context.informers.informer(resource);
    informer.indexer().addIndex(kUidIndex, [](const json::object& object) {
      return std::vector<std::string>{api::uid(object)};
    });
    informer.indexer().addIndex(kOwnerUidIndex, [](const json::object& object) {
      std::vector<std::string> owners;
      if (const json::array* references = ownerReferences(object)) {
        for (const json::value& value : *references) {
          if (const json::object* reference = value.if_object()) owners.push_back(api::stringAt(*reference, {"uid"}));
        }
      }
      return owners;
    });
    monitors_.push_back(Monitor{resource, &informer});
  }
  for (const Monitor& monitor : monitors_) {
    const Monitor* pointer = &monitor;
    monitor.informer->addEventHandlers(
        {[this, pointer](const ObjectPointer& object) { onObjectChanged(*pointer, object); },
         [this, pointer](const ObjectPointer& old, const ObjectPointer& current) {
           if (old && api::resourceVersion(*old) == api::resourceVersion(*current)) return;
           // Heartbeats and status writes change nothing the collector looks at.
           const json::array* oldReferences = old ? ownerReferences(*old) : nullptr;
           const json::array* newReferences = ownerReferences(*current);
           bool referencesChanged = (oldReferences == nullptr) != (newReferences == nullptr) ||
                                    (oldReferences != nullptr && *oldReferences != *newReferences);
           if (referencesChanged || waitsForCollector(*current)) onObjectChanged(*pointer, current);
         },
         [this, pointer](const ObjectPointer& object) { onObjectDeleted(*pointer, object); }});
  }
}

GarbageCollector::~GarbageCollector() { stop(); }

void GarbageCollector::start() {
  loop_.start(workers_);
  resync_.start();
}

void GarbageCollector::stop() {
  resync_.stop();
  loop_.stop();
}

void GarbageCollector::enqueueAll() {
  for (const Monitor& monitor : monitors_) {
    for (const ObjectPointer& object : monitor.informer->indexer().list()) {
      if (hasOwners(*object) || waitsForCollector(*object)) loop_.enqueue(itemKey(monitor.resource, *object));
    }
  }
}

std::string GarbageCollector::itemKey(const client::GroupVersionResource& resource, const json::object& object) {
  std::string key = resource.group + "/" + resource.plural + "|";
  std::string ns = api::namespaceOf(object);
  if (!ns.empty()) key += ns + "/";
  return key + api::name(object);
}

const GarbageCollector::Monitor* GarbageCollector::monitorFor(std::string_view group, std::string_view plural) const {
  for (const Monitor& monitor : monitors_) {
    if (monitor.resource.group == group && monitor.resource.plural == plural) return &monitor;
  }
  return nullptr;
}

void GarbageCollector::onObjectChanged(const Monitor& monitor, const ObjectPointer& object) {
  if (hasOwners(*object) || waitsForCollector(*object)) loop_.enqueue(itemKey(monitor.resource, *object));
}

void GarbageCollector::onObjectDeleted(const Monitor&, const ObjectPointer& object) {
  // Its dependents may now be orphans, and an owner waiting in the foreground may be unblocked.
  for (const auto& [dependentMonitor, dependent] : dependentsOf(api::uid(*object))) {
    loop_.enqueue(itemKey(dependentMonitor->resource, *dependent));
  }
  if (const json::array* references = ownerReferences(*object)) {
    for (const json::value& value : *references) {
      const json::object* reference = value.if_object();
      if (reference == nullptr) continue;
      if (auto owner = cachedByUid(api::stringAt(*reference, {"uid"}))) {
        if (waitsForCollector(*owner->second)) loop_.enqueue(itemKey(owner->first->resource, *owner->second));
      }
    }
  }
}

std::vector<std::pair<const GarbageCollector::Monitor*, ObjectPointer>> GarbageCollector::dependentsOf(
    const std::string& ownerUid) const {
  std::vector<std::pair<const Monitor*, ObjectPointer>> result;
  if (ownerUid.empty()) return result;
  for (const Monitor& monitor : monitors_) {
    for (ObjectPointer& dependent : monitor.informer->indexer().byIndex(kOwnerUidIndex, ownerUid)) {
      result.emplace_back(&monitor, std::move(dependent));
    }
  }
  return result;
}

std::optional<std::pair<const GarbageCollector::Monitor*, ObjectPointer>> GarbageCollector::cachedByUid(
    const std::string& uid) const {
  if (uid.empty()) return std::nullopt;
  for (const Monitor& monitor : monitors_) {
    std::vector<ObjectPointer> found = monitor.informer->indexer().byIndex(kUidIndex, uid);
    if (!found.empty()) return std::make_pair(&monitor, found.front());
  }
  return std::nullopt;
}

Result<GarbageCollector::OwnerState> GarbageCollector::ownerState(const json::object& dependent,
                                                                  const json::object& reference) {
  std::string ownerUid = api::stringAt(reference, {"uid"});
  auto stateOf = [](const json::object& owner) {
    return isDeleting(owner) && hasFinalizer(owner, kForegroundFinalizer) ? OwnerState::WaitingForDependents
                                                                          : OwnerState::Solid;
  };
  if (auto cached = cachedByUid(ownerUid)) return stateOf(*cached->second);
  // Not in a cache: either a type not watched here, or really gone. Ask the server.
  const api::ResourceType* type =
      api::findResourceTypeByKind(api::stringAt(reference, {"apiVersion"}), api::stringAt(reference, {"kind"}));
  if (type == nullptr) return OwnerState::Solid;  // a kind we cannot look up is never assumed absent
  // A cluster-scoped object cannot name a namespaced owner; Kubernetes leaves such objects alone.
  if (type->namespaced && api::namespaceOf(dependent).empty()) return OwnerState::Solid;
  client::GroupVersionResource resource{type->group, type->version, type->plural, type->namespaced};
  Result<json::object> live = api_.get(resource, type->namespaced ? api::namespaceOf(dependent) : std::string(),
                                       api::stringAt(reference, {"name"}));
  if (!live.isOk()) {
    if (live.status().code() == StatusCode::NotFound) return OwnerState::Dangling;
    return live.status();
  }
  // Same name, another incarnation: the owner this reference meant is gone.
  if (api::uid(*live) != ownerUid) return OwnerState::Dangling;
  return stateOf(*live);
}

Status GarbageCollector::syncItem(const std::string& key) {
  std::size_t bar = key.find('|');
  std::size_t slash = key.find('/');
  if (bar == std::string::npos || slash == std::string::npos || slash > bar) return invalid("bad item key " + key);
  const Monitor* monitor = monitorFor(key.substr(0, slash), key.substr(slash + 1, bar - slash - 1));
  if (monitor == nullptr) return invalid("not a collected resource: " + key);
  ObjectPointer object = monitor->informer->indexer().get(key.substr(bar + 1));
  if (!object) return Status::ok();
  if (isDeleting(*object)) return processDeletingOwner(*monitor, *object);

  const json::array* references = ownerReferences(*object);
  if (references == nullptr || references->empty()) return Status::ok();
  std::vector<std::string> solid;
  std::vector<std::string> dangling;
  std::vector<std::string> waiting;
  for (const json::value& value : *references) {
    const json::object* reference = value.if_object();
    if (reference == nullptr) continue;
    Result<OwnerState> state = ownerState(*object, *reference);
    if (!state.isOk()) return state.status();
    std::string ownerUid = api::stringAt(*reference, {"uid"});
    if (*state == OwnerState::Solid) solid.push_back(ownerUid);
    if (*state == OwnerState::Dangling) dangling.push_back(ownerUid);
    if (*state == OwnerState::WaitingForDependents) waiting.push_back(ownerUid);
  }
  if (!dangling.empty() || !waiting.empty()) {
    // The cache may lag behind writes, the collector's own among them (a dependent it just
    // orphaned still names its deleted owner here): act only on what the object says now, as
    // Kubernetes' collector does with its live GET of the item.
    Result<json::object> live = api_.get(monitor->resource, api::namespaceOf(*object), api::name(*object));
    if (!live.isOk()) return live.status().code() == StatusCode::NotFound ? Status::ok() : live.status();
    if (api::uid(*live) != api::uid(*object)) return Status::ok();
    const json::array* liveReferences = ownerReferences(*live);
    if (liveReferences == nullptr || *liveReferences != *references) {
      return unavailable("garbagecollector: the cached " + key + " is older than the object; retrying");
    }
  }
  if (!solid.empty()) {
    // Still owned: only the references to owners that are gone or going are dropped.
    if (dangling.empty() && waiting.empty()) return Status::ok();
    std::vector<std::string> drop = dangling;
    drop.insert(drop.end(), waiting.begin(), waiting.end());
    return removeOwnerReferences(*monitor, *object, drop);
  }
  // Every owner is gone or going. An owner waiting for its dependents needs this object's own
  // dependents gone first, so this object is deleted in the foreground too.
  std::string policy = "Background";
  if (!waiting.empty() && !dependentsOf(api::uid(*object)).empty()) policy = "Foreground";
  log::info("garbagecollector: deleting ", key, " (", policy, "): its owners are gone");
  return deleteObject(*monitor, *object, policy);
}

Status GarbageCollector::processDeletingOwner(const Monitor& monitor, const json::object& owner) {
  if (hasFinalizer(owner, kOrphanFinalizer)) return orphanDependents(monitor, owner);
  if (hasFinalizer(owner, kForegroundFinalizer)) return deleteDependentsInForeground(monitor, owner);
  return Status::ok();
}

Status GarbageCollector::orphanDependents(const Monitor& monitor, const json::object& owner) {
  std::string ownerUid = api::uid(owner);
  for (const auto& [dependentMonitor, dependent] : dependentsOf(ownerUid)) {
    Status released = removeOwnerReferences(*dependentMonitor, *dependent, {ownerUid});
    if (!released.isOk() && released.code() != StatusCode::NotFound) return released;
  }
  return removeFinalizer(monitor, owner, kOrphanFinalizer);
}

Status GarbageCollector::deleteDependentsInForeground(const Monitor& monitor, const json::object& owner) {
  std::string ownerUid = api::uid(owner);
  bool blocked = false;
  for (const auto& [dependentMonitor, dependent] : dependentsOf(ownerUid)) {
    if (blocksOwner(*dependent, ownerUid)) blocked = true;
    if (isDeleting(*dependent)) continue;
    // A dependent with dependents of its own goes in the foreground too, so the whole tree is
    // gone before the owner (a Deployment waits for its ReplicaSets' pods).
    std::string policy = dependentsOf(api::uid(*dependent)).empty() ? "Background" : "Foreground";
    Status removed = deleteObject(*dependentMonitor, *dependent, policy);
    if (!removed.isOk()) return removed;
  }
  if (blocked) return Status::ok();  // a dependent's delete event brings the owner back here
  return removeFinalizer(monitor, owner, kForegroundFinalizer);
}

namespace {

// Reads the object fresh, changes it, and writes it back, retrying a few times on Conflict
// (the cache is usually a little behind, and the kubelet or a controller may write meanwhile).
// `change` returns false when there is nothing to change.
Status updateFresh(client::ApiInterface& api, const client::GroupVersionResource& resource, const json::object& object,
                   const std::function<bool(json::object&)>& change) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    Result<json::object> live = api.get(resource, api::namespaceOf(object), api::name(object));
    if (!live.isOk()) return live.status().code() == StatusCode::NotFound ? Status::ok() : live.status();
    if (api::uid(*live) != api::uid(object)) return Status::ok();  // another incarnation
    if (!change(*live)) return Status::ok();
    Result<json::object> updated = api.update(resource, *live);
    if (updated.isOk() || updated.status().code() == StatusCode::NotFound) return Status::ok();
    if (updated.status().code() != StatusCode::Conflict) return updated.status();
  }
  return conflict("object " + api::name(object) + " kept changing");
}

}  // namespace

Status GarbageCollector::removeFinalizer(const Monitor& monitor, const json::object& object,
                                         std::string_view finalizer) {
  return updateFresh(api_, monitor.resource, object, [finalizer](json::object& live) {
    json::array* finalizers = nullptr;
    if (json::value* value = api::ensureObject(live, "metadata").if_contains("finalizers")) finalizers = value->if_array();
    if (finalizers == nullptr) return false;
    json::array kept;
    for (const json::value& value : *finalizers) {
      if (!(value.is_string() && value.get_string() == finalizer)) kept.push_back(value);
    }
    if (kept.size() == finalizers->size()) return false;
    *finalizers = std::move(kept);
    return true;
  });
}

Status GarbageCollector::removeOwnerReferences(const Monitor& monitor, const json::object& object,
                                               const std::vector<std::string>& ownerUids) {
  return updateFresh(api_, monitor.resource, object, [&ownerUids](json::object& live) {
    json::array* references = nullptr;
    if (json::value* value = api::ensureObject(live, "metadata").if_contains("ownerReferences")) {
      references = value->if_array();
    }
    if (references == nullptr) return false;
    json::array kept;
    for (const json::value& value : *references) {
      const json::object* reference = value.if_object();
      std::string uid = reference == nullptr ? std::string() : api::stringAt(*reference, {"uid"});
      if (std::find(ownerUids.begin(), ownerUids.end(), uid) == ownerUids.end()) kept.push_back(value);
    }
    if (kept.size() == references->size()) return false;
    if (kept.empty()) {
      api::ensureObject(live, "metadata").erase("ownerReferences");
    } else {
      *references = std::move(kept);
    }
    return true;
  });
}

Status GarbageCollector::deleteObject(const Monitor& monitor, const json::object& object, const std::string& policy) {
  client::DeleteOptions options;
  options.propagationPolicy = policy;
  options.preconditionUid = api::uid(object);
  Status removed = api_.remove(monitor.resource, api::namespaceOf(object), api::name(object), options);
  // Gone already, or a newer incarnation under the same name (the precondition failed): done.
  if (removed.code() == StatusCode::NotFound || removed.code() == StatusCode::Conflict) return Status::ok();
  return removed;
}

std::unique_ptr<Controller> newGarbageCollector(ControllerContext& context) {
  return std::make_unique<GarbageCollector>(context);
}

}  // namespace kubelab::controllers
