#pragma once
// ControllerRevisions as the StatefulSet and DaemonSet controllers keep them (Kubernetes'
// pkg/controller/history): an immutable snapshot of the workload's pod template, named
// "<owner>-<hash>", labelled controller-revision-hash=<hash>, numbered by `revision`, owned by
// the workload. Equal templates share one revision; a template that returns to an older one
// renumbers that revision (a rollback) instead of creating a duplicate.

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/apiinterface.h"
#include "client/indexer.h"
#include "client/lister.h"
#include "common/status.h"

namespace kubelab::controllers {

inline constexpr const char* kControllerRevisionHashLabel = "controller-revision-hash";

// rand.SafeEncodeString: digits and letters that never spell words ("bcdfghjklmnpqrstvwxz2456789").
std::string safeEncodeString(std::string_view text);
// The FNV-1a 32-bit hash of `data` (keys sorted, so key order never matters) and the collision
// count, rendered as Kubernetes renders revision hashes.
std::string hashRevisionData(const boost::json::object& data, std::int64_t collisionCount);

// What a revision stores: {"spec": {"template": <template with "$patch": "replace">}}.
boost::json::object revisionDataFor(const boost::json::object& workload);
// The pod template a revision stores (without "$patch").
boost::json::object templateOfRevision(const boost::json::object& revision);

// A new revision for `owner` (apiVersion/kind name the owner's type) carrying `data`.
boost::json::object newControllerRevision(const boost::json::object& owner, std::string_view ownerApiVersion,
                                          std::string_view ownerKind, const boost::json::object& data,
                                          std::int64_t revisionNumber, std::int64_t collisionCount);

// The owner's revisions from the cache, oldest revision number first.
std::vector<client::ObjectPointer> ownedRevisions(const client::Lister& revisions, const boost::json::object& owner);
std::int64_t revisionNumber(const boost::json::object& revision);
std::int64_t maxRevisionNumber(const std::vector<client::ObjectPointer>& revisions);

struct RevisionSet {
  boost::json::object current;  // the revision status.currentRevision names (or `update`)
  boost::json::object update;   // the revision of the owner's current template
  std::int64_t collisionCount = 0;
};

// Finds or creates the revision of `owner`'s current template and the one status.currentRevision
// names: what StatefulSet's getStatefulSetRevisions and DaemonSet's constructHistory do.
Result<RevisionSet> reconcileRevisions(client::ApiInterface& api, const client::Lister& revisions,
                                       const boost::json::object& owner, std::string_view ownerApiVersion,
                                       std::string_view ownerKind);

// Deletes the oldest revisions beyond `historyLimit` that no live pod uses and that are neither
// the current nor the update revision.
Status truncateRevisionHistory(client::ApiInterface& api, const std::vector<client::ObjectPointer>& revisions,
                               const std::vector<std::string>& revisionNamesInUse, std::int64_t historyLimit);

}  // namespace kubelab::controllers
