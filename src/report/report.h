// File: src/report/report.h
// Report writers: one function per output format, each a pure function from findings (plus the
// scan's context) to text. Writers never read files or print; the CLI writes their output.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/atomic_file.h"
#include "checks/finding.h"
#include "checks/summary.h"

namespace greenlight::report {

/// Counts of the coverage accounting, and every file that was neither scanned nor rendered.
struct CoverageSummary {
  size_t files = 0, scanned = 0, rendered = 0, render_units = 0, not_manifests = 0, excluded = 0, skipped = 0;
  struct Entry {
    std::string file;
    std::string disposition;  ///< "not-manifest", "excluded", "skipped"
    std::string reason;
  };
  std::vector<Entry> not_scanned;

  /// "58 files: 21 scanned, 30 read by 12 render units, 7 not manifests, 0 excluded, 0 skipped"
  std::string Line() const;
};

struct ReportContext {
  std::string tool_version;
  std::string catalog_version;  ///< dataVersion of the catalog in effect
  std::string target;           ///< "1.25"
  std::string from;             ///< "" without --from
  checks::ScanSummary summary;
  /// Set in pull-request mode (--base) and with --baseline: the findings passed to a writer are
  /// then the new ones only.
  struct Comparison {
    std::string against;  ///< "merge base 1a2b3c4d5e6f", "baseline .greenlight-baseline.json"
    size_t new_count = 0;
    size_t fixed_count = 0;
    size_t unchanged_count = 0;
    std::vector<checks::Finding> fixed;  ///< reference findings that are gone
  };
  std::optional<Comparison> comparison;
  /// scan --render: every unit rendered, so a report says what was looked at.
  struct RenderedUnit {
    std::string label;  ///< "Application argocd/shop-web-green", "chart charts/shop-web"
    std::string tool;   ///< "helm" or "kustomize"
    std::string path;   ///< the chart or kustomization folder
    std::vector<std::string> values;  ///< value files and inline settings, in the order applied
  };
  std::vector<RenderedUnit> rendered_units;
  /// scan: where every file under the inputs went (pipeline/coverage.h); unset: not accounted.
  std::optional<CoverageSummary> coverage;
};

/// An object the scan checked; JUnit writes one test case per object.
struct CheckedObject {
  Location location;  ///< where its apiVersion is; document index set
  int item = -1;      ///< index in a List's items
  std::string api_version, kind, namespace_name, name;
};

struct TextOptions {
  bool color = false;
};

/// The human table (kubent style): API findings grouped by the release that removes them,
/// then every other finding as path:line:col lines with an excerpt, then the summary.
std::string WriteText(const std::vector<checks::Finding>& findings, const ReportContext& context,
                      const TextOptions& options);
/// The same text written to `sink` a megabyte at a time (one API table at most is held whole).
Status WriteText(const std::vector<checks::Finding>& findings, const ReportContext& context, const TextOptions& options,
                 TextSink& sink);

/// The JSON contract: {"schemaVersion": 1, "tool", "target", "findings", "errors", "summary"}.
std::string WriteJson(const std::vector<checks::Finding>& findings, const ReportContext& context);
/// The same text written to `sink` in pieces of about a megabyte, never held whole (a report
/// of many findings costs its size on disk, not in memory). Errors are the sink's.
Status WriteJson(const std::vector<checks::Finding>& findings, const ReportContext& context, TextSink& sink);

/// SARIF 2.1.0 for code-scanning services: tool.driver.rules from the rule registry, one result
/// per finding with a region and partialFingerprints.
std::string WriteSarif(const std::vector<checks::Finding>& findings, const ReportContext& context);

/// JUnit XML: one test suite per file, one test case per checked object (failures for its
/// findings); findings that belong to no object (input errors) become test cases of their own.
std::string WriteJUnit(const std::vector<checks::Finding>& findings,
                       const std::vector<CheckedObject>& objects, const ReportContext& context);

/// GitHub Actions workflow commands (::error file=...,line=...,col=...,title=...::message), one
/// per finding, then a ::notice with the summary.
std::string WriteGithub(const std::vector<checks::Finding>& findings, const ReportContext& context);

struct MarkdownOptions {
  /// Prefix for links to lines: "https://github.com/o/r/blob/SHA" gives ".../path#L12".
  /// Empty = links relative to the repository root.
  std::string link_base;
};

/// A pull-request comment: a summary line, a table of the (new) findings linking to their lines,
/// and collapsed details (help, fixed findings, scan counts).
std::string WriteMarkdown(const std::vector<checks::Finding>& findings, const ReportContext& context,
                          const MarkdownOptions& options);

}  // namespace greenlight::report
