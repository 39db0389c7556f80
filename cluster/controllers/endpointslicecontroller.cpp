#include "controllers/endpointslicecontroller.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>

#include "api/labelselector.h"
#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "common/logging.h"
#include "controllers/controllerref.h"
#include "controllers/endpointsbuilder.h"
#include "controllers/serviceendpointtriggers.h"
#include "controllers/podutil.h"

namespace kubelab::controllers {
namespace json = boost::json;
using client::ObjectPointer;

namespace {

bool sameResourceVersion(const ObjectPointer& old, const ObjectPointer& current) {
  return old && current && api::resourceVersion(*old) == api::resourceVersion(*current);
}

bool isNamespaceTerminating(const Status& status) {
  return status.code() == StatusCode::Forbidden && status.message().find("being terminated") != std::string::npos;
}

// resourceVersions are opaque to clients, but both kubelab and etcd-backed servers use the
// store's revision, so a longer or larger decimal string is a later write.
bool isNewerVersion(const std::string& candidate, const std::string& reference) {
  if (candidate.size() != reference.size()) return candidate.size() > reference.size();
  return candidate > reference;
}

// One slice's worth of content: what the controller wants a slice to hold.
struct DesiredSlice {
  std::string addressType;
  json::array ports;
  json::array endpoints;
};

// podToEndpoint: the pod as one endpoint with Kubernetes' condition rules (a terminating pod is
// never ready, unless the Service publishes not-ready addresses).
json::object podEndpoint(const json::object& service, const json::object& pod, const std::string& zone) {
  bool publishNotReady = api::booleanAt(service, {"spec", "publishNotReadyAddresses"});
  bool serving = publishNotReady || isPodReady(pod);
  bool terminating = isPodTerminating(pod);
  bool ready = publishNotReady || (serving && !terminating);
  json::object endpoint{{"addresses", json::array{json::string(endpoints::podIp(pod))}},
                        {"conditions", json::object{{"ready", ready}, {"serving", serving}, {"terminating", terminating}}}};
  if (endpoints::shouldSetHostname(pod, service)) endpoint["hostname"] = api::stringAt(pod, {"spec", "hostname"});
  if (std::string node = api::stringAt(pod, {"spec", "nodeName"}); !node.empty()) endpoint["nodeName"] = node;
  if (!zone.empty()) endpoint["zone"] = zone;
  endpoint["targetRef"] = endpoints::podReference(pod);
  return endpoint;
}

std::vector<DesiredSlice> desiredSlices(const json::object& service, const std::vector<ObjectPointer>& pods,
                                        const client::Lister& nodes) {
  // (addressType, serialized ports) -> endpoints sorted by address
  std::map<std::pair<std::string, std::string>, std::pair<json::array, std::map<std::string, json::object>>> groups;
  for (const ObjectPointer& pod : pods) {
    if (!endpoints::shouldPodBeInEndpoints(*pod, true)) continue;
    std::optional<json::array> ports = endpoints::podEndpointPorts(service, *pod);
    if (!ports) continue;
    std::string ip = endpoints::podIp(*pod);
    std::string addressType = ip.find(':') != std::string::npos ? "IPv6" : "IPv4";
    auto& group = groups[{addressType, json::serialize(*ports)}];
    group.first = *ports;
    ObjectPointer node = nodes.get("", api::stringAt(*pod, {"spec", "nodeName"}));
    std::string zone = node ? api::stringAt(*node, {"metadata", "labels", "topology.kubernetes.io/zone"}) : std::string();
    group.second[ip + "/" + api::uid(*pod)] = podEndpoint(service, *pod, zone);
  }
  std::vector<DesiredSlice> result;
  for (auto& [key, group] : groups) {
    DesiredSlice slice{key.first, group.first, {}};
    for (auto& [address, endpoint] : group.second) {
      if (slice.endpoints.size() == kMaxEndpointsPerSlice) {
        result.push_back(slice);
        slice.endpoints.clear();
      }
      slice.endpoints.push_back(std::move(endpoint));
    }
    result.push_back(std::move(slice));
  }
  // A Service with nothing to list still gets one empty slice (Kubernetes' placeholder slice),
  // so clients can tell "no endpoints" from "not processed yet".
  if (result.empty()) result.push_back(DesiredSlice{"IPv4", {}, {}});
  return result;
}

json::array arrayOrEmpty(const json::object& object, std::string_view field) {
  const json::value* value = object.if_contains(field);
  return value != nullptr && value->is_array() ? value->get_array() : json::array{};
}

json::object sliceLabels(const json::object& service) {
  json::object labels = endpoints::endpointsLabels(service);
  labels[endpoints::kServiceNameLabel] = api::name(service);
  labels[endpoints::kManagedByLabel] = endpoints::kEndpointSliceControllerName;
  return labels;
}

bool sliceHolds(const json::object& slice, const DesiredSlice& desired, const json::object& labels) {
  const json::object* currentLabels = api::objectAt(slice, {"metadata", "labels"});
  return api::stringAt(slice, {"addressType"}) == desired.addressType && arrayOrEmpty(slice, "ports") == desired.ports &&
         arrayOrEmpty(slice, "endpoints") == desired.endpoints && currentLabels != nullptr && *currentLabels == labels;
}

// What to write so the Service's slices hold `desired`: slices already right stay untouched,
// others of the same address type are reused (an update is cheaper for watchers than a delete
// and a create), the rest are created or deleted.
struct SlicePlan {
  std::vector<json::object> updates;
  std::vector<json::object> creates;
  std::vector<std::string> deletes;
};

SlicePlan planSlices(const json::object& service, const std::vector<DesiredSlice>& desired, const json::object& labels,
                     std::vector<ObjectPointer> existing) {
  std::sort(existing.begin(), existing.end(),
            [](const ObjectPointer& left, const ObjectPointer& right) { return api::name(*left) < api::name(*right); });
  std::vector<bool> existingUsed(existing.size(), false);
  std::vector<bool> desiredDone(desired.size(), false);
  for (std::size_t want = 0; want < desired.size(); ++want) {
    for (std::size_t have = 0; have < existing.size(); ++have) {
      if (!existingUsed[have] && sliceHolds(*existing[have], desired[want], labels)) {
        existingUsed[have] = desiredDone[want] = true;
        break;
      }
    }
  }
  SlicePlan plan;
  for (std::size_t want = 0; want < desired.size(); ++want) {
    if (desiredDone[want]) continue;
    std::optional<std::size_t> reuse;
    for (std::size_t have = 0; have < existing.size() && !reuse; ++have) {
      if (!existingUsed[have] && api::stringAt(*existing[have], {"addressType"}) == desired[want].addressType) reuse = have;
    }
    json::object slice;
    if (reuse) {
      existingUsed[*reuse] = true;
      slice = *existing[*reuse];
    } else {
      slice = json::object{{"apiVersion", "discovery.k8s.io/v1"},
                           {"kind", "EndpointSlice"},
                           {"metadata", json::object{{"generateName", api::name(service) + "-"},
                                                     {"namespace", api::namespaceOf(service)},
                                                     {"ownerReferences", json::array{controllerReferenceTo(service, "v1", "Service")}}}}};
    }
    api::ensureObject(slice, "metadata")["labels"] = labels;
    slice["addressType"] = desired[want].addressType;
    slice["endpoints"] = desired[want].endpoints;
    slice["ports"] = desired[want].ports;
    (reuse ? plan.updates : plan.creates).push_back(std::move(slice));
  }
  for (std::size_t have = 0; have < existing.size(); ++have) {
    if (!existingUsed[have]) plan.deletes.push_back(api::name(*existing[have]));
  }
  return plan;
}

}  // namespace

EndpointSliceController::EndpointSliceController(ControllerContext& context)
    : api_(context.api),
      services_(context.informers.informer(client::resources::services).lister()),
      pods_(context.informers.informer(client::resources::pods).lister()),
      slices_(context.informers.informer(client::resources::endpointSlices).lister()),
      nodes_(context.informers.informer(client::resources::nodes).lister()),
      recorder_(context.recorderFor("endpoint-slice-controller")),
      workers_(context.workersPerController),
      loop_("endpointslice", [this](const std::string& key) { return syncService(key); }) {
  enqueueServicesOnServiceAndPodChanges(context, loop_);
  // A managed slice changed or deleted by someone else is put back.
  auto enqueueOwner = [this](const ObjectPointer& slice) {
    if (api::stringAt(*slice, {"metadata", "labels", endpoints::kManagedByLabel}) != endpoints::kEndpointSliceControllerName) {
      return;
    }
    std::string serviceName = api::stringAt(*slice, {"metadata", "labels", endpoints::kServiceNameLabel});
    if (!serviceName.empty()) loop_.enqueue(client::objectKey(api::namespaceOf(*slice), serviceName));
  };
  context.informers.informer(client::resources::endpointSlices)
      .addEventHandlers({nullptr,
                         [enqueueOwner](const ObjectPointer& old, const ObjectPointer& current) {
                           if (!sameResourceVersion(old, current)) enqueueOwner(current);
                         },
                         enqueueOwner});
}

EndpointSliceController::~EndpointSliceController() { stop(); }

void EndpointSliceController::start() { loop_.start(workers_); }

void EndpointSliceController::stop() { loop_.stop(); }

bool EndpointSliceController::cacheCaughtUp(const std::string& serviceKey) {
  std::lock_guard lock(writesMutex_);
  auto found = pendingWrites_.find(serviceKey);
  if (found == pendingWrites_.end()) return true;
  auto [ns, serviceName] = client::splitObjectKey(serviceKey);
  for (const auto& [sliceName, writtenVersion] : found->second) {
    ObjectPointer cached = slices_.get(ns, sliceName);
    if (writtenVersion.empty() ? cached != nullptr : (!cached || api::resourceVersion(*cached) != writtenVersion)) {
      // A later write by someone else also moves the version on; only an older one means stale.
      if (!writtenVersion.empty() && cached &&
          isNewerVersion(api::resourceVersion(*cached), writtenVersion)) {
        continue;
      }
      return false;
    }
  }
  pendingWrites_.erase(found);
  return true;
}

void EndpointSliceController::rememberWrites(const std::string& serviceKey,
                                             std::vector<std::pair<std::string, std::string>> writes) {
  std::lock_guard lock(writesMutex_);
  if (writes.empty()) {
    pendingWrites_.erase(serviceKey);
  } else {
    pendingWrites_[serviceKey] = std::move(writes);
  }
}

Status EndpointSliceController::syncService(const std::string& key) {
  auto [ns, serviceName] = client::splitObjectKey(key);
  if (!cacheCaughtUp(key)) return unavailable("endpoint slices of " + key + " not yet in the cache");
  ObjectPointer service = services_.get(ns, serviceName);
  // A deleted Service's slices go with it through their owner reference (the garbage collector).
  if (!service || !endpoints::hasManagedEndpoints(*service)) return Status::ok();
  if (!api::stringAt(*service, {"metadata", "deletionTimestamp"}).empty()) return Status::ok();

  auto selector = api::LabelSelector::fromSet(api::stringMap(*service, {"spec", "selector"}));
  std::vector<DesiredSlice> desired = desiredSlices(*service, pods_.list(ns, selector), nodes_);
  json::object labels = sliceLabels(*service);

  auto ownSelector = api::LabelSelector::fromSet(
      {{endpoints::kServiceNameLabel, serviceName}, {endpoints::kManagedByLabel, endpoints::kEndpointSliceControllerName}});
  SlicePlan plan = planSlices(*service, desired, labels, slices_.list(ns, ownSelector));

  std::vector<std::pair<std::string, std::string>> writes;
  Status firstError;
  auto note = [&firstError](const Status& status) {
    if (!status.isOk() && !isNamespaceTerminating(status) && firstError.isOk()) firstError = status;
  };
  for (const json::object& slice : plan.updates) {
    Result<json::object> written = api_.update(client::resources::endpointSlices, slice);
    if (written.isOk()) writes.emplace_back(api::name(*written), api::resourceVersion(*written));
    note(written.status());
  }
  for (const json::object& slice : plan.creates) {
    Result<json::object> written = api_.create(client::resources::endpointSlices, ns, slice);
    if (written.isOk()) writes.emplace_back(api::name(*written), api::resourceVersion(*written));
    note(written.status());
  }
  for (const std::string& sliceName : plan.deletes) {
    Status removed = api_.remove(client::resources::endpointSlices, ns, sliceName);
    if (removed.isOk()) writes.emplace_back(sliceName, "");
    if (removed.code() != StatusCode::NotFound) note(removed);
  }
  rememberWrites(key, std::move(writes));
  if (!firstError.isOk() && firstError.code() != StatusCode::Conflict) {
    recorder_->record({client::objectReference(*service, "v1", "Service"), client::EventType::Warning, "FailedToUpdateEndpointSlices",
                     "Error updating Endpoint Slices for Service " + key + ": " + firstError.message(), {}});
  }
  if (!firstError.isOk()) log::warning("endpointslice: syncing ", key, ": ", firstError.toString());
  return firstError;
}

std::unique_ptr<Controller> newEndpointSliceController(ControllerContext& context) {
  return std::make_unique<EndpointSliceController>(context);
}

}  // namespace kubelab::controllers
