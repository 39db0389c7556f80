#include "store/etcdapi.h"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include <map>

#include "common/base64.h"
#include "common/logging.h"
#include "store/etcdjson.h"
#include "store/watchsession.h"

namespace kubelab::store {
namespace json = boost::json;
namespace net = boost::asio;
namespace {

constexpr const char* jsonType = "application/json";
// The gateway reads bodies up to this size; etcd's own limit (maximumRequestBytes) is checked
// after decoding, on the bytes that would be stored.
constexpr std::size_t maximumBodyBytes = 8 * 1024 * 1024;

std::size_t requestBytes(const std::vector<RequestOp>& ops) {
  std::size_t total = 0;
  for (const RequestOp& op : ops) {
    total += op.range.range.key.size() + op.range.range.rangeEnd.size();
    total += op.put.key.size() + op.put.value.size();
    total += op.deleteRange.range.key.size() + op.deleteRange.range.rangeEnd.size();
    if (op.txn) total += requestBytes(op.txn->success) + requestBytes(op.txn->failure);
  }
  return total;
}

}  // namespace

struct EtcdApi::Impl {
  Impl(MvccStore& mvccStore, EtcdApiOptions apiOptions) : store(mvccStore), options(apiOptions) {}

  etcdjson::Header header(std::int64_t revision) const {
    return {store.clusterId(), store.memberId(), revision, 1};
  }

  void respondJson(http::Exchange& exchange, const json::object& body) {
    exchange.respond(200, jsonType, json::serialize(body));
  }
  void respondError(http::Exchange& exchange, const Status& status) {
    exchange.respond(etcdjson::httpStatus(status.code()), jsonType, etcdjson::encodeError(status));
  }

  Status checkSize(const TxnRequest& txn) const {
    std::size_t total = requestBytes(txn.success) + requestBytes(txn.failure);
    for (const Compare& compare : txn.compare) total += compare.range.key.size() + compare.value.size();
    // etcd's gRPC server takes messages up to the limit plus 512 KiB of overhead; past that the
    // message is refused before etcd looks at it, with another code.
    std::size_t grpcLimit = options.maximumRequestBytes + 512 * 1024;
    if (total > grpcLimit) {
      return Status(StatusCode::TooLarge, "grpc: received message larger than max (" + std::to_string(total) +
                                              " vs. " + std::to_string(grpcLimit) + ")");
    }
    if (total > options.maximumRequestBytes) return invalid("etcdserver: request is too large");
    return Status::ok();
  }

  void range(const json::object& body, std::shared_ptr<http::Exchange> exchange) {
    auto request = etcdjson::decodeRange(body);
    if (!request) return respondError(*exchange, request.status());
    auto response = store.range(*request);
    if (!response) return respondError(*exchange, response.status());
    respondJson(*exchange, etcdjson::encodeRange(header(response->revision), *response));
  }

  void txn(TxnRequest request, std::shared_ptr<http::Exchange> exchange,
           std::function<json::object(const TxnResponse&)> encode) {
    if (Status size = checkSize(request); !size) return respondError(*exchange, size);
    store.txn(std::move(request), [this, exchange, encode = std::move(encode)](Result<TxnResponse> response) {
      if (!response) return respondError(*exchange, response.status());
      respondJson(*exchange, encode(*response));
    });
  }

  void put(const json::object& body, std::shared_ptr<http::Exchange> exchange) {
    auto request = etcdjson::decodePut(body);
    if (!request) return respondError(*exchange, request.status());
    TxnRequest txn;
    txn.success.push_back(RequestOp{RequestOp::Kind::Put, {}, std::move(*request), {}, {}});
    this->txn(std::move(txn), exchange, [this](const TxnResponse& response) {
      return etcdjson::encodePut(header(response.revision), response.responses.front().put);
    });
  }

  void deleteRange(const json::object& body, std::shared_ptr<http::Exchange> exchange) {
    auto request = etcdjson::decodeDeleteRange(body);
    if (!request) return respondError(*exchange, request.status());
    TxnRequest txn;
    txn.success.push_back(RequestOp{RequestOp::Kind::DeleteRange, {}, {}, std::move(*request), {}});
    this->txn(std::move(txn), exchange, [this](const TxnResponse& response) {
      return etcdjson::encodeDeleteRange(header(response.revision), response.responses.front().deleteRange);
    });
  }

  void txn(const json::object& body, std::shared_ptr<http::Exchange> exchange) {
    auto request = etcdjson::decodeTxn(body);
    if (!request) return respondError(*exchange, request.status());
    this->txn(std::move(*request), exchange, [this](const TxnResponse& response) {
      return etcdjson::encodeTxn(header(response.revision), response);
    });
  }

