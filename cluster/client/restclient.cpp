#include "client/restclient.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <mutex>
#include <sstream>

#include "api/objectmeta.h"
#include "client/execcredential.h"

namespace kubelab::client {

namespace {

constexpr std::size_t kMaxIdleConnections = 8;

std::string urlEncode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string withQuery(std::string path, const std::vector<std::pair<std::string, std::string>>& query) {
  char separator = '?';
  for (const auto& [name, value] : query) {
    if (value.empty()) continue;
    path += separator;
    path += name + "=" + urlEncode(value);
    separator = '&';
  }
  return path;
}

std::vector<std::pair<std::string, std::string>> listQuery(const ListOptions& options, bool watch) {
  std::vector<std::pair<std::string, std::string>> query{
      {"labelSelector", options.labelSelector},
      {"fieldSelector", options.fieldSelector},
      {"resourceVersion", options.resourceVersion},
      {"limit", options.limit > 0 ? std::to_string(options.limit) : ""},
      {"continue", options.continueToken},
  };
  if (watch) {
    query.emplace_back("watch", "true");
    query.emplace_back("allowWatchBookmarks", options.allowWatchBookmarks ? "true" : "");
    query.emplace_back("timeoutSeconds", options.timeout.count() > 0 ? std::to_string(options.timeout.count()) : "");
  }
  return query;
}

StatusCode codeForReason(std::string_view reason, unsigned httpStatus) {
  if (reason == "NotFound") return StatusCode::NotFound;
  if (reason == "AlreadyExists") return StatusCode::AlreadyExists;
  if (reason == "Conflict") return StatusCode::Conflict;
  if (reason == "Invalid") return StatusCode::Invalid;
  if (reason == "BadRequest") return StatusCode::BadRequest;
  if (reason == "Forbidden") return StatusCode::Forbidden;
  if (reason == "Unauthorized") return StatusCode::Unauthorized;
  if (reason == "Gone" || reason == "Expired") return StatusCode::Gone;
  if (reason == "RequestEntityTooLarge") return StatusCode::TooLarge;
  switch (httpStatus) {
    case 400: return StatusCode::BadRequest;
    case 401: return StatusCode::Unauthorized;
    case 403: return StatusCode::Forbidden;
    case 404: return StatusCode::NotFound;
    case 409: return StatusCode::Conflict;
    case 410: return StatusCode::Gone;
    case 413: return StatusCode::TooLarge;
    case 422: return StatusCode::Invalid;
    case 429:
    case 503:
    case 504: return StatusCode::Unavailable;
    default: return StatusCode::Internal;
  }
}

// A Kubernetes Status body (or anything else) into our Status, keeping the server's message.
Status errorFromResponse(const http::Response& response) {
  boost::system::error_code error;
  auto value = boost::json::parse(response.body, error);
  if (!error && value.is_object() && api::stringAt(value.get_object(), {"kind"}) == "Status") {
    const auto& status = value.get_object();
    return {codeForReason(api::stringAt(status, {"reason"}), response.status), api::stringAt(status, {"message"})};
  }
  std::string body = response.body.size() > 300 ? response.body.substr(0, 300) + "..." : response.body;
  return {codeForReason("", response.status), "the server answered " + std::to_string(response.status) + ": " + body};
}

Result<Object> parseObject(const std::string& body) {
  boost::system::error_code error;
  auto value = boost::json::parse(body, error);
  if (error || !value.is_object()) return internalError("the server's answer is not a JSON object");
  return std::move(value.get_object());
}

const char* contentTypeFor(PatchType type) {
  switch (type) {
    case PatchType::Merge: return "application/merge-patch+json";
    case PatchType::StrategicMerge: return "application/strategic-merge-patch+json";
    case PatchType::Json: return "application/json-patch+json";
  }
  return "application/merge-patch+json";
}

WatchEventType eventType(std::string_view type) {
  if (type == "ADDED") return WatchEventType::Added;
  if (type == "MODIFIED") return WatchEventType::Modified;
  if (type == "DELETED") return WatchEventType::Deleted;
  if (type == "BOOKMARK") return WatchEventType::Bookmark;
  return WatchEventType::Error;
}

class HttpWatchStream final : public WatchStream {
 public:
  explicit HttpWatchStream(std::unique_ptr<http::Stream> stream) : stream_(std::move(stream)) {}

  Result<std::optional<WatchEvent>> next(std::chrono::milliseconds timeout) override {
    auto line = stream_->readLine(timeout);
    if (!line) {
      if (line.status().code() == StatusCode::DeadlineExceeded) return std::optional<WatchEvent>();
      return line.status();
    }
    if (line->empty()) return std::optional<WatchEvent>();
    auto parsed = parseObject(*line);
    if (!parsed) return internalError("a watch event is not a JSON object");
    WatchEvent event;
    event.type = eventType(api::stringAt(*parsed, {"type"}));
    if (auto* object = parsed->if_contains("object"); object && object->is_object()) {
      event.object = std::move(object->get_object());
    }
    return std::optional<WatchEvent>(std::move(event));
  }

