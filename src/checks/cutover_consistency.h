// File: src/checks/cutover_consistency.h
// The cutover consistency checks (CUT5xx) as ordinary findings: src/cutover/lint.h finds the
// cross-cluster problems (owner ids, set identifiers, annotation prefixes, external-dns flags,
// record modes); this turns them into Findings with rule metadata, so every report writer
// (text, JSON, SARIF, JUnit, GitHub, Markdown) handles them like any other rule.
#pragma once

#include <vector>

#include "checks/finding.h"
#include "checks/rule_info.h"
#include "cutover/lint.h"

namespace greenlight::checks {

/// RuleInfo for CUT501..CUT508 (category "cutover").
std::vector<RuleInfo> CutoverRuleInfos();

/// One Finding per issue, identifying the object it points at (apiVersion left empty: the
/// issue concerns the object's annotations or flags, not its API); the cluster is in the notes.
std::vector<Finding> CutoverFindings(const std::vector<cutover::LintIssue>& issues);

}  // namespace greenlight::checks