  void compaction(const json::object& body, std::shared_ptr<http::Exchange> exchange) {
    auto revision = etcdjson::decodeInt64(body, "revision");
    if (!revision) return respondError(*exchange, revision.status());
    store.compact(*revision, [this, exchange](Result<std::int64_t> current) {
      if (!current) return respondError(*exchange, current.status());
      respondJson(*exchange, {{"header", etcdjson::encodeHeader(header(*current))}});
    });
  }

  void leaseGrant(const json::object& body, std::shared_ptr<http::Exchange> exchange) {
    auto ttl = etcdjson::decodeInt64(body, "TTL");
    auto id = etcdjson::decodeInt64(body, "ID");
    if (!ttl) return respondError(*exchange, ttl.status());
    if (!id) return respondError(*exchange, id.status());
    store.grantLease({*ttl, *id}, [this, exchange](Result<LeaseGrantResponse> granted) {
      if (!granted) return respondError(*exchange, granted.status());
      json::object result{{"header", etcdjson::encodeHeader(header(granted->revision))}};
      etcdjson::setInt64(result, "ID", granted->id);
      etcdjson::setInt64(result, "TTL", granted->ttl);
      respondJson(*exchange, result);
    });
  }

  void leaseRevoke(const json::object& body, std::shared_ptr<http::Exchange> exchange) {
    auto id = etcdjson::decodeInt64(body, "ID");
    if (!id) return respondError(*exchange, id.status());
    store.revokeLease(*id, [this, exchange](Result<std::int64_t> revision) {
      if (!revision) return respondError(*exchange, revision.status());
      respondJson(*exchange, {{"header", etcdjson::encodeHeader(header(*revision))}});
    });
  }

  json::object keepAliveResult(std::int64_t id) {
    auto ttl = store.keepAliveLease(id);
    json::object result{{"header", etcdjson::encodeHeader(header(store.currentRevision()))}};
    etcdjson::setInt64(result, "ID", id);
    if (ttl) etcdjson::setInt64(result, "TTL", *ttl);
    return result;
  }

  void leaseTimeToLive(const json::object& body, std::shared_ptr<http::Exchange> exchange) {
    auto id = etcdjson::decodeInt64(body, "ID");
    auto withKeys = etcdjson::decodeBool(body, "keys");
    if (!id) return respondError(*exchange, id.status());
    if (!withKeys) return respondError(*exchange, withKeys.status());
    LeaseTimeToLive answer = store.leaseTimeToLive(*id, *withKeys);
    json::object result{{"header", etcdjson::encodeHeader(header(store.currentRevision()))}};
    etcdjson::setInt64(result, "ID", answer.id);
    etcdjson::setInt64(result, "TTL", answer.ttl);
    etcdjson::setInt64(result, "grantedTTL", answer.grantedTtl);
    if (!answer.keys.empty()) {
      json::array keys;
      for (const std::string& key : answer.keys) keys.push_back(json::string(base64Encode(key)));
      result["keys"] = std::move(keys);
    }
    respondJson(*exchange, result);
  }

  void leaseLeases(std::shared_ptr<http::Exchange> exchange) {
    json::array leases;
    for (std::int64_t id : store.leaseIds()) leases.push_back(json::object{{"ID", std::to_string(id)}});
    json::object result{{"header", etcdjson::encodeHeader(header(store.currentRevision()))}};
    if (!leases.empty()) result["leases"] = std::move(leases);
    respondJson(*exchange, result);
  }

  void status(std::shared_ptr<http::Exchange> exchange) {
    std::int64_t revision = store.currentRevision();
    json::object result{{"header", etcdjson::encodeHeader(header(revision))}};
    result["version"] = "3.4.0";
    etcdjson::setInt64(result, "dbSize", store.databaseSizeBytes());
    etcdjson::setUint64(result, "leader", store.memberId());
    etcdjson::setInt64(result, "raftIndex", revision);
    etcdjson::setInt64(result, "raftTerm", 1);
    etcdjson::setInt64(result, "raftAppliedIndex", revision);
    etcdjson::setInt64(result, "dbSizeInUse", store.databaseSizeBytes());
    respondJson(*exchange, result);
  }

