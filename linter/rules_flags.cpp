#include "rules_flags.h"

#include "base/edit_distance.h"
#include "checks/rule_check.h"
#include "checks/rule_info.h"
#include "rules/loader.h"

namespace greenlight::cli {

void AddRulesFlags(CLI::App& command, RulesFlags& flags) {
  command.add_option("--rules", flags.rules,
                     "Use the rule files in this file or directory (*.yaml) instead of the embedded "
                     "rules, e.g. a pinned copy of rules/");
  command.add_option("--extra-rules", flags.extra_rules,
                     "Add the rules of this file or directory, e.g. --extra-rules team-rules/; "
                     "repeatable. A rule id or name that is already loaded is an error naming both files")
      ->expected(1)
      ->allow_extra_args(false)
      // One value per flag (CLI11 vectors are greedy): inputs after it stay inputs.
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

StatusOr<rules::RuleSet> LoadRuleSet(const RulesFlags& flags) {
  rules::RuleSet result;
  if (flags.rules.empty()) {
    GL_ASSIGN_OR_RETURN(result, rules::LoadEmbeddedRules());
  } else {
    GL_RETURN_IF_ERROR(rules::LoadRulePath(flags.rules, result));
  }
  for (const auto& extra : flags.extra_rules) {
    GL_RETURN_IF_ERROR(rules::LoadRulePath(extra, result));
  }
  checks::RegisterLintRules(checks::LintRuleInfos(result));
  return result;
}

StatusOr<std::set<std::string>> ResolveDisabled(const rules::RuleSet& rules,
                                                const std::vector<std::string>& disable) {
  std::set<std::string> ids;
  for (const auto& value : disable) {
    if (const rules::Rule* rule = rules.Find(value)) {
      ids.insert(rule->id);
      continue;
    }
    std::string message = "--disable: unknown rule '" + value + "'";
    if (auto near = ClosestMatch(value, rules.Names())) message += " (did you mean '" + *near + "'?)";
    return NotFound(message + "; see 'greenlight rules list'");
  }
  return ids;
}

}  // namespace greenlight::cli
