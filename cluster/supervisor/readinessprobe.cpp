#include "supervisor/readinessprobe.h"

#include <charconv>

#include "http/httpclient.h"

namespace kubelab::supervisor {

Result<HttpUrl> parseHttpUrl(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return invalid("\"" + std::string(url) + "\" is not an http:// URL");
  std::string_view rest = url.substr(kScheme.size());
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return invalid("\"" + std::string(url) + "\" has no host:port");
  }
  HttpUrl parsed;
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

Status probeReadiness(std::string_view url, std::chrono::milliseconds timeout) {
  Result<HttpUrl> parsed = parseHttpUrl(url);
  if (!parsed) return parsed.status();
  // A new connection per probe: a kept-alive one would stay open in the supervisor while it
  // starts other children, and probes are rare enough for connecting to cost nothing.
  http::Client client(parsed->host, parsed->port);
  http::RequestOptions options;
  options.timeout = timeout;
  Result<http::Response> response = client.get(parsed->target, options);
  if (!response) return response.status();
  if (response->status < 200 || response->status >= 300) {
    return unavailable("GET " + std::string(url) + " answered " + std::to_string(response->status));
  }
  return Status::ok();
}

}  // namespace kubelab::supervisor
