#pragma once
// A StatefulSet pod's stable identity (Kubernetes' stateful_set_utils.go): the name
// "<set>-<ordinal>", hostname and subdomain, the pod-name and pod-index labels, the revision
// label, and the PersistentVolumeClaims "<claim>-<set>-<ordinal>" made from volumeClaimTemplates
// and mounted as the template's volumes.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubelab::controllers {

inline constexpr const char* kStatefulSetPodNameLabel = "statefulset.kubernetes.io/pod-name";
inline constexpr const char* kPodIndexLabel = "apps.kubernetes.io/pod-index";

std::int64_t statefulSetReplicas(const boost::json::object& set);      // spec.replicas, default 1
std::int64_t statefulSetStartOrdinal(const boost::json::object& set);  // spec.ordinals.start, default 0
std::string statefulSetPodName(std::string_view setName, std::int64_t ordinal);
// The ordinal in "<set>-<ordinal>", or nullopt for a name of another shape.
std::optional<std::int64_t> statefulSetPodOrdinal(const boost::json::object& set, const boost::json::object& pod);
std::string statefulSetClaimName(std::string_view claimTemplateName, std::string_view setName, std::int64_t ordinal);

// The claims the pod at `ordinal` mounts: each volumeClaimTemplate, named for the ordinal and
// labelled with the set's matchLabels. Retention policy WhenDeleted=Delete makes the set their owner.
std::vector<boost::json::object> statefulSetClaims(const boost::json::object& set, std::int64_t ordinal);

// An owner reference that is not a controller reference (claims may have several owners).
boost::json::object statefulSetClaimOwnerReference(const boost::json::object& owner, std::string_view apiVersion,
                                                   std::string_view kind);
// persistentVolumeClaimRetentionPolicy as owner references (upstream's
// updateClaimOwnerRefForSetAndPod): the set owns the claim under whenDeleted=Delete, and a pod
// beyond the replica count (`condemned`) owns it, instead of the set, under whenScaled=Delete, so
// the garbage collector removes the claim with its owner. The claim's new ownerReferences, or nullopt when
// they are already right.
std::optional<boost::json::array> claimOwnerReferencesFor(const boost::json::object& set, const boost::json::object& pod,
                                                          const boost::json::object& claim, bool condemned);

// The pod at `ordinal` from `podTemplate` (a revision's template), labelled with `revisionName`.
boost::json::object newStatefulSetPod(const boost::json::object& set, const boost::json::object& podTemplate,
                                      const std::string& revisionName, std::int64_t ordinal);

// Running with Ready=True, and not being deleted.
bool isStatefulPodHealthy(const boost::json::object& pod);
// Healthy and Ready for at least spec.minReadySeconds.
bool isStatefulPodAvailable(const boost::json::object& set, const boost::json::object& pod,
                            std::chrono::system_clock::time_point now);

}  // namespace kubelab::controllers