  void close() override { stream_->close(); }

 private:
  std::unique_ptr<http::Stream> stream_;
};

}  // namespace

struct RestClient::Impl {
  RestConfig config;
  std::mutex mutex;
  std::vector<std::unique_ptr<http::Client>> idle;  // built for credentialGeneration
  std::uint64_t credentialGeneration = 0;
  // The credential in use: the kubeconfig's, or the exec plugin's latest.
  std::string token;
  http::Endpoint endpoint;
  std::optional<std::chrono::system_clock::time_point> credentialExpiry;
  bool credentialLoaded = false;

  explicit Impl(RestConfig restConfig) : config(std::move(restConfig)) {
    endpoint = http::Endpoint{config.host, config.port, config.tls};
    token = config.bearerToken;
  }

  // Loads the exec plugin's or token file's credential when missing or expired.
  Status refreshCredentialLocked(bool force) {
    bool expired = credentialExpiry && std::chrono::system_clock::now() + std::chrono::seconds(10) >= *credentialExpiry;
    if (credentialLoaded && !force && !expired) return Status::ok();
    if (config.exec) {
      auto credential = runExecCredentialPlugin(*config.exec);
      if (!credential) return credential.status();
      token = credential->token;
      credentialExpiry = credential->expiration;
      if (!credential->clientCertificatePem.empty()) {
        http::ClientTlsOptions tls = config.tls.value_or(http::ClientTlsOptions{});
        tls.certificateFile.clear();
        tls.privateKeyFile.clear();
        tls.certificatePem = credential->clientCertificatePem;
        tls.privateKeyPem = credential->clientKeyPem;
        endpoint.tls = tls;
      }
      idle.clear();
      ++credentialGeneration;
    } else if (!config.bearerTokenFile.empty() && config.bearerToken.empty()) {
      std::ifstream in(config.bearerTokenFile);
      if (!in) return unavailable("cannot read token file " + config.bearerTokenFile.string());
      std::ostringstream text;
      text << in.rdbuf();
      token = text.str();
      while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
    }
    credentialLoaded = true;
    return Status::ok();
  }

  struct Lease {
    std::unique_ptr<http::Client> client;
    std::uint64_t generation;
    http::RequestOptions options;
  };

  Result<Lease> acquire(bool forceRefresh) {
    std::lock_guard lock(mutex);
    KUBELAB_RETURN_IF_ERROR(refreshCredentialLocked(forceRefresh));
    Lease lease{nullptr, credentialGeneration, {}};
    if (!idle.empty()) {
      lease.client = std::move(idle.back());
      idle.pop_back();
    } else {
      lease.client = std::make_unique<http::Client>(endpoint);
    }
    lease.options = requestOptionsLocked();
    return lease;
  }

  http::RequestOptions requestOptionsLocked() const {
    http::RequestOptions options;
    options.timeout = config.timeout;
    options.headers.emplace_back("Accept", "application/json");
    options.headers.emplace_back("User-Agent", config.userAgent);
    if (!token.empty()) options.headers.emplace_back("Authorization", "Bearer " + token);
    return options;
  }

  void release(Lease lease) {
    std::lock_guard lock(mutex);
    if (lease.generation == credentialGeneration && idle.size() < kMaxIdleConnections) {
      idle.push_back(std::move(lease.client));
    }
  }

  Result<http::Response> send(std::string_view method, const std::string& target, std::string_view body,
                              std::string_view contentType) {
    for (int attempt = 0;; ++attempt) {
      auto lease = acquire(attempt > 0);
      if (!lease) return lease.status();
      if (!contentType.empty()) lease->options.contentType = std::string(contentType);
      auto response = lease->client->request(method, target, body, lease->options);
      if (!response) return response.status();  // the broken connection is dropped, not pooled
      release(std::move(*lease));
      // An expired exec credential: run the plugin again and retry once, as client-go does.
      if (response->status == 401 && config.exec && attempt == 0) continue;
      return response;
    }
  }

  // A GET on a connection of its own whose body is read as it arrives (watches, followed logs).
  Result<std::unique_ptr<http::Stream>> openStream(const std::string& target, std::string_view accept) {
    http::Endpoint streamEndpoint;
    http::RequestOptions options;
    {
      std::lock_guard lock(mutex);
      KUBELAB_RETURN_IF_ERROR(refreshCredentialLocked(false));
      streamEndpoint = endpoint;
      options = requestOptionsLocked();
    }
    for (auto& [name, value] : options.headers) {
      if (name == "Accept") value = std::string(accept);
    }
    auto stream = http::Stream::open(streamEndpoint, "GET", target, {}, false, options);
    if (!stream) return stream.status();
    if ((*stream)->status() >= 300) {
      http::Response response{(*stream)->status(), (*stream)->headers(), {}};
      // The error body is a Status; it ends with the response.
      for (;;) {
        auto piece = (*stream)->readSome(std::chrono::milliseconds(2000));
        if (!piece) break;
        response.body += *piece;
      }
      return errorFromResponse(response);
    }
    return std::move(*stream);
  }

