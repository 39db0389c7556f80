#include "apiserver/openapi.h"

#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "api/resourcetypes.h"
#include "apiserver/openapipaths.h"
#include "apiserver/openapiprotobuf.h"
#include "apiserver/openapischema.h"

namespace kubelab::apiserver {
namespace {

using openapi::OpenApiVersion;
using ReachableSet = std::map<std::string, bool, std::less<>>;

constexpr const char* kApiTitle = "Kubernetes";
constexpr const char* kApiVersion = "v1.32.0-kubelab";
// kubectl asks for the "@v1.0" spelling, but Go's media type parser rejects '@', so the answer
// names the dotted spelling, as kube-apiserver's does.
constexpr std::string_view kProtobufRequested = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
constexpr std::string_view kProtobufMediaType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

struct GroupVersionDocument {
  std::string json;
  std::string hash;
};

struct Documents {
  std::map<std::string, GroupVersionDocument, std::less<>> v3;  // by "api/v1", "apis/apps/v1"
  std::string v3Index;
  std::string v2Json;
  std::string v2Protobuf;
};

// Kubernetes' documents list object keys in sorted order; so do ours, which also makes the
// bytes, and so the hashes, independent of the order in which the documents were assembled.
boost::json::value sortedKeys(const boost::json::value& value) {
  if (value.is_array()) {
    boost::json::array sorted;
    for (const boost::json::value& item : value.get_array()) sorted.push_back(sortedKeys(item));
    return sorted;
  }
  if (!value.is_object()) return value;
  std::vector<std::pair<std::string_view, const boost::json::value*>> members;
  for (const auto& member : value.get_object()) members.emplace_back(member.key(), &member.value());
  std::sort(members.begin(), members.end());
  boost::json::object sorted;
  sorted.reserve(members.size());
  for (const auto& [key, member] : members) sorted.emplace(key, sortedKeys(*member));
  return sorted;
}

std::string sha512Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha512(), nullptr);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

boost::json::object schemasFor(const ReachableSet& names, OpenApiVersion version) {
  const openapi::SchemaCatalog& catalog = openapi::builtinSchemaCatalog();
  boost::json::object schemas;
  for (const auto& [name, reachable] : names) {
    if (const openapi::SchemaDefinition* definition = catalog.find(name)) {
      schemas[name] = openapi::renderSchema(*definition, version);
    }
  }
  return schemas;
}

struct GroupVersionPaths {
  std::vector<openapi::PathSpec> paths;
  ReachableSet schemas;
};

// The served resource types, grouped by group-version in the order they are declared.
std::map<std::string, GroupVersionPaths, std::less<>> collectPaths() {
  const openapi::SchemaCatalog& catalog = openapi::builtinSchemaCatalog();
  std::map<std::string, GroupVersionPaths, std::less<>> groups;
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    GroupVersionPaths& group = groups[openapi::groupVersionPath(type)];
    std::vector<openapi::PathSpec> paths = openapi::pathsOf(type, catalog);
    for (const std::string& name : openapi::schemasNamedBy(paths)) catalog.collectReachable(name, group.schemas);
    for (openapi::PathSpec& path : paths) group.paths.push_back(std::move(path));
  }
  return groups;
}

boost::json::object pathsObject(const std::vector<openapi::PathSpec>& paths, OpenApiVersion version) {
  boost::json::object rendered;
  for (const openapi::PathSpec& path : paths) rendered[path.path] = openapi::renderPathItem(path, version);
  return rendered;
}

Documents buildDocuments() {
  Documents documents;
  const auto groups = collectPaths();
  boost::json::object index;
  boost::json::object v2Paths;
  ReachableSet allSchemas;
  for (const auto& [path, group] : groups) {
    boost::json::object document{
        {"openapi", "3.0.0"},
        {"info", boost::json::object{{"title", kApiTitle}, {"version", kApiVersion}}},
        {"paths", pathsObject(group.paths, OpenApiVersion::V3)},
        {"components", boost::json::object{{"schemas", schemasFor(group.schemas, OpenApiVersion::V3)}}}};
    GroupVersionDocument& entry = documents.v3[path];
    entry.json = boost::json::serialize(sortedKeys(document));
    entry.hash = sha512Hex(entry.json);
    index[path] = boost::json::object{{"serverRelativeURL", "/openapi/v3/" + path + "?hash=" + entry.hash}};

    for (auto& [name, item] : pathsObject(group.paths, OpenApiVersion::V2)) v2Paths[name] = std::move(item);
    allSchemas.insert(group.schemas.begin(), group.schemas.end());
  }
  documents.v3Index = boost::json::serialize(sortedKeys(boost::json::object{{"paths", std::move(index)}}));

  // The v2 definitions carry no x-kubernetes-group-version-kind. kubectl validates a `kind: List`
  // manifest on the client against the v2 definition of each item's kind, and reports every
  // field that a definition lacks as unknown; our schemas describe the commonly used fields, not
  // all of them, so they must not be found. kubectl then leaves validation to the server, which
  // it asks for with fieldValidation=Strict.
  const boost::json::value v2 = sortedKeys(boost::json::object{
      {"swagger", "2.0"},
      {"info", boost::json::object{{"title", kApiTitle}, {"version", kApiVersion}}},
      {"paths", std::move(v2Paths)},
      {"definitions", schemasFor(allSchemas, OpenApiVersion::V2)}});
  documents.v2Json = boost::json::serialize(v2);
  documents.v2Protobuf = openapi::encodeOpenApiV2Protobuf(v2.get_object());
  return documents;
}

const Documents& documents() {
  static const Documents built = buildDocuments();
  return built;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string openApiV2Document() { return documents().v2Json; }

std::string openApiV2Protobuf() { return documents().v2Protobuf; }

std::optional<OpenApiResponse> openApiV2Response(std::string_view acceptHeader) {
  if (trimmed(acceptHeader).empty()) return OpenApiResponse{"application/json", openApiV2Document()};
  // The first media range we can produce wins; kubectl sends exactly one.
  std::size_t start = 0;
  while (start <= acceptHeader.size()) {
    std::size_t comma = acceptHeader.find(',', start);
    if (comma == std::string_view::npos) comma = acceptHeader.size();
    std::string_view range = acceptHeader.substr(start, comma - start);
    range = trimmed(range.substr(0, range.find(';')));
    if (range == kProtobufRequested || range == kProtobufMediaType) {
      return OpenApiResponse{std::string(kProtobufMediaType), openApiV2Protobuf()};
    }
    if (range == "application/json" || range == "application/*" || range == "*/*") {
      return OpenApiResponse{"application/json", openApiV2Document()};
    }
    start = comma + 1;
  }
  return std::nullopt;
}

std::optional<std::string> openApiV3Document(std::string_view path) {
  if (path.empty()) return documents().v3Index;
  const auto& byPath = documents().v3;
  auto document = byPath.find(path);
  if (document == byPath.end()) return std::nullopt;
  return document->second.json;
}

std::optional<std::string> openApiV3Hash(std::string_view path) {
  const auto& byPath = documents().v3;
  auto document = byPath.find(path);
  if (document == byPath.end()) return std::nullopt;
  return document->second.hash;
}

}  // namespace kubelab::apiserver
