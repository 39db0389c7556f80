#include "controllers/podutil.h"

#include "api/objectmeta.h"

namespace kubelab::controllers {

namespace {

const boost::json::object* podCondition(const boost::json::object& pod, std::string_view type) {
  const auto* conditions = api::arrayAt(pod, {"status", "conditions"});
  if (!conditions) return nullptr;
  for (const auto& entry : *conditions) {
    if (entry.is_object() && api::stringAt(entry.get_object(), {"type"}) == type) return &entry.get_object();
  }
  return nullptr;
}

}  // namespace

std::string podPhase(const boost::json::object& pod) { return api::stringAt(pod, {"status", "phase"}); }

bool isPodTerminating(const boost::json::object& pod) {
  return !api::stringAt(pod, {"metadata", "deletionTimestamp"}).empty();
}

bool isPodActive(const boost::json::object& pod) {
  std::string phase = podPhase(pod);
  return phase != "Succeeded" && phase != "Failed" && !isPodTerminating(pod);
}

bool isPodReady(const boost::json::object& pod) {
  const auto* ready = podCondition(pod, "Ready");
  return ready && api::stringAt(*ready, {"status"}) == "True";
}

bool isPodAvailable(const boost::json::object& pod, std::int64_t minReadySeconds,
                    std::chrono::system_clock::time_point now) {
  const auto* ready = podCondition(pod, "Ready");
  if (!ready || api::stringAt(*ready, {"status"}) != "True") return false;
  if (minReadySeconds <= 0) return true;
  auto since = parseTimestamp(api::stringAt(*ready, {"lastTransitionTime"}));
  if (since == std::chrono::system_clock::time_point{}) return false;
  return since + std::chrono::seconds(minReadySeconds) <= now;
}

boost::json::object podFromTemplate(const boost::json::object& podTemplate, const boost::json::object& ownerReference,
                                    std::string_view generateNamePrefix, std::string_view name) {
  boost::json::object metadata;
  if (const auto* templateMetadata = api::objectAt(podTemplate, {"metadata"})) {
    for (const char* field : {"labels", "annotations", "finalizers"}) {
      if (const auto* value = templateMetadata->if_contains(field)) metadata[field] = *value;
    }
  }
  if (name.empty()) {
    metadata["generateName"] = generateNamePrefix;
  } else {
    metadata["name"] = name;
  }
  metadata["ownerReferences"] = boost::json::array{ownerReference};
  boost::json::object pod{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", std::move(metadata)}};
  if (const auto* spec = podTemplate.if_contains("spec")) pod["spec"] = *spec;
  return pod;
}

}  // namespace kubelab::controllers