  Result<Object> sendForObject(std::string_view method, const std::string& target, std::string_view body,
                               std::string_view contentType = "application/json") {
    auto response = send(method, target, body, contentType);
    if (!response) return response.status();
    if (response->status >= 300) return errorFromResponse(*response);
    return parseObject(response->body);
  }
};

RestClient::RestClient(RestConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
RestClient::~RestClient() = default;

const RestConfig& RestClient::config() const { return impl_->config; }

Result<Object> RestClient::get(const GroupVersionResource& resource, std::string_view ns, std::string_view name,
                               std::string_view subresource) {
  return impl_->sendForObject("GET", resource.path(ns, name, subresource), {});
}

Result<ObjectList> RestClient::list(const GroupVersionResource& resource, std::string_view ns,
                                    const ListOptions& options) {
  auto object = impl_->sendForObject("GET", withQuery(resource.path(ns), listQuery(options, false)), {});
  if (!object) return object.status();
  ObjectList list;
  list.resourceVersion = api::stringAt(*object, {"metadata", "resourceVersion"});
  list.continueToken = api::stringAt(*object, {"metadata", "continue"});
  if (auto* items = object->if_contains("items"); items && items->is_array()) {
    // Items of a list carry neither apiVersion nor kind; fill them in so each stands alone.
    std::string listKind = api::stringAt(*object, {"kind"});
    std::string kind = listKind.ends_with("List") ? listKind.substr(0, listKind.size() - 4) : "";
    for (auto& item : items->get_array()) {
      if (!item.is_object()) continue;
      auto& entry = item.get_object();
      if (!entry.contains("apiVersion")) entry["apiVersion"] = resource.apiVersion();
      if (!entry.contains("kind") && !kind.empty()) entry["kind"] = kind;
      list.items.push_back(std::move(entry));
    }
  }
  return list;
}

Result<Object> RestClient::create(const GroupVersionResource& resource, std::string_view ns, const Object& object) {
  return impl_->sendForObject("POST", resource.path(ns), boost::json::serialize(object));
}

Result<Object> RestClient::update(const GroupVersionResource& resource, const Object& object,
                                  std::string_view subresource) {
  return impl_->sendForObject("PUT", resource.path(api::namespaceOf(object), api::name(object), subresource),
                              boost::json::serialize(object));
}

Result<Object> RestClient::patch(const GroupVersionResource& resource, std::string_view ns, std::string_view name,
                                 PatchType type, std::string_view patch, std::string_view subresource) {
  return impl_->sendForObject("PATCH", resource.path(ns, name, subresource), patch, contentTypeFor(type));
}

Status RestClient::remove(const GroupVersionResource& resource, std::string_view ns, std::string_view name,
                          const DeleteOptions& options) {
  boost::json::object body{{"apiVersion", "v1"}, {"kind", "DeleteOptions"}};
  if (!options.propagationPolicy.empty()) body["propagationPolicy"] = options.propagationPolicy;
  if (options.gracePeriodSeconds) body["gracePeriodSeconds"] = *options.gracePeriodSeconds;
  if (!options.preconditionUid.empty()) body["preconditions"] = boost::json::object{{"uid", options.preconditionUid}};
  auto result = impl_->sendForObject("DELETE", resource.path(ns, name), boost::json::serialize(body));
  return result.status();
}

Result<Object> RestClient::createSubresource(const GroupVersionResource& resource, std::string_view ns,
                                             std::string_view name, std::string_view subresource,
                                             const Object& body) {
  return impl_->sendForObject("POST", resource.path(ns, name, subresource), boost::json::serialize(body));
}

Result<std::unique_ptr<WatchStream>> RestClient::watch(const GroupVersionResource& resource, std::string_view ns,
                                                       const ListOptions& options) {
  auto stream = impl_->openStream(withQuery(resource.path(ns), listQuery(options, true)), "application/json");
  if (!stream) return stream.status();
  return std::unique_ptr<WatchStream>(std::make_unique<HttpWatchStream>(std::move(*stream)));
}

Result<std::unique_ptr<http::Stream>> RestClient::getStream(std::string_view path) {
  // As client-go asks for logs: the body is text, errors still come as a JSON Status.
  return impl_->openStream(std::string(path), "application/json, */*");
}

Result<std::string> RestClient::getRaw(std::string_view path) {
  auto response = impl_->send("GET", std::string(path), {}, {});
  if (!response) return response.status();
  if (response->status >= 300) return errorFromResponse(*response);
  return std::move(response->body);
}

}  // namespace kubelab::client
