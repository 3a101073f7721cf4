// File: tests/rules/rule_test_util.h
// Helpers for the lint-rule tests (header-only: the test glob compiles *_test.cpp files only):
// load a rule from YAML text, and run rules over a manifest text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/version.h"
#include "checks/finding.h"
#include "checks/rule_check.h"
#include "document/object.h"
#include "document/parser.h"
#include "rules/loader.h"
#include "rules/rule.h"

namespace greenlight::testing {

/// Loads `rule_yaml` as "test-rule.yaml"; the status says why it failed.
inline Status LoadTestRule(std::string_view rule_yaml, rules::RuleSet& into) {
  return rules::LoadRuleText(std::string(rule_yaml), "test-rule.yaml", into);
}

/// A valid rule file around `body` (the match/each/targetVersions/when lines).
inline std::string RuleText(std::string_view body, std::string_view message = "found {value} at {path}") {
  return "schemaVersion: 1\n"
         "id: TST101\n"
         "name: test-rule\n"
         "title: A rule under test\n"
         "severity: warning\n"
         "category: test\n"
         "status: preview\n"
         "since: 0.1.0\n" +
         std::string(body) + "message: \"" + std::string(message) +
         "\"\n"
         "help: Fix it.\n"
         "docs:\n"
         "  what: Flags things.\n"
         "  why: Because.\n";
}

/// Runs `rules` (all enabled) at `target` over every object of `manifest`.
inline std::vector<checks::Finding> RunRules(const rules::RuleSet& rules, std::string_view manifest,
                                             Version target = Version(1, 30)) {
  checks::RuleCheck check(rules, target);
  document::ParsedStream stream = document::ParseStream(manifest, "in.yaml");
  std::vector<checks::Finding> out;
  for (const auto& doc : stream.documents) {
    for (const auto& object : document::ExtractObjects(doc)) {
      check.Run(object, checks::CheckContext{"in.yaml", manifest}, out);
    }
  }
  return out;
}

}  // namespace greenlight::testing
