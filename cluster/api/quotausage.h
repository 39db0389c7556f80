#pragma once
// What an object counts against a ResourceQuota, as Kubernetes' quota evaluators
// (pkg/quota/v1/evaluator/core and the generic object-count evaluator) measure it, and the pod
// resource sums that LimitRanger and quota share: the admission plugins and the resource quota
// controller measure usage the same way.

#include <boost/json/object.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "api/quantity.h"
#include "api/resourcetypes.h"

namespace kubelab::api::quota {

using Object = boost::json::object;
// Sorted by name, which is the order Kubernetes prints resource lists in its messages.
using ResourceList = std::map<std::string, api::Quantity>;

// A resource list such as spec.hard or resources.requests; unparsable entries are skipped
// (validation refused them when the object was written).
ResourceList parseResourceList(const Object* list);
// Kubernetes' quota.Add: a sum keeps the first non-zero operand's format, so usages print as
// the manifests wrote them ("256Mi", "500m").
void addTo(ResourceList& total, const ResourceList& more);
// Every key of `more` not in `total`, or larger there, replaces it (maxResourceList).
void maxInto(ResourceList& total, const ResourceList& more);
std::string prettyPrint(const ResourceList& list);

// A pod's aggregate requests ("requests") or limits ("limits"): containers and restartable
// (sidecar) init containers add up, and the largest init container step wins if larger.
// Quota adds the pod overhead; LimitRanger does not.
ResourceList podResources(const Object& pod, const std::string& which, bool includeOverhead);

// Kubernetes' QuotaV1Pod: terminal pods, and pods past their deletion grace period, use no compute quota.
bool podUsesComputeQuota(const Object& pod, std::chrono::system_clock::time_point now);

// What one object of `type` uses (the evaluator's Usage).
ResourceList objectUsage(const api::ResourceType& type, const Object& object,
                         std::chrono::system_clock::time_point now);
// Whether the evaluator for `type` tracks this quota resource name (MatchingResources).
bool tracksResource(const api::ResourceType& type, const std::string& resourceName);
// Whether `object` falls within the quota's scopes and scopeSelector (objects other than pods
// match only unscoped quotas, as Kubernetes' generic evaluator decides).
bool matchesScopes(const api::ResourceType& type, const Object& quota, const Object& object);
// The pod evaluator's Constraints: with cpu or memory quota'd, every container must state it.
// The text after "failed quota: <name>: ", or nullopt when the pod is acceptable.
std::optional<std::string> podConstraintsError(const std::set<std::string>& restrictedResources, const Object& pod);

}  // namespace kubelab::api::quota
