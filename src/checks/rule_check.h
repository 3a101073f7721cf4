// File: src/checks/rule_check.h
// Runs the declarative lint rules (src/rules/, rules/*.yaml) on every object. Rules are indexed
// by kind once, at construction, so each object only meets the rules that can fire on it, and
// rules outside their target-version range or turned off with --disable are left out.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/version.h"
#include "checks/object_check.h"
#include "checks/rule_info.h"
#include "rules/rule.h"

namespace greenlight::checks {

/// RuleInfo for every lint rule (for RegisterLintRules and report writers). help_uri is the
/// rule's first reference.
std::vector<RuleInfo> LintRuleInfos(const rules::RuleSet& rules);

class RuleCheck : public ObjectCheck {
 public:
  /// `rules` must outlive the check; `disabled` holds rule ids.
  RuleCheck(const rules::RuleSet& rules, const Version& target, const std::set<std::string>& disabled = {});

  /// Appends one finding per node the rule's subject condition reached (or one at the
  /// object's apiVersion when the rule only tests absence).
  void Run(const document::Object& object, const CheckContext& context,
           std::vector<Finding>& out) const override;

  /// How many rules run at this target (after --disable).
  size_t active_rules() const { return active_; }

 private:
  std::map<std::string, std::vector<const rules::Rule*>, std::less<>> by_kind_;
  std::vector<const rules::Rule*> every_kind_;
  size_t active_ = 0;
};

}  // namespace greenlight::checks
