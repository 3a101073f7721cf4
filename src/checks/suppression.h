// File: src/checks/suppression.h
// Applies the suppressions users write in their manifests (src/rules/suppression.h) to the
// findings of every check, API findings included: an object's greenlight.io/ignore annotation
// silences the listed rules for that object; a "# greenlight:ignore ID" comment silences them
// for the line it covers (the flagged line, or the object's first or apiVersion line, silencing
// the whole object). Silenced findings are counted in the summary; an id no rule has is itself
// a GL004 finding, so a typo is reported instead of silencing nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checks/finding.h"
#include "checks/summary.h"
#include "document/object.h"

namespace greenlight::checks {

/// The suppressions of one file. Build once per file; Apply once per object.
class SuppressionScope {
 public:
  /// Reads the comment directives of `text` (cheap when there are none), whose first line is
  /// line `first_line` of the file (a piece of a stream read in pieces starts past 1). Rule ids
  /// are resolved with FindRule, so lint rules must be registered first.
  SuppressionScope(std::string_view file, std::string_view text, uint32_t first_line = 1);

  /// Removes the findings in [first, end) that `object` silences and counts them in
  /// `summary`; appends GL004 findings for unknown ids in the object's annotation.
  void Apply(const document::Object& object, std::vector<Finding>& findings, size_t first,
             ScanSummary& summary) const;

  /// Removes the findings in [first, end) that a comment directive covering their own line
  /// silences, and counts them in `summary`. For findings with no parsed object behind them
  /// (objects guessed in an unrendered Helm template), which Apply cannot take.
  void ApplyComments(std::vector<Finding>& findings, size_t first, ScanSummary& summary) const;

  /// GL004 findings for unknown ids in the file's comment directives.
  void AppendUnknownCommentIds(std::vector<Finding>& out) const;

 private:
  std::string file_;
  std::vector<std::pair<uint32_t, std::string>> by_line_;  ///< (covered line, rule id), sorted
  std::vector<Finding> unknown_;
};

}  // namespace greenlight::checks
