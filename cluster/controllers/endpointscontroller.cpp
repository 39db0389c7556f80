#include "controllers/endpointscontroller.h"

#include <boost/json/serialize.hpp>

#include "api/labelselector.h"
#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "common/logging.h"
#include "controllers/endpointsbuilder.h"
#include "controllers/serviceendpointtriggers.h"

namespace kubelab::controllers {
namespace json = boost::json;
using client::ObjectPointer;

namespace {

// Writes into a namespace that is being deleted fail until it is gone; that is not an error
// worth retrying or reporting (the Service is about to go too).
bool isNamespaceTerminating(const Status& status) {
  return status.code() == StatusCode::Forbidden && status.message().find("being terminated") != std::string::npos;
}

bool sameResourceVersion(const ObjectPointer& old, const ObjectPointer& current) {
  return old && current && api::resourceVersion(*old) == api::resourceVersion(*current);
}

}  // namespace

EndpointsController::EndpointsController(ControllerContext& context)
    : api_(context.api),
      services_(context.informers.informer(client::resources::services).lister()),
      pods_(context.informers.informer(client::resources::pods).lister()),
      endpoints_(context.informers.informer(client::resources::endpoints).lister()),
      recorder_(context.recorderFor("endpoint-controller")),
      workers_(context.workersPerController),
      loop_("endpoints", [this](const std::string& key) { return syncService(key); }) {
  enqueueServicesOnServiceAndPodChanges(context, loop_);
  auto enqueueObject = [this](const ObjectPointer& object) { loop_.enqueue(client::objectKey(*object)); };
  // Someone else changing or deleting an Endpoints we manage gets it rewritten.
  context.informers.informer(client::resources::endpoints)
      .addEventHandlers({nullptr,
                         [this](const ObjectPointer& old, const ObjectPointer& current) {
                           if (!sameResourceVersion(old, current)) loop_.enqueue(client::objectKey(*current));
                         },
                         enqueueObject});
}

EndpointsController::~EndpointsController() { stop(); }

void EndpointsController::start() { loop_.start(workers_); }

void EndpointsController::stop() { loop_.stop(); }

Status EndpointsController::syncService(const std::string& key) {
  auto [ns, serviceName] = client::splitObjectKey(key);
  ObjectPointer service = services_.get(ns, serviceName);
  ObjectPointer current = endpoints_.get(ns, serviceName);
  if (!service) {
    // The Service is gone, and its Endpoints with it.
    if (!current) return Status::ok();
    Status removed = api_.remove(client::resources::endpoints, ns, serviceName);
    return removed.code() == StatusCode::NotFound ? Status::ok() : removed;
  }
  if (!endpoints::hasManagedEndpoints(*service)) return Status::ok();

  auto selector = api::LabelSelector::fromSet(api::stringMap(*service, {"spec", "selector"}));
  std::vector<ObjectPointer> pods = pods_.list(ns, selector);
  std::vector<const json::object*> podObjects;
  podObjects.reserve(pods.size());
  for (const ObjectPointer& pod : pods) podObjects.push_back(pod.get());
  json::array subsets = endpoints::endpointsSubsets(*service, podObjects);
  bool truncated = endpoints::truncateSubsets(subsets, endpoints::kMaxEndpointsAddresses);
  json::object labels = endpoints::endpointsLabels(*service);

  if (current) {
    const json::value* currentSubsets = current->if_contains("subsets");
    bool subsetsEqual = currentSubsets != nullptr ? *currentSubsets == json::value(subsets) : subsets.empty();
    const json::object* currentLabels = api::objectAt(*current, {"metadata", "labels"});
    bool labelsEqual = currentLabels != nullptr ? *currentLabels == labels : labels.empty();
    bool markedTruncated =
        api::stringAt(*current, {"metadata", "annotations", endpoints::kOverCapacityAnnotation}) == "truncated";
    if (subsetsEqual && labelsEqual && markedTruncated == truncated) return Status::ok();
  }

  json::object desired = current ? *current : json::object{{"apiVersion", "v1"}, {"kind", "Endpoints"}};
  json::object& metadata = api::ensureObject(desired, "metadata");
  metadata["name"] = serviceName;
  metadata["namespace"] = ns;
  if (labels.empty()) {
    metadata.erase("labels");
  } else {
    metadata["labels"] = labels;
  }
  if (truncated) {
    api::ensureObject(metadata, "annotations")[endpoints::kOverCapacityAnnotation] = "truncated";
  } else if (json::value* annotations = metadata.if_contains("annotations"); annotations != nullptr && annotations->is_object()) {
    annotations->as_object().erase(endpoints::kOverCapacityAnnotation);
  }
  if (subsets.empty()) {
    desired.erase("subsets");
  } else {
    desired["subsets"] = subsets;
  }

  Status written = current ? api_.update(client::resources::endpoints, desired).status()
                           : api_.create(client::resources::endpoints, ns, desired).status();
  if (written.isOk() || isNamespaceTerminating(written)) return Status::ok();
  // A stale cache (our own earlier write not seen yet) is no news for `kubectl describe`: retry quietly.
  if (written.code() != StatusCode::Conflict && written.code() != StatusCode::AlreadyExists) {
    std::string reason = current ? "FailedToUpdateEndpoint" : "FailedToCreateEndpoint";
    std::string message = current ? "Failed to update endpoint " + key + ": " + written.message()
                                  : "Failed to create endpoint for service " + key + ": " + written.message();
    recorder_->record({client::objectReference(*service, "v1", "Service"), client::EventType::Warning,
                       std::move(reason), std::move(message), {}});
  }
  log::warning("endpoints: syncing ", key, ": ", written.toString());
  return written;
}

std::unique_ptr<Controller> newEndpointsController(ControllerContext& context) {
  return std::make_unique<EndpointsController>(context);
}

}  // namespace kubelab::controllers
