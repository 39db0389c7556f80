#pragma once
// What the API server itself does to an object's metadata on create, update and delete, as
// Kubernetes' generic registry strategies do: names from generateName, uid, creation
// timestamp, generation, status handling, and graceful deletion with finalizers.

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "api/resourcetypes.h"

namespace kubelab::apiserver {

using Object = boost::json::object;

std::string newUid();
std::string rfc3339Now();
// A name from generateName: the prefix and five random lowercase alphanumerics, as Kubernetes does.
std::string generateName(const std::string& prefix);

// Fills metadata on a new object; the status of types with a status subresource is reset
// (pods start Pending), as their create strategies do.
void prepareForCreate(const api::ResourceType& type, Object& object);

// Carries over what an update may not change (uid, creationTimestamp, generation rules) from
// `current`, as Kubernetes' strategies do. `subresource` says which part may change: "" the
// object but not its status (nor a namespace's spec.finalizers), "status" only the status,
// "finalize" only a namespace's spec.finalizers.
void prepareForUpdate(const api::ResourceType& type, Object& updated, const Object& current,
                      const std::string& subresource);

struct DeleteDecision {
  bool deleteNow = false;  // remove from storage now; otherwise `updated` is written back
  Object updated;          // with deletionTimestamp, grace period and finalizers set
};
// What a DELETE does to `current`: remove it now, or mark it (deletionTimestamp) and wait for
// finalizers or, for pods on a node, the kubelet. `propagationPolicy` is "" (the type's
// default), Foreground, Background or Orphan.
DeleteDecision decideDelete(const api::ResourceType& type, const Object& current,
                            std::optional<std::int64_t> gracePeriodSeconds, const std::string& propagationPolicy);

// True when an object marked for deletion has no finalizers left and can go.
bool readyToRemove(const Object& object);

}  // namespace kubelab::apiserver
