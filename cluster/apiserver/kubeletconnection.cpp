#include "apiserver/kubeletconnection.h"

#include <boost/json/parse.hpp>

#include "api/objectmeta.h"
#include "api/resourcetypes.h"

namespace kubelab::apiserver {

ApiResult<http::Endpoint> KubeletConnector::endpointForNode(const std::string& nodeName) const {
  if (!configured()) {
    return ApiResult<http::Endpoint>::failure(serviceUnavailable(
        "the API server has no kubelet client certificate (--kubelet-client-certificate), so it cannot reach kubelets"));
  }
  auto node = storage_.get(*api::findResourceType("", "v1", "nodes"), "", nodeName);
  if (!node.ok()) return ApiResult<http::Endpoint>::failure(node.error);
  return endpointFor(*node.value);
}

ApiResult<http::Endpoint> KubeletConnector::endpointFor(const Object& node) const {
  std::string address;
  std::string known;
  if (const auto* addresses = api::arrayAt(node, {"status", "addresses"})) {
    for (const auto& entry : *addresses) {
      if (!entry.is_object()) continue;
      std::string type = api::stringAt(entry.get_object(), {"type"});
      std::string value = api::stringAt(entry.get_object(), {"address"});
      known += (known.empty() ? "" : " ") + type + ":" + value;
      if (type == "InternalIP" && address.empty()) address = value;
    }
  }
  // kube-apiserver's words when no preferred address type is there.
  if (address.empty()) {
    return ApiResult<http::Endpoint>::failure(
        badRequest("no preferred addresses found; known addresses: [" + known + "]"));
  }
  std::int64_t port = api::integerAt(node, {"status", "daemonEndpoints", "kubeletEndpoint", "Port"}, 10250);
  if (port <= 0 || port > 65535) port = 10250;
  http::ClientTlsOptions tls;
  tls.caFile = options_.certificateAuthorityFile;
  tls.certificateFile = options_.certificateFile;
  tls.privateKeyFile = options_.privateKeyFile;
  return ApiResult<http::Endpoint>::success(http::Endpoint{address, static_cast<std::uint16_t>(port), tls});
}

ApiError kubeletError(unsigned status, const std::string& body) {
  std::string message = body;
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) message.pop_back();
  boost::system::error_code error;
  auto parsed = boost::json::parse(body, error);
  if (!error && parsed.is_object() && parsed.as_object().contains("message")) {
    message = api::stringAt(parsed.as_object(), {"message"});
  }
  switch (status) {
    case 400: return badRequest(message);
    case 403: return forbidden(message);
    case 404: {
      ApiError notFoundError = resourceNotFound();
      notFoundError.message = message;
      return notFoundError;
    }
    default: {
      ApiError other = internalError(message);
      other.code = status >= 400 && status < 600 ? status : 500;
      return other;
    }
  }
}

}  // namespace kubelab::apiserver
