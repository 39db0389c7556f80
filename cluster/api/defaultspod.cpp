// Defaults of pod specs, shared by pods and every pod template (deployments, jobs, ...).
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "api/defaults.h"
#include "api/defaultsinternal.h"
#include "api/quantity.h"

namespace kubelab::api::detail {
namespace json = boost::json;
namespace {

// The tag of an image reference as Kubernetes' ParseImageName reads it: "latest" when neither a tag
// nor a digest is given, "" for a digest alone.
std::string imageTag(std::string_view image) {
  std::size_t at = image.find('@');
  std::string_view name = image.substr(0, at);
  std::size_t slash = name.rfind('/');
  std::size_t colon = name.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    return std::string(name.substr(colon + 1));
  }
  return at == std::string_view::npos ? "latest" : "";
}

Object* objectIn(Object& object, std::string_view field) {
  json::value* found = object.if_contains(field);
  return found == nullptr ? nullptr : found->if_object();
}

json::array* arrayIn(Object& object, std::string_view field) {
  json::value* found = object.if_contains(field);
  return found == nullptr ? nullptr : found->if_array();
}

template <typename Function>
void forEachObject(Object& object, std::string_view field, Function function) {
  if (json::array* items = arrayIn(object, field)) {
    for (json::value& item : *items) {
      if (item.is_object()) function(item.get_object());
    }
  }
}

void defaultProbe(Object& container, std::string_view field) {
  Object* probe = objectIn(container, field);
  if (probe == nullptr) return;
  setDefault(*probe, "timeoutSeconds", 1);
  setDefault(*probe, "periodSeconds", 10);
  setDefault(*probe, "successThreshold", 1);
  setDefault(*probe, "failureThreshold", 3);
  if (Object* httpGet = objectIn(*probe, "httpGet")) {
    setDefault(*httpGet, "path", "/");
    setDefault(*httpGet, "scheme", "HTTP");
  }
}

void defaultContainer(Object& container) {
  if (!container.contains("imagePullPolicy")) {
    container["imagePullPolicy"] = imageTag(stringAt(container, {"image"})) == "latest" ? "Always" : "IfNotPresent";
  }
  setDefault(container, "terminationMessagePath", "/dev/termination-log");
  setDefault(container, "terminationMessagePolicy", "File");
  forEachObject(container, "ports", [](Object& port) { setDefault(port, "protocol", "TCP"); });
  // ResourceRequirements is not a pointer in Go, so it is always written, if only as {}.
  Object& resources = ensureObject(container, "resources");
  canonicalizeResourceListAt(resources, "requests");
  canonicalizeResourceListAt(resources, "limits");
  for (std::string_view probe : {"livenessProbe", "readinessProbe", "startupProbe"}) defaultProbe(container, probe);
  forEachObject(container, "env", [](Object& variable) {
    if (Object* from = objectIn(variable, "valueFrom")) {
      if (Object* fieldRef = objectIn(*from, "fieldRef")) setDefault(*fieldRef, "apiVersion", "v1");
    }
  });
}

void defaultVolume(Object& volume) {
  bool hasSource = false;
  for (const auto& [key, value] : volume) hasSource = hasSource || (key != "name" && !value.is_null());
  if (!hasSource) volume["emptyDir"] = Object();
  // 0644, the mode Kubernetes gives projected files.
  for (std::string_view source : {"secret", "configMap", "downwardAPI", "projected"}) {
    if (Object* object = objectIn(volume, source)) setDefault(*object, "defaultMode", 420);
  }
  if (Object* hostPath = objectIn(volume, "hostPath")) setDefault(*hostPath, "type", "");
}

}  // namespace

void setDefault(Object& object, std::string_view field, json::value value) {
  json::value* found = object.if_contains(field);
  if (found == nullptr || found->is_null()) object[field] = std::move(value);
}

void canonicalizeResourceList(Object& list) {
  for (auto& [key, value] : list) {
    std::string text;
    if (value.is_string()) {
      text = value.get_string();
    } else if (value.is_int64() || value.is_uint64() || value.is_double()) {
      text = json::serialize(value);
    } else {
      continue;
    }
    Result<Quantity> quantity = parseQuantity(text);
    if (quantity) value = quantity->toString();  // an invalid quantity is left for validation to report
  }
}

