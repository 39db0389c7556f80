#pragma once
// The protobuf form of /openapi/v2: gnostic's openapi.v2.Document (OpenAPIv2.proto), which is the
// only form of v2 that kubectl's discovery client asks for and parses.

#include <string>

#include <boost/json/object.hpp>

namespace kubelab::apiserver::openapi {

// Encodes a Swagger 2.0 document as openapi.go builds it: info, paths (operations with their
// parameters, responses and x- extensions) and definitions. Extension, default and enum values
// travel as YAML text, which every JSON text is.
std::string encodeOpenApiV2Protobuf(const boost::json::object& document);

}  // namespace kubelab::apiserver::openapi
