#include "supervisor/readinessprobe.h"

#include <charconv>

#include "http/httpclient.h"

namespace kubelab::supervisor {

Result<HttpUrl> parseHttpUrl(std::string_view url) {
  HttpUrl parsed;
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    parsed.secure = true;
    rest = url.substr(8);
  } else {
    return invalid("\"" + std::string(url) + "\" is not an http:// or https:// URL");
  }
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return invalid("\"" + std::string(url) + "\" has no host:port");
  }
  parsed.host = std::string(authority.substr(0, colon));
  std::string_view portText = authority.substr(colon + 1);
  unsigned port = 0;
  auto [end, error] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (error != std::errc() || end != portText.data() + portText.size() || port == 0 || port > 65535) {
    return invalid("\"" + std::string(url) + "\" has no valid port");
  }
  parsed.port = static_cast<std::uint16_t>(port);
  parsed.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  return parsed;
}

Status probeReadiness(const ReadinessCheck& check, std::chrono::milliseconds timeout) {
  Result<HttpUrl> parsed = parseHttpUrl(check.url);
  if (!parsed) return parsed.status();
  http::Endpoint endpoint{parsed->host, parsed->port, std::nullopt};
  if (parsed->secure) {
    if (check.caFile.empty()) return invalid("no CA to verify " + check.url + " against");
    http::ClientTlsOptions tls;
    tls.caFile = check.caFile.string();
    endpoint.tls = tls;
  }
  // A new connection per probe: a kept-alive one would stay open in the supervisor while it
  // starts other children, and probes are rare enough for connecting to cost nothing.
  http::Client client(endpoint);
  http::RequestOptions options;
  options.timeout = timeout;
  Result<http::Response> response = client.get(parsed->target, options);
  if (!response) return response.status();
  if (response->status < 200 || response->status >= 300) {
    return unavailable("GET " + check.url + " answered " + std::to_string(response->status));
  }
  if (!check.expectedBody.empty() && response->body != check.expectedBody) {
    constexpr std::size_t kQuotedBodyLimit = 200;
    return unavailable("GET " + check.url + " answered \"" + response->body.substr(0, kQuotedBodyLimit) +
                       "\", not \"" + check.expectedBody + "\"");
  }
  return Status::ok();
}

}  // namespace kubelab::supervisor
