#pragma once
// Adopting and releasing by selector (kube-controller-manager's ControllerRefManager), shared by
// the ReplicaSet/ReplicationController controller (claiming pods) and the Deployment controller
// (claiming ReplicaSets): an orphan whose labels match the owner's selector gets a controller
// reference to the owner; an object the owner controls whose labels no longer match loses it.
// Both are strategic merge patches that name the child's uid, so a recreated child with the same
// name is never touched.

#include <functional>
#include <string>
#include <vector>

#include "api/labelselector.h"
#include "client/apiinterface.h"
#include "client/indexer.h"
#include "common/status.h"

namespace kubelab::controllers {

struct OwnerDescription {
  const boost::json::object* owner = nullptr;  // the owner as the cache has it
  std::string apiVersion;                      // "apps/v1"
  std::string kind;                            // "ReplicaSet"
};

// Checks, once and only when an adoption is about to happen, that the owner still exists with
// the same uid and is not being deleted (upstream's RecheckDeletionTimestamp with an uncached
// read), so a deleted owner never adopts.
using CanAdoptFunction = std::function<Status()>;

// Returns the candidates the owner controls after adopting and releasing. Adopted objects come
// back as the server returned them. Children already gone (NotFound) are skipped.
Result<std::vector<client::ObjectPointer>> claimObjects(client::ApiInterface& api,
                                                        const client::GroupVersionResource& childResource,
                                                        const OwnerDescription& owner,
                                                        const api::LabelSelector& selector,
                                                        const std::vector<client::ObjectPointer>& candidates,
                                                        const CanAdoptFunction& canAdopt);

// A CanAdoptFunction that reads the owner from the API and compares uids.
CanAdoptFunction recheckOwner(client::ApiInterface& api, const client::GroupVersionResource& ownerResource,
                              const boost::json::object& owner);

}  // namespace kubelab::controllers