  // /v3/lease/keepalive: each message on the request body renews a lease and gets an answer;
  // the stream ends with the request body, as etcd's does.
  void keepAliveStream(std::shared_ptr<http::Exchange> exchange) {
    exchange->startStream(200, jsonType);
    auto parser = std::make_shared<json::stream_parser>();
    auto failed = std::make_shared<bool>(false);
    exchange->onBodyData(
        [this, exchange, parser, failed](std::string_view data) {
          while (!data.empty() && !*failed) {
            boost::system::error_code error;
            std::size_t used = parser->write_some(data.data(), data.size(), error);
            if (error) {
              *failed = true;
              json::object failure{{"error", error.message()}, {"message", error.message()}, {"code", 2}};
              exchange->writeChunk(json::serialize(failure) + "\n");
              return exchange->finish();
            }
            data.remove_prefix(used);
            if (!parser->done()) continue;
            json::value message = parser->release();
            parser->reset();
            std::int64_t id = 0;
            if (message.is_object()) {
              if (auto decoded = etcdjson::decodeInt64(message.get_object(), "ID")) id = *decoded;
            }
            json::object line{{"result", keepAliveResult(id)}};
            exchange->writeChunk(json::serialize(line) + "\n");
          }
        },
        [exchange, failed] {
          if (!*failed) exchange->finish();
        });
  }

  MvccStore& store;
  EtcdApiOptions options;
  net::thread_pool watchThreads{2};
};

EtcdApi::EtcdApi(MvccStore& store, EtcdApiOptions options) : impl_(std::make_unique<Impl>(store, options)) {}

EtcdApi::~EtcdApi() {
  impl_->watchThreads.stop();
  impl_->watchThreads.join();
}

http::ServerOptions EtcdApi::serverOptions() const {
  http::ServerOptions options;
  options.maxBodyBytes = maximumBodyBytes;
  options.streamsRequestBody = [](const http::Request& request) {
    return request.path() == "/v3/watch" || request.path() == "/v3/lease/keepalive";
  };
  options.respondTooLarge = [](const http::Request&, http::Exchange& exchange) {
    Status status(StatusCode::TooLarge, "grpc: received message larger than max (more than " +
                                            std::to_string(maximumBodyBytes) + " bytes)");
    exchange.respond(etcdjson::httpStatus(status.code()), jsonType, etcdjson::encodeError(status));
  };
  return options;
}

void EtcdApi::handle(const http::Request& request, std::shared_ptr<http::Exchange> exchange) {
  Impl& api = *impl_;
  std::string_view path = request.path();
  if (path == "/health" || path == "/livez" || path == "/readyz") {
    return exchange->respond(200, "text/plain; charset=utf-8", R"({"health":"true"})");
  }
  if (path == "/version") {
    return exchange->respond(200, jsonType, R"({"etcdserver":"3.4.0","etcdcluster":"3.4.0"})");
  }
  if (path == "/v3/watch") {
    auto session = std::make_shared<WatchSession>(api.store, exchange, api.watchThreads.get_executor(),
                                                  api.options.progressNotifyInterval);
    return session->start();
  }
  if (path == "/v3/lease/keepalive") return api.keepAliveStream(exchange);

  using Route = void (Impl::*)(const json::object&, std::shared_ptr<http::Exchange>);
  static const std::map<std::string_view, Route> routes = {
      {"/v3/kv/range", &Impl::range},
      {"/v3/kv/put", &Impl::put},
      {"/v3/kv/deleterange", &Impl::deleteRange},
      {"/v3/kv/txn", static_cast<Route>(&Impl::txn)},
      {"/v3/kv/compaction", &Impl::compaction},
      {"/v3/lease/grant", &Impl::leaseGrant},
      {"/v3/lease/revoke", &Impl::leaseRevoke},
      {"/v3/kv/lease/revoke", &Impl::leaseRevoke},
      {"/v3/lease/timetolive", &Impl::leaseTimeToLive},
      {"/v3/kv/lease/timetolive", &Impl::leaseTimeToLive},
  };
  bool knownWithoutBody = path == "/v3/lease/leases" || path == "/v3/kv/lease/leases" || path == "/v3/maintenance/status";
  auto route = routes.find(path);
  if (route == routes.end() && !knownWithoutBody) return exchange->respond(404, "text/plain", "Not Found\n");
  if (request.method != "POST") return exchange->respond(405, "text/plain", "Method Not Allowed\n");

  auto body = etcdjson::parseObject(request.body.empty() ? std::string_view("{}") : std::string_view(request.body));
  if (!body) return api.respondError(*exchange, body.status());
  if (path == "/v3/maintenance/status") return api.status(exchange);
  if (route == routes.end()) return api.leaseLeases(exchange);
  (api.*(route->second))(*body, exchange);
}

}  // namespace kubelab::store
