// File: linter/rules_flags.h
// Loading the lint rules in effect from --rules/--extra-rules, resolving --disable, and making
// the loaded rules' metadata known to report writers (checks::RegisterLintRules).
#pragma once

#include <CLI/CLI.hpp>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "rules/rule.h"

namespace greenlight::cli {

struct RulesFlags {
  std::string rules;                     ///< --rules PATH: replaces the embedded rules
  std::vector<std::string> extra_rules;  ///< --extra-rules PATH: adds to them
};

void AddRulesFlags(CLI::App& command, RulesFlags& flags);

/// The embedded rules (or --rules), plus every --extra-rules path; a rule id or name defined
/// twice is an error naming both files. Registers the rules' metadata for FindRule.
StatusOr<rules::RuleSet> LoadRuleSet(const RulesFlags& flags);

/// Rule ids for --disable values (ids or names; unknown ones are errors with "did you mean").
StatusOr<std::set<std::string>> ResolveDisabled(const rules::RuleSet& rules,
                                                const std::vector<std::string>& disable);

}  // namespace greenlight::cli
