#include "render/version_pattern.h"

#include <cctype>

#include "base/glob.h"

namespace greenlight::render {

namespace {
constexpr std::string_view kPlaceholder = "{version}";

// Length of a "major.minor" run of digits at the start of `text`, 0 when there is none.
size_t MinorLength(std::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    return i > start;
  };
  if (!digits() || i >= text.size() || text[i] != '.') return 0;
  ++i;
  return digits() ? i : 0;
}
bool SegmentMatches(std::string_view glob, std::string_view text) {
  return glob.empty() ? text.empty() : GlobMatch(glob, text);
}
}  // namespace

const std::vector<std::string>& DefaultVersionPatterns() {
  static const std::vector<std::string> kPatterns = {"*-{version}", "values-{version}.yaml",
                                                     "values-{version}.yml"};
  return kPatterns;
}

Status ValidateVersionPattern(std::string_view pattern) {
  size_t first = pattern.find(kPlaceholder);
  if (first == std::string_view::npos || pattern.find(kPlaceholder, first + 1) != std::string_view::npos) {
    return InvalidArgument("version pattern '" + std::string(pattern) + "' must hold exactly one {version}");
  }
  if (pattern.find('/') != std::string_view::npos) {
    return InvalidArgument("version pattern '" + std::string(pattern) + "' matches one file or folder name; drop the '/'");
  }
  return Status::Ok();
}

std::optional<Version> VersionOfSegment(std::string_view segment, const std::vector<std::string>& patterns) {
  for (const std::string& pattern : patterns) {
    size_t at = pattern.find(kPlaceholder);
    if (at == std::string::npos) continue;
    std::string_view prefix = std::string_view(pattern).substr(0, at);
    std::string_view suffix = std::string_view(pattern).substr(at + kPlaceholder.size());
    // Try every place a version could start; the prefix and suffix globs decide.
    for (size_t start = 0; start < segment.size(); ++start) {
      size_t length = MinorLength(segment.substr(start));
      if (length == 0) continue;
      if (!SegmentMatches(prefix, segment.substr(0, start)) ||
          !SegmentMatches(suffix, segment.substr(start + length))) {
        continue;
      }
      StatusOr<Version> version = Version::Parse(segment.substr(start, length));
      // Kubernetes minors are 1.x: "redis-6.2" is a chart's own version, not a cluster's.
      if (version.ok() && version->major() == 1) return *version;
    }
  }
  return std::nullopt;
}

std::optional<Version> VersionOfPath(std::string_view path, const std::vector<std::string>& patterns) {
  std::optional<Version> found;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view segment = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (auto v = VersionOfSegment(segment, patterns)) found = v;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return found;
}

}  // namespace greenlight::render
