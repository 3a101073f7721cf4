// File: src/rules/suppression.h
// The two ways a user silences a rule for one object, parsed from the manifest:
//   metadata.annotations["greenlight.io/ignore"]: "REL401,latest-image-tag"
//   # greenlight:ignore REL401          (on the flagged line, the apiVersion line, or the line above)
// Parsing only: which finding a directive silences, and whether its ids exist, is decided by
// the checks module, which knows every rule.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace greenlight::rules {

inline constexpr char kIgnoreAnnotation[] = "greenlight.io/ignore";
inline constexpr char kIgnoreComment[] = "greenlight:ignore";

/// One id or name written in a suppression, with its position (1-based).
struct SuppressionToken {
  std::string text;
  uint32_t line = 0;
  uint32_t column = 0;
};

/// Splits "REL401, latest-image-tag" (commas and/or spaces) into tokens; `line`/`column` are
/// where `list` starts, and each token's column is offset within the line.
std::vector<SuppressionToken> SplitIgnoreList(std::string_view list, uint32_t line, uint32_t column);

/// A "# greenlight:ignore ..." comment: a trailing comment applies to its own line; a comment
/// on a line of its own applies to the next line that is not a comment (so directives can be
/// stacked above an object or a field).
struct CommentDirective {
  uint32_t target_line = 0;
  SuppressionToken token;
};

/// Every comment directive in `text`, in file order. Fast when there is none (one search).
std::vector<CommentDirective> FindCommentDirectives(std::string_view text);

}  // namespace greenlight::rules
