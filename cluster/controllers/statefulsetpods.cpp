#include "controllers/statefulsetpods.h"

#include <charconv>

#include "api/objectmeta.h"
#include "controllers/controllerhistory.h"
#include "controllers/controllerref.h"
#include "controllers/podutil.h"

namespace kubelab::controllers {
namespace {
namespace json = boost::json;
}

std::int64_t statefulSetReplicas(const boost::json::object& set) { return api::integerAt(set, {"spec", "replicas"}, 1); }

std::int64_t statefulSetStartOrdinal(const boost::json::object& set) {
  return api::integerAt(set, {"spec", "ordinals", "start"}, 0);
}

std::string statefulSetPodName(std::string_view setName, std::int64_t ordinal) {
  return std::string(setName) + "-" + std::to_string(ordinal);
}

std::optional<std::int64_t> statefulSetPodOrdinal(const boost::json::object& set, const boost::json::object& pod) {
  std::string setName = api::name(set);
  std::string podName = api::name(pod);
  if (podName.size() <= setName.size() + 1 || podName.compare(0, setName.size(), setName) != 0 ||
      podName[setName.size()] != '-') {
    return std::nullopt;
  }
  std::string_view digits(podName.data() + setName.size() + 1, podName.size() - setName.size() - 1);
  std::int64_t ordinal = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), ordinal);
  if (error != std::errc() || end != digits.data() + digits.size() || ordinal < 0) return std::nullopt;
  return ordinal;
}

std::string statefulSetClaimName(std::string_view claimTemplateName, std::string_view setName, std::int64_t ordinal) {
  return std::string(claimTemplateName) + "-" + statefulSetPodName(setName, ordinal);
}

std::vector<boost::json::object> statefulSetClaims(const boost::json::object& set, std::int64_t ordinal) {
  std::vector<json::object> claims;
  const json::array* templates = api::arrayAt(set, {"spec", "volumeClaimTemplates"});
  if (templates == nullptr) return claims;
  bool deleteWithSet = api::stringAt(set, {"spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"}) == "Delete";
  for (const json::value& entry : *templates) {
    if (!entry.is_object()) continue;
    json::object claim = entry.get_object();
    json::object& metadata = api::ensureObject(claim, "metadata");
    std::string templateName = api::stringAt(claim, {"metadata", "name"});
    metadata["name"] = statefulSetClaimName(templateName, api::name(set), ordinal);
    metadata["namespace"] = api::namespaceOf(set);
    metadata.erase("resourceVersion");
    metadata.erase("uid");
    metadata.erase("creationTimestamp");
    json::object& labels = api::ensureObject(metadata, "labels");
    if (const json::object* matchLabels = api::objectAt(set, {"spec", "selector", "matchLabels"})) {
      for (const auto& [key, value] : *matchLabels) labels[key] = value;
    }
    if (deleteWithSet) metadata["ownerReferences"] = json::array{statefulSetClaimOwnerReference(set, "apps/v1", "StatefulSet")};
    claim["apiVersion"] = "v1";
    claim["kind"] = "PersistentVolumeClaim";
    claim.erase("status");
    claims.push_back(std::move(claim));
  }
  return claims;
}

boost::json::object statefulSetClaimOwnerReference(const boost::json::object& owner, std::string_view apiVersion,
                                                   std::string_view kind) {
  return json::object{{"apiVersion", apiVersion}, {"kind", kind}, {"name", api::name(owner)}, {"uid", api::uid(owner)}};
}

