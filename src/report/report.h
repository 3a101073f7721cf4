// File: src/report/report.h
// Report writers: one function per output format, each a pure function from findings (plus the
// scan's context) to text. Writers never read files or print; the CLI writes their output.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checks/finding.h"
#include "checks/summary.h"

namespace greenlight::report {

struct ReportContext {
  std::string tool_version;
  std::string catalog_version;  ///< dataVersion of the catalog in effect
  std::string target;           ///< "1.25"
  std::string from;             ///< "" without --from
  checks::ScanSummary summary;
};

struct TextOptions {
  bool color = false;
};

/// The human table (kubent style): API findings grouped by the release that removes them,
/// then every other finding as path:line:col lines with an excerpt, then the summary.
std::string WriteText(const std::vector<checks::Finding>& findings, const ReportContext& context,
                      const TextOptions& options);

/// The JSON contract: {"schemaVersion": 1, "tool", "target", "findings", "errors", "summary"}.
std::string WriteJson(const std::vector<checks::Finding>& findings, const ReportContext& context);

}  // namespace greenlight::report
