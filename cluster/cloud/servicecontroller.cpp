#include "cloud/servicecontroller.h"

#include <boost/json/serialize.hpp>

#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "common/logging.h"

namespace kubelab::cloud {

namespace {

bool wantsLoadBalancer(const boost::json::object& service) {
  return api::stringAt(service, {"spec", "type"}) == "LoadBalancer" &&
         api::stringAt(service, {"metadata", "deletionTimestamp"}).empty();
}

bool hasFinalizer(const boost::json::object& service) {
  if (const auto* finalizers = api::arrayAt(service, {"metadata", "finalizers"})) {
    for (const auto& finalizer : *finalizers) {
      if (finalizer.is_string() && finalizer.get_string() == kLoadBalancerCleanupFinalizer) return true;
    }
  }
  return false;
}

// The first ingress IP in the Service's status, "" if none.
std::string ingressAddress(const boost::json::object& service) {
  if (const auto* ingress = api::arrayAt(service, {"status", "loadBalancer", "ingress"})) {
    if (!ingress->empty() && ingress->front().is_object()) return api::stringAt(ingress->front().get_object(), {"ip"});
  }
  return "";
}

boost::json::object withKind(const boost::json::object& service) {
  boost::json::object copy = service;
  copy["apiVersion"] = "v1";
  copy["kind"] = "Service";
  return copy;
}

}  // namespace

ServiceController::ServiceController(controllers::ControllerContext& context)
    : api_(context.api),
      services_(context.informers.informer(client::resources::services).lister()),
      recorder_(context.recorderFor("service-controller")),
      workers_(context.workersPerController),
      loop_("service-lb-controller", [this](const std::string& key) { return syncService(key); },
            client::BackoffOptions{std::chrono::milliseconds(200), std::chrono::seconds(30)}) {
  auto enqueue = [this](const client::ObjectPointer& service) { loop_.enqueue(client::objectKey(*service)); };
  context.informers.informer(client::resources::services)
      .addEventHandlers({enqueue,
                         [this, enqueue](const client::ObjectPointer& old, const client::ObjectPointer& current) {
                           if (api::resourceVersion(*old) != api::resourceVersion(*current)) enqueue(current);
                         },
                         enqueue});
}

ServiceController::~ServiceController() { stop(); }

void ServiceController::start() {
  // Addresses Services already carry stay theirs across restarts of this controller.
  for (const auto& service : services_.list()) {
    std::string address = ingressAddress(*service);
    if (!address.empty() && wantsLoadBalancer(*service)) pool_.adopt(client::objectKey(*service), address);
  }
  loop_.start(workers_);
}

void ServiceController::stop() { loop_.stop(); }

Status ServiceController::syncService(const std::string& key) {
  client::ObjectPointer service = services_.getByKey(key);
  if (!service) {
    pool_.release(key);
    return Status::ok();
  }
  if (wantsLoadBalancer(*service)) return ensureLoadBalancer(*service, key);
  return deleteLoadBalancer(*service, key);
}

Status ServiceController::setFinalizer(const boost::json::object& service, bool present) {
  boost::json::array finalizers;
  if (const auto* current = api::arrayAt(service, {"metadata", "finalizers"})) {
    for (const auto& finalizer : *current) {
      if (!(finalizer.is_string() && finalizer.get_string() == kLoadBalancerCleanupFinalizer)) finalizers.push_back(finalizer);
    }
  }
  if (present) finalizers.push_back(boost::json::value(kLoadBalancerCleanupFinalizer));
  // The resourceVersion makes this a compare-and-swap: another writer's finalizer is never lost.
  boost::json::object patch{{"metadata",
                             {{"finalizers", std::move(finalizers)}, {"resourceVersion", api::resourceVersion(service)}}}};
  return api_.patch(client::resources::services, api::namespaceOf(service), api::name(service), client::PatchType::Merge,
                    boost::json::serialize(patch))
      .status();
}

Status ServiceController::ensureLoadBalancer(const boost::json::object& service, const std::string& key) {
  if (!hasFinalizer(service)) return setFinalizer(service, true);  // the update brings us back here
  std::string current = ingressAddress(service);
  if (!current.empty()) pool_.adopt(key, current);
  auto address = pool_.assign(key, api::stringAt(service, {"spec", "loadBalancerIP"}));
  if (!address) {
    recorder_->event(withKind(service), client::EventType::Warning, "SyncLoadBalancerFailed",
                     "Error syncing load balancer: failed to ensure load balancer: " + address.status().message());
    return address.status().code() == StatusCode::Invalid ? address.status() : unavailable(address.status().message());
  }
  if (current == *address) return Status::ok();
  recorder_->event(withKind(service), client::EventType::Normal, "EnsuringLoadBalancer", "Ensuring load balancer");
  boost::json::object patch{
      {"status", {{"loadBalancer", {{"ingress", boost::json::array{{{"ip", *address}, {"ipMode", "VIP"}}}}}}}}};
  auto patched = api_.patch(client::resources::services, api::namespaceOf(service), api::name(service),
                            client::PatchType::Merge, boost::json::serialize(patch), "status");
  if (!patched) return patched.status();
  log::info("service ", key, ": load balancer at ", *address);
  recorder_->event(withKind(service), client::EventType::Normal, "EnsuredLoadBalancer", "Ensured load balancer");
  return Status::ok();
}

Status ServiceController::deleteLoadBalancer(const boost::json::object& service, const std::string& key) {
  bool hadAddress = !ingressAddress(service).empty() || pool_.addressOf(key).has_value();
  if (hadAddress) {
    recorder_->event(withKind(service), client::EventType::Normal, "DeletingLoadBalancer", "Deleting load balancer");
    if (!ingressAddress(service).empty()) {
      boost::json::object patch{{"status", {{"loadBalancer", {{"ingress", nullptr}}}}}};
      auto patched = api_.patch(client::resources::services, api::namespaceOf(service), api::name(service),
                                client::PatchType::Merge, boost::json::serialize(patch), "status");
      if (!patched && patched.status().code() != StatusCode::NotFound) return patched.status();
    }
    pool_.release(key);
    recorder_->event(withKind(service), client::EventType::Normal, "DeletedLoadBalancer", "Deleted load balancer");
  }
  if (hasFinalizer(service)) {
    Status removed = setFinalizer(service, false);
    if (removed.code() == StatusCode::NotFound) return Status::ok();
    return removed;
  }
  return Status::ok();
}

std::unique_ptr<controllers::Controller> newServiceController(controllers::ControllerContext& context) {
  return std::make_unique<ServiceController>(context);
}

const std::vector<controllers::ControllerRegistration>& cloudControllerRegistry() {
  static const std::vector<controllers::ControllerRegistration> registry = {{"service-lb-controller", &newServiceController}};
  return registry;
}

}  // namespace kubelab::cloud