std::optional<boost::json::array> claimOwnerReferencesFor(const boost::json::object& set, const boost::json::object& pod,
                                                          const boost::json::object& claim, bool condemned) {
  const json::object* policy = api::objectAt(set, {"spec", "persistentVolumeClaimRetentionPolicy"});
  bool deleteWithPod = policy != nullptr && api::stringAt(*policy, {"whenScaled"}) == "Delete" && condemned;
  // A claim with two owners outlives the pod (the garbage collector only drops the dangling
  // reference), so a scaled-down pod's claims lose the set as owner, as upstream does.
  bool deleteWithSet = policy != nullptr && api::stringAt(*policy, {"whenDeleted"}) == "Delete" && !deleteWithPod;
  json::array references;
  bool hasSet = false, hasPod = false, changed = false;
  if (const json::array* existing = api::arrayAt(claim, {"metadata", "ownerReferences"})) {
    for (const json::value& reference : *existing) {
      std::string uid = reference.is_object() ? api::stringAt(reference.get_object(), {"uid"}) : "";
      if (uid == api::uid(set) && !deleteWithSet) {
        changed = true;  // the policy went back to Retain
        continue;
      }
      if (uid == api::uid(pod) && !deleteWithPod) {
        changed = true;
        continue;
      }
      hasSet = hasSet || uid == api::uid(set);
      hasPod = hasPod || uid == api::uid(pod);
      references.push_back(reference);
    }
  }
  if (deleteWithSet && !hasSet) {
    references.push_back(statefulSetClaimOwnerReference(set, "apps/v1", "StatefulSet"));
    changed = true;
  }
  if (deleteWithPod && !hasPod) {
    references.push_back(statefulSetClaimOwnerReference(pod, "v1", "Pod"));
    changed = true;
  }
  if (!changed) return std::nullopt;
  return references;
}

boost::json::object newStatefulSetPod(const boost::json::object& set, const boost::json::object& podTemplate,
                                      const std::string& revisionName, std::int64_t ordinal) {
  std::string podName = statefulSetPodName(api::name(set), ordinal);
  json::object pod = podFromTemplate(podTemplate, controllerReferenceTo(set, "apps/v1", "StatefulSet"), "", podName);
  json::object& metadata = api::ensureObject(pod, "metadata");
  metadata["namespace"] = api::namespaceOf(set);
  json::object& labels = api::ensureObject(metadata, "labels");
  labels[kStatefulSetPodNameLabel] = podName;
  labels[kPodIndexLabel] = std::to_string(ordinal);
  labels[kControllerRevisionHashLabel] = revisionName;

  json::object& spec = api::ensureObject(pod, "spec");
  spec["hostname"] = podName;
  std::string serviceName = api::stringAt(set, {"spec", "serviceName"});
  if (!serviceName.empty()) spec["subdomain"] = serviceName;

  // Each claim template replaces a template volume of the same name, as updateStorage does.
  json::array& volumes = api::ensureArray(spec, "volumes");
  if (const json::array* templates = api::arrayAt(set, {"spec", "volumeClaimTemplates"})) {
    for (const json::value& entry : *templates) {
      if (!entry.is_object()) continue;
      std::string volumeName = api::stringAt(entry.get_object(), {"metadata", "name"});
      json::object volume{{"name", volumeName},
                          {"persistentVolumeClaim",
                           json::object{{"claimName", statefulSetClaimName(volumeName, api::name(set), ordinal)}}}};
      bool replaced = false;
      for (json::value& existing : volumes) {
        if (existing.is_object() && api::stringAt(existing.get_object(), {"name"}) == volumeName) {
          existing = volume;
          replaced = true;
        }
      }
      if (!replaced) volumes.push_back(volume);
    }
  }
  if (volumes.empty()) spec.erase("volumes");
  return pod;
}

bool isStatefulPodHealthy(const boost::json::object& pod) {
  return podPhase(pod) == "Running" && isPodReady(pod) && !isPodTerminating(pod);
}

bool isStatefulPodAvailable(const boost::json::object& set, const boost::json::object& pod,
                            std::chrono::system_clock::time_point now) {
  return isStatefulPodHealthy(pod) && isPodAvailable(pod, api::integerAt(set, {"spec", "minReadySeconds"}), now);
}

}  // namespace kubelab::controllers
