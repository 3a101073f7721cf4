// File: src/config/baseline.h
// Baselines and pull-request comparisons: both hide findings that were already there. A
// baseline file records the fingerprints of accepted findings; a comparison splits the current
// findings into new and unchanged against a reference set (a baseline or the merge base's scan)
// and lists the reference findings that are gone (fixed). Fingerprints, not lines, decide.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "checks/finding.h"

namespace greenlight::config {

/// The result of comparing findings with a reference set by fingerprint.
struct FindingComparison {
  std::vector<checks::Finding> new_findings;  ///< current, fingerprint absent from the reference
  std::vector<checks::Finding> unchanged;     ///< current, fingerprint present in the reference
  std::vector<checks::Finding> fixed;         ///< reference, fingerprint absent from current
};

/// Splits `current` against `reference` by fingerprint, counting occurrences (a multiset): an
/// occurrence matches one in the reference with the same fingerprint, preferably in the same
/// file. Order within each list follows the inputs.
FindingComparison CompareByFingerprint(std::vector<checks::Finding> current,
                                       const std::vector<checks::Finding>& reference);

/// The baseline file: {"schemaVersion": 1, "tool": ..., "findings": [{"fingerprint", "ruleId",
/// "file", "line", "apiVersion", "kind", "namespace", "name", "message"}]}, one entry per finding,
/// sorted by fingerprint and file so that regenerating an unchanged baseline gives the same bytes.
std::string WriteBaseline(const std::vector<checks::Finding>& findings, std::string_view tool_version);

/// Reads a baseline strictly (unknown keys and wrong types name file:line:col). The entries
/// come back as Findings carrying the recorded fields and fingerprint.
StatusOr<std::vector<checks::Finding>> ParseBaseline(std::string text, std::string_view display_path);
StatusOr<std::vector<checks::Finding>> LoadBaseline(const std::string& path);

}  // namespace greenlight::config
