#pragma once
// The REST paths of the OpenAPI documents: for each served resource, the collection and item
// paths with the operations its verbs allow, plus its subresources, rendered for v2 or v3.

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "api/resourcetypes.h"
#include "apiserver/openapischema.h"

namespace kubelab::apiserver::openapi {

struct OperationSpec {
  std::string method;  // get, put, post, patch, delete
  std::string action;  // x-kubernetes-action: get, list, post, put, patch, delete, deletecollection
  std::string operationId;
  std::string description;
  std::vector<std::string> queryParameters;
  std::string requestSchema;   // full schema name; "" when there is no body
  std::string responseSchema;  // full schema name; "" for a plain-text answer (logs)
  bool created = false;        // answers 201 as well as 200 (and 202 for deletes)
  GroupVersionKind groupVersionKind;
  std::string tag;
  std::vector<std::string> consumes;  // media types of the body; empty for JSON bodies
};

struct PathSpec {
  std::string path;
  bool hasNamespace = false;
  bool hasName = false;
  std::vector<OperationSpec> operations;
};

// "" -> "api/v1", "apps" -> "apis/apps/v1": the key of a group-version in the v3 index.
std::string groupVersionPath(const api::ResourceType& type);
// Every path of one resource type, in a fixed order.
std::vector<PathSpec> pathsOf(const api::ResourceType& type, const SchemaCatalog& catalog);
// The schemas that the operations of `paths` name directly.
std::vector<std::string> schemasNamedBy(const std::vector<PathSpec>& paths);

boost::json::object renderPathItem(const PathSpec& path, OpenApiVersion version);

}  // namespace kubelab::apiserver::openapi
