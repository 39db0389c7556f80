#pragma once
// One group-commit batch: applies queued operations, in order, on top of the committed key
// index without changing it. Each write gets the next revision; the rows go to the revision
// log inside the batch's SQLite transaction, and the overlay and events are published only
// after that transaction is durable, so no reader ever sees a write that could still be lost.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/keyvalue.h"
#include "store/leasetable.h"
#include "store/revisionlog.h"

namespace kubelab::store {

using KeyIndex = std::map<std::string, KeyValue, std::less<>>;

// The errors etcd answers with, word for word, so clients can match them.
namespace errors {
inline const char* const compacted = "etcdserver: mvcc: required revision has been compacted";
inline const char* const futureRevision = "etcdserver: mvcc: required revision is a future revision";
inline const char* const leaseNotFound = "etcdserver: requested lease not found";
}  // namespace errors

class WriteBatch {
 public:
  WriteBatch(const KeyIndex& committed, LeaseTable& leases, RevisionLog& log, std::int64_t currentRevision,
             std::int64_t compactedRevision);

  Result<TxnResponse> applyTxn(const TxnRequest& request);
  Result<LeaseGrantResponse> grantLease(const LeaseGrantRequest& request);
  Result<std::int64_t> revokeLease(std::int64_t id);
  Result<std::int64_t> compact(std::int64_t revision);

  std::int64_t currentRevision() const { return currentRevision_; }
  std::int64_t compactedRevision() const { return compactedRevision_; }
  // Key -> new value, or nullopt when the key was deleted.
  const std::map<std::string, std::optional<KeyValue>, std::less<>>& overlay() const { return overlay_; }
  std::vector<RevisionEventsPointer> takeEvents() { return std::move(events_); }

 private:
  struct Pending;  // the revision being built by the current operation

  std::optional<KeyValue> head(const std::string& key) const;
  std::vector<KeyValue> headRange(const KeyRange& range) const;
  bool compareHolds(const Compare& compare) const;
  Status checkRequests(const std::vector<RequestOp>& ops) const;
  Status applyOps(const std::vector<RequestOp>& ops, Pending& pending, std::vector<ResponseOp>& responses);
  Status applyPut(const PutRequest& request, Pending& pending, PutResponse& response);
  Status applyDelete(const DeleteRangeRequest& request, Pending& pending, DeleteRangeResponse& response);
  Status writeRow(const KeyValue& kv, bool deleted, std::int64_t prevRevision, Pending& pending);
  Result<RangeResponse> rangeAtHead(const RangeRequest& request) const;

  const KeyIndex& committed_;
  LeaseTable& leases_;
  RevisionLog& log_;
  std::int64_t currentRevision_;
  std::int64_t compactedRevision_;
  std::map<std::string, std::optional<KeyValue>, std::less<>> overlay_;
  std::vector<RevisionEventsPointer> events_;
};

// Sorting, filtering and limiting a range result, shared by current and historical reads.
// `count` is how many keys the range holds, which may exceed kvs.size() when fewer were copied.
RangeResponse finishRange(const RangeRequest& request, std::vector<KeyValue> kvs, std::int64_t revision,
                          std::int64_t count);

}  // namespace kubelab::store