void canonicalizeResourceListAt(Object& object, std::string_view field) {
  if (Object* list = objectIn(object, field)) canonicalizeResourceList(*list);
}

void defaultPodSpec(Object& spec) {
  setDefault(spec, "dnsPolicy", "ClusterFirst");
  setDefault(spec, "restartPolicy", "Always");
  setDefault(spec, "securityContext", Object());
  setDefault(spec, "terminationGracePeriodSeconds", 30);
  setDefault(spec, "schedulerName", "default-scheduler");
  forEachObject(spec, "containers", defaultContainer);
  forEachObject(spec, "initContainers", defaultContainer);
  forEachObject(spec, "volumes", defaultVolume);
}

void defaultPodTemplate(Object& podTemplate) {
  Object& metadata = ensureObject(podTemplate, "metadata");
  if (!metadata.contains("creationTimestamp")) metadata["creationTimestamp"] = nullptr;
  defaultPodSpec(ensureObject(podTemplate, "spec"));
}

void defaultPodOnly(Object& pod) {
  Object& spec = ensureObject(pod, "spec");
  setDefault(spec, "enableServiceLinks", true);
  // A container that states limits but not requests requests what it limits.
  auto requestLimits = [](Object& container) {
    Object& resources = ensureObject(container, "resources");
    Object* limits = objectIn(resources, "limits");
    if (limits == nullptr) return;
    Object& requests = ensureObject(resources, "requests");
    for (const auto& [key, value] : *limits) {
      if (!requests.contains(key)) requests[key] = value;
    }
  };
  forEachObject(spec, "containers", requestLimits);
  forEachObject(spec, "initContainers", requestLimits);
}

}  // namespace kubelab::api::detail

namespace kubelab::api {
namespace json = boost::json;

void applyPodCreateAdmission(Object& pod, const PodAdmissionOptions& options) {
  Object& spec = ensureObject(pod, "spec");
  detail::setDefault(spec, "serviceAccountName", "default");
  // serviceAccount is the deprecated alias Kubernetes still fills in.
  detail::setDefault(spec, "serviceAccount", json::string(stringAt(spec, {"serviceAccountName"})));
  detail::setDefault(spec, "priority", 0);
  detail::setDefault(spec, "preemptionPolicy", "PreemptLowerPriority");
  json::array& tolerations = ensureArray(spec, "tolerations");
  const std::pair<std::string_view, std::int64_t> defaults[] = {
      {"node.kubernetes.io/not-ready", options.notReadyTolerationSeconds},
      {"node.kubernetes.io/unreachable", options.unreachableTolerationSeconds}};
  for (const auto& [key, seconds] : defaults) {
    bool present = false;
    for (const json::value& toleration : tolerations) {
      const Object* object = toleration.if_object();
      present = present || (object != nullptr && stringAt(*object, {"key"}) == key);
    }
    if (!present) {
      tolerations.push_back(Object{{"key", key}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", seconds}});
    }
  }
}

std::string podQOSClass(const Object& pod) {
  bool anyResources = false;
  bool guaranteed = true;
  const boost::json::array* containers = arrayAt(pod, {"spec", "containers"});
  if (containers == nullptr) return "BestEffort";
  for (const boost::json::value& item : *containers) {
    const Object* container = item.if_object();
    if (container == nullptr) continue;
    for (std::string_view resource : {"cpu", "memory"}) {
      std::string request = stringAt(*container, {"resources", "requests", resource});
      std::string limit = stringAt(*container, {"resources", "limits", resource});
      anyResources = anyResources || !request.empty() || !limit.empty();
      if (limit.empty()) {
        guaranteed = false;
      } else if (!request.empty()) {
        Result<Quantity> requested = parseQuantity(request);
        Result<Quantity> limited = parseQuantity(limit);
        if (!requested || !limited || !(*requested == *limited)) guaranteed = false;
      }
    }
  }
  if (!anyResources) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

}  // namespace kubelab::api
