#include "controllers/namespacecontroller.h"

#include "api/objectmeta.h"
#include "api/resourcetypes.h"
#include "client/objectkey.h"
#include "common/logging.h"
#include "controllers/podutil.h"

namespace kubelab::controllers {
namespace json = boost::json;
using client::ObjectPointer;

namespace {

constexpr const char* kKubernetesFinalizer = "kubernetes";

bool isTerminating(const json::object& object) {
  return !api::stringAt(object, {"metadata", "deletionTimestamp"}).empty();
}

bool hasSpecFinalizer(const json::object& ns, std::string_view finalizer) {
  if (const json::array* finalizers = api::arrayAt(ns, {"spec", "finalizers"})) {
    for (const json::value& value : *finalizers) {
      if (value.is_string() && value.get_string() == finalizer) return true;
    }
  }
  return false;
}

// The namespaced types to empty: everything served that can be listed and deleted.
std::vector<client::GroupVersionResource> namespacedResources() {
  std::vector<client::GroupVersionResource> result;
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    if (!type.namespaced || !type.hasVerb("list") || !type.hasVerb("delete")) continue;
    // events.k8s.io/v1 Events are the core/v1 Events stored once; emptying one empties both.
    if (type.group == "events.k8s.io") continue;
    result.push_back({type.group, type.version, type.plural, true});
  }
  return result;
}

// "pods." or "replicasets.apps", as Kubernetes names resources in the namespace conditions.
std::string qualifiedName(const client::GroupVersionResource& resource) {
  return resource.plural + "." + resource.group;
}

}  // namespace

NamespaceController::NamespaceController(ControllerContext& context)
    : api_(context.api),
      namespaces_(context.informers.informer(client::resources::namespaces).lister()),
      workers_(context.workersPerController),
      loop_("namespace", [this](const std::string& key) { return syncNamespace(key); }) {
  auto enqueueIfTerminating = [this](const ObjectPointer& ns) {
    if (isTerminating(*ns)) loop_.enqueue(client::objectKey(*ns));
  };
  context.informers.informer(client::resources::namespaces)
      .addEventHandlers({enqueueIfTerminating,
                         [enqueueIfTerminating](const ObjectPointer&, const ObjectPointer& current) {
                           enqueueIfTerminating(current);
                         },
                         nullptr});
}

NamespaceController::~NamespaceController() { stop(); }

void NamespaceController::start() { loop_.start(workers_); }

void NamespaceController::stop() { loop_.stop(); }

namespaces::DeletionReport NamespaceController::deleteContent(const std::string& ns) {
  namespaces::DeletionReport report;
  for (const client::GroupVersionResource& resource : namespacedResources()) {
    Result<client::ObjectList> listed = client::listAll(api_, resource, ns);
    if (!listed.isOk()) {
      // A type this server does not serve has nothing to delete.
      if (listed.status().code() != StatusCode::NotFound) {
        report.deleteErrors.push_back(qualifiedName(resource) + ": " + listed.status().message());
      }
      continue;
    }
    if (listed->items.empty()) continue;
    bool deletedAny = false;
    for (const json::object& item : listed->items) {
      if (isTerminating(item)) continue;
      client::DeleteOptions options;
      options.propagationPolicy = "Background";
      options.preconditionUid = api::uid(item);
      Status removed = api_.remove(resource, ns, api::name(item), options);
      if (!removed.isOk() && removed.code() != StatusCode::NotFound && removed.code() != StatusCode::Conflict) {
        report.deleteErrors.push_back(qualifiedName(resource) + ": " + removed.message());
        break;
      }
      deletedAny = true;
    }
    // What the deletes left behind: objects in a grace period or held by finalizers.
    Result<client::ObjectList> remaining = deletedAny ? client::listAll(api_, resource, ns) : listed;
    if (!remaining.isOk()) {
      report.deleteErrors.push_back(qualifiedName(resource) + ": " + remaining.status().message());
      continue;
    }
    for (const json::object& item : remaining->items) {
      ++report.remainingByResource[qualifiedName(resource)];
      if (const json::array* finalizers = api::arrayAt(item, {"metadata", "finalizers"})) {
        for (const json::value& finalizer : *finalizers) {
          if (finalizer.is_string()) ++report.remainingByFinalizer[std::string(finalizer.get_string())];
        }
      }
    }
  }
  return report;
}

Status NamespaceController::syncNamespace(const std::string& key) {
  ObjectPointer cached = namespaces_.getByKey(key);
  if (!cached || !isTerminating(*cached)) return Status::ok();
  // The cache may be behind: act on what the server has now.
  Result<json::object> live = api_.get(client::resources::namespaces, "", key);
  if (!live.isOk()) return live.status().code() == StatusCode::NotFound ? Status::ok() : live.status();
  json::object ns = std::move(*live);
  if (!isTerminating(ns) || !hasSpecFinalizer(ns, kKubernetesFinalizer)) return Status::ok();

  namespaces::DeletionReport report = deleteContent(key);
  if (namespaces::applyDeletionConditions(ns, report, formatTimestamp(std::chrono::system_clock::now()))) {
    Result<json::object> updated = api_.update(client::resources::namespaces, ns, "status");
    if (!updated.isOk()) return updated.status().code() == StatusCode::NotFound ? Status::ok() : updated.status();
    ns = std::move(*updated);
  }
  if (!report.deleteErrors.empty()) {
    log::warning("namespace: deleting the content of ", key, ": ", report.deleteErrors.front());
    return unavailable("content of namespace " + key + " could not be deleted: " + report.deleteErrors.front());
  }
  if (report.anythingRemaining()) {
    // Pods in their grace period and objects with finalizers go on their own; look again soon.
    loop_.enqueueAfter(key, recheckDelay_);
    return Status::ok();
  }

  json::array kept;
  for (const json::value& finalizer : *api::arrayAt(ns, {"spec", "finalizers"})) {
    if (!(finalizer.is_string() && finalizer.get_string() == kKubernetesFinalizer)) kept.push_back(finalizer);
  }
  api::ensureObject(ns, "spec")["finalizers"] = kept;
  Result<json::object> finalized = api_.update(client::resources::namespaces, ns, "finalize");
  if (!finalized.isOk()) return finalized.status().code() == StatusCode::NotFound ? Status::ok() : finalized.status();
  // Kubernetes' API server removes a finalized namespace only on the next delete (the controller
  // sends it); ours removes it with the finalize update, and this delete then finds nothing.
  if (kept.empty()) {
    client::DeleteOptions options;
    options.preconditionUid = api::uid(ns);
    Status removed = api_.remove(client::resources::namespaces, "", key, options);
    if (!removed.isOk() && removed.code() != StatusCode::NotFound && removed.code() != StatusCode::Conflict) {
      return removed;
    }
  }
  log::info("namespace: ", key, " finalized");
  return Status::ok();
}

std::unique_ptr<Controller> newNamespaceController(ControllerContext& context) {
  return std::make_unique<NamespaceController>(context);
}

}  // namespace kubelab::controllers
