// ResourceQuota admission (staging/.../admission/plugin/resourcequota/controller.go CheckRequest),
// measuring usage from the live objects rather than from status.used.

#include "apiserver/quotaadmission.h"

#include <chrono>
#include <set>
#include <vector>

#include "api/objectmeta.h"
#include "api/quotausage.h"

namespace kubelab::apiserver {
namespace quota = api::quota;
namespace {

using quota::ResourceList;
using Clock = std::chrono::system_clock;

// Virtual or never-quota'd resources Kubernetes' quota admission ignores.
bool isIgnoredByQuota(const api::ResourceType& type) {
  if (type.plural == "events" && (type.group.empty() || type.group == "events.k8s.io")) return true;
  if (type.group.empty()) return type.plural == "bindings" || type.plural == "componentstatuses";
  return type.group == "authorization.k8s.io" || type.group == "authentication.k8s.io";
}

bool isPodType(const api::ResourceType& type) { return type.group.empty() && type.plural == "pods"; }

struct CoveringQuota {
  const Object* quota;
  ResourceList hard;
};

ResourceList maskedTo(const ResourceList& list, const ResourceList& names) {
  ResourceList result;
  for (const auto& [name, quantity] : list) {
    if (names.contains(name)) result.emplace(name, quantity);
  }
  return result;
}

// What the objects already stored use of the `requested` resources, as the quota controller would
// have written it to status.used: every tracked name starts at a decimal zero.
ResourceList currentUsage(const api::ResourceType& type, const Object& quotaObject, const ResourceList& requested,
                          const std::vector<Object>& stored, Clock::time_point now) {
  ResourceList used;
  for (const auto& [name, quantity] : requested) used.emplace(name, api::Quantity{0, api::QuantityFormat::DecimalSI});
  for (const Object& item : stored) {
    if (!quota::matchesScopes(type, quotaObject, item)) continue;
    quota::addTo(used, maskedTo(quota::objectUsage(type, item, now), requested));
  }
  return used;
}

// The quotas of the namespace that cover this object: they track one of its resources and their
// scopes select it. A pod a cpu or memory quota covers must state them (the first such refusal wins).
std::optional<ApiError> findCoveringQuotas(const api::ResourceType& type, const Object& object,
                                           const std::vector<Object>& quotas, std::vector<CoveringQuota>& covering) {
  for (const Object& quotaObject : quotas) {
    ResourceList hard = quota::parseResourceList(api::objectAt(quotaObject, {"spec", "hard"}));
    std::set<std::string> restricted;
    for (const auto& [name, quantity] : hard) {
      if (quota::tracksResource(type, name)) restricted.insert(name);
    }
    if (restricted.empty() || !quota::matchesScopes(type, quotaObject, object)) continue;
    if (isPodType(type)) {
      if (auto why = quota::podConstraintsError(restricted, object)) {
        return admissionForbidden(type, object, "failed quota: " + api::name(quotaObject) + ": " + *why);
      }
    }
    covering.push_back({&quotaObject, std::move(hard)});
  }
  return std::nullopt;
}

std::optional<ApiError> checkNegative(const api::ResourceType& type, const Object& object, const ResourceList& usage) {
  std::string negative;
  for (const auto& [name, quantity] : usage) {
    if (quantity.milliValue < 0) negative += (negative.empty() ? "" : ",") + name;
  }
  if (negative.empty()) return std::nullopt;
  return admissionForbidden(type, object, "quota usage is negative for resource(s): " + negative);
}

}  // namespace

QuotaAdmission::QuotaAdmission(ObjectStorage& storage) : storage_(storage) {}

std::unique_lock<std::recursive_mutex> QuotaAdmission::lockNamespace(const std::string& ns) {
  std::recursive_mutex* namespaceLock = nullptr;
  {
    std::lock_guard guard(locksMutex_);
    auto& slot = namespaceLocks_[ns];
    if (!slot) slot = std::make_unique<std::recursive_mutex>();
    namespaceLock = slot.get();
  }
  return std::unique_lock(*namespaceLock);
}

ApiResult<ObjectList> QuotaAdmission::listNamespace(std::string_view plural, const std::string& ns) {
  return storage_.list(*api::findResourceType("", "v1", plural), ns, ListOptions{});
}

ApiError admissionForbidden(const api::ResourceType& type, const Object& object, const std::string& why) {
  // Before the name is generated Kubernetes names the object by its generateName.
  std::string name = api::name(object);
  if (name.empty()) name = api::stringAt(object, {"metadata", "generateName"});
  std::string resource = ObjectStorage::qualifiedResource(type);
  ApiError error = forbidden(name.empty() ? resource + " is forbidden: " + why
                                          : resource + " \"" + name + "\" is forbidden: " + why);
  error.name = name;
  error.group = type.group;
  error.kind = type.plural;
  return error;
}

bool QuotaAdmission::mayNeedQuotaCheck(const api::ResourceType& type, const Object& object) {
  std::string ns = api::namespaceOf(object);
  if (!type.namespaced || ns.empty() || isIgnoredByQuota(type)) return false;
  auto quotas = listNamespace("resourcequotas", ns);
  return !quotas.ok() || !quotas.value->items.empty();  // when unsure, check under the lock
}

std::optional<ApiError> QuotaAdmission::checkQuota(const api::ResourceType& type, const Object& object) {
  std::string ns = api::namespaceOf(object);
  if (!type.namespaced || ns.empty() || isIgnoredByQuota(type)) return std::nullopt;
  auto lock = lockNamespace(ns);
  auto quotas = listNamespace("resourcequotas", ns);
  if (!quotas.ok()) return quotas.error;
  std::vector<CoveringQuota> covering;
  if (auto error = findCoveringQuotas(type, object, quotas.value->items, covering)) return error;
  if (covering.empty()) return std::nullopt;

  Clock::time_point now = Clock::now();
  ResourceList usage = quota::objectUsage(type, object, now);
  if (auto error = checkNegative(type, object, usage)) return error;
  std::erase_if(usage, [](const auto& entry) { return entry.second.milliValue == 0; });
  if (usage.empty()) return std::nullopt;

  auto stored = storage_.list(type, ns, ListOptions{});
  if (!stored.ok()) return stored.error;
  for (const CoveringQuota& covered : covering) {
    ResourceList requested = maskedTo(usage, covered.hard);
    if (requested.empty()) continue;
    ResourceList used = currentUsage(type, *covered.quota, requested, stored.value->items, now);
    ResourceList failedRequested;
    ResourceList failedUsed;
    ResourceList failedHard;
    for (const auto& [name, quantity] : requested) {
      const api::Quantity& hard = covered.hard.at(name);
      if (used.at(name).milliValue + quantity.milliValue <= hard.milliValue) continue;
      failedRequested.emplace(name, quantity);
      failedUsed.emplace(name, used.at(name));
      failedHard.emplace(name, hard);
    }
    if (failedRequested.empty()) continue;
    return admissionForbidden(type, object,
                              "exceeded quota: " + api::name(*covered.quota) + ", requested: " +
                                  quota::prettyPrint(failedRequested) + ", used: " + quota::prettyPrint(failedUsed) +
                                  ", limited: " + quota::prettyPrint(failedHard));
  }
  return std::nullopt;
}

}  // namespace kubelab::apiserver
