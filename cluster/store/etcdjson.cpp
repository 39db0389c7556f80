#include "store/etcdjson.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>

#include "common/base64.h"

namespace kubelab::store::etcdjson {
namespace json = boost::json;
namespace {

Status typeError(std::string_view field, std::string_view expected) {
  return badRequest("json: cannot unmarshal field \"" + std::string(field) + "\": expected " + std::string(expected));
}

// The position of the first character that is not base64, as Go reports it.
std::size_t firstBadBase64Byte(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
              c == '=';
    if (!ok) return i;
  }
  return text.size() / 4 * 4;
}

// Enum fields accept the name or the number, as grpc-gateway does.
Result<int> decodeEnum(const json::object& object, std::string_view field, std::initializer_list<std::string_view> names) {
  const json::value* value = object.if_contains(field);
  if (value == nullptr || value->is_null()) return 0;
  if (value->is_int64() || value->is_uint64()) {
    auto number = value->to_number<std::int64_t>();
    if (number >= 0 && number < static_cast<std::int64_t>(names.size())) return static_cast<int>(number);
  } else if (value->is_string()) {
    int index = 0;
    for (std::string_view name : names) {
      if (value->get_string() == name) return index;
      ++index;
    }
  }
  return typeError(field, "one of its enum names");
}

const json::object* childObject(const json::object& object, std::string_view field) {
  const json::value* value = object.if_contains(field);
  return value != nullptr && value->is_object() ? &value->get_object() : nullptr;
}

Result<KeyRange> decodeKeyRange(const json::object& object) {
  auto key = decodeBytes(object, "key");
  if (!key) return key.status();
  auto rangeEnd = decodeBytes(object, "range_end");
  if (!rangeEnd) return rangeEnd.status();
  return KeyRange{std::move(*key), std::move(*rangeEnd)};
}

Result<RequestOp> decodeRequestOp(const json::object& object);

Result<std::vector<RequestOp>> decodeOps(const json::object& object, std::string_view field) {
  std::vector<RequestOp> ops;
  const json::value* value = object.if_contains(field);
  if (value == nullptr || value->is_null()) return ops;
  if (!value->is_array()) return typeError(field, "an array");
  for (const json::value& element : value->get_array()) {
    if (!element.is_object()) return typeError(field, "an array of objects");
    auto op = decodeRequestOp(element.get_object());
    if (!op) return op.status();
    ops.push_back(std::move(*op));
  }
  return ops;
}

Result<RequestOp> decodeRequestOp(const json::object& object) {
  RequestOp op;
  if (const auto* range = childObject(object, "request_range")) {
    auto decoded = decodeRange(*range);
    if (!decoded) return decoded.status();
    op.kind = RequestOp::Kind::Range;
    op.range = std::move(*decoded);
  } else if (const auto* put = childObject(object, "request_put")) {
    auto decoded = decodePut(*put);
    if (!decoded) return decoded.status();
    op.kind = RequestOp::Kind::Put;
    op.put = std::move(*decoded);
  } else if (const auto* deleteRange = childObject(object, "request_delete_range")) {
    auto decoded = decodeDeleteRange(*deleteRange);
    if (!decoded) return decoded.status();
    op.kind = RequestOp::Kind::DeleteRange;
    op.deleteRange = std::move(*decoded);
  } else if (const auto* txn = childObject(object, "request_txn")) {
    auto decoded = decodeTxn(*txn);
    if (!decoded) return decoded.status();
    op.kind = RequestOp::Kind::Txn;
    op.txn = std::make_shared<TxnRequest>(std::move(*decoded));
  } else {
    return badRequest("etcdserver: a txn operation needs one of request_range, request_put, request_delete_range, request_txn");
  }
  return op;
}

Result<Compare> decodeCompare(const json::object& object) {
  Compare compare;
  auto range = decodeKeyRange(object);
  if (!range) return range.status();
  compare.range = std::move(*range);
  auto result = decodeEnum(object, "result", {"EQUAL", "GREATER", "LESS", "NOT_EQUAL"});
  if (!result) return result.status();
  compare.result = static_cast<Compare::Result>(*result);
  auto target = decodeEnum(object, "target", {"VERSION", "CREATE", "MOD", "VALUE", "LEASE"});
  if (!target) return target.status();
  compare.target = static_cast<Compare::Target>(*target);
  const char* field = "version";
  switch (compare.target) {
    case Compare::Target::Version: field = "version"; break;
    case Compare::Target::Create: field = "create_revision"; break;
    case Compare::Target::Mod: field = "mod_revision"; break;
    case Compare::Target::Lease: field = "lease"; break;
    case Compare::Target::Value: {
      auto value = decodeBytes(object, "value");
      if (!value) return value.status();
      compare.value = std::move(*value);
      return compare;
    }
  }
  auto number = decodeInt64(object, field);
  if (!number) return number.status();
  compare.number = *number;
  return compare;
}

void encodeResponseOps(const std::vector<ResponseOp>& responses, json::array& out);

json::object encodeRevisionOnly(std::int64_t revision) {
  json::object header;
  setInt64(header, "revision", revision);
  return header;
}

}  // namespace

