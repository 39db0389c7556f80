#include "apiserver/responses.h"

#include <boost/json/serialize.hpp>

#include <chrono>

#include "apiserver/tables.h"

namespace kubelab::apiserver {
namespace json = boost::json;

void respondObject(http::Exchange& exchange, unsigned status, const Object& object) {
  exchange.respond(status, "application/json", json::serialize(object));
}

void respondError(http::Exchange& exchange, const ApiError& error) {
  respondObject(exchange, error.code, error.toStatus());
}

bool wantsTable(const http::Request& request) {
  std::string accept = request.header("Accept");
  return accept.find("as=Table") != std::string::npos && accept.find("g=meta.k8s.io") != std::string::npos;
}

Object makeList(const api::ResourceType& type, std::vector<Object> items, std::int64_t revision,
                const std::string& continueToken, std::int64_t remainingItemCount) {
  json::object metadata{{"resourceVersion", std::to_string(revision)}};
  if (!continueToken.empty()) metadata["continue"] = continueToken;
  if (remainingItemCount >= 0 && !continueToken.empty()) metadata["remainingItemCount"] = remainingItemCount;
  json::array array;
  array.reserve(items.size());
  for (Object& item : items) {
    item.erase("kind");
    item.erase("apiVersion");
    array.push_back(std::move(item));
  }
  return {{"kind", type.listKind}, {"apiVersion", type.apiVersion()}, {"metadata", std::move(metadata)},
          {"items", std::move(array)}};
}

ApiResult<Object> makeTable(const api::ResourceType& type, const std::vector<Object>& objects, std::int64_t revision,
                            const std::string& continueToken, const std::string& includeObject) {
  json::object listMetadata{{"resourceVersion", std::to_string(revision)}};
  if (!continueToken.empty()) listMetadata["continue"] = continueToken;
  TableOptions options;
  if (!includeObject.empty()) options.includeObject = includeObject;
  auto table = buildTable(type.group, type.plural, objects, listMetadata, options, std::chrono::system_clock::now());
  if (!table) return ApiResult<Object>::failure(badRequest(table.status().message()));
  return ApiResult<Object>::success(std::move(*table));
}

}  // namespace kubelab::apiserver
