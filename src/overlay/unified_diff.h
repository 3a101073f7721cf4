// File: src/overlay/unified_diff.h
// A unified diff of two texts (what `overlay --dry-run` prints), in the format `patch` and
// `git apply` read: ---/+++ headers and @@ hunks with three lines of context.
#pragma once

#include <string>
#include <string_view>

namespace greenlight::overlay {

/// "" when the texts are equal. `from_name`/`to_name` go into the ---/+++ lines
/// ("/dev/null" for a new file).
std::string UnifiedDiff(std::string_view from_text, std::string_view to_text,
                        std::string_view from_name, std::string_view to_name, int context = 3);

}  // namespace greenlight::overlay