void setInt64(json::object& object, std::string_view field, std::int64_t value) {
  if (value != 0) object[field] = std::to_string(value);
}

void setUint64(json::object& object, std::string_view field, std::uint64_t value) {
  if (value != 0) object[field] = std::to_string(value);
}

Result<json::object> parseObject(std::string_view body) {
  boost::system::error_code error;
  json::value value = json::parse(body, error);
  if (error) return badRequest("invalid JSON in request body: " + error.message());
  if (!value.is_object()) return badRequest("invalid JSON in request body: expected an object");
  return std::move(value.get_object());
}

Result<std::int64_t> decodeInt64(const json::object& object, std::string_view field) {
  const json::value* value = object.if_contains(field);
  if (value == nullptr || value->is_null()) return std::int64_t{0};
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(value->get_uint64());
  }
  if (value->is_string()) {
    const json::string& text = value->get_string();
    std::int64_t number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error == std::errc() && end == text.data() + text.size()) return number;
  }
  return typeError(field, "a 64-bit integer");
}

Result<bool> decodeBool(const json::object& object, std::string_view field) {
  const json::value* value = object.if_contains(field);
  if (value == nullptr || value->is_null()) return false;
  if (value->is_bool()) return value->get_bool();
  return typeError(field, "a boolean");
}

Result<std::string> decodeBytes(const json::object& object, std::string_view field) {
  const json::value* value = object.if_contains(field);
  if (value == nullptr || value->is_null()) return std::string();
  if (!value->is_string()) return typeError(field, "a base64 string");
  std::string_view text = value->get_string();
  auto decoded = base64Decode(text);
  if (!decoded) return badRequest("illegal base64 data at input byte " + std::to_string(firstBadBase64Byte(text)));
  return std::move(*decoded);
}

Result<RangeRequest> decodeRange(const json::object& object) {
  RangeRequest request;
  auto range = decodeKeyRange(object);
  if (!range) return range.status();
  request.range = std::move(*range);
  for (auto [field, target] : {std::pair{"limit", &request.limit}, {"revision", &request.revision},
                               {"min_mod_revision", &request.minModRevision},
                               {"max_mod_revision", &request.maxModRevision},
                               {"min_create_revision", &request.minCreateRevision},
                               {"max_create_revision", &request.maxCreateRevision}}) {
    auto number = decodeInt64(object, field);
    if (!number) return number.status();
    *target = *number;
  }
  for (auto [field, target] : {std::pair{"serializable", &request.serializable}, {"keys_only", &request.keysOnly},
                               {"count_only", &request.countOnly}}) {
    auto flag = decodeBool(object, field);
    if (!flag) return flag.status();
    *target = *flag;
  }
  auto order = decodeEnum(object, "sort_order", {"NONE", "ASCEND", "DESCEND"});
  if (!order) return order.status();
  request.sortOrder = static_cast<SortOrder>(*order);
  auto target = decodeEnum(object, "sort_target", {"KEY", "VERSION", "CREATE", "MOD", "VALUE"});
  if (!target) return target.status();
  request.sortTarget = static_cast<SortTarget>(*target);
  return request;
}

