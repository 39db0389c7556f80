// LimitRanger (plugin/pkg/admission/limitranger): defaults a new pod's container resources from
// the namespace's LimitRanges, then holds pods and claims to their min, max and ratios.

#include <boost/json/array.hpp>

#include <cstdio>
#include <set>
#include <vector>

#include "api/defaults.h"
#include "api/objectmeta.h"
#include "apiserver/quotaadmission.h"
#include "api/quotausage.h"

namespace kubelab::apiserver {
namespace quota = api::quota;
namespace {

using quota::ResourceList;

struct Requirements {
  ResourceList requests;
  ResourceList limits;
};

std::vector<const Object*> limitItems(const Object& limitRange, std::string_view limitType) {
  std::vector<const Object*> items;
  if (const boost::json::array* limits = api::arrayAt(limitRange, {"spec", "limits"})) {
    for (const boost::json::value& item : *limits) {
      if (item.is_object() && api::stringAt(item.as_object(), {"type"}) == limitType) items.push_back(&item.as_object());
    }
  }
  return items;
}

// Fills `target` with what `source` has that it lacks.
void fillFrom(ResourceList& target, const ResourceList& source) {
  for (const auto& [name, quantity] : source) target.try_emplace(name, quantity);
}

// defaultContainerResourceRequirements, over items defaulted as Kubernetes defaults a LimitRange
// when it is written (default from max, defaultRequest from default then min), so ranges stored
// by any path read the same.
Requirements containerDefaults(const Object& limitRange) {
  Requirements defaults;
  for (const Object* item : limitItems(limitRange, "Container")) {
    ResourceList itemLimits = quota::parseResourceList(api::objectAt(*item, {"default"}));
    fillFrom(itemLimits, quota::parseResourceList(api::objectAt(*item, {"max"})));
    ResourceList itemRequests = quota::parseResourceList(api::objectAt(*item, {"defaultRequest"}));
    fillFrom(itemRequests, itemLimits);
    fillFrom(itemRequests, quota::parseResourceList(api::objectAt(*item, {"min"})));
    for (const auto& [name, quantity] : itemRequests) defaults.requests[name] = quantity;
    for (const auto& [name, quantity] : itemLimits) defaults.limits[name] = quantity;
  }
  return defaults;
}

// Sets each default the container lacks; returns the names set, sorted.
std::vector<std::string> fillMissing(Object& resources, const char* field, const ResourceList& defaults) {
  std::vector<std::string> set;
  for (const auto& [name, quantity] : defaults) {
    const Object* present = api::objectAt(resources, {field});
    if (present != nullptr && present->contains(name)) continue;
    api::ensureObject(resources, field)[name] = quantity.toString();
    set.push_back(name);
  }
  return set;
}

std::string joinNames(const std::vector<std::string>& names, const char* separator) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : separator) + name;
  return text;
}

// mergeContainerResources: the container's own limits already became its requests (pod
// defaulting runs before admission in Kubernetes); the LimitRange only fills what is still unset.
void mergeContainer(Object& container, const Requirements& defaults, const std::string& label,
                    std::vector<std::string>& notes) {
  Object& resources = api::ensureObject(container, "resources");
  if (const Object* limits = api::objectAt(resources, {"limits"})) {
    Object own = *limits;
    for (const auto& [name, value] : own) {
      Object& requests = api::ensureObject(resources, "requests");
      if (!requests.contains(name)) requests[name] = value;
    }
  }
  std::vector<std::string> setLimits = fillMissing(resources, "limits", defaults.limits);
  std::vector<std::string> setRequests = fillMissing(resources, "requests", defaults.requests);
  std::string containerName = api::stringAt(container, {"name"});
  if (!setRequests.empty()) notes.push_back(joinNames(setRequests, ", ") + " request for " + label + " " + containerName);
  if (!setLimits.empty()) notes.push_back(joinNames(setLimits, ", ") + " limit for " + label + " " + containerName);
}

