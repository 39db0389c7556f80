#include "controllers/namespaceconditions.h"

#include <boost/json/array.hpp>

#include <algorithm>

#include "api/objectmeta.h"

namespace kubelab::controllers::namespaces {
namespace json = boost::json;

namespace {

struct Condition {
  std::string type;
  std::string status;
  std::string reason;
  std::string message;
};

std::string joinSorted(std::vector<std::string> parts) {
  std::sort(parts.begin(), parts.end());
  std::string joined;
  for (const std::string& part : parts) joined += (joined.empty() ? "" : ", ") + part;
  return joined;
}

std::vector<Condition> conditionsFor(const DeletionReport& report) {
  std::vector<Condition> conditions{
      {"NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"},
      {"NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
       "All legacy kube types successfully parsed"},
      {"NamespaceDeletionContentFailure", "False", "ContentDeleted",
       "All content successfully deleted, may be waiting on finalization"},
      {"NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed"},
      {"NamespaceFinalizersRemaining", "False", "ContentRemoved", "All content successfully removed"},
  };
  if (!report.deleteErrors.empty()) {
    conditions[2] = {"NamespaceDeletionContentFailure", "True", "ContentDeletionFailed",
                     "Failed to delete all resource types, " + std::to_string(report.deleteErrors.size()) +
                         " remaining: " + joinSorted(report.deleteErrors)};
  }
  std::vector<std::string> resources;
  for (const auto& [resource, count] : report.remainingByResource) {
    if (count > 0) resources.push_back(resource + " has " + std::to_string(count) + " resource instances");
  }
  if (!resources.empty()) {
    conditions[3] = {"NamespaceContentRemaining", "True", "SomeResourcesRemain",
                     "Some resources are remaining: " + joinSorted(resources)};
  }
  std::vector<std::string> finalizers;
  for (const auto& [finalizer, count] : report.remainingByFinalizer) {
    if (count > 0) finalizers.push_back(finalizer + " in " + std::to_string(count) + " resource instances");
  }
  if (!finalizers.empty()) {
    // Kubernetes spells this reason without the plural s.
    conditions[4] = {"NamespaceFinalizersRemaining", "True", "SomeFinalizerRemain",
                     "Some finalizers are remaining: " + joinSorted(finalizers)};
  }
  return conditions;
}

}  // namespace

bool applyDeletionConditions(json::object& ns, const DeletionReport& report, const std::string& now) {
  json::array& existing = api::ensureArray(api::ensureObject(ns, "status"), "conditions");
  bool changed = false;
  for (const Condition& wanted : conditionsFor(report)) {
    json::object* current = nullptr;
    for (json::value& value : existing) {
      if (value.is_object() && api::stringAt(value.get_object(), {"type"}) == wanted.type) current = &value.get_object();
    }
    if (current == nullptr) {
      existing.push_back(json::object{{"type", wanted.type}, {"status", wanted.status}, {"lastTransitionTime", now},
                                      {"reason", wanted.reason}, {"message", wanted.message}});
      changed = true;
      continue;
    }
    if (api::stringAt(*current, {"status"}) == wanted.status && api::stringAt(*current, {"reason"}) == wanted.reason &&
        api::stringAt(*current, {"message"}) == wanted.message) {
      continue;
    }
    if (api::stringAt(*current, {"status"}) != wanted.status) (*current)["lastTransitionTime"] = now;
    (*current)["status"] = wanted.status;
    (*current)["reason"] = wanted.reason;
    (*current)["message"] = wanted.message;
    changed = true;
  }
  return changed;
}

}  // namespace kubelab::controllers::namespaces
