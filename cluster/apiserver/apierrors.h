#pragma once
// Kubernetes API errors: the metav1.Status objects the real API server answers with, with the
// same codes, reasons and messages, so kubectl and client libraries print what they print
// against a real cluster.

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kubelab::apiserver {

struct StatusCause {
  std::string reason;  // e.g. FieldValueRequired
  std::string message;
  std::string field;
};

struct ApiError {
  unsigned code = 500;
  std::string reason;  // NotFound, AlreadyExists, Conflict, Invalid, BadRequest, ...
  std::string message;
  // details: the object's name, group and kind (Kubernetes puts the resource plural there
  // for most errors, the Kind for Invalid), and causes.
  std::string name;
  std::string group;
  std::string kind;
  std::vector<StatusCause> causes;
  long retryAfterSeconds = 0;

  boost::json::object toStatus() const;
};

// `qualifiedResource` is "pods" or "deployments.apps", as Kubernetes names a resource in messages.
ApiError notFound(std::string_view qualifiedResource, std::string_view group, std::string_view plural,
                  std::string_view name);
ApiError alreadyExists(std::string_view qualifiedResource, std::string_view group, std::string_view plural,
                       std::string_view name);
ApiError conflict(std::string_view qualifiedResource, std::string_view group, std::string_view plural,
                  std::string_view name, std::string_view why);
ApiError invalid(std::string_view kind, std::string_view group, std::string_view name, std::string message,
                 std::vector<StatusCause> causes);
ApiError badRequest(std::string message);
ApiError methodNotAllowed();
ApiError notAcceptable(std::string message);
ApiError unsupportedMediaType(std::string_view contentType);
ApiError gone(std::string message);
ApiError tooLarge(std::size_t limitBytes);
ApiError forbidden(std::string message);
ApiError unauthorized();
ApiError internalError(std::string message);
ApiError serviceUnavailable(std::string message);
ApiError timeout(std::string message);
// 404 for a path that names no resource or endpoint we serve.
ApiError resourceNotFound();

// A store or library failure as the closest API error.
ApiError fromStatus(const Status& status);

}  // namespace kubelab::apiserver
