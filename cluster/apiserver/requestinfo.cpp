#include "apiserver/requestinfo.h"

#include <vector>

namespace kubelab::apiserver {
namespace {

std::vector<std::string> splitPath(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) parts.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

std::string percentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size()) {
      auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      int high = hex(text[i + 1]);
      int low = hex(text[i + 2]);
      if (high < 0 || low < 0) {
        out += text[i];
        continue;
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string queryParameter(std::string_view query, std::string_view name) {
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(start, amp - start);
    std::size_t equals = pair.find('=');
    std::string_view key = pair.substr(0, equals);
    if (percentDecode(key) == name) {
      return equals == std::string_view::npos ? std::string() : percentDecode(pair.substr(equals + 1));
    }
    start = amp + 1;
  }
  return {};
}

bool isTrue(std::string_view value) {
  // Go's strconv.ParseBool, which the API server uses for boolean parameters (Python sends "True").
  return value == "1" || value == "t" || value == "T" || value == "true" || value == "TRUE" || value == "True";
}

bool hasQueryParameter(std::string_view query, std::string_view name) {
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(start, amp - start);
    if (percentDecode(pair.substr(0, pair.find('='))) == name) return true;
    start = amp + 1;
  }
  return false;
}

RequestInfo resolveRequest(std::string_view method, std::string_view path, std::string_view query) {
  RequestInfo info;
  info.path = std::string(path);
  std::vector<std::string> parts = splitPath(path);
  if (parts.empty() || (parts[0] != "api" && parts[0] != "apis")) return info;
  info.apiPrefix = parts[0];
  std::size_t next = 1;
  if (info.apiPrefix == "api") {
    if (parts.size() < 2) return info;
    info.version = parts[1];
    next = 2;
  } else {
    if (parts.size() < 3) {
      if (parts.size() == 2) info.group = parts[1];
      return info;
    }
    info.group = parts[1];
    info.version = parts[2];
    next = 3;
  }
  if (next >= parts.size()) return info;  // /api/v1 or /apis/g/v: discovery
  info.isResourceRequest = true;

  std::vector<std::string> rest(parts.begin() + static_cast<long>(next), parts.end());
  bool legacyWatchPath = false;
  if (!rest.empty() && rest[0] == "watch") {  // /api/v1/watch/...: the deprecated watch paths
    legacyWatchPath = true;
    rest.erase(rest.begin());
  }
  // namespaces/{ns}/{resource}..., except the namespace object itself: "namespaces",
  // "namespaces/{name}" and its subresources "namespaces/{name}/status|finalize".
  bool namespaceSubresource = rest.size() == 3 && rest[0] == "namespaces" && (rest[2] == "status" || rest[2] == "finalize");
  if (namespaceSubresource) {
    info.resource = "namespaces";
    info.name = rest[1];
    info.subresource = rest[2];
    rest.clear();
  } else if (rest.size() >= 3 && rest[0] == "namespaces") {
    info.namespaceName = rest[1];
    rest.erase(rest.begin(), rest.begin() + 2);
  } else if (rest.size() >= 1 && rest[0] == "namespaces") {
    if (rest.size() == 2) info.name = rest[1];
    info.resource = "namespaces";
    rest.clear();
  }
  if (!rest.empty()) info.resource = rest[0];
  if (rest.size() >= 2) info.name = rest[1];
  if (rest.size() >= 3) info.subresource = rest[2];

  bool watch = legacyWatchPath || isTrue(queryParameter(query, "watch"));
  if (method == "GET" || method == "HEAD") {
    if (!info.name.empty()) {
      info.verb = watch ? "watch" : "get";
    } else {
      info.verb = watch ? "watch" : "list";
    }
  } else if (method == "POST") {
    info.verb = "create";
  } else if (method == "PUT") {
    info.verb = "update";
  } else if (method == "PATCH") {
    info.verb = "patch";
  } else if (method == "DELETE") {
    info.verb = info.name.empty() ? "deletecollection" : "delete";
  } else {
    info.verb = std::string(method);
  }
  return info;
}

}  // namespace kubelab::apiserver
