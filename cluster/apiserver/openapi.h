#pragma once
// The OpenAPI documents of the API server, as kubectl reads them:
//  - GET /openapi/v3 is an index of group-versions; GET /openapi/v3/api/v1 (and apis/<g>/<v>) is
//    one group-version's paths and schemas. kubectl 1.27+ reads these for `explain`, and to
//    decide that the server validates fields itself (a PATCH operation of the kind that lists the
//    `fieldValidation` query parameter), so that `create/apply/replace` send
//    fieldValidation=Strict instead of validating on the client.
//  - GET /openapi/v2 is the whole API in Swagger 2.0. kubectl asks for it only as protobuf, and
//    only for what v3 cannot do: validating a `kind: List` manifest on the client, and
//    `explain --output=plaintext-openapiv2`.
// Every document is built once from the same schema catalog and is byte-for-byte deterministic.

#include <optional>
#include <string>
#include <string_view>

namespace kubelab::apiserver {

// GET /openapi/v2 as JSON.
std::string openApiV2Document();
// GET /openapi/v2 as protobuf (gnostic's openapi.v2.Document), what kubectl requests.
std::string openApiV2Protobuf();

struct OpenApiResponse {
  std::string contentType;
  std::string body;
};
// Answers GET /openapi/v2 by the request's Accept header, as kube-apiserver does: the protobuf
// media type (either spelling) gets protobuf with Content-Type
// application/com.github.proto-openapi.spec.v2.v1.0+protobuf; application/json, application/*,
// */* or no Accept gets JSON; nullopt -> 406 Not Acceptable.
std::optional<OpenApiResponse> openApiV2Response(std::string_view acceptHeader);

// GET /openapi/v3 (path "") and /openapi/v3/<path> ("api/v1", "apis/apps/v1"); nullopt -> 404.
// Content-Type: application/json. The index links each document as
// /openapi/v3/<path>?hash=<SHA-512 of the document, upper-case hex>.
std::optional<std::string> openApiV3Document(std::string_view path);
// The hash that the index puts in a document's link, for an ETag; nullopt for unknown paths.
std::optional<std::string> openApiV3Hash(std::string_view path);

}  // namespace kubelab::apiserver
