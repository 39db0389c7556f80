#include "cloud/cloudnodecontroller.h"

#include "cloud/servicecontroller.h"

#include <boost/json/serialize.hpp>

#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "common/logging.h"

namespace kubelab::cloud {

namespace json = boost::json;

namespace {

bool hasTaint(const json::object& node, std::string_view key) {
  if (const json::array* taints = api::arrayAt(node, {"spec", "taints"})) {
    for (const json::value& taint : *taints) {
      if (taint.is_object() && api::stringAt(taint.as_object(), {"key"}) == key) return true;
    }
  }
  return false;
}

json::array taintsWithout(const json::object& node, std::string_view key) {
  json::array kept;
  if (const json::array* taints = api::arrayAt(node, {"spec", "taints"})) {
    for (const json::value& taint : *taints) {
      if (!(taint.is_object() && api::stringAt(taint.as_object(), {"key"}) == key)) kept.push_back(taint);
    }
  }
  return kept;
}

bool isReady(const json::object& node) {
  if (const json::array* conditions = api::arrayAt(node, {"status", "conditions"})) {
    for (const json::value& condition : *conditions) {
      if (condition.is_object() && api::stringAt(condition.as_object(), {"type"}) == "Ready") {
        return api::stringAt(condition.as_object(), {"status"}) == "True";
      }
    }
  }
  return false;
}

json::object withKind(const json::object& node) {
  json::object copy = node;
  copy["apiVersion"] = "v1";
  copy["kind"] = "Node";
  return copy;
}

// A merge patch of spec.taints replaces the whole list; the resourceVersion makes it a
// compare-and-swap, so a taint another controller adds meanwhile is not lost.
Status patchNode(client::ApiInterface& api, const json::object& node, json::object patch) {
  patch["metadata"].as_object()["resourceVersion"] = api::resourceVersion(node);
  return api.patch(client::resources::nodes, "", api::name(node), client::PatchType::Merge, json::serialize(patch))
      .status();
}

}  // namespace

CloudNodeController::CloudNodeController(controllers::ControllerContext& context,
                                         std::shared_ptr<CloudInstances> instances)
    : api_(context.api),
      nodes_(context.informers.informer(client::resources::nodes).lister()),
      instances_(std::move(instances)),
      recorder_(context.recorderFor("cloud-node-controller")),
      workers_(1),
      loop_("cloud-node-controller", [this](const std::string& key) { return syncNode(key); },
            client::BackoffOptions{std::chrono::milliseconds(200), std::chrono::seconds(10)}) {
  auto enqueue = [this](const client::ObjectPointer& node) {
    if (hasTaint(*node, kUninitializedTaintKey)) loop_.enqueue(client::objectKey(*node));
  };
  context.informers.informer(client::resources::nodes)
      .addEventHandlers({enqueue, [enqueue](const client::ObjectPointer&, const client::ObjectPointer& node) {
                           enqueue(node);
                         },
                         {}});
}

CloudNodeController::~CloudNodeController() { stop(); }

void CloudNodeController::start() { loop_.start(workers_); }
void CloudNodeController::stop() { loop_.stop(); }

Status CloudNodeController::syncNode(const std::string& key) {
  client::ObjectPointer node = nodes_.getByKey(key);
  if (!node || !hasTaint(*node, kUninitializedTaintKey)) return Status::ok();
  Result<std::map<std::string, Instance>> instances = instances_->list();
  if (!instances) return unavailable("asking the cloud about node " + key + ": " + instances.status().message());
  auto instance = instances->find(api::name(*node));
  if (instance == instances->end()) {
    // Not (or no longer) ours; the lifecycle controller deletes it. Look again later, as
    // upstream does for a node the cloud does not know yet.
    return unavailable("the cloud has no instance for node " + key);
  }
  const Instance& found = instance->second;
  json::object labels{{"topology.kubernetes.io/region", found.region},
                      {"topology.kubernetes.io/zone", found.zone},
                      {"node.kubernetes.io/instance-type", found.instanceType},
                      {"failure-domain.beta.kubernetes.io/region", found.region},
                      {"failure-domain.beta.kubernetes.io/zone", found.zone},
                      {"beta.kubernetes.io/instance-type", found.instanceType}};
  // An empty list is left out, as the API's Go types leave it out (null removes it in a merge patch).
  json::array kept = taintsWithout(*node, kUninitializedTaintKey);
  json::object spec{{"taints", kept.empty() ? json::value(nullptr) : json::value(std::move(kept))}};
  // providerID is immutable once set; only an empty one is filled in.
  if (api::stringAt(*node, {"spec", "providerID"}).empty()) spec["providerID"] = found.providerId;
  Status patched = patchNode(api_, *node, json::object{{"metadata", json::object{{"labels", std::move(labels)}}},
                                                       {"spec", std::move(spec)}});
  if (!patched.isOk()) return patched;
  log::info("initialized node ", key, " (", found.providerId, ", zone ", found.zone, ")");
  recorder_->event(withKind(*node), client::EventType::Normal, "Synced",
                   "Node synced successfully: providerID " + found.providerId + ", zone " + found.zone);
  return Status::ok();
}

CloudNodeLifecycleController::CloudNodeLifecycleController(controllers::ControllerContext& context,
                                                           std::shared_ptr<CloudInstances> instances)
    : api_(context.api),
      nodes_(context.informers.informer(client::resources::nodes).lister()),
      instances_(std::move(instances)),
      recorder_(context.recorderFor("cloud-node-lifecycle-controller")),
      task_(context.timings.nodeMonitorPeriod, [this] {
        if (Status status = monitorNodes(); !status.isOk()) log::warning("cloud node lifecycle: ", status.message());
      }) {}

CloudNodeLifecycleController::~CloudNodeLifecycleController() { stop(); }

void CloudNodeLifecycleController::start() { task_.start(); }
void CloudNodeLifecycleController::stop() { task_.stop(); }

Status CloudNodeLifecycleController::monitorNodes() {
  std::vector<client::ObjectPointer> nodes = nodes_.list();
  if (nodes.empty()) return Status::ok();
  Result<std::map<std::string, Instance>> instances = instances_->list();
  if (!instances) return instances.status();  // the cloud did not answer: never a reason to delete
  for (const client::ObjectPointer& node : nodes) {
    const std::string name = api::name(*node);
    const bool ready = isReady(*node);
    if (ready && api::stringAt(*node, {"spec", "providerID"}).empty()) continue;
    auto instance = instances->find(name);
    if (instance == instances->end()) {
      log::info("deleting node ", name, ": its instance no longer exists");
      recorder_->event(withKind(*node), client::EventType::Normal, "DeletingNode",
                       "Deleting node " + name + " because it does not exist in the cloud provider");
      Status deleted = api_.remove(client::resources::nodes, "", name, client::DeleteOptions{{}, {}, api::uid(*node)});
      if (!deleted.isOk() && deleted.code() != StatusCode::NotFound && deleted.code() != StatusCode::Conflict) {
        log::warning("deleting node ", name, ": ", deleted.message());
      }
      continue;
    }
    bool tainted = hasTaint(*node, kShutdownTaintKey);
    bool shutdown = instance->second.shutdown && !ready;
    if (shutdown == tainted) continue;
    json::array taints = taintsWithout(*node, kShutdownTaintKey);
    if (shutdown) taints.push_back(json::object{{"key", kShutdownTaintKey}, {"effect", "NoSchedule"}});
    json::value list = taints.empty() ? json::value(nullptr) : json::value(std::move(taints));
    Status patched = patchNode(api_, *node, json::object{{"metadata", json::object{}}, {"spec", {{"taints", std::move(list)}}}});
    if (!patched.isOk()) log::warning("node ", name, " shutdown taint: ", patched.message());
  }
  return Status::ok();
}

namespace {

std::unique_ptr<controllers::Controller> newCloudNodeController(controllers::ControllerContext& context) {
  return std::make_unique<CloudNodeController>(context, cloudInstances());
}

std::unique_ptr<controllers::Controller> newCloudNodeLifecycleController(controllers::ControllerContext& context) {
  return std::make_unique<CloudNodeLifecycleController>(context, cloudInstances());
}

}  // namespace

const std::vector<controllers::ControllerRegistration>& cloudControllerRegistryWithNodes() {
  static const std::vector<controllers::ControllerRegistration> registry = [] {
    std::vector<controllers::ControllerRegistration> all = cloudControllerRegistry();
    all.push_back({"cloud-node-controller", &newCloudNodeController});
    all.push_back({"cloud-node-lifecycle-controller", &newCloudNodeLifecycleController});
    return all;
  }();
  return registry;
}

}  // namespace kubelab::cloud
