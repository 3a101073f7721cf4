#include "checks/rule_check.h"

#include <cstdio>

#include "checks/api_check.h"

namespace greenlight::checks {
namespace {

// Several findings of one rule on one object (two containers on :latest) must not share a
// fingerprint, so the field path joins the object's identity.
std::string WithPath(const std::string& fingerprint, const std::string& path) {
  if (path.empty()) return fingerprint;
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : fingerprint + "\x1f" + path) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

}  // namespace

std::vector<RuleInfo> LintRuleInfos(const rules::RuleSet& rules) {
  std::vector<RuleInfo> out;
  for (const auto& rule : rules.rules()) {
    RuleInfo info;
    info.id = rule->id;
    info.name = rule->name;
    info.severity = ParseSeverity(rule->severity).value_or(Severity::kWarning);
    info.category = rule->category;
    info.summary = rule->title;
    info.description = rule->docs.why;
    info.help = rule->help;
    info.help_uri = rule->docs.references.empty() ? std::string() : rule->docs.references.front().url;
    out.push_back(std::move(info));
  }
  return out;
}

RuleCheck::RuleCheck(const rules::RuleSet& rules, const Version& target, const std::set<std::string>& disabled) {
  for (const auto& rule : rules.rules()) {
    if (disabled.count(rule->id) || !rule->AppliesTo(target)) continue;
    ++active_;
    for (const std::string& kind : rule->kinds) {
      if (kind == "*") {
        every_kind_.push_back(rule.get());
      } else {
        by_kind_[kind].push_back(rule.get());
      }
    }
  }
}

void RuleCheck::Run(const document::Object& object, const CheckContext& context,
                    std::vector<Finding>& out) const {
  auto run = [&](const rules::Rule& rule) {
    std::vector<rules::RuleMatch> matches;
    rules::Evaluate(rule, object, matches);
    for (const rules::RuleMatch& match : matches) {
      Finding f = FindingFor(object, context.file);
      if (match.node != nullptr) {
        f.location.line = match.node->mark().line;
        f.location.column = match.node->mark().column;
      }
      f.rule_id = rule.id;
      f.rule_name = rule.name;
      f.severity = ParseSeverity(rule.severity).value_or(Severity::kWarning);
      f.message = rules::FormatMessage(rule, object, match);
      f.help = rule.help;
      f.fingerprint = WithPath(ComputeFingerprint(f), match.path);
      out.push_back(std::move(f));
    }
  };
  if (auto it = by_kind_.find(object.kind); it != by_kind_.end()) {
    for (const rules::Rule* rule : it->second) run(*rule);
  }
  for (const rules::Rule* rule : every_kind_) run(*rule);
}

}  // namespace greenlight::checks
