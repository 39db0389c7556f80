#pragma once
// The store's data model, mirroring etcd's mvccpb and etcdserverpb messages so that the JSON
// codec maps one-to-one and the API server can use real etcd unchanged.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kubelab::store {

struct KeyValue {
  std::string key;
  std::string value;
  std::int64_t createRevision = 0;
  std::int64_t modRevision = 0;
  std::int64_t version = 0;
  std::int64_t lease = 0;
};

struct Event {
  enum class Type { Put, Delete };
  Type type = Type::Put;
  KeyValue kv;  // for a delete: key and modRevision (the delete's revision) only
  std::optional<KeyValue> prevKv;
};

// All events of one revision (one put, delete or txn); delivered to watchers as a unit.
struct RevisionEvents {
  std::int64_t revision = 0;
  std::vector<Event> events;
};
using RevisionEventsPointer = std::shared_ptr<const RevisionEvents>;

// A key range as etcd defines it: [key, rangeEnd); an empty rangeEnd means the single key,
// and a rangeEnd of "\0" means every key >= key.
struct KeyRange {
  std::string key;
  std::string rangeEnd;

  bool isSingleKey() const { return rangeEnd.empty(); }
  // A range whose end sorts at or before its start holds nothing.
  bool isEmpty() const { return !isSingleKey() && !isUnbounded() && rangeEnd <= key; }
  bool isUnbounded() const { return rangeEnd.size() == 1 && rangeEnd[0] == '\0'; }
  bool contains(const std::string& candidate) const {
    if (isSingleKey()) return candidate == key;
    return candidate >= key && (isUnbounded() || candidate < rangeEnd);
  }
};

enum class SortOrder { None, Ascend, Descend };
enum class SortTarget { Key, Version, Create, Mod, Value };

struct RangeRequest {
  KeyRange range;
  std::int64_t limit = 0;
  std::int64_t revision = 0;
  SortOrder sortOrder = SortOrder::None;
  SortTarget sortTarget = SortTarget::Key;
  bool serializable = false;
  bool keysOnly = false;
  bool countOnly = false;
  std::int64_t minModRevision = 0;
  std::int64_t maxModRevision = 0;
  std::int64_t minCreateRevision = 0;
  std::int64_t maxCreateRevision = 0;
};

struct RangeResponse {
  std::int64_t revision = 0;
  std::vector<KeyValue> kvs;
  bool more = false;
  std::int64_t count = 0;
};

struct PutRequest {
  std::string key;
  std::string value;
  std::int64_t lease = 0;
  bool prevKv = false;
  bool ignoreValue = false;
  bool ignoreLease = false;
};

struct PutResponse {
  std::int64_t revision = 0;
  std::optional<KeyValue> prevKv;
};

struct DeleteRangeRequest {
  KeyRange range;
  bool prevKv = false;
};

struct DeleteRangeResponse {
  std::int64_t revision = 0;
  std::int64_t deleted = 0;
  std::vector<KeyValue> prevKvs;
};

struct Compare {
  enum class Result { Equal, Greater, Less, NotEqual };
  enum class Target { Version, Create, Mod, Value, Lease };
  Result result = Result::Equal;
  Target target = Target::Version;
  KeyRange range;
  std::int64_t number = 0;  // version, create/mod revision or lease, by target
  std::string value;        // for Target::Value
};

struct TxnRequest;
struct TxnResponse;

struct RequestOp {
  enum class Kind { Range, Put, DeleteRange, Txn };
  Kind kind = Kind::Range;
  RangeRequest range;
  PutRequest put;
  DeleteRangeRequest deleteRange;
  std::shared_ptr<TxnRequest> txn;
};

struct ResponseOp {
  RequestOp::Kind kind = RequestOp::Kind::Range;
  RangeResponse range;
  PutResponse put;
  DeleteRangeResponse deleteRange;
  std::shared_ptr<TxnResponse> txn;
};

struct TxnRequest {
  std::vector<Compare> compare;
  std::vector<RequestOp> success;
  std::vector<RequestOp> failure;
};

struct TxnResponse {
  std::int64_t revision = 0;
  bool succeeded = false;
  std::vector<ResponseOp> responses;
};

struct LeaseGrantRequest {
  std::int64_t ttl = 0;
  std::int64_t id = 0;
};

struct LeaseGrantResponse {
  std::int64_t revision = 0;
  std::int64_t id = 0;
  std::int64_t ttl = 0;
};

struct LeaseTimeToLive {
  std::int64_t id = 0;
  std::int64_t ttl = -1;  // remaining seconds; -1 when the lease does not exist
  std::int64_t grantedTtl = 0;
  std::vector<std::string> keys;
};

}  // namespace kubelab::store
