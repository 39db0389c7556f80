#pragma once
// What the Deployment controller knows about its ReplicaSets (upstream deployment/util): the
// annotations it keeps on them (revision, revision-history, desired-replicas, max-replicas),
// the pod-template-hash that names the ReplicaSet of each template, which ReplicaSet is the
// new one, and the orders it walks them in.

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kubelab::controllers {

inline constexpr const char* kRevisionAnnotation = "deployment.kubernetes.io/revision";
inline constexpr const char* kRevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
inline constexpr const char* kDesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
inline constexpr const char* kMaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
inline constexpr const char* kPodTemplateHashLabel = "pod-template-hash";
// Upstream keeps revision-history under this many characters.
inline constexpr std::size_t kMaxRevisionHistoryLength = 2000;

using ReplicaSets = std::vector<boost::json::object>;

// The revision annotation as a number; 0 when missing or malformed.
std::int64_t revisionOf(const boost::json::object& object);
std::int64_t maxRevision(const ReplicaSets& replicaSets);

// Whether two pod templates are the same once the pod-template-hash label is ignored (and
// empty lists, maps and nulls count as absent, as Go's semantic equality treats nil and empty).
bool templatesEqualIgnoringHash(const boost::json::object& first, const boost::json::object& second);

// A short name-safe hash of the pod template and collisionCount: the FNV-1a hash of the
// template's canonical JSON, its decimal digits spelled in Kubernetes' safe alphabet
// ("bcdfghjklmnpqrstvwxz2456789"), so "web-7c5ddbdf54"-like names result.
std::string podTemplateHash(const boost::json::object& podTemplate, std::optional<std::int64_t> collisionCount);

// Older first, then by name (ReplicaSetsByCreationTimestamp).
void sortByCreationTimestamp(ReplicaSets& replicaSets);
// Larger first; equal sizes newer first (for scaling up) or older first (for scaling down).
void sortBySizeNewer(ReplicaSets& replicaSets);
void sortBySizeOlder(ReplicaSets& replicaSets);
// Lower revision first; falls back to creation time.
void sortByRevision(ReplicaSets& replicaSets);

// Those with spec.replicas > 0.
ReplicaSets activeReplicaSets(const ReplicaSets& replicaSets);

// The oldest ReplicaSet whose template equals the Deployment's.
std::optional<boost::json::object> findNewReplicaSet(const boost::json::object& deployment, ReplicaSets replicaSets);
// Every other ReplicaSet (all of them, including those scaled to 0).
ReplicaSets findOldReplicaSets(const boost::json::object& deployment, const ReplicaSets& replicaSets);

// The one active ReplicaSet, or the newest when none is active; nullopt when several are active.
std::optional<boost::json::object> findActiveOrLatest(const std::optional<boost::json::object>& newReplicaSet,
                                                      ReplicaSets oldReplicaSets);

// The desired-replicas and max-replicas annotations: whether they differ, and setting them.
bool replicasAnnotationsNeedUpdate(const boost::json::object& replicaSet, std::int64_t desired, std::int64_t max);
bool setReplicasAnnotations(boost::json::object& replicaSet, std::int64_t desired, std::int64_t max);

// Copies the Deployment's annotations (but not kubectl's last-applied configuration or the
// controller's own) onto the ReplicaSet, raises its revision to `newRevision` (keeping the old
// one in revision-history: a rollback reuses the ReplicaSet), and for a ReplicaSet about to be
// created sets the replicas annotations. Returns whether anything changed.
bool setNewReplicaSetAnnotations(const boost::json::object& deployment, boost::json::object& replicaSet,
                                 const std::string& newRevision, bool exists);

// The ReplicaSet for the Deployment's current template, ready to create: named
// "<deployment>-<hash>" with the hash in its labels, selector and template, controlled by the
// Deployment, sized by newReplicaSetReplicas against `oldReplicaSets`, annotated for `newRevision`.
boost::json::object newReplicaSetFor(const boost::json::object& deployment, const ReplicaSets& oldReplicaSets,
                                     const std::string& newRevision);

// Whether the new ReplicaSet runs all of spec.replicas, available (IsSaturated).
bool isSaturated(const boost::json::object& deployment, const boost::json::object& replicaSet);

}  // namespace kubelab::controllers
