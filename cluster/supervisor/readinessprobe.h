#pragma once
// Asking a component whether it is ready to serve: one HTTP GET that must answer 2xx, as
// etcd's /health does once it can serve requests.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kubelab::supervisor {

struct HttpUrl {
  std::string host;
  std::uint16_t port = 0;
  std::string target;  // path and query, "/" when the URL has none
};

// Only plain http://host:port/path URLs, which is all the components serve on loopback.
Result<HttpUrl> parseHttpUrl(std::string_view url);

// OK when `url` answers 2xx within `timeout`; otherwise why not, for the user to read.
Status probeReadiness(std::string_view url, std::chrono::milliseconds timeout);

}  // namespace kubelab::supervisor
