// File: src/cutover/lint.h
// The cross-object and cross-cluster cutover checks (CUT5xx): what no single manifest can show,
// because it needs both clusters or an object together with the external-dns Deployment that
// reads it. Single-object annotation checks (weight without set-identifier, TTL above 60 on a
// weighted record) are lint rules in rules/ and are not repeated here. Issues are plain values;
// src/checks/ turns them into Findings for the reports.
#pragma once

#include <string>
#include <vector>

#include "base/location.h"
#include "cutover/cluster.h"

namespace greenlight::cutover {

struct LintIssue {
  std::string rule_id;    ///< "CUT501"
  std::string rule_name;  ///< "set-identifier-shared-across-clusters"
  bool error = true;      ///< error or warning
  std::string cluster;    ///< "blue", "green"
  std::string message;
  std::string help;
  Location location;
  std::string kind, namespace_name, name;  ///< the object the issue points at
};

/// The CUT5xx rules, in id order: {id, name, one-line summary}.
struct LintRule {
  const char* id;
  const char* name;
  const char* summary;
};
const std::vector<LintRule>& CutoverLintRules();

/// Runs every CUT5xx check over both clusters; issues sorted by cluster, location, rule.
std::vector<LintIssue> LintClusters(const ClusterManifests& blue, const ClusterManifests& green);

}  // namespace greenlight::cutover
