// File: src/base/version.h
// Kubernetes versions as users type them: "1.25", "v1.25", "1.25.3". Most of greenlight
// compares Kubernetes minors (an API is removed "in 1.25", whatever the patch), so the
// comparison helpers here work on major.minor unless told otherwise.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace greenlight {

class Version {
 public:
  Version() = default;
  Version(int major, int minor, std::optional<int> patch = std::nullopt)
      : major_(major), minor_(minor), patch_(patch) {}

  /// Accepts "1.25", "v1.25", "1.25.3", "v1.25.3". Anything else is kInvalidArgument with a
  /// message that says what was expected and what was found.
  static StatusOr<Version> Parse(std::string_view text);

  int major() const { return major_; }
  int minor() const { return minor_; }
  std::optional<int> patch() const { return patch_; }

  /// The minor this version belongs to ("1.25.3" -> "1.25").
  Version Minor() const { return Version(major_, minor_); }
  /// The next / previous minor (1.25 -> 1.26 / 1.24). Previous of x.0 stays x.0.
  Version NextMinor() const { return Version(major_, minor_ + 1); }
  Version PreviousMinor() const { return Version(major_, minor_ > 0 ? minor_ - 1 : 0); }

  /// "1.25" or "1.25.3" as parsed (no leading v).
  std::string ToString() const;

  /// Orders by major, minor, then patch (a missing patch sorts as 0).
  friend std::strong_ordering operator<=>(const Version& a, const Version& b);
  friend bool operator==(const Version& a, const Version& b) { return (a <=> b) == 0; }

  /// Compares major.minor only: 1.25.3 and 1.25 are the same minor.
  static std::strong_ordering CompareMinor(const Version& a, const Version& b);

 private:
  int major_ = 0;
  int minor_ = 0;
  std::optional<int> patch_;
};

}  // namespace greenlight
