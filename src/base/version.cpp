#include "base/version.h"

#include <charconv>

namespace greenlight {
namespace {

// Parses a run of digits at the front of `text`, advancing it. No sign, no leading '+'.
std::optional<int> TakeNumber(std::string_view& text) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  int value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr == begin) return std::nullopt;
  text.remove_prefix(static_cast<size_t>(ptr - begin));
  return value;
}

}  // namespace

StatusOr<Version> Version::Parse(std::string_view text) {
  const std::string original(text);
  auto bad = [&] {
    return InvalidArgument("expected a Kubernetes version like 1.29, v1.29 or 1.29.3, got '" +
                           original + "'");
  };
  if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);
  auto major = TakeNumber(text);
  if (!major || text.empty() || text.front() != '.') return bad();
  text.remove_prefix(1);
  auto minor = TakeNumber(text);
  if (!minor) return bad();
  std::optional<int> patch;
  if (!text.empty()) {
    if (text.front() != '.') return bad();
    text.remove_prefix(1);
    patch = TakeNumber(text);
    if (!patch || !text.empty()) return bad();
  }
  return Version(*major, *minor, patch);
}

std::string Version::ToString() const {
  std::string out = std::to_string(major_) + "." + std::to_string(minor_);
  if (patch_) out += "." + std::to_string(*patch_);
  return out;
}

std::strong_ordering operator<=>(const Version& a, const Version& b) {
  if (auto c = Version::CompareMinor(a, b); c != 0) return c;
  return a.patch_.value_or(0) <=> b.patch_.value_or(0);
}

std::strong_ordering Version::CompareMinor(const Version& a, const Version& b) {
  if (auto c = a.major_ <=> b.major_; c != 0) return c;
  return a.minor_ <=> b.minor_;
}

}  // namespace greenlight