// Applies one LimitRange's container defaults; true when the pod changed.
bool mutatePod(const Object& limitRange, Object& pod) {
  Requirements defaults = containerDefaults(limitRange);
  std::vector<std::string> notes;
  Object& spec = api::ensureObject(pod, "spec");
  for (const auto& [field, label] : {std::pair{"containers", "container"}, std::pair{"initContainers", "init container"}}) {
    if (!spec.contains(field) || !spec.at(field).is_array()) continue;
    for (boost::json::value& container : spec.at(field).as_array()) {
      if (container.is_object()) mergeContainer(container.as_object(), defaults, label, notes);
    }
  }
  if (notes.empty()) return false;
  Object& annotations = api::ensureObject(api::ensureObject(pod, "metadata"), "annotations");
  annotations["kubernetes.io/limit-ranger"] = "LimitRanger plugin set: " + joinNames(notes, "; ");
  return true;
}

std::optional<std::string> minConstraint(const std::string& limitType, const std::string& name,
                                         const api::Quantity& enforced, const ResourceList& requests,
                                         const ResourceList& limits) {
  std::string prefix = "minimum " + name + " usage per " + limitType + " is " + enforced.toString();
  auto request = requests.find(name);
  auto limit = limits.find(name);
  if (request == requests.end()) return prefix + ".  No request is specified";
  if (request->second < enforced) return prefix + ", but request is " + request->second.toString();
  if (limit != limits.end() && limit->second < enforced) return prefix + ", but limit is " + limit->second.toString();
  return std::nullopt;
}

std::optional<std::string> maxConstraint(const std::string& limitType, const std::string& name,
                                         const api::Quantity& enforced, const ResourceList& requests,
                                         const ResourceList& limits) {
  std::string prefix = "maximum " + name + " usage per " + limitType + " is " + enforced.toString();
  auto request = requests.find(name);
  auto limit = limits.find(name);
  if (limit == limits.end()) return prefix + ".  No limit is specified";
  if (limit->second > enforced) return prefix + ", but limit is " + limit->second.toString();
  if (request != requests.end() && request->second > enforced) return prefix + ", but request is " + request->second.toString();
  return std::nullopt;
}

// For claims, whose limits LimitRanger does not read.
std::optional<std::string> maxRequestConstraint(const std::string& limitType, const std::string& name,
                                                const api::Quantity& enforced, const ResourceList& requests) {
  std::string prefix = "maximum " + name + " usage per " + limitType + " is " + enforced.toString();
  auto request = requests.find(name);
  if (request == requests.end()) return prefix + ".  No request is specified";
  if (request->second > enforced) return prefix + ", but request is " + request->second.toString();
  return std::nullopt;
}

std::optional<std::string> ratioConstraint(const std::string& limitType, const std::string& name,
                                           const api::Quantity& enforced, const ResourceList& requests,
                                           const ResourceList& limits) {
  std::string prefix = name + " max limit to request ratio per " + limitType + " is " + enforced.toString();
  auto request = requests.find(name);
  auto limit = limits.find(name);
  if (request == requests.end() || request->second.milliValue == 0) {
    return prefix + ", but no request is specified or request is 0";
  }
  if (limit == limits.end() || limit->second.milliValue == 0) return prefix + ", but no limit is specified or limit is 0";
  double observed = static_cast<double>(limit->second.milliValue) / static_cast<double>(request->second.milliValue);
  if (observed * 1000 <= static_cast<double>(enforced.milliValue)) return std::nullopt;
  char ratio[64];
  std::snprintf(ratio, sizeof ratio, "%f", observed);  // Go's %f
  return prefix + ", but provided ratio is " + ratio;
}

