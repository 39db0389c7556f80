#include "api/quotausage.h"

#include <boost/json/array.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include "api/defaults.h"
#include "api/objectmeta.h"

namespace kubelab::api::quota {
namespace {

using Clock = std::chrono::system_clock;

api::Quantity one() { return api::Quantity{1000, api::QuantityFormat::DecimalSI}; }
api::Quantity count(std::int64_t units) { return api::Quantity{units * 1000, api::QuantityFormat::DecimalSI}; }

bool startsWith(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

// Kubernetes' IsExtendedResourceName: a domain-qualified name outside kubernetes.io, which quota
// can only track as "requests.<name>".
bool isExtendedResourceName(const std::string& name) {
  if (name.find('/') == std::string::npos || startsWith(name, "requests.")) return false;
  std::string domain = name.substr(0, name.find('/'));
  return domain != "kubernetes.io" && !domain.ends_with(".kubernetes.io");
}

// podComputeUsageHelper: the quota names a set of requests and limits stands for; "cpu" and
// "memory" are the historical spellings of the requests.
ResourceList computeUsage(const ResourceList& requests, const ResourceList& limits) {
  ResourceList result{{"pods", one()}};
  for (const char* name : {"cpu", "memory", "ephemeral-storage"}) {
    if (auto found = requests.find(name); found != requests.end()) {
      result[name] = found->second;
      result[std::string("requests.") + name] = found->second;
    }
    if (auto found = limits.find(name); found != limits.end()) result[std::string("limits.") + name] = found->second;
  }
  for (const auto& [name, quantity] : requests) {
    if (startsWith(name, "hugepages-")) {
      result[name] = quantity;
      result["requests." + name] = quantity;
    }
    if (isExtendedResourceName(name)) result["requests." + name] = quantity;
  }
  return result;
}

std::vector<const Object*> containersOf(const Object& pod, std::string_view field) {
  std::vector<const Object*> result;
  if (const boost::json::array* list = api::arrayAt(pod, {"spec", field})) {
    for (const boost::json::value& item : *list) {
      if (item.is_object()) result.push_back(&item.as_object());
    }
  }
  return result;
}

// Whole seconds: a far-future timestamp would overflow the clock's nanoseconds.
std::optional<std::chrono::sys_seconds> parseTimestamp(const std::string& text) {
  std::tm parts{};
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d", &parts.tm_year, &parts.tm_mon, &parts.tm_mday, &parts.tm_hour,
                  &parts.tm_min, &parts.tm_sec) != 6) {
    return std::nullopt;
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return std::chrono::sys_seconds(std::chrono::seconds(timegm(&parts)));
}

ResourceList podUsage(const Object& pod, Clock::time_point now) {
  // count/pods tracks every stored pod; "pods" and compute only the live ones.
  ResourceList result{{"count/pods", one()}};
  if (!podUsesComputeQuota(pod, now)) return result;
  addTo(result, computeUsage(podResources(pod, "requests", true), podResources(pod, "limits", true)));
  return result;
}

ResourceList serviceUsage(const Object& service) {
  ResourceList result{{"count/services", one()}, {"services", one()}};
  std::string serviceType = api::stringAt(service, {"spec", "type"});
  const boost::json::array* ports = api::arrayAt(service, {"spec", "ports"});
  std::int64_t portCount = ports == nullptr ? 0 : static_cast<std::int64_t>(ports->size());
  if (serviceType == "NodePort") result["services.nodeports"] = count(portCount);
  if (serviceType == "LoadBalancer") {
    // With node ports suppressed only the ports that name one explicitly take one.
    if (ports != nullptr && !api::booleanAt(service, {"spec", "allocateLoadBalancerNodePorts"}, true)) {
      portCount = 0;
      for (const boost::json::value& port : *ports) {
        if (port.is_object() && api::integerAt(port.as_object(), {"nodePort"}) != 0) ++portCount;
      }
    }
    result["services.nodeports"] = count(portCount);
    result["services.loadbalancers"] = one();
  }
  return result;
}

constexpr std::string_view kStorageClassSuffix = ".storageclass.storage.k8s.io/";

std::string claimStorageClass(const Object& claim) {
  std::string annotated = api::stringAt(claim, {"metadata", "annotations", "volume.beta.kubernetes.io/storage-class"});
  return annotated.empty() ? api::stringAt(claim, {"spec", "storageClassName"}) : annotated;
}

ResourceList claimUsage(const Object& claim) {
  ResourceList result{{"count/persistentvolumeclaims", one()}, {"persistentvolumeclaims", one()}};
  std::string storageClass = claimStorageClass(claim);
  if (!storageClass.empty()) result[storageClass + std::string(kStorageClassSuffix) + "persistentvolumeclaims"] = one();
  // A claim whose expansion is under way is charged the larger of what it asks and what it has.
  ResourceList requested = parseResourceList(api::objectAt(claim, {"spec", "resources", "requests"}));
  ResourceList allocated = parseResourceList(api::objectAt(claim, {"status", "allocatedResources"}));
  auto storage = requested.find("storage");
  if (storage == requested.end()) return result;
  api::Quantity charged = storage->second;
  if (auto grown = allocated.find("storage"); grown != allocated.end() && grown->second > charged) charged = grown->second;
  result["requests.storage"] = charged;
  if (!storageClass.empty()) result[storageClass + std::string(kStorageClassSuffix) + "requests.storage"] = charged;
  return result;
}

// The object-count name of a resource: count/pods, count/deployments.apps.
std::string countName(const api::ResourceType& type) {
  return type.group.empty() ? "count/" + type.plural : "count/" + type.plural + "." + type.group;
}

// Quota names from before count/<resource> existed, still honoured for these core types.
bool hasLegacyCountName(const api::ResourceType& type) {
  return type.group.empty() && (type.plural == "configmaps" || type.plural == "secrets" ||
                                type.plural == "replicationcontrollers" || type.plural == "resourcequotas");
}

bool isTerminatingPod(const Object& pod) {
  const boost::json::value* deadline = api::valueAt(pod, {"spec", "activeDeadlineSeconds"});
  return deadline != nullptr && deadline->is_int64() && deadline->as_int64() >= 0;
}

bool podMatchesScope(const std::string& scope, const std::string& op, const boost::json::array* values,
                     const Object& pod) {
  if (scope == "Terminating") return isTerminatingPod(pod);
  if (scope == "NotTerminating") return !isTerminatingPod(pod);
  if (scope == "BestEffort") return api::podQOSClass(pod) == "BestEffort";
  if (scope == "NotBestEffort") return api::podQOSClass(pod) != "BestEffort";
  if (scope == "PriorityClass") {
    std::string priorityClass = api::stringAt(pod, {"spec", "priorityClassName"});
    if (op == "Exists") return !priorityClass.empty();
    bool listed = false;
    if (values != nullptr) {
      for (const boost::json::value& value : *values) listed = listed || (value.is_string() && value.as_string() == priorityClass);
    }
    if (op == "In") return listed;
    if (op == "NotIn") return !listed;
    return false;  // DoesNotExist: the selector always sees the field
  }
  return false;  // CrossNamespacePodAffinity and unknown scopes: not modelled
}

}  // namespace

ResourceList parseResourceList(const Object* list) {
  ResourceList result;
  if (list == nullptr) return result;
  for (const auto& [name, value] : *list) {
    if (!value.is_string()) continue;
    auto quantity = api::parseQuantity(std::string_view(value.as_string()));
    if (quantity) result[std::string(name)] = *quantity;
  }
  return result;
}

void addTo(ResourceList& total, const ResourceList& more) {
  for (const auto& [name, quantity] : more) {
    auto [entry, inserted] = total.try_emplace(name, quantity);
    if (inserted) continue;
    if (entry->second.milliValue == 0) entry->second.format = quantity.format;
    entry->second.milliValue += quantity.milliValue;
  }
}

void maxInto(ResourceList& total, const ResourceList& more) {
  for (const auto& [name, quantity] : more) {
    auto [entry, inserted] = total.try_emplace(name, quantity);
    if (!inserted && quantity > entry->second) entry->second = quantity;
  }
}

std::string prettyPrint(const ResourceList& list) {
  std::string text;
  for (const auto& [name, quantity] : list) {
    if (!text.empty()) text += ",";
    text += name + "=" + quantity.toString();
  }
  return text;
}

ResourceList podResources(const Object& pod, const std::string& which, bool includeOverhead) {
  ResourceList total;
  for (const Object* container : containersOf(pod, "containers")) {
    addTo(total, parseResourceList(api::objectAt(*container, {"resources", which})));
  }
  ResourceList sidecars;
  ResourceList initSteps;
  for (const Object* container : containersOf(pod, "initContainers")) {
    ResourceList own = parseResourceList(api::objectAt(*container, {"resources", which}));
    if (api::stringAt(*container, {"restartPolicy"}) == "Always") {
      // A sidecar keeps running beside the app containers and the init containers after it.
      addTo(total, own);
      addTo(sidecars, own);
      maxInto(initSteps, sidecars);
    } else {
      addTo(own, sidecars);
      maxInto(initSteps, own);
    }
  }
  maxInto(total, initSteps);
  if (includeOverhead) {
    ResourceList overhead = parseResourceList(api::objectAt(pod, {"spec", "overhead"}));
    // Overhead adds to every request, but to a limit only where one is set at all.
    if (which == "limits") std::erase_if(overhead, [&](const auto& entry) { return !total.contains(entry.first); });
    addTo(total, overhead);
  }
  return total;
}

bool podUsesComputeQuota(const Object& pod, Clock::time_point now) {
  std::string phase = api::stringAt(pod, {"status", "phase"});
  if (phase == "Succeeded" || phase == "Failed") return false;
  std::string deletion = api::stringAt(pod, {"metadata", "deletionTimestamp"});
  const boost::json::value* grace = api::valueAt(pod, {"metadata", "deletionGracePeriodSeconds"});
  if (deletion.empty() || grace == nullptr || !grace->is_int64()) return true;
  // A pod stuck terminating (a lost node) stops counting once its grace period is over.
  auto deletedAt = parseTimestamp(deletion);
  return !deletedAt || std::chrono::floor<std::chrono::seconds>(now) <= *deletedAt + std::chrono::seconds(grace->as_int64());
}

ResourceList objectUsage(const api::ResourceType& type, const Object& object, Clock::time_point now) {
  if (type.group.empty() && type.plural == "pods") return podUsage(object, now);
  if (type.group.empty() && type.plural == "services") return serviceUsage(object);
  if (type.group.empty() && type.plural == "persistentvolumeclaims") return claimUsage(object);
  ResourceList result{{countName(type), one()}};
  if (hasLegacyCountName(type)) result[type.plural] = one();
  return result;
}

bool tracksResource(const api::ResourceType& type, const std::string& name) {
  if (name == countName(type)) return true;
  if (!type.group.empty()) return false;
  if (type.plural == "pods") {
    static const std::set<std::string> podNames{
        "pods",           "cpu",          "memory",           "ephemeral-storage", "requests.cpu",
        "requests.memory", "limits.cpu",  "limits.memory",    "requests.ephemeral-storage",
        "limits.ephemeral-storage"};
    return podNames.contains(name) || startsWith(name, "hugepages-") || startsWith(name, "requests.hugepages-") ||
           (startsWith(name, "requests.") && isExtendedResourceName(name.substr(9)));
  }
  if (type.plural == "services") {
    return name == "services" || name == "services.nodeports" || name == "services.loadbalancers";
  }
  if (type.plural == "persistentvolumeclaims") {
    if (name == "persistentvolumeclaims" || name == "requests.storage") return true;
    auto suffix = name.find(kStorageClassSuffix);
    if (suffix == std::string::npos) return false;
    std::string rest = name.substr(suffix + kStorageClassSuffix.size());
    return rest == "persistentvolumeclaims" || rest == "requests.storage";
  }
  return hasLegacyCountName(type) && name == type.plural;
}

bool matchesScopes(const api::ResourceType& type, const Object& quota, const Object& object) {
  bool isPod = type.group.empty() && type.plural == "pods";
  if (const boost::json::array* scopes = api::arrayAt(quota, {"spec", "scopes"})) {
    for (const boost::json::value& scope : *scopes) {
      if (!isPod || !scope.is_string() || !podMatchesScope(std::string(scope.as_string()), "Exists", nullptr, object)) {
        return false;
      }
    }
  }
  if (const boost::json::array* expressions = api::arrayAt(quota, {"spec", "scopeSelector", "matchExpressions"})) {
    for (const boost::json::value& expression : *expressions) {
      if (!isPod || !expression.is_object()) return false;
      const Object& requirement = expression.as_object();
      if (!podMatchesScope(api::stringAt(requirement, {"scopeName"}), api::stringAt(requirement, {"operator"}),
                           api::arrayAt(requirement, {"values"}), object)) {
        return false;
      }
    }
  }
  return true;
}

std::optional<std::string> podConstraintsError(const std::set<std::string>& restrictedResources, const Object& pod) {
  static const std::set<std::string> validationSet{"cpu",        "memory",       "requests.cpu",
                                                   "requests.memory", "limits.cpu", "limits.memory"};
  std::set<std::string> required;
  for (const std::string& name : restrictedResources) {
    if (validationSet.contains(name)) required.insert(name);
  }
  if (required.empty()) return std::nullopt;
  std::map<std::string, std::set<std::string>> missing;  // resource -> container names
  std::vector<const Object*> containers = containersOf(pod, "containers");
  for (const Object* container : containersOf(pod, "initContainers")) containers.push_back(container);
  for (const Object* container : containers) {
    ResourceList stated = computeUsage(parseResourceList(api::objectAt(*container, {"resources", "requests"})),
                                       parseResourceList(api::objectAt(*container, {"resources", "limits"})));
    for (const std::string& name : required) {
      if (!stated.contains(name)) missing[name].insert(api::stringAt(*container, {"name"}));
    }
  }
  if (missing.empty()) return std::nullopt;
  std::string message = "must specify ";
  bool first = true;
  for (const auto& [resource, names] : missing) {
    if (!first) message += "; ";
    first = false;
    message += resource + " for: ";
    bool firstName = true;
    for (const std::string& name : names) {
      if (!firstName) message += ",";
      firstName = false;
      message += name;
    }
  }
  return message;
}

}  // namespace kubelab::api::quota
