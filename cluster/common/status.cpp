#include "common/status.h"

namespace kubelab {

const char* statusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::Ok: return "OK";
    case StatusCode::NotFound: return "NotFound";
    case StatusCode::AlreadyExists: return "AlreadyExists";
    case StatusCode::Conflict: return "Conflict";
    case StatusCode::Invalid: return "Invalid";
    case StatusCode::BadRequest: return "BadRequest";
    case StatusCode::Forbidden: return "Forbidden";
    case StatusCode::Unauthorized: return "Unauthorized";
    case StatusCode::Gone: return "Gone";
    case StatusCode::OutOfRange: return "OutOfRange";
    case StatusCode::TooLarge: return "TooLarge";
    case StatusCode::Unavailable: return "Unavailable";
    case StatusCode::DeadlineExceeded: return "DeadlineExceeded";
    case StatusCode::Internal: return "Internal";
  }
  return "Unknown";
}

std::string Status::toString() const {
  if (isOk()) return "OK";
  return std::string(statusCodeName(code_)) + ": " + message_;
}

}  // namespace kubelab
