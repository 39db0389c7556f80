#include "apiserver/etcdclient.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>

#include "common/base64.h"

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

std::int64_t int64Field(const json::object& object, std::string_view field) {
  const json::value* value = object.if_contains(field);
  if (value == nullptr) return 0;
  if (value->is_int64()) return value->get_int64();
  if (value->is_string()) {
    std::int64_t number = 0;
    const json::string& text = value->get_string();
    std::from_chars(text.data(), text.data() + text.size(), number);
    return number;
  }
  return 0;
}

std::string bytesField(const json::object& object, std::string_view field) {
  const json::value* value = object.if_contains(field);
  if (value == nullptr || !value->is_string()) return {};
  return base64Decode(value->get_string()).value_or(std::string());
}

bool boolField(const json::object& object, std::string_view field) {
  const json::value* value = object.if_contains(field);
  return value != nullptr && value->is_bool() && value->get_bool();
}

EtcdKeyValue decodeKeyValue(const json::object& object) {
  return {bytesField(object, "key"), bytesField(object, "value"), int64Field(object, "create_revision"),
          int64Field(object, "mod_revision")};
}

std::int64_t headerRevision(const json::object& response) {
  const json::value* header = response.if_contains("header");
  return header != nullptr && header->is_object() ? int64Field(header->get_object(), "revision") : 0;
}

// etcd's gateway errors ({"error","message","code"}) as our status codes.
Status etcdError(const json::object& body, unsigned httpStatus) {
  const json::value* text = body.if_contains("message");
  std::string message = text != nullptr && text->is_string() ? std::string(text->get_string())
                                                             : "HTTP " + std::to_string(httpStatus);
  std::int64_t code = int64Field(body, "code");
  if (message.find("compacted") != std::string::npos) return Status(StatusCode::Gone, message);
  switch (code) {
    case 3: return Status(StatusCode::BadRequest, message);
    case 5: return Status(StatusCode::NotFound, message);
    case 8: return Status(StatusCode::TooLarge, message);
    case 9: return Status(StatusCode::Conflict, message);
    case 11: return Status(StatusCode::OutOfRange, message);
    case 14: return Status(StatusCode::Unavailable, message);
    default: return Status(StatusCode::Internal, "the store answered: " + message);
  }
}

// The first txn sub-response of `kind` ("response_range"...), or an empty object.
const json::object& firstResponse(const json::object& txn, std::string_view kind) {
  static const json::object empty;
  const json::value* responses = txn.if_contains("responses");
  if (responses == nullptr || !responses->is_array() || responses->get_array().empty()) return empty;
  const json::value& first = responses->get_array()[0];
  const json::value* inner = first.is_object() ? first.get_object().if_contains(kind) : nullptr;
  return inner != nullptr && inner->is_object() ? inner->get_object() : empty;
}

json::object compare(const std::string& key, std::string_view target, std::string_view field, std::int64_t value) {
  return {{"key", base64Encode(key)}, {"target", target}, {"result", "EQUAL"}, {field, std::to_string(value)}};
}

json::object putOp(const std::string& key, const std::string& value) {
  return {{"request_put", json::object{{"key", base64Encode(key)}, {"value", base64Encode(value)}}}};
}

json::object rangeOp(const std::string& key) { return {{"request_range", json::object{{"key", base64Encode(key)}}}}; }

}  // namespace

