#pragma once
// etcd v3's JSON gateway encoding (grpc-gateway over the etcdserverpb protos): snake_case
// fields, bytes as base64, 64-bit integers as strings, and fields at their default value
// left out, exactly as etcd 3.4 writes them.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/keyvalue.h"

namespace kubelab::store::etcdjson {

struct Header {
  std::uint64_t clusterId = 0;
  std::uint64_t memberId = 0;
  std::int64_t revision = 0;
  std::uint64_t raftTerm = 0;
};

// Parses a request body; malformed JSON is a BadRequest with the parser's message.
Result<boost::json::object> parseObject(std::string_view body);

Result<RangeRequest> decodeRange(const boost::json::object& json);
Result<PutRequest> decodePut(const boost::json::object& json);
Result<DeleteRangeRequest> decodeDeleteRange(const boost::json::object& json);
Result<TxnRequest> decodeTxn(const boost::json::object& json);
Result<std::int64_t> decodeInt64(const boost::json::object& json, std::string_view field);
Result<bool> decodeBool(const boost::json::object& json, std::string_view field);
Result<std::string> decodeBytes(const boost::json::object& json, std::string_view field);

struct WatchCreate {
  std::int64_t startRevision = 0;
  std::int64_t watchId = 0;
  bool progressNotify = false;
  bool noPut = false;
  bool noDelete = false;
  bool prevKv = false;
  KeyRange range;
};
Result<WatchCreate> decodeWatchCreate(const boost::json::object& json);

boost::json::object encodeHeader(const Header& header);
boost::json::object encodeKeyValue(const KeyValue& kv);
boost::json::object encodeEvent(const Event& event);
boost::json::object encodeRange(const Header& header, const RangeResponse& response);
boost::json::object encodePut(const Header& header, const PutResponse& response);
boost::json::object encodeDeleteRange(const Header& header, const DeleteRangeResponse& response);
boost::json::object encodeTxn(const Header& header, const TxnResponse& response);

// The gRPC status code etcd's gateway reports for an error, and the HTTP status it maps to.
int grpcCode(StatusCode code);
unsigned httpStatus(StatusCode code);
std::string encodeError(const Status& status);

// Sets `field` to `value` written as etcd writes an int64 (a string), unless it is zero.
void setInt64(boost::json::object& json, std::string_view field, std::int64_t value);
void setUint64(boost::json::object& json, std::string_view field, std::uint64_t value);

}  // namespace kubelab::store::etcdjson
