// File: src/render/version_pattern.h
// Per-version layouts: teams keep what each Kubernetes version runs side by side, as a folder
// per version (charts/catalog-api-1.25/) or a values file per version (values-1.25.yaml). A
// pattern is a glob over one path segment with a single "{version}" placeholder standing for a
// Kubernetes minor ("1.25"); the render picks the variant of the version it renders for.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/version.h"

namespace greenlight::render {

/// The patterns used when the config names none: a folder "<name>-1.25" and "values-1.25.yaml".
const std::vector<std::string>& DefaultVersionPatterns();

/// Checks that `pattern` holds exactly one "{version}" and no '/'.
Status ValidateVersionPattern(std::string_view pattern);

/// The version `segment` (one file or folder name) stands for under any of `patterns`.
std::optional<Version> VersionOfSegment(std::string_view segment, const std::vector<std::string>& patterns);

/// The version a '/'-separated path is pinned to: the last segment that matches a pattern.
std::optional<Version> VersionOfPath(std::string_view path, const std::vector<std::string>& patterns);

}  // namespace greenlight::render
