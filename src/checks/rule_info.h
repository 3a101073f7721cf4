// File: src/checks/rule_info.h
// What every report format needs to know about a rule: stable id and name, default severity,
// a one-line description, help and a documentation link. The lint-rule engine (rules/) adds
// its rules to the same registry.
#pragma once

#include <string>
#include <vector>

#include "checks/finding.h"

namespace greenlight::checks {

struct RuleInfo {
  std::string id;           ///< "API101"
  std::string name;         ///< "removed-api-version"
  Severity severity;        ///< default severity
  std::string category;     ///< "input", "api", ...
  std::string summary;      ///< one line: what is flagged
  std::string description;  ///< why it matters
  std::string help;         ///< one line: how to fix
  std::string help_uri;     ///< documentation link
};

/// The rules built into the scan engine (input problems and the API catalog checks).
const std::vector<RuleInfo>& BuiltinRules();

/// The rule with this id or name (built-in or registered lint rule), or nullptr.
const RuleInfo* FindRule(std::string_view id_or_name);

/// Makes loaded lint rules (rules/*.yaml) known to FindRule and AllRules, so report writers and
/// suppressions see their metadata. The CLI calls it once, before scanning; a later call
/// replaces the registered set (and invalidates pointers FindRule returned for lint rules).
void RegisterLintRules(std::vector<RuleInfo> rules);

/// The built-in rules followed by the registered lint rules.
std::vector<RuleInfo> AllRules();

/// Adds rules to those RegisterLintRules made known (an id already known is kept as it is):
/// scan --blue/--green adds the cutover checks' metadata next to the lint rules.
void AddLintRules(const std::vector<RuleInfo>& rules);

// Ids of the built-in rules.
inline constexpr char kRuleInvalidYaml[] = "GL001";
inline constexpr char kRuleUnreadableFile[] = "GL002";
inline constexpr char kRuleUnrenderedTemplate[] = "GL003";
inline constexpr char kRuleRenderFailed[] = "GL005";
inline constexpr char kRuleNotRendered[] = "GL006";
inline constexpr char kRuleFileSkipped[] = "GL007";
inline constexpr char kRuleNothingScanned[] = "GL008";
inline constexpr char kRuleUnknownSuppression[] = "GL004";
inline constexpr char kRuleUnreadableRecord[] = "GL010";
inline constexpr char kRuleTillerRelease[] = "GL011";
inline constexpr char kRuleRemovedApi[] = "API101";
inline constexpr char kRuleDeprecatedApi[] = "API102";
inline constexpr char kRuleAddonIncompatible[] = "ADD201";
inline constexpr char kRuleAddonUnknown[] = "ADD202";

}  // namespace greenlight::checks