Result<PutRequest> decodePut(const json::object& object) {
  PutRequest request;
  auto key = decodeBytes(object, "key");
  if (!key) return key.status();
  request.key = std::move(*key);
  auto value = decodeBytes(object, "value");
  if (!value) return value.status();
  request.value = std::move(*value);
  auto lease = decodeInt64(object, "lease");
  if (!lease) return lease.status();
  request.lease = *lease;
  for (auto [field, target] : {std::pair{"prev_kv", &request.prevKv}, {"ignore_value", &request.ignoreValue},
                               {"ignore_lease", &request.ignoreLease}}) {
    auto flag = decodeBool(object, field);
    if (!flag) return flag.status();
    *target = *flag;
  }
  return request;
}

Result<DeleteRangeRequest> decodeDeleteRange(const json::object& object) {
  DeleteRangeRequest request;
  auto range = decodeKeyRange(object);
  if (!range) return range.status();
  request.range = std::move(*range);
  auto prevKv = decodeBool(object, "prev_kv");
  if (!prevKv) return prevKv.status();
  request.prevKv = *prevKv;
  return request;
}

Result<TxnRequest> decodeTxn(const json::object& object) {
  TxnRequest request;
  if (const json::value* compares = object.if_contains("compare"); compares != nullptr && !compares->is_null()) {
    if (!compares->is_array()) return typeError("compare", "an array");
    for (const json::value& element : compares->get_array()) {
      if (!element.is_object()) return typeError("compare", "an array of objects");
      auto compare = decodeCompare(element.get_object());
      if (!compare) return compare.status();
      request.compare.push_back(std::move(*compare));
    }
  }
  auto success = decodeOps(object, "success");
  if (!success) return success.status();
  request.success = std::move(*success);
  auto failure = decodeOps(object, "failure");
  if (!failure) return failure.status();
  request.failure = std::move(*failure);
  return request;
}

Result<WatchCreate> decodeWatchCreate(const json::object& object) {
  WatchCreate create;
  auto range = decodeKeyRange(object);
  if (!range) return range.status();
  create.range = std::move(*range);
  auto start = decodeInt64(object, "start_revision");
  if (!start) return start.status();
  create.startRevision = *start;
  auto watchId = decodeInt64(object, "watch_id");
  if (!watchId) return watchId.status();
  create.watchId = *watchId;
  auto progress = decodeBool(object, "progress_notify");
  if (!progress) return progress.status();
  create.progressNotify = *progress;
  auto prevKv = decodeBool(object, "prev_kv");
  if (!prevKv) return prevKv.status();
  create.prevKv = *prevKv;
  if (const json::value* filters = object.if_contains("filters"); filters != nullptr && filters->is_array()) {
    for (const json::value& filter : filters->get_array()) {
      bool noPut = (filter.is_string() && filter.get_string() == "NOPUT") || (filter.is_int64() && filter.get_int64() == 0);
      bool noDelete =
          (filter.is_string() && filter.get_string() == "NODELETE") || (filter.is_int64() && filter.get_int64() == 1);
      if (!noPut && !noDelete) return typeError("filters", "NOPUT or NODELETE");
      create.noPut = create.noPut || noPut;
      create.noDelete = create.noDelete || noDelete;
    }
  }
  return create;
}

json::object encodeHeader(const Header& header) {
  json::object object;
  setUint64(object, "cluster_id", header.clusterId);
  setUint64(object, "member_id", header.memberId);
  setInt64(object, "revision", header.revision);
  setUint64(object, "raft_term", header.raftTerm);
  return object;
}

json::object encodeKeyValue(const KeyValue& kv) {
  json::object object;
  if (!kv.key.empty()) object["key"] = base64Encode(kv.key);
  setInt64(object, "create_revision", kv.createRevision);
  setInt64(object, "mod_revision", kv.modRevision);
  setInt64(object, "version", kv.version);
  if (!kv.value.empty()) object["value"] = base64Encode(kv.value);
  setInt64(object, "lease", kv.lease);
  return object;
}

json::object encodeEvent(const Event& event) {
  json::object object;
  if (event.type == Event::Type::Delete) object["type"] = "DELETE";
  object["kv"] = encodeKeyValue(event.kv);
  if (event.prevKv) object["prev_kv"] = encodeKeyValue(*event.prevKv);
  return object;
}

