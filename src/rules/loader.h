// File: src/rules/loader.h
// Loading lint rules from rule files (one rule a file). Rules come from users' repositories, so
// loading is strict: unknown keys, bad field paths, invalid regular expressions (RE2's own
// message), unknown operators and wrong types are errors naming the file, line, column and key.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "rules/rule.h"

namespace greenlight::rules {

/// Parses one rule file's bytes and adds the rule to `into` (a duplicate id or name is an
/// error naming both files).
Status LoadRuleText(std::string bytes, std::string_view display_path, RuleSet& into);

/// Loads a rule file, or every *.yaml/*.yml file of a directory (sorted, not recursive).
Status LoadRulePath(const std::string& path, RuleSet& into);

/// The rules compiled into the binary (rules/*.yaml), origins "embedded:rules/<file>".
StatusOr<RuleSet> LoadEmbeddedRules();

}  // namespace greenlight::rules
