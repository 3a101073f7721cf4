#include "base/status.h"

namespace greenlight {

std::string Location::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out;
}

Status& Status::Prepend(std::string_view context) {
  message_ = std::string(context) + ": " + message_;
  return *this;
}

Status& Status::WithLocation(const Location& location) {
  if (!location_) location_ = location;
  return *this;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  if (location_ && !location_->file.empty()) return location_->ToString() + ": " + message_;
  return message_;
}

}  // namespace greenlight
