// The scale and binding subresources of ResourceHandlers.

#include <boost/json/parse.hpp>

#include <algorithm>

#include "api/objectmeta.h"
#include "api/patch.h"
#include "api/strategicmergepatch.h"
#include "apiserver/objectlifecycle.h"
#include "apiserver/resourcehandlers.h"
#include "apiserver/responses.h"

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

// The selector of a scalable object as a label selector string, as Scale.status.selector has it.
std::string selectorString(const Object& object) {
  std::map<std::string, std::string> labels = api::stringMap(object, {"spec", "selector", "matchLabels"});
  if (labels.empty()) labels = api::stringMap(object, {"spec", "selector"});  // ReplicationController
  std::string text;
  for (const auto& [key, value] : labels) text += (text.empty() ? "" : ",") + key + "=" + value;
  return text;
}

Object scaleOf(const Object& object) {
  Object metadata;
  for (const char* field : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
    if (const json::value* value = api::valueAt(object, {"metadata", field})) metadata[field] = *value;
  }
  Object status{{"replicas", api::integerAt(object, {"status", "replicas"}, 0)}};
  std::string selector = selectorString(object);
  if (!selector.empty()) status["selector"] = selector;
  return {{"kind", "Scale"},
          {"apiVersion", "autoscaling/v1"},
          {"metadata", std::move(metadata)},
          {"spec", Object{{"replicas", api::integerAt(object, {"spec", "replicas"}, 1)}}},
          {"status", std::move(status)}};
}

}  // namespace

void ResourceHandlers::serveScale(const ApiRequest& request) {
  const std::string& verb = request.info.verb;
  if (verb == "get") {
    auto found = storage_.get(*request.type, request.info.namespaceName, request.info.name);
    if (!found.ok()) return respondError(*request.exchange, found.error);
    return respondObject(*request.exchange, 200, scaleOf(*found.value));
  }
  if (verb != "update" && verb != "patch") return respondError(*request.exchange, methodNotAllowed());
  json::value change;
  boost::system::error_code error;
  change = json::parse(request.http.body, error);
  if (error) return respondError(*request.exchange, badRequest("the body could not be decoded: " + error.message()));
  std::string contentType = request.http.header("Content-Type");
  contentType = contentType.substr(0, contentType.find(';'));

  auto written = updateWithRetries(request, [&](const Object& current) -> ApiResult<Object> {
    json::value scale = scaleOf(current);
    Result<json::value> desired = change;
    if (verb == "patch") {
      if (contentType == "application/json-patch+json") {
        desired = api::applyJsonPatch(scale, change);
      } else if (contentType == "application/strategic-merge-patch+json") {
        desired = api::applyStrategicMergePatch(scale, change, "autoscaling/v1", "Scale");
      } else {
        desired = api::applyMergePatch(scale, change);
      }
    }
    if (!desired) return ApiResult<Object>::failure(badRequest(desired.status().message()));
    if (!desired->is_object()) return ApiResult<Object>::failure(badRequest("a Scale must be a JSON object"));
    const json::value* replicas = api::valueAt(desired->get_object(), {"spec", "replicas"});
    if (replicas == nullptr || !replicas->is_int64() || replicas->get_int64() < 0) {
      std::string message = "Scale.autoscaling \"" + request.info.name +
                            "\" is invalid: spec.replicas: Invalid value: must be greater than or equal to 0";
      return ApiResult<Object>::failure(invalid("Scale", "autoscaling", request.info.name, message,
                                                {{"FieldValueInvalid", "must be greater than or equal to 0", "spec.replicas"}}));
    }
    Object updated = current;
    api::ensureObject(updated, "spec")["replicas"] = replicas->get_int64();
    return ApiResult<Object>::success(std::move(updated));
  });
  if (!written.ok()) return respondError(*request.exchange, written.error);
  respondObject(*request.exchange, 200, scaleOf(*written.value));
}

void ResourceHandlers::bind(const ApiRequest& request, const std::string& podName, const Object& binding) {
  std::string node = api::stringAt(binding, {"target", "name"});
  std::string targetKind = api::stringAt(binding, {"target", "kind"});
  if (node.empty() || (!targetKind.empty() && targetKind != "Node")) {
    return respondError(*request.exchange, badRequest("a Binding needs target.kind Node and target.name"));
  }
  const api::ResourceType* pods = api::findResourceType("", "v1", "pods");
  auto bound = storage_.guaranteedUpdate(
      *pods, request.info.namespaceName, podName, [&](Object pod) -> ApiResult<Object> {
        std::string current = api::stringAt(pod, {"spec", "nodeName"});
        if (!current.empty()) {
          return ApiResult<Object>::failure(conflict("pods", "", "pods", podName,
                                                     "pod " + podName + " is already assigned to node \"" + current + "\""));
        }
        if (api::valueAt(pod, {"metadata", "deletionTimestamp"}) != nullptr) {
          return ApiResult<Object>::failure(conflict("pods", "", "pods", podName, "pod " + podName + " is being deleted, cannot be assigned to a host"));
        }
        api::ensureObject(pod, "spec")["nodeName"] = node;
        // The scheduler's condition, as the binding REST storage sets it.
        Object& status = api::ensureObject(pod, "status");
        json::array conditions;
        if (const json::value* existing = status.if_contains("conditions"); existing != nullptr && existing->is_array()) {
          for (const json::value& condition : existing->get_array()) {
            if (!(condition.is_object() && api::stringAt(condition.get_object(), {"type"}) == "PodScheduled")) {
              conditions.push_back(condition);
            }
          }
        }
        conditions.push_back(Object{{"type", "PodScheduled"}, {"status", "True"}, {"lastProbeTime", nullptr},
                                    {"lastTransitionTime", rfc3339Now()}});
        status["conditions"] = std::move(conditions);
        return ApiResult<Object>::success(std::move(pod));
      });
  if (!bound.ok()) return respondError(*request.exchange, bound.error);
  respondObject(*request.exchange, 201,
                Object{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Object()}, {"status", "Success"},
                       {"code", 201}});
}

void ResourceHandlers::evict(const ApiRequest& request) {
  auto eviction = decodeBody(request);
  if (!eviction) return;
  auto pod = storage_.get(*request.type, request.info.namespaceName, request.info.name);
  if (!pod.ok()) return respondError(*request.exchange, pod.error);
  // No PodDisruptionBudgets are served, so every eviction is allowed: it is a delete.
  Object options;
  if (const json::value* deleteOptions = eviction->if_contains("deleteOptions"); deleteOptions && deleteOptions->is_object()) {
    options = deleteOptions->get_object();
  }
  auto deleted = deleteObject(request, *pod.value, options);
  if (!deleted.ok()) return respondError(*request.exchange, deleted.error);
  respondObject(*request.exchange, 201,
                Object{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Object()}, {"status", "Success"},
                       {"code", 201}});
}

}  // namespace kubelab::apiserver
