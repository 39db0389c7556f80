#include "support/etcdjson.h"

#include <algorithm>
#include <charconv>

#include "common/base64.h"

namespace kubelab::testing {

namespace json = boost::json;

namespace {

bool isBytesField(std::string_view name) { return name == "key" || name == "value" || name == "range_end"; }

template <typename Transform>
void transformBytesFields(json::value& value, const Transform& transform) {
  if (value.is_array()) {
    for (auto& element : value.as_array()) transformBytesFields(element, transform);
    return;
  }
  if (!value.is_object()) return;
  for (auto& member : value.as_object()) {
    if (member.value().is_string() && isBytesField(member.key())) {
      member.value() = transform(member.value().as_string());
    } else if (member.key() == "keys" && member.value().is_array()) {
      for (auto& element : member.value().as_array()) {
        if (element.is_string()) element = transform(element.as_string());
      }
    } else {
      transformBytesFields(member.value(), transform);
    }
  }
}

constexpr std::string_view perMemberHeaderFields[] = {"cluster_id", "member_id", "raft_term"};

}  // namespace

Result<json::value> parseJson(std::string_view text) {
  boost::system::error_code error;
  json::value value = json::parse(text, error);
  if (error) return invalid("not JSON (" + error.message() + "): " + std::string(text.substr(0, 200)));
  return value;
}

std::string toJson(const json::value& value) { return json::serialize(value); }

json::value encodeBytesFields(json::value request) {
  transformBytesFields(request, [](const json::string& text) {
    return json::value(base64Encode(std::string_view(text.data(), text.size())));
  });
  return request;
}

json::value decodeBytesFields(json::value response) {
  transformBytesFields(response, [](const json::string& text) {
    auto decoded = base64Decode(std::string_view(text.data(), text.size()));
    if (!decoded) return json::value("<invalid base64: " + std::string(text.data(), text.size()) + ">");
    return json::value(*decoded);
  });
  return response;
}

json::value readable(json::value response) {
  response = decodeBytesFields(std::move(response));
  if (!response.is_object()) return response;
  auto* header = response.as_object().if_contains("header");
  if (header == nullptr || !header->is_object()) return response;
  for (auto name : perMemberHeaderFields) {
    if (auto* field = header->as_object().if_contains(name)) *field = "*";
  }
  return response;
}

Result<json::value> expectedReadable(std::string_view expectedJson) {
  auto expected = parseJson(expectedJson);
  if (!expected) return expected.status();
  if (!expected->is_object()) return expected;
  auto* header = expected->as_object().if_contains("header");
  if (header == nullptr || !header->is_object()) return expected;
  for (auto name : perMemberHeaderFields) header->as_object()[name] = "*";
  return expected;
}

Result<EtcdResponse> EtcdClient::call(std::string_view path, std::string_view plainRequest) {
  auto request = parseJson(plainRequest);
  if (!request) return request.status();
  return callRaw("POST", path, toJson(encodeBytesFields(std::move(*request))));
}

Result<EtcdResponse> EtcdClient::callRaw(std::string_view method, std::string_view path, std::string_view body) {
  auto response = http_.request(method, path, body);
  if (!response) return response.status();
  EtcdResponse answer;
  answer.status = response->status;
  answer.body = std::move(response->body);
  boost::system::error_code error;
  answer.json = json::parse(answer.body, error);
  if (error) answer.json = nullptr;
  answer.readable = readable(answer.json);
  return answer;
}

Result<std::int64_t> EtcdClient::currentRevision() {
  // An empty range on a key nobody uses: cheap, and its header carries the revision.
  auto response = call("/v3/kv/range", R"({"key":"\u0000kubelab-revision-probe","count_only":true})");
  if (!response) return response.status();
  if (response->status != 200 || !response->json.is_object()) {
    return internalError("range for the current revision answered " + std::to_string(response->status) + ": " +
                         response->body);
  }
  const auto* header = response->json.as_object().if_contains("header");
  if (header == nullptr) return internalError("range answer without header: " + response->body);
  return int64Field(*header, "revision");
}

Result<std::unique_ptr<WatchSession>> WatchSession::open(const std::string& host, std::uint16_t port,
                                                         std::string_view plainFirstRequest) {
  auto request = parseJson(plainFirstRequest);
  if (!request) return request.status();
  http::RequestOptions options;
  options.timeout = std::chrono::seconds(10);
  auto stream = http::Stream::open(host, port, "POST", "/v3/watch", toJson(encodeBytesFields(std::move(*request))),
                                   /*keepRequestBodyOpen=*/true, options);
  if (!stream) return stream.status();
  if ((*stream)->status() != 200) {
    return unavailable("/v3/watch answered HTTP " + std::to_string((*stream)->status()));
  }
  return std::unique_ptr<WatchSession>(new WatchSession(std::move(*stream)));
}

Status WatchSession::send(std::string_view plainRequest) {
  auto request = parseJson(plainRequest);
  if (!request) return request.status();
  return stream_->send(toJson(encodeBytesFields(std::move(*request))));
}

Result<json::value> WatchSession::next(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto line = stream_->readLine(std::max(remaining, std::chrono::milliseconds(0)));
    if (!line) return line.status();
    if (line->empty()) continue;
    auto answer = parseJson(*line);
    if (!answer) return answer.status();
    if (answer->is_object()) {
      if (auto* result = answer->as_object().if_contains("result")) return readable(*result);
    }
    return readable(*answer);
  }
}

std::int64_t int64Field(const json::value& object, std::string_view name) {
  if (!object.is_object()) return 0;
  const auto* field = object.as_object().if_contains(name);
  if (field == nullptr) return 0;
  if (field->is_int64()) return field->as_int64();
  if (field->is_uint64()) return static_cast<std::int64_t>(field->as_uint64());
  if (!field->is_string()) return 0;
  std::int64_t number = 0;
  const auto& text = field->as_string();
  std::from_chars(text.data(), text.data() + text.size(), number);
  return number;
}

}  // namespace kubelab::testing