std::string prefixEnd(const std::string& prefix) {
  std::string end = prefix;
  while (!end.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(end.back());
    if (last < 0xFF) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');  // every key
}

Result<std::unique_ptr<EtcdClient>> EtcdClient::connect(const std::string& endpoint) {
  constexpr std::string_view scheme = "http://";
  if (endpoint.rfind(scheme, 0) != 0) {
    return Status(StatusCode::Invalid, "--etcd-servers: " + endpoint + " must be an http:// URL");
  }
  std::string rest = endpoint.substr(scheme.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  auto colon = rest.rfind(':');
  std::uint16_t port = 0;
  if (colon == std::string::npos ||
      std::from_chars(rest.data() + colon + 1, rest.data() + rest.size(), port).ec != std::errc()) {
    return Status(StatusCode::Invalid, "--etcd-servers: " + endpoint + " needs a port");
  }
  std::string host = rest.substr(0, colon);
  if (host == "localhost") host = "127.0.0.1";
  return std::unique_ptr<EtcdClient>(new EtcdClient(host, port));
}

std::unique_ptr<http::Client> EtcdClient::borrow() {
  std::lock_guard lock(poolMutex_);
  if (pool_.empty()) return std::make_unique<http::Client>(host_, port_);
  auto client = std::move(pool_.back());
  pool_.pop_back();
  return client;
}

void EtcdClient::giveBack(std::unique_ptr<http::Client> client) {
  std::lock_guard lock(poolMutex_);
  if (pool_.size() < 32) pool_.push_back(std::move(client));
}

Result<std::string> EtcdClient::call(const std::string& path, const std::string& body) {
  auto client = borrow();
  http::RequestOptions options;
  options.timeout = std::chrono::seconds(30);
  auto response = client->post(path, body, options);
  if (!response) {
    return Status(StatusCode::Unavailable, "cannot reach the store at " + host_ + ":" + std::to_string(port_) + ": " +
                                               response.status().message());
  }
  giveBack(std::move(client));
  if (response->status == 200) return std::move(response->body);
  boost::system::error_code error;
  json::value parsed = json::parse(response->body, error);
  if (error || !parsed.is_object()) {
    return Status(StatusCode::Internal, "the store answered HTTP " + std::to_string(response->status));
  }
  return etcdError(parsed.get_object(), response->status);
}

namespace {
Result<json::object> parseResponse(const Result<std::string>& body) {
  if (!body) return body.status();
  boost::system::error_code error;
  json::value parsed = json::parse(*body, error);
  if (error || !parsed.is_object()) return Status(StatusCode::Internal, "the store sent malformed JSON");
  return std::move(parsed.get_object());
}
}  // namespace

Result<std::optional<EtcdKeyValue>> EtcdClient::get(const std::string& key, std::int64_t revision) {
  json::object request{{"key", base64Encode(key)}};
  if (revision > 0) request["revision"] = std::to_string(revision);
  auto response = parseResponse(call("/v3/kv/range", json::serialize(request)));
  if (!response) return response.status();
  const json::value* kvs = response->if_contains("kvs");
  if (kvs == nullptr || !kvs->is_array() || kvs->get_array().empty()) return std::optional<EtcdKeyValue>();
  const json::value& first = kvs->get_array()[0];
  if (!first.is_object()) return Status(StatusCode::Internal, "the store sent a malformed key-value");
  return std::optional<EtcdKeyValue>(decodeKeyValue(first.get_object()));
}

Result<EtcdList> EtcdClient::list(const std::string& start, const std::string& end, std::int64_t limit,
                                  std::int64_t revision) {
  json::object request{{"key", base64Encode(start)}, {"range_end", base64Encode(end)}};
  if (limit > 0) request["limit"] = std::to_string(limit);
  if (revision > 0) request["revision"] = std::to_string(revision);
  auto response = parseResponse(call("/v3/kv/range", json::serialize(request)));
  if (!response) return response.status();
  EtcdList list;
  list.revision = revision > 0 ? revision : headerRevision(*response);
  list.count = int64Field(*response, "count");
  list.more = boolField(*response, "more");
  if (const json::value* kvs = response->if_contains("kvs"); kvs != nullptr && kvs->is_array()) {
    list.kvs.reserve(kvs->get_array().size());
    for (const json::value& kv : kvs->get_array()) {
      if (kv.is_object()) list.kvs.push_back(decodeKeyValue(kv.get_object()));
    }
  }
  return list;
}

Result<std::int64_t> EtcdClient::create(const std::string& key, const std::string& value) {
  json::object txn{{"compare", json::array{compare(key, "CREATE", "create_revision", 0)}},
                   {"success", json::array{putOp(key, value)}}};
  auto response = parseResponse(call("/v3/kv/txn", json::serialize(txn)));
  if (!response) return response.status();
  if (!boolField(*response, "succeeded")) return Status(StatusCode::AlreadyExists, key + " already exists");
  return headerRevision(*response);
}

Result<std::int64_t> EtcdClient::update(const std::string& key, const std::string& value,
                                        std::int64_t expectedModRevision) {
  json::object txn{{"compare", json::array{compare(key, "MOD", "mod_revision", expectedModRevision)}},
                   {"success", json::array{putOp(key, value)}},
                   {"failure", json::array{rangeOp(key)}}};
  auto response = parseResponse(call("/v3/kv/txn", json::serialize(txn)));
  if (!response) return response.status();
  if (boolField(*response, "succeeded")) return headerRevision(*response);
  // Tell a vanished key from a changed one: the failure branch read the key.
  bool exists = firstResponse(*response, "response_range").contains("kvs");
  if (!exists) return Status(StatusCode::NotFound, key + " not found");
  return Status(StatusCode::Conflict, key + " was modified");
}

Result<std::int64_t> EtcdClient::remove(const std::string& key, std::int64_t expectedModRevision) {
  json::object deleteOp{{"request_delete_range", json::object{{"key", base64Encode(key)}}}};
  json::object txn{{"success", json::array{deleteOp}}, {"failure", json::array{rangeOp(key)}}};
  if (expectedModRevision > 0) txn["compare"] = json::array{compare(key, "MOD", "mod_revision", expectedModRevision)};
  auto response = parseResponse(call("/v3/kv/txn", json::serialize(txn)));
  if (!response) return response.status();
  if (!boolField(*response, "succeeded")) return Status(StatusCode::Conflict, key + " was modified");
  std::int64_t deleted = int64Field(firstResponse(*response, "response_delete_range"), "deleted");
  if (deleted == 0) return Status(StatusCode::NotFound, key + " not found");
  return headerRevision(*response);
}

Result<std::int64_t> EtcdClient::currentRevision() {
  auto response = parseResponse(call("/v3/kv/range", R"({"key":"AA==","count_only":true})"));
  if (!response) return response.status();
  return headerRevision(*response);
}

Status EtcdClient::compact(std::int64_t revision) {
  return call("/v3/kv/compaction", json::serialize(json::object{{"revision", std::to_string(revision)}})).status();
}

bool EtcdClient::healthy() {
  auto client = borrow();
  http::RequestOptions options;
  options.timeout = std::chrono::seconds(2);
  auto response = client->get("/health", options);
  bool ok = response && response->status == 200;
  if (ok) giveBack(std::move(client));
  return ok;
}

Result<std::unique_ptr<EtcdWatch>> EtcdClient::watch(const std::string& start, const std::string& end,
                                                     std::int64_t startRevision) {
  json::object create{{"key", base64Encode(start)}, {"range_end", base64Encode(end)}, {"prev_kv", true}};
  if (startRevision > 0) create["start_revision"] = std::to_string(startRevision);
  std::string body = json::serialize(json::object{{"create_request", create}});
  auto stream = http::Stream::open(host_, port_, "POST", "/v3/watch", body, true);
  if (!stream) return Status(StatusCode::Unavailable, "cannot watch the store: " + stream.status().message());
  auto watch = std::make_unique<EtcdWatch>(std::move(*stream));
  // The first answer confirms the watch was created.
  auto created = watch->next(std::chrono::seconds(10));
  if (!created) return created.status();
  if (created->compactRevision != 0) {
    return Status(StatusCode::Gone, "required revision has been compacted (compact revision " +
                                        std::to_string(created->compactRevision) + ")");
  }
  return watch;
}

Result<EtcdWatch::Batch> EtcdWatch::next(std::chrono::milliseconds timeout) {
  auto line = stream_->readLine(timeout);
  if (!line) return line.status();
  boost::system::error_code error;
  json::value parsed = json::parse(*line, error);
  if (error || !parsed.is_object()) return Status(StatusCode::Unavailable, "malformed watch response from the store");
  const json::value* result = parsed.get_object().if_contains("result");
  if (result == nullptr || !result->is_object()) {
    return Status(StatusCode::Unavailable, "the store ended the watch: " + *line);
  }
  const json::object& response = result->get_object();
  Batch batch;
  batch.headerRevision = headerRevision(response);
  batch.compactRevision = int64Field(response, "compact_revision");
  if (batch.compactRevision == 0) {
    if (boolField(response, "canceled")) return Status(StatusCode::Unavailable, "the store cancelled the watch");
  }
  batch.progress = int64Field(response, "watch_id") == -1;
  if (const json::value* events = response.if_contains("events"); events != nullptr && events->is_array()) {
    for (const json::value& item : events->get_array()) {
      if (!item.is_object()) continue;
      const json::object& event = item.get_object();
      EtcdWatchEvent decoded;
      const json::value* type = event.if_contains("type");
      decoded.deleted = type != nullptr && type->is_string() && type->get_string() == "DELETE";
      const json::value* kv = event.if_contains("kv");
      if (kv == nullptr || !kv->is_object()) continue;
      decoded.kv = decodeKeyValue(kv->get_object());
      if (const json::value* prev = event.if_contains("prev_kv"); prev != nullptr && prev->is_object()) {
        decoded.prevKv = decodeKeyValue(prev->get_object());
      }
      batch.events.push_back(std::move(decoded));
    }
  }
  return batch;
}

Status EtcdWatch::requestProgress() { return stream_->send(R"({"progress_request":{}})"); }

}  // namespace kubelab::apiserver
