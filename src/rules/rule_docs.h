// File: src/rules/rule_docs.h
// Rule documentation rendered from the rule files themselves, so that docs cannot drift from
// data: the terminal page of `greenlight rules show ID`, the table of `rules list`, and the
// Markdown reference committed as rules/README.md (`rules list --format markdown`).
#pragma once

#include <string>

#include "rules/rule.h"

namespace greenlight::rules {

/// One line per rule: id, name, severity, category, title.
std::string RenderRuleTable(const RuleSet& rules);

/// The full page for one rule (what, why, example, use instead, fix safety, references).
std::string RenderRulePage(const Rule& rule);

/// rules/README.md: a table of every rule and one section per rule.
std::string RenderRulesMarkdown(const RuleSet& rules);

/// "kinds Ingress; apiVersions networking.k8s.io/*; targets 1.18 and later" for the docs.
std::string DescribeScope(const Rule& rule);

/// The anchor GitHub gives the rule's Markdown heading ("rel401-ingress-class-annotation").
std::string MarkdownAnchor(const Rule& rule);

}  // namespace greenlight::rules
