#include "controllers/resourcequotacontroller.h"

#include "api/objectmeta.h"
#include "api/quotausage.h"
#include "api/resourcetypes.h"
#include "client/objectkey.h"
#include "common/logging.h"

namespace kubelab::controllers {
namespace json = boost::json;
using client::ObjectPointer;

namespace {

// Types quota never counts (as Kubernetes' quota ignores them).
bool isIgnoredByQuota(const api::ResourceType& type) {
  if (!type.namespaced || !type.hasVerb("list")) return true;
  if (type.plural == "events") return true;
  return type.group == "authorization.k8s.io" || type.group == "authentication.k8s.io";
}

json::object toJson(const api::quota::ResourceList& list) {
  json::object result;
  for (const auto& [name, quantity] : list) result[name] = quantity.toString();
  return result;
}

}  // namespace

ResourceQuotaController::ResourceQuotaController(ControllerContext& context)
    : api_(context.api),
      quotas_(context.informers.informer(client::resources::resourceQuotas)),
      workers_(context.workersPerController),
      loop_("resourcequota", [this](const std::string& key) { return syncQuota(key); }),
      // Counts of types no informer watches (count/deployments.apps, ...) catch up in the resync.
      resync_(context.timings.resyncPeriod, [this] { enqueueAll(); }) {
  auto enqueueQuota = [this](const ObjectPointer& quota) { loop_.enqueue(client::objectKey(*quota)); };
  quotas_.addEventHandlers({enqueueQuota,
                            [this](const ObjectPointer& old, const ObjectPointer& current) {
                              // Its own status writes change nothing: only a new spec needs a recount.
                              if (!old) {
                                loop_.enqueue(client::objectKey(*current));
                                return;
                              }
                              const json::value* oldHard = api::valueAt(*old, {"spec", "hard"});
                              const json::value* newHard = api::valueAt(*current, {"spec", "hard"});
                              const json::value* statusHard = api::valueAt(*current, {"status", "hard"});
                              bool specChanged = (oldHard == nullptr) != (newHard == nullptr) ||
                                                 (oldHard != nullptr && *oldHard != *newHard);
                              bool statusStale = statusHard == nullptr || newHard == nullptr || *statusHard != *newHard;
                              if (specChanged || statusStale) loop_.enqueue(client::objectKey(*current));
                            },
                            nullptr});
  namespace r = client::resources;
  for (const client::GroupVersionResource& resource :
       {r::pods, r::services, r::configMaps, r::secrets, r::persistentVolumeClaims, r::replicationControllers,
        // count/<resource>.<group> quotas on the workloads, whose informers the controller-manager shares anyway
        r::deployments, r::replicaSets, r::statefulSets, r::daemonSets, r::jobs, r::cronJobs}) {
    client::Informer& informer = context.informers.informer(resource);
    auto enqueueNamespace = [this](const ObjectPointer& object) { enqueueQuotasOf(api::namespaceOf(*object)); };
    informer.addEventHandlers({enqueueNamespace,
                               [this](const ObjectPointer& old, const ObjectPointer& current) {
                                 if (old && api::resourceVersion(*old) == api::resourceVersion(*current)) return;
                                 enqueueQuotasOf(api::namespaceOf(*current));
                               },
                               enqueueNamespace});
    watched_.push_back(&informer);
  }
}

ResourceQuotaController::~ResourceQuotaController() { stop(); }

void ResourceQuotaController::start() {
  loop_.start(workers_);
  resync_.start();
}

void ResourceQuotaController::stop() {
  resync_.stop();
  loop_.stop();
}

void ResourceQuotaController::enqueueAll() {
  for (const ObjectPointer& quota : quotas_.indexer().list()) loop_.enqueue(client::objectKey(*quota));
}

void ResourceQuotaController::enqueueQuotasOf(const std::string& ns) {
  if (ns.empty()) return;
  for (const ObjectPointer& quota : quotas_.lister().list(ns)) loop_.enqueue(client::objectKey(*quota));
}

Result<std::vector<json::object>> ResourceQuotaController::objectsOf(const client::GroupVersionResource& resource,
                                                                     const std::string& ns) {
  std::vector<json::object> result;
  for (client::Informer* informer : watched_) {
    if (informer->resource() != resource) continue;
    for (const ObjectPointer& object : informer->lister().list(ns)) result.push_back(*object);
    return result;
  }
  Result<client::ObjectList> listed = client::listAll(api_, resource, ns);
  if (!listed.isOk()) return listed.status();
  return std::move(listed->items);
}

Status ResourceQuotaController::syncQuota(const std::string& key) {
  auto [ns, quotaName] = client::splitObjectKey(key);
  ObjectPointer quota = quotas_.lister().get(ns, quotaName);
  if (!quota) return Status::ok();
  api::quota::ResourceList hard = api::quota::parseResourceList(api::objectAt(*quota, {"spec", "hard"}));
  api::quota::ResourceList used;
  for (const auto& [resourceName, limit] : hard) used.emplace(resourceName, api::Quantity{0, api::QuantityFormat::DecimalSI});

  auto now = std::chrono::system_clock::now();
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    if (isIgnoredByQuota(type)) continue;
    api::quota::ResourceList tracked;
    for (const auto& [resourceName, limit] : hard) {
      if (api::quota::tracksResource(type, resourceName)) tracked.emplace(resourceName, limit);
    }
    if (tracked.empty()) continue;
    // core/v1 and events.k8s.io share storage; other duplicates do not exist among our types.
    Result<std::vector<json::object>> objects = objectsOf({type.group, type.version, type.plural, true}, ns);
    if (!objects.isOk()) return objects.status();
    for (const json::object& object : *objects) {
      if (!api::quota::matchesScopes(type, *quota, object)) continue;
      api::quota::ResourceList usage;
      for (auto& [resourceName, quantity] : api::quota::objectUsage(type, object, now)) {
        if (tracked.contains(resourceName)) usage.emplace(resourceName, quantity);
      }
      api::quota::addTo(used, usage);
    }
  }

  json::object status{{"hard", toJson(hard)}, {"used", toJson(used)}};
  const json::value* currentStatus = quota->if_contains("status");
  if (currentStatus != nullptr && *currentStatus == json::value(status)) return Status::ok();
  json::object updated = *quota;
  updated["status"] = std::move(status);
  Result<json::object> written = api_.update(client::resources::resourceQuotas, updated, "status");
  if (!written.isOk()) {
    if (written.status().code() == StatusCode::NotFound) return Status::ok();
    log::warning("resourcequota: updating ", key, ": ", written.status().toString());
    return written.status();
  }
  return Status::ok();
}

std::unique_ptr<Controller> newResourceQuotaController(ControllerContext& context) {
  return std::make_unique<ResourceQuotaController>(context);
}

}  // namespace kubelab::controllers