namespace {

json::object encodeRangeBody(json::object object, const RangeResponse& response) {
  if (!response.kvs.empty()) {
    json::array kvs;
    kvs.reserve(response.kvs.size());
    for (const KeyValue& kv : response.kvs) kvs.push_back(encodeKeyValue(kv));
    object["kvs"] = std::move(kvs);
  }
  if (response.more) object["more"] = true;
  setInt64(object, "count", response.count);
  return object;
}

json::object encodePutBody(json::object object, const PutResponse& response) {
  if (response.prevKv) object["prev_kv"] = encodeKeyValue(*response.prevKv);
  return object;
}

json::object encodeDeleteBody(json::object object, const DeleteRangeResponse& response) {
  setInt64(object, "deleted", response.deleted);
  if (!response.prevKvs.empty()) {
    json::array kvs;
    for (const KeyValue& kv : response.prevKvs) kvs.push_back(encodeKeyValue(kv));
    object["prev_kvs"] = std::move(kvs);
  }
  return object;
}

json::object encodeTxnBody(json::object object, const TxnResponse& response) {
  if (response.succeeded) object["succeeded"] = true;
  if (!response.responses.empty()) {
    json::array responses;
    encodeResponseOps(response.responses, responses);
    object["responses"] = std::move(responses);
  }
  return object;
}

void encodeResponseOps(const std::vector<ResponseOp>& responses, json::array& out) {
  for (const ResponseOp& response : responses) {
    json::object wrapper;
    switch (response.kind) {
      case RequestOp::Kind::Range:
        wrapper["response_range"] = encodeRangeBody({{"header", encodeRevisionOnly(response.range.revision)}}, response.range);
        break;
      case RequestOp::Kind::Put:
        wrapper["response_put"] = encodePutBody({{"header", encodeRevisionOnly(response.put.revision)}}, response.put);
        break;
      case RequestOp::Kind::DeleteRange:
        wrapper["response_delete_range"] =
            encodeDeleteBody({{"header", encodeRevisionOnly(response.deleteRange.revision)}}, response.deleteRange);
        break;
      case RequestOp::Kind::Txn:
        wrapper["response_txn"] = encodeTxnBody({{"header", encodeRevisionOnly(response.txn->revision)}}, *response.txn);
        break;
    }
    out.push_back(std::move(wrapper));
  }
}

}  // namespace

json::object encodeRange(const Header& header, const RangeResponse& response) {
  return encodeRangeBody({{"header", encodeHeader(header)}}, response);
}

json::object encodePut(const Header& header, const PutResponse& response) {
  return encodePutBody({{"header", encodeHeader(header)}}, response);
}

json::object encodeDeleteRange(const Header& header, const DeleteRangeResponse& response) {
  return encodeDeleteBody({{"header", encodeHeader(header)}}, response);
}

json::object encodeTxn(const Header& header, const TxnResponse& response) {
  return encodeTxnBody({{"header", encodeHeader(header)}}, response);
}

int grpcCode(StatusCode code) {
  switch (code) {
    case StatusCode::Ok: return 0;
    case StatusCode::Invalid:
    case StatusCode::BadRequest: return 3;         // InvalidArgument
    case StatusCode::TooLarge: return 8;           // ResourceExhausted
    case StatusCode::DeadlineExceeded: return 4;
    case StatusCode::NotFound: return 5;
    case StatusCode::AlreadyExists: return 6;
    case StatusCode::Forbidden: return 7;          // PermissionDenied
    case StatusCode::Conflict: return 9;           // FailedPrecondition
    case StatusCode::Gone:
    case StatusCode::OutOfRange: return 11;
    case StatusCode::Unavailable: return 14;
    case StatusCode::Unauthorized: return 16;
    case StatusCode::Internal: return 13;
  }
  return 2;
}

unsigned httpStatus(StatusCode code) {
  // grpc-gateway's mapping from gRPC codes to HTTP statuses.
  switch (grpcCode(code)) {
    case 0: return 200;
    case 3: return 400;
    case 4: return 504;
    case 5: return 404;
    case 6: return 409;
    case 7: return 403;
    case 8: return 429;
    case 9: return 412;
    case 11: return 400;
    case 14: return 503;
    case 16: return 401;
    default: return 500;
  }
}

std::string encodeError(const Status& status) {
  json::object object;
  object["error"] = status.message();
  object["message"] = status.message();
  object["code"] = grpcCode(status.code());
  return json::serialize(object);
}

}  // namespace kubelab::store::etcdjson
