#pragma once
// Talking to etcd's JSON gateway (or our store) in tests, in a readable form.
//
// Tests write request bodies with keys and values as plain text; encodeBytesFields turns
// them into the base64 the API expects. Answers come back both raw and "readable": the same
// JSON with keys and values decoded and the per-member header fields that legitimately
// differ between two servers (cluster_id, member_id, raft_term) replaced by "*".

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "common/status.h"
#include "http/httpclient.h"

namespace kubelab::testing {

Result<boost::json::value> parseJson(std::string_view text);
std::string toJson(const boost::json::value& value);

// Base64-encodes every string member named key, value or range_end, at any depth.
boost::json::value encodeBytesFields(boost::json::value request);
// The reverse for answers: key, value, range_end and the strings of a "keys" array. Text that
// is not valid base64 becomes "<invalid base64: ...>" so that it can never match.
boost::json::value decodeBytesFields(boost::json::value response);

// decodeBytesFields, then "*" for cluster_id, member_id and raft_term in the top-level
// header when they are present.
boost::json::value readable(boost::json::value response);
// Parses an expected answer and adds "*" cluster_id, member_id and raft_term to its
// top-level header: a real etcd always sends them, so a missing one must not match.
Result<boost::json::value> expectedReadable(std::string_view expectedJson);

struct EtcdResponse {
  unsigned status = 0;
  std::string body;
  boost::json::value json;      // null when the body is not JSON
  boost::json::value readable;  // see readable()
};

class EtcdClient {
 public:
  EtcdClient(std::string host, std::uint16_t port) : host_(std::move(host)), port_(port), http_(host_, port_) {}

  // POSTs `plainRequest` (JSON, keys and values as plain text) to `path`.
  Result<EtcdResponse> call(std::string_view path, std::string_view plainRequest);
  // Sends the body exactly as given.
  Result<EtcdResponse> callRaw(std::string_view method, std::string_view path, std::string_view body);

  // The store's current revision, from an empty range.
  Result<std::int64_t> currentRevision();

  const std::string& host() const { return host_; }
  std::uint16_t port() const { return port_; }

 private:
  std::string host_;
  std::uint16_t port_;
  http::Client http_;
};

// One /v3/watch stream: the first request opens it, more requests (create, cancel,
// progress) go out on the same chunked request body, answers are read one line at a time.
class WatchSession {
 public:
  static Result<std::unique_ptr<WatchSession>> open(const std::string& host, std::uint16_t port,
                                                    std::string_view plainFirstRequest);

  Status send(std::string_view plainRequest);
  // The next answer's "result" object (or the whole answer when it has none), readable.
  // DeadlineExceeded when nothing arrives in time; Unavailable when the stream has ended.
  Result<boost::json::value> next(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  void close() { stream_->close(); }

 private:
  explicit WatchSession(std::unique_ptr<http::Stream> stream) : stream_(std::move(stream)) {}
  std::unique_ptr<http::Stream> stream_;
};

// Reads a decimal int64 that proto3 JSON sent as a string (or a number); 0 when absent.
std::int64_t int64Field(const boost::json::value& object, std::string_view name);

}  // namespace kubelab::testing
