#pragma once
// What a request path and method mean in Kubernetes terms: the verb, API group and version,
// namespace, resource, name and subresource, as k8s.io/apiserver's RequestInfo resolves them.

#include <string>
#include <string_view>

namespace kubelab::apiserver {

struct RequestInfo {
  bool isResourceRequest = false;  // false for /api, /apis, /version, /healthz, /openapi/...
  std::string path;
  std::string verb;  // get list watch create update patch delete deletecollection (resource requests)
  std::string apiPrefix;  // "api" or "apis"
  std::string group;
  std::string version;
  std::string namespaceName;
  std::string resource;
  std::string name;
  std::string subresource;
};

// `query` is the raw query string (watch=true turns list into watch).
RequestInfo resolveRequest(std::string_view method, std::string_view path, std::string_view query);

// The value of one query parameter, percent-decoded; "" when absent.
std::string queryParameter(std::string_view query, std::string_view name);
bool hasQueryParameter(std::string_view query, std::string_view name);
// A boolean parameter's value as Go's strconv.ParseBool reads it: 1, t, T, true, TRUE, True.
bool isTrue(std::string_view value);

}  // namespace kubelab::apiserver