void checkItem(const Object& item, const std::string& limitType, const ResourceList& requests,
               const ResourceList& limits, std::vector<std::string>& errors) {
  auto keep = [&](std::optional<std::string> error) {
    if (error) errors.push_back(std::move(*error));
  };
  for (const auto& [name, enforced] : quota::parseResourceList(api::objectAt(item, {"min"}))) {
    keep(minConstraint(limitType, name, enforced, requests, limits));
  }
  for (const auto& [name, enforced] : quota::parseResourceList(api::objectAt(item, {"max"}))) {
    keep(maxConstraint(limitType, name, enforced, requests, limits));
  }
  for (const auto& [name, enforced] : quota::parseResourceList(api::objectAt(item, {"maxLimitRequestRatio"}))) {
    keep(ratioConstraint(limitType, name, enforced, requests, limits));
  }
}

std::vector<std::string> validatePod(const Object& limitRange, const Object& pod) {
  std::vector<std::string> errors;
  std::vector<const Object*> containers;
  for (const char* field : {"containers", "initContainers"}) {
    if (const boost::json::array* list = api::arrayAt(pod, {"spec", field})) {
      for (const boost::json::value& container : *list) {
        if (container.is_object()) containers.push_back(&container.as_object());
      }
    }
  }
  for (const Object* item : limitItems(limitRange, "Container")) {
    for (const Object* container : containers) {
      checkItem(*item, "Container", quota::parseResourceList(api::objectAt(*container, {"resources", "requests"})),
                quota::parseResourceList(api::objectAt(*container, {"resources", "limits"})), errors);
    }
  }
  for (const Object* item : limitItems(limitRange, "Pod")) {
    checkItem(*item, "Pod", quota::podResources(pod, "requests", false), quota::podResources(pod, "limits", false),
              errors);
  }
  return errors;
}

std::vector<std::string> validateClaim(const Object& limitRange, const Object& claim) {
  std::vector<std::string> errors;
  ResourceList requests = quota::parseResourceList(api::objectAt(claim, {"spec", "resources", "requests"}));
  for (const Object* item : limitItems(limitRange, "PersistentVolumeClaim")) {
    for (const auto& [name, enforced] : quota::parseResourceList(api::objectAt(*item, {"min"}))) {
      if (auto error = minConstraint("PersistentVolumeClaim", name, enforced, requests, {})) errors.push_back(*error);
    }
    for (const auto& [name, enforced] : quota::parseResourceList(api::objectAt(*item, {"max"}))) {
      if (auto error = maxRequestConstraint("PersistentVolumeClaim", name, enforced, requests)) errors.push_back(*error);
    }
  }
  return errors;
}

// utilerrors.NewAggregate(...).Error(): one message as is, several deduplicated in brackets.
std::string aggregateMessage(const std::vector<std::string>& errors) {
  if (errors.size() == 1) return errors.front();
  std::set<std::string> seen;
  std::string joined;
  for (const std::string& error : errors) {
    if (!seen.insert(error).second) continue;
    joined += (joined.empty() ? "" : ", ") + error;
  }
  return seen.size() == 1 ? joined : "[" + joined + "]";
}

}  // namespace

std::optional<ApiError> QuotaAdmission::applyLimitRanges(const api::ResourceType& type, Object& object) {
  bool isPod = type.group.empty() && type.plural == "pods";
  bool isClaim = type.group.empty() && type.plural == "persistentvolumeclaims";
  if (!isPod && !isClaim) return std::nullopt;
  auto listed = listNamespace("limitranges", api::namespaceOf(object));
  if (!listed.ok()) return listed.error;
  const std::vector<Object>& ranges = listed.value->items;
  if (ranges.empty()) return std::nullopt;
  if (isPod) {
    bool changed = false;
    for (const Object& range : ranges) changed = mutatePod(range, object) || changed;
    // The QoS class follows the resources the defaults just gave the containers.
    if (changed && api::objectAt(object, {"status"}) != nullptr && api::valueAt(object, {"status", "qosClass"})) {
      api::ensureObject(object, "status")["qosClass"] = api::podQOSClass(object);
    }
  }
  for (const Object& range : ranges) {
    std::vector<std::string> errors = isPod ? validatePod(range, object) : validateClaim(range, object);
    if (!errors.empty()) return admissionForbidden(type, object, aggregateMessage(errors));
  }
  return std::nullopt;
}

}  // namespace kubelab::apiserver
