#pragma once
// A Deployment's status and conditions (upstream deployment/util and sync.go's calculateStatus):
// counts summed over its ReplicaSets, Available (MinimumReplicasAvailable /
// MinimumReplicasUnavailable) and the Progressing condition's tests (complete, progressing,
// timed out against progressDeadlineSeconds).

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "controllers/deploymentutil.h"

namespace kubelab::controllers {

// Reasons, as upstream spells them.
inline constexpr const char* kNewReplicaSetReason = "NewReplicaSetCreated";
inline constexpr const char* kFoundNewReplicaSetReason = "FoundNewReplicaSet";
inline constexpr const char* kReplicaSetUpdatedReason = "ReplicaSetUpdated";
inline constexpr const char* kNewReplicaSetAvailableReason = "NewReplicaSetAvailable";
inline constexpr const char* kTimedOutReason = "ProgressDeadlineExceeded";
inline constexpr const char* kPausedReason = "DeploymentPaused";
inline constexpr const char* kResumedReason = "DeploymentResumed";
inline constexpr const char* kFailedReplicaSetCreateReason = "ReplicaSetCreateError";
inline constexpr const char* kMinimumReplicasAvailable = "MinimumReplicasAvailable";
inline constexpr const char* kMinimumReplicasUnavailable = "MinimumReplicasUnavailable";

using TimePoint = std::chrono::system_clock::time_point;

boost::json::object newDeploymentCondition(const std::string& type, const std::string& status,
                                           const std::string& reason, const std::string& message, TimePoint now);
// The condition of that type in a status object, or nullptr.
const boost::json::object* deploymentCondition(const boost::json::object& status, const std::string& type);
// Replaces the condition of its type, unless status and reason are unchanged; keeps
// lastTransitionTime when only the reason changes (upstream's SetDeploymentCondition).
void setDeploymentCondition(boost::json::object& status, boost::json::object condition);
void removeDeploymentCondition(boost::json::object& status, const std::string& type);

// The status the Deployment should have given its ReplicaSets (upstream's calculateStatus):
// observedGeneration, the counts, collisionCount, the existing conditions, and Available.
boost::json::object calculateDeploymentStatus(const ReplicaSets& allReplicaSets,
                                              const std::optional<boost::json::object>& newReplicaSet,
                                              const boost::json::object& deployment, TimePoint now);

// Whether two statuses say the same (zero counts and absent ones are the same).
bool deploymentStatusEqual(const boost::json::object& first, const boost::json::object& second);

bool hasProgressDeadline(const boost::json::object& deployment);
// All replicas updated and available and the generation observed.
bool deploymentComplete(const boost::json::object& deployment, const boost::json::object& status);
// More updated, ready or available replicas, or fewer old ones, than the Deployment's status says.
bool deploymentProgressing(const boost::json::object& deployment, const boost::json::object& newStatus);
// The Progressing condition was last updated longer than progressDeadlineSeconds ago.
bool deploymentTimedOut(const boost::json::object& deployment, const boost::json::object& newStatus, TimePoint now);

}  // namespace kubelab::controllers
