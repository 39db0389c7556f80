#include "apiserver/requestbody.h"

#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>

#include "apiserver/protobufdecoder.h"

namespace kubelab::apiserver {
namespace json = boost::json;

ApiResult<Object> decodeRequestBody(const http::Request& request) {
  std::string contentType = request.header("Content-Type");
  contentType = contentType.substr(0, contentType.find(';'));
  if (contentType == "application/vnd.kubernetes.protobuf") {
    auto decoded = decodeKubernetesProtobuf(request.body);
    if (!decoded) return ApiResult<Object>::failure(badRequest(decoded.status().message()));
    return ApiResult<Object>::success(std::move(*decoded));
  }
  if (!contentType.empty() && contentType != "application/json" && contentType != "*/*") {
    return ApiResult<Object>::failure(unsupportedMediaType(contentType));
  }
  boost::system::error_code error;
  json::value parsed = json::parse(request.body, error);
  if (error || !parsed.is_object()) {
    std::string why = error ? error.message() : "the body is not a JSON object";
    if (error == json::error::too_deep) why = "it is nested more deeply than 32 levels, which no Kubernetes object needs";
    return ApiResult<Object>::failure(badRequest("the body of the request could not be decoded: " + why));
  }
  return ApiResult<Object>::success(std::move(parsed.get_object()));
}

}  // namespace kubelab::apiserver
