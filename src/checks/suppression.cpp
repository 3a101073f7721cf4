#include "checks/suppression.h"

#include <algorithm>

#include "base/edit_distance.h"
#include "checks/api_check.h"
#include "checks/rule_info.h"
#include "rules/suppression.h"

namespace greenlight::checks {
namespace {

Finding UnknownId(const rules::SuppressionToken& token, std::string_view where, const std::string& file) {
  const RuleInfo* rule = FindRule(kRuleUnknownSuppression);
  Finding f;
  f.rule_id = rule->id;
  f.rule_name = rule->name;
  f.severity = rule->severity;
  f.message = "unknown rule '" + token.text + "' in " + std::string(where);
  std::vector<std::string> names;
  for (const RuleInfo& info : AllRules()) {
    names.push_back(info.id);
    names.push_back(info.name);
  }
  if (auto near = ClosestMatch(token.text, names)) f.message += " (did you mean '" + *near + "'?)";
  f.help = rule->help;
  f.location = Location{file, token.line, token.column};
  return f;
}

}  // namespace

SuppressionScope::SuppressionScope(std::string_view file, std::string_view text, uint32_t first_line)
    : file_(file) {
  for (rules::CommentDirective& d : rules::FindCommentDirectives(text)) {
    d.target_line += first_line - 1;
    d.token.line += first_line - 1;
    const RuleInfo* rule = FindRule(d.token.text);
    if (rule == nullptr) {
      Finding f = UnknownId(d.token, "a # greenlight:ignore comment", file_);
      f.fingerprint = ComputeFingerprint(f);
      unknown_.push_back(std::move(f));
      continue;
    }
    by_line_.emplace_back(d.target_line, rule->id);
  }
  std::sort(by_line_.begin(), by_line_.end());
}

void SuppressionScope::Apply(const document::Object& object, std::vector<Finding>& findings, size_t first,
                             ScanSummary& summary) const {
  std::vector<std::string> by_annotation;
  const document::Node* value = document::FindPath(object.node, {"metadata", "annotations", rules::kIgnoreAnnotation});
  std::vector<Finding> unknown;
  if (value != nullptr && value->IsScalar() && !value->IsNull()) {
    // A quoted value starts one column after its quote.
    uint32_t column = value->mark().column + (value->style() == document::ScalarStyle::kPlain ? 0 : 1);
    for (const auto& token : rules::SplitIgnoreList(value->scalar(), value->mark().line, column)) {
      if (const RuleInfo* rule = FindRule(token.text)) {
        by_annotation.push_back(rule->id);
        continue;
      }
      Finding f = FindingFor(object, file_);
      Finding problem = UnknownId(token, "the greenlight.io/ignore annotation", file_);
      f.rule_id = problem.rule_id;
      f.rule_name = problem.rule_name;
      f.severity = problem.severity;
      f.message = problem.message;
      f.help = problem.help;
      f.location.line = token.line;
      f.location.column = token.column;
      f.fingerprint = ComputeFingerprint(f);
      unknown.push_back(std::move(f));
    }
  }
  auto commented = [&](uint32_t line, const std::string& id) {
    return std::binary_search(by_line_.begin(), by_line_.end(), std::make_pair(line, id));
  };
  const uint32_t object_line = object.node->mark().line;
  const uint32_t api_line = object.api_version_node->mark().line;
  auto keep = std::remove_if(findings.begin() + static_cast<long>(first), findings.end(), [&](const Finding& f) {
    if (std::find(by_annotation.begin(), by_annotation.end(), f.rule_id) != by_annotation.end()) {
      ++summary.suppressed_by_annotation;
      return true;
    }
    if (!by_line_.empty() && (commented(f.location.line, f.rule_id) || commented(object_line, f.rule_id) ||
                              commented(api_line, f.rule_id))) {
      ++summary.suppressed_by_comment;
      return true;
    }
    return false;
  });
  findings.erase(keep, findings.end());
  std::move(unknown.begin(), unknown.end(), std::back_inserter(findings));
}

void SuppressionScope::ApplyComments(std::vector<Finding>& findings, size_t first, ScanSummary& summary) const {
  if (by_line_.empty()) return;
  auto keep = std::remove_if(findings.begin() + static_cast<long>(first), findings.end(), [&](const Finding& f) {
    if (!std::binary_search(by_line_.begin(), by_line_.end(), std::make_pair(f.location.line, f.rule_id))) {
      return false;
    }
    ++summary.suppressed_by_comment;
    return true;
  });
  findings.erase(keep, findings.end());
}

void SuppressionScope::AppendUnknownCommentIds(std::vector<Finding>& out) const {
  out.insert(out.end(), unknown_.begin(), unknown_.end());
}

}  // namespace greenlight::checks
