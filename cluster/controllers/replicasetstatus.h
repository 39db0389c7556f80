#pragma once
// A ReplicaSet's (or ReplicationController's) status as a pure function of the owner, its active
// pods and the outcome of the last create/delete round (upstream's calculateStatus), plus the
// check whether the status on the server already says so.

#include <chrono>
#include <optional>
#include <vector>

#include "client/indexer.h"
#include "common/status.h"

namespace kubelab::controllers {

// `manageError` is the error of this sync's creations or deletions (OK when none failed);
// `diff` is active pods minus spec.replicas when they were attempted (negative: creating).
// The ReplicaFailure condition appears with reason FailedCreate or FailedDelete while creation
// or deletion fails and goes away after a round that succeeds.
boost::json::object calculateReplicaSetStatus(const boost::json::object& owner,
                                              const std::vector<client::ObjectPointer>& activePods,
                                              const Status& manageError, int diff,
                                              std::chrono::system_clock::time_point now);

// Whether `status` differs from what the owner has (counts, conditions, or an observedGeneration
// behind metadata.generation): only then is a status update sent.
bool replicaSetStatusNeedsUpdate(const boost::json::object& owner, const boost::json::object& status);

}  // namespace kubelab::controllers
