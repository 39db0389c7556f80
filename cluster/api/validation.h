#pragma once
// Kubernetes' validation of the objects we serve, with its exact field paths and messages, for
// the API server's 422 Invalid answers: the student sees `spec.selector: Required value` here just
// as from a real cluster. resourceVersion, uid and the like belong to the API server, not to this.

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "api/fielderror.h"
#include "api/resourcetypes.h"

namespace kubelab::api {

// Validates `object` (already defaulted) for create, or for update when `oldObject` is given.
// The API server first fills metadata.name from generateName and metadata.namespace from the URL,
// generates a Job's selector (generateJobSelector) and, for cluster-scoped types, clears any namespace.
std::vector<FieldError> validateObject(const ResourceType& type, const boost::json::object& object,
                                       const boost::json::object* oldObject);

// The whole Status message Kubernetes writes:
// `Deployment.apps "web" is invalid: spec.selector: Required value` (with [a, b] for several).
std::string invalidMessage(const ResourceType& type, std::string_view name, const std::vector<FieldError>& errors);

// The 422 Status object, with details.causes {reason, message, field} for each error.
boost::json::object invalidStatus(const ResourceType& type, std::string_view name, const std::vector<FieldError>& errors);

}  // namespace kubelab::api
