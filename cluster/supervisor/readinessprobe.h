#pragma once
// Asking a component whether it is ready to serve: one HTTP(S) GET that must answer 2xx, as
// etcd's /health does once it can serve requests, or kube-apiserver's /readyz with "ok".

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kubelab::supervisor {

struct HttpUrl {
  bool secure = false;  // https://
  std::string host;
  std::uint16_t port = 0;
  std::string target;  // path and query, "/" when the URL has none
};

// Only http:// and https://host:port/path URLs, which is all the components serve on loopback.
Result<HttpUrl> parseHttpUrl(std::string_view url);

struct ReadinessCheck {
  std::string url;  // empty: the component has no probe
  // For an https:// URL, the CA the server's certificate must chain to: a probe that trusted
  // any certificate could call a stranger on the port ready.
  std::filesystem::path caFile;
  // When not empty, the body must be exactly this: kube-apiserver's /readyz says "ok" only
  // once every check passes, and a proxy or error page could otherwise answer 200.
  std::string expectedBody;
};

// OK when the check passes within `timeout`; otherwise why not, for the user to read.
Status probeReadiness(const ReadinessCheck& check, std::chrono::milliseconds timeout);

}  // namespace kubelab::supervisor
