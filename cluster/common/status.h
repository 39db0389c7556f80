#pragma once
// Status and Result<T>: how every module reports failure without exceptions.
// The codes mirror the Kubernetes API's reasons so they translate one-to-one at the edges.

#include <string>
#include <utility>
#include <variant>

namespace kubelab {

enum class StatusCode {
  Ok,
  NotFound,
  AlreadyExists,
  Conflict,
  Invalid,
  BadRequest,
  Forbidden,
  Unauthorized,
  Gone,          // e.g. a compacted revision
  OutOfRange,    // e.g. a future revision
  TooLarge,
  Unavailable,
  DeadlineExceeded,
  Internal,
};

const char* statusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }

  bool isOk() const { return code_ == StatusCode::Ok; }
  explicit operator bool() const { return isOk(); }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string toString() const;

 private:
  StatusCode code_ = StatusCode::Ok;
  std::string message_;
};

inline Status notFound(std::string message) { return {StatusCode::NotFound, std::move(message)}; }
inline Status alreadyExists(std::string message) { return {StatusCode::AlreadyExists, std::move(message)}; }
inline Status conflict(std::string message) { return {StatusCode::Conflict, std::move(message)}; }
inline Status invalid(std::string message) { return {StatusCode::Invalid, std::move(message)}; }
inline Status badRequest(std::string message) { return {StatusCode::BadRequest, std::move(message)}; }
inline Status unavailable(std::string message) { return {StatusCode::Unavailable, std::move(message)}; }
inline Status internalError(std::string message) { return {StatusCode::Internal, std::move(message)}; }

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool isOk() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return isOk(); }

  const Status& status() const {
    static const Status okStatus;
    return isOk() ? okStatus : std::get<Status>(state_);
  }
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace kubelab

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define KUBELAB_RETURN_IF_ERROR(expr)              \
  do {                                             \
    if (::kubelab::Status status_ = (expr); !status_.isOk()) return status_; \
  } while (false)
