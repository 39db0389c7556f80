#include "store/writebatch.h"

#include <algorithm>
#include <set>

namespace kubelab::store {
namespace {

constexpr std::size_t maximumTxnOps = 128;  // etcd's --max-txn-ops default

Status keyNotProvided() { return invalid("etcdserver: key is not provided"); }

bool compareNumbers(Compare::Result result, std::int64_t actual, std::int64_t expected) {
  switch (result) {
    case Compare::Result::Equal: return actual == expected;
    case Compare::Result::Greater: return actual > expected;
    case Compare::Result::Less: return actual < expected;
    case Compare::Result::NotEqual: return actual != expected;
  }
  return false;
}

bool compareValues(Compare::Result result, const std::string& actual, const std::string& expected) {
  int order = actual.compare(expected);
  return compareNumbers(result, order < 0 ? -1 : (order > 0 ? 1 : 0), 0);
}

// etcd rejects a txn branch that writes one key twice, or puts a key it also deletes.
void collectWrites(const std::vector<RequestOp>& ops, std::vector<std::string>& puts, std::vector<KeyRange>& deletes) {
  for (const RequestOp& op : ops) {
    if (op.kind == RequestOp::Kind::Put) puts.push_back(op.put.key);
    if (op.kind == RequestOp::Kind::DeleteRange) deletes.push_back(op.deleteRange.range);
    if (op.kind == RequestOp::Kind::Txn && op.txn) {
      collectWrites(op.txn->success, puts, deletes);
      collectWrites(op.txn->failure, puts, deletes);
    }
  }
}

Status checkBranch(const std::vector<RequestOp>& ops) {
  if (ops.size() > maximumTxnOps) return invalid("etcdserver: too many operations in txn request");
  std::vector<std::string> puts;
  std::vector<KeyRange> deletes;
  collectWrites(ops, puts, deletes);
  std::set<std::string> seen;
  for (const std::string& key : puts) {
    if (!seen.insert(key).second) return invalid("etcdserver: duplicate key given in txn request");
    for (const KeyRange& range : deletes) {
      if (range.contains(key)) return invalid("etcdserver: duplicate key given in txn request");
    }
  }
  for (const RequestOp& op : ops) {
    if (op.kind == RequestOp::Kind::Range && op.range.range.key.empty()) return keyNotProvided();
    if (op.kind == RequestOp::Kind::DeleteRange && op.deleteRange.range.key.empty()) return keyNotProvided();
    if (op.kind == RequestOp::Kind::Put) {
      if (op.put.key.empty()) return keyNotProvided();
      if (op.put.ignoreValue && !op.put.value.empty()) return invalid("etcdserver: value is provided");
      if (op.put.ignoreLease && op.put.lease != 0) return invalid("etcdserver: lease is provided");
    }
    if (op.kind == RequestOp::Kind::Txn && op.txn) {
      if (op.txn->compare.size() > maximumTxnOps) return invalid("etcdserver: too many operations in txn request");
      KUBELAB_RETURN_IF_ERROR(checkBranch(op.txn->success));
      KUBELAB_RETURN_IF_ERROR(checkBranch(op.txn->failure));
    }
  }
  return Status::ok();
}

}  // namespace

struct WriteBatch::Pending {
  std::int64_t revision = 0;
  std::int64_t nextSubRevision = 0;
  std::shared_ptr<RevisionEvents> events = std::make_shared<RevisionEvents>();
};

WriteBatch::WriteBatch(const KeyIndex& committed, LeaseTable& leases, RevisionLog& log, std::int64_t currentRevision,
                       std::int64_t compactedRevision)
    : committed_(committed),
      leases_(leases),
      log_(log),
      currentRevision_(currentRevision),
      compactedRevision_(compactedRevision) {}

std::optional<KeyValue> WriteBatch::head(const std::string& key) const {
  if (auto found = overlay_.find(key); found != overlay_.end()) return found->second;
  if (auto found = committed_.find(key); found != committed_.end()) return found->second;
  return std::nullopt;
}

std::vector<KeyValue> WriteBatch::headRange(const KeyRange& range) const {
  std::vector<KeyValue> kvs;
  if (range.isEmpty()) return kvs;
  if (range.isSingleKey()) {
    if (auto kv = head(range.key)) kvs.push_back(std::move(*kv));
    return kvs;
  }
  // Merge the committed index with this batch's overlay, the overlay winning.
  auto committedIt = committed_.lower_bound(range.key);
  auto overlayIt = overlay_.lower_bound(range.key);
  auto inRange = [&range](const std::string& key) { return range.isUnbounded() || key < range.rangeEnd; };
  while (true) {
    bool committedLeft = committedIt != committed_.end() && inRange(committedIt->first);
    bool overlayLeft = overlayIt != overlay_.end() && inRange(overlayIt->first);
    if (!committedLeft && !overlayLeft) break;
    if (overlayLeft && (!committedLeft || overlayIt->first <= committedIt->first)) {
      if (committedLeft && committedIt->first == overlayIt->first) ++committedIt;
      if (overlayIt->second) kvs.push_back(*overlayIt->second);
      ++overlayIt;
    } else {
      kvs.push_back(committedIt->second);
      ++committedIt;
    }
  }
  return kvs;
}

bool WriteBatch::compareHolds(const Compare& compare) const {
  std::vector<KeyValue> kvs = headRange(compare.range);
  if (kvs.empty()) {
    // A missing key compares as all zeroes, except that it has no value to compare.
    if (compare.target == Compare::Target::Value) return false;
    kvs.emplace_back();
  }
  return std::all_of(kvs.begin(), kvs.end(), [&compare](const KeyValue& kv) {
    switch (compare.target) {
      case Compare::Target::Version: return compareNumbers(compare.result, kv.version, compare.number);
      case Compare::Target::Create: return compareNumbers(compare.result, kv.createRevision, compare.number);
      case Compare::Target::Mod: return compareNumbers(compare.result, kv.modRevision, compare.number);
      case Compare::Target::Lease: return compareNumbers(compare.result, kv.lease, compare.number);
      case Compare::Target::Value: return compareValues(compare.result, kv.value, compare.value);
    }
    return false;
  });
}

Status WriteBatch::checkRequests(const std::vector<RequestOp>& ops) const {
  for (const RequestOp& op : ops) {
    if (op.kind == RequestOp::Kind::Put) {
      if (op.put.lease != 0 && !leases_.exists(op.put.lease)) return notFound(errors::leaseNotFound);
      if ((op.put.ignoreValue || op.put.ignoreLease) && !head(op.put.key)) {
        return invalid("etcdserver: key not found");
      }
    }
    if (op.kind == RequestOp::Kind::Range && op.range.revision != 0 && op.range.revision != currentRevision_) {
      return invalid("kubelab-store: a range at a past revision inside a txn is not supported");
    }
    if (op.kind == RequestOp::Kind::Txn && op.txn) {
      bool holds = std::all_of(op.txn->compare.begin(), op.txn->compare.end(),
                               [this](const Compare& compare) { return compareHolds(compare); });
      KUBELAB_RETURN_IF_ERROR(checkRequests(holds ? op.txn->success : op.txn->failure));
    }
  }
  return Status::ok();
}

Result<TxnResponse> WriteBatch::applyTxn(const TxnRequest& request) {
  if (request.compare.size() > maximumTxnOps) return Status(invalid("etcdserver: too many operations in txn request"));
  KUBELAB_RETURN_IF_ERROR(checkBranch(request.success));
  KUBELAB_RETURN_IF_ERROR(checkBranch(request.failure));
  for (const Compare& compare : request.compare) {
    if (compare.range.key.empty()) return keyNotProvided();
  }
  TxnResponse response;
  response.succeeded = std::all_of(request.compare.begin(), request.compare.end(),
                                   [this](const Compare& compare) { return compareHolds(compare); });
  const auto& ops = response.succeeded ? request.success : request.failure;
  KUBELAB_RETURN_IF_ERROR(checkRequests(ops));

  Pending pending;
  pending.revision = currentRevision_ + 1;
  pending.events->revision = pending.revision;
  KUBELAB_RETURN_IF_ERROR(applyOps(ops, pending, response.responses));
  if (!pending.events->events.empty()) {
    currentRevision_ = pending.revision;
    events_.push_back(pending.events);
  }
  response.revision = currentRevision_;
  return response;
}

Status WriteBatch::applyOps(const std::vector<RequestOp>& ops, Pending& pending, std::vector<ResponseOp>& responses) {
  for (const RequestOp& op : ops) {
    ResponseOp response;
    response.kind = op.kind;
    switch (op.kind) {
      case RequestOp::Kind::Range: {
        auto range = rangeAtHead(op.range);
        if (!range) return range.status();
        response.range = std::move(*range);
        break;
      }
      case RequestOp::Kind::Put:
        KUBELAB_RETURN_IF_ERROR(applyPut(op.put, pending, response.put));
        break;
      case RequestOp::Kind::DeleteRange:
        KUBELAB_RETURN_IF_ERROR(applyDelete(op.deleteRange, pending, response.deleteRange));
        break;
      case RequestOp::Kind::Txn: {
        // etcd leaves a nested txn's own header empty (revision 0 is left out).
        response.txn = std::make_shared<TxnResponse>();
        const TxnRequest& nested = *op.txn;
        response.txn->succeeded = std::all_of(nested.compare.begin(), nested.compare.end(),
                                              [this](const Compare& compare) { return compareHolds(compare); });
        KUBELAB_RETURN_IF_ERROR(
            applyOps(response.txn->succeeded ? nested.success : nested.failure, pending, response.txn->responses));
        break;
      }
    }
    // Like etcd, each answer tells the txn's revision as of that operation: the new revision
    // once something in the txn has been written, the current one before.
    std::int64_t revisionNow = pending.events->events.empty() ? currentRevision_ : pending.revision;
    response.range.revision = revisionNow;
    response.put.revision = revisionNow;
    response.deleteRange.revision = revisionNow;
    responses.push_back(std::move(response));
  }
  return Status::ok();
}

Result<RangeResponse> WriteBatch::rangeAtHead(const RangeRequest& request) const {
  std::vector<KeyValue> kvs = headRange(request.range);
  auto count = static_cast<std::int64_t>(kvs.size());
  return finishRange(request, std::move(kvs), currentRevision_, count);
}

Status WriteBatch::writeRow(const KeyValue& kv, bool deleted, std::int64_t prevRevision, Pending& pending) {
  LogRow row{pending.nextSubRevision++, kv, deleted, prevRevision};
  return log_.append(row);
}

Status WriteBatch::applyPut(const PutRequest& request, Pending& pending, PutResponse& response) {
  std::optional<KeyValue> previous = head(request.key);
  KeyValue kv;
  kv.key = request.key;
  kv.value = request.ignoreValue ? previous->value : request.value;
  kv.lease = request.ignoreLease ? previous->lease : request.lease;
  kv.createRevision = previous ? previous->createRevision : pending.revision;
  kv.modRevision = pending.revision;
  kv.version = previous ? previous->version + 1 : 1;
  if (previous && previous->lease != 0 && previous->lease != kv.lease) leases_.detach(previous->lease, kv.key);
  if (kv.lease != 0) leases_.attach(kv.lease, kv.key);

  KUBELAB_RETURN_IF_ERROR(writeRow(kv, false, previous ? previous->modRevision : 0, pending));
  overlay_[kv.key] = kv;
  pending.events->events.push_back(Event{Event::Type::Put, kv, previous});
  if (request.prevKv) response.prevKv = std::move(previous);
  return Status::ok();
}

Status WriteBatch::applyDelete(const DeleteRangeRequest& request, Pending& pending, DeleteRangeResponse& response) {
  for (KeyValue& previous : headRange(request.range)) {
    if (previous.lease != 0) leases_.detach(previous.lease, previous.key);
    KeyValue tombstone;
    tombstone.key = previous.key;
    tombstone.modRevision = pending.revision;
    KUBELAB_RETURN_IF_ERROR(writeRow(tombstone, true, previous.modRevision, pending));
    overlay_[previous.key] = std::nullopt;
    pending.events->events.push_back(Event{Event::Type::Delete, tombstone, previous});
    ++response.deleted;
    if (request.prevKv) response.prevKvs.push_back(std::move(previous));
  }
  return Status::ok();
}

Result<LeaseGrantResponse> WriteBatch::grantLease(const LeaseGrantRequest& request) {
  if (request.ttl > LeaseTable::maximumTtlSeconds) return Status(StatusCode::OutOfRange, "etcdserver: too large lease TTL");
  std::int64_t id = request.id != 0 ? request.id : leases_.unusedId();
  if (leases_.exists(id)) return Status(StatusCode::Conflict, "etcdserver: lease already exists");
  std::int64_t ttl = leases_.grant(id, request.ttl);
  KUBELAB_RETURN_IF_ERROR(log_.putLease({id, ttl}));
  return LeaseGrantResponse{currentRevision_, id, ttl};
}

Result<std::int64_t> WriteBatch::revokeLease(std::int64_t id) {
  if (!leases_.exists(id)) return Status(notFound(errors::leaseNotFound));
  std::vector<std::string> keys = leases_.remove(id);
  Pending pending;
  pending.revision = currentRevision_ + 1;
  pending.events->revision = pending.revision;
  for (const std::string& key : keys) {
    DeleteRangeResponse ignored;
    KUBELAB_RETURN_IF_ERROR(applyDelete(DeleteRangeRequest{KeyRange{key, {}}, false}, pending, ignored));
  }
  KUBELAB_RETURN_IF_ERROR(log_.deleteLease(id));
  if (!pending.events->events.empty()) {
    currentRevision_ = pending.revision;
    events_.push_back(pending.events);
  }
  return currentRevision_;
}

Result<std::int64_t> WriteBatch::compact(std::int64_t revision) {
  if (revision <= compactedRevision_) return Status(StatusCode::Gone, errors::compacted);
  if (revision > currentRevision_) return Status(StatusCode::OutOfRange, errors::futureRevision);
  compactedRevision_ = revision;
  KUBELAB_RETURN_IF_ERROR(log_.setMeta("compacted_revision", revision));
  return currentRevision_;
}

RangeResponse finishRange(const RangeRequest& request, std::vector<KeyValue> kvs, std::int64_t revision,
                          std::int64_t count) {
  RangeResponse response;
  response.revision = revision;
  response.count = count;
  std::erase_if(kvs, [&request](const KeyValue& kv) {
    return (request.minModRevision != 0 && kv.modRevision < request.minModRevision) ||
           (request.maxModRevision != 0 && kv.modRevision > request.maxModRevision) ||
           (request.minCreateRevision != 0 && kv.createRevision < request.minCreateRevision) ||
           (request.maxCreateRevision != 0 && kv.createRevision > request.maxCreateRevision);
  });
  SortOrder order = request.sortOrder;
  // etcd sorts ascending when a target other than the key is named without an order.
  if (order == SortOrder::None && request.sortTarget != SortTarget::Key) order = SortOrder::Ascend;
  if (order != SortOrder::None) {
    auto field = [&request](const KeyValue& kv) -> std::int64_t {
      switch (request.sortTarget) {
        case SortTarget::Version: return kv.version;
        case SortTarget::Create: return kv.createRevision;
        case SortTarget::Mod: return kv.modRevision;
        default: return 0;
      }
    };
    auto less = [&](const KeyValue& a, const KeyValue& b) {
      if (request.sortTarget == SortTarget::Key) return a.key < b.key;
      if (request.sortTarget == SortTarget::Value) return a.value < b.value;
      return field(a) < field(b);
    };
    if (order == SortOrder::Ascend) {
      std::stable_sort(kvs.begin(), kvs.end(), less);
    } else {
      std::stable_sort(kvs.begin(), kvs.end(), [&less](const KeyValue& a, const KeyValue& b) { return less(b, a); });
    }
  }
  if (request.limit > 0 && static_cast<std::int64_t>(kvs.size()) > request.limit) {
    kvs.resize(static_cast<std::size_t>(request.limit));
    response.more = true;
  }
  if (request.countOnly) {
    kvs.clear();
  } else if (request.keysOnly) {
    for (KeyValue& kv : kvs) kv.value.clear();
  }
  response.kvs = std::move(kvs);
  return response;
}

}  // namespace kubelab::store
