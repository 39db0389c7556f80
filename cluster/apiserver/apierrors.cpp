#include "apiserver/apierrors.h"

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

ApiError make(unsigned code, std::string reason, std::string message) {
  ApiError error;
  error.code = code;
  error.reason = std::move(reason);
  error.message = std::move(message);
  return error;
}

ApiError withDetails(ApiError error, std::string_view group, std::string_view kind, std::string_view name) {
  error.group = std::string(group);
  error.kind = std::string(kind);
  error.name = std::string(name);
  return error;
}

}  // namespace

json::object ApiError::toStatus() const {
  json::object status{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()}, {"status", "Failure"}};
  status["message"] = message;
  if (!reason.empty()) status["reason"] = reason;
  json::object details;
  if (!name.empty()) details["name"] = name;
  if (!group.empty()) details["group"] = group;
  if (!kind.empty()) details["kind"] = kind;
  if (!causes.empty()) {
    json::array list;
    for (const StatusCause& cause : causes) {
      json::object item{{"reason", cause.reason}, {"message", cause.message}};
      if (!cause.field.empty()) item["field"] = cause.field;
      list.push_back(std::move(item));
    }
    details["causes"] = std::move(list);
  }
  if (retryAfterSeconds > 0) details["retryAfterSeconds"] = retryAfterSeconds;
  if (!details.empty()) status["details"] = std::move(details);
  status["code"] = code;
  return status;
}

ApiError notFound(std::string_view qualifiedResource, std::string_view group, std::string_view plural,
                  std::string_view name) {
  return withDetails(make(404, "NotFound", std::string(qualifiedResource) + " \"" + std::string(name) + "\" not found"),
                     group, plural, name);
}

ApiError alreadyExists(std::string_view qualifiedResource, std::string_view group, std::string_view plural,
                       std::string_view name) {
  return withDetails(
      make(409, "AlreadyExists", std::string(qualifiedResource) + " \"" + std::string(name) + "\" already exists"),
      group, plural, name);
}

ApiError conflict(std::string_view qualifiedResource, std::string_view group, std::string_view plural,
                  std::string_view name, std::string_view why) {
  return withDetails(make(409, "Conflict",
                          "Operation cannot be fulfilled on " + std::string(qualifiedResource) + " \"" +
                              std::string(name) + "\": " + std::string(why)),
                     group, plural, name);
}

ApiError invalid(std::string_view kind, std::string_view group, std::string_view name, std::string message,
                 std::vector<StatusCause> causes) {
  ApiError error = withDetails(make(422, "Invalid", std::move(message)), group, kind, name);
  error.causes = std::move(causes);
  return error;
}

ApiError badRequest(std::string message) { return make(400, "BadRequest", std::move(message)); }

ApiError methodNotAllowed() {
  return make(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
}

ApiError notAcceptable(std::string message) { return make(406, "NotAcceptable", std::move(message)); }

ApiError unsupportedMediaType(std::string_view contentType) {
  return make(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types "
                                           "include: application/json, application/yaml, "
                                           "application/json-patch+json, application/merge-patch+json, "
                                           "application/strategic-merge-patch+json (got \"" +
                                               std::string(contentType) + "\")");
}

ApiError gone(std::string message) { return make(410, "Expired", std::move(message)); }

ApiError tooLarge(std::size_t limitBytes) {
  return make(413, "RequestEntityTooLarge", "Request entity too large: limit is " + std::to_string(limitBytes));
}

ApiError forbidden(std::string message) { return make(403, "Forbidden", std::move(message)); }

ApiError unauthorized() { return make(401, "Unauthorized", "Unauthorized"); }

ApiError internalError(std::string message) {
  return make(500, "InternalError", "Internal error occurred: " + std::move(message));
}

ApiError serviceUnavailable(std::string message) { return make(503, "ServiceUnavailable", std::move(message)); }

ApiError timeout(std::string message) { return make(504, "Timeout", std::move(message)); }

ApiError resourceNotFound() { return make(404, "NotFound", "the server could not find the requested resource"); }

ApiError fromStatus(const Status& status) {
  switch (status.code()) {
    case StatusCode::BadRequest:
    case StatusCode::Invalid: return badRequest(status.message());
    case StatusCode::Gone: return gone(status.message());
    case StatusCode::Unavailable: return serviceUnavailable(status.message());
    case StatusCode::DeadlineExceeded: return timeout(status.message());
    case StatusCode::Forbidden: return forbidden(status.message());
    case StatusCode::Unauthorized: return unauthorized();
    default: return internalError(status.message());
  }
}

}  // namespace kubelab::apiserver
