// File: src/base/status.h
// Errors as values. Library code never throws across module boundaries and never exits: a
// function that can fail returns Status or StatusOr<T>, and the caller decides what to do.
// Modelled on absl::Status, with an optional source Location so that input errors can name
// file:line:col all the way up to the CLI.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "base/location.h"

namespace greenlight {

/// Canonical error codes. Pick the most specific:
/// - kInvalidArgument: the input (file, flag, data) is malformed, whatever the system state.
/// - kNotFound: a named thing (file, ref, rule id) does not exist.
/// - kFailedPrecondition: the system is not in a state where the operation can run
///   (output directory not empty without --force, tool missing).
/// - kDataLoss: bytes could not be read or decoded (unreadable file, bad encoding).
/// - kInternal: a bug in greenlight; never the user's fault.
enum class StatusCode { kOk = 0, kInvalidArgument, kNotFound, kFailedPrecondition, kDataLoss, kInternal };

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::optional<Location> location = std::nullopt)
      : code_(code), message_(std::move(message)), location_(std::move(location)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::optional<Location>& location() const { return location_; }

  /// Adds context while unwinding: "loading rules: " + message.
  Status& Prepend(std::string_view context);
  /// Attaches a location if none is set yet (the innermost location wins).
  Status& WithLocation(const Location& location);

  /// "path:line:col: message" (or just the message without a location).
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::optional<Location> location_;
};

inline Status InvalidArgument(std::string message, std::optional<Location> where = std::nullopt) {
  return Status(StatusCode::kInvalidArgument, std::move(message), std::move(where));
}
inline Status NotFound(std::string message, std::optional<Location> where = std::nullopt) {
  return Status(StatusCode::kNotFound, std::move(message), std::move(where));
}
inline Status FailedPrecondition(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message));
}
inline Status DataLoss(std::string message, std::optional<Location> where = std::nullopt) {
  return Status(StatusCode::kDataLoss, std::move(message), std::move(where));
}
inline Status Internal(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}

/// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  StatusOr(Status status) : data_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(data_).ok() && "StatusOr needs an error status or a value");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<Status, T> data_;
};

}  // namespace greenlight

#define GL_STATUS_CONCAT_INNER(a, b) a##b
#define GL_STATUS_CONCAT(a, b) GL_STATUS_CONCAT_INNER(a, b)

#define GL_RETURN_IF_ERROR(expr)                    \
  do {                                              \
    ::greenlight::Status gl_status_ = (expr);       \
    if (!gl_status_.ok()) return gl_status_;        \
  } while (false)

#define GL_ASSIGN_OR_RETURN(lhs, expr) \
  GL_ASSIGN_OR_RETURN_IMPL(GL_STATUS_CONCAT(gl_statusor_, __LINE__), lhs, expr)
#define GL_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
