#pragma once
// The arithmetic of a rolling update (upstream deployment/util): maxSurge and maxUnavailable
// as absolute numbers or percentages of spec.replicas (surge rounds up, unavailable rounds
// down, and both zero means one may be unavailable), how far the new ReplicaSet may grow, and
// how a scale of the Deployment during a rollout is spread over its ReplicaSets in proportion
// to their sizes.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <vector>

#include "common/status.h"

namespace kubelab::controllers {

// An IntOrString scaled against `total`: 3 stays 3, "25%" of 10 is 3 rounding up, 2 rounding
// down. A malformed string is Invalid ("invalid value for IntOrString: invalid value \"x\"").
Result<std::int64_t> scaledValueFromIntOrPercent(const boost::json::value* value, std::int64_t total, bool roundUp);

struct Fenceposts {
  std::int64_t maxSurge = 0;
  std::int64_t maxUnavailable = 0;
};
// Upstream's ResolveFenceposts: both scaled against `desired`; both 0 means maxUnavailable 1.
Result<Fenceposts> resolveFenceposts(const boost::json::value* maxSurge, const boost::json::value* maxUnavailable,
                                     std::int64_t desired);

// spec.replicas of a Deployment or ReplicaSet (1 when unset, as defaulting would make it).
std::int64_t specReplicas(const boost::json::object& object);
bool isRollingUpdate(const boost::json::object& deployment);
// 0 unless RollingUpdate; invalid values count as 0 (validation refuses them first).
std::int64_t maxSurge(const boost::json::object& deployment);
// 0 unless RollingUpdate or when replicas is 0; never more than replicas.
std::int64_t maxUnavailable(const boost::json::object& deployment);

// Sum of spec.replicas, of status.replicas, of status.availableReplicas, of status.readyReplicas.
std::int64_t replicaCount(const std::vector<boost::json::object>& replicaSets);
std::int64_t actualReplicaCount(const std::vector<boost::json::object>& replicaSets);
std::int64_t availableReplicaCount(const std::vector<boost::json::object>& replicaSets);
std::int64_t readyReplicaCount(const std::vector<boost::json::object>& replicaSets);

// How many replicas the new ReplicaSet should have now (upstream's NewRSNewReplicas): for
// RollingUpdate, grow it as far as maxSurge allows over all ReplicaSets' pods, never past
// spec.replicas; for Recreate, spec.replicas.
std::int64_t newReplicaSetReplicas(const boost::json::object& deployment,
                                   const std::vector<boost::json::object>& allReplicaSets,
                                   const boost::json::object& newReplicaSet);

// The share of `toAdd` (positive: scaling up, negative: down) that `replicaSet` gets when a
// Deployment is resized mid-rollout, given `added` already handed out (upstream's GetProportion,
// based on the deployment.kubernetes.io/max-replicas the ReplicaSet was last scaled for).
std::int64_t replicaSetProportion(const boost::json::object& replicaSet, const boost::json::object& deployment,
                                  std::int64_t toAdd, std::int64_t added);

}  // namespace kubelab::controllers
