// File: linter/scan_sources.h
// What `scan` and `baseline` read and compare: files on disk or a git revision (--repo, --rev),
// the pull-request comparison with the merge base (--base, --changed-only), baselines
// (--baseline), the project config (.greenlight.yaml or --config), and the CI report formats.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/file_io.h"
#include "base/status.h"
#include "cluster_source.h"
#include "catalog/api_catalog.h"
#include "config/config.h"
#include "render_inputs.h"
#include "report/report.h"
#include "scan/scanner.h"
#include "source/input.h"

namespace greenlight::cli {

struct SourceFlags {
  std::string repo;           ///< --repo DIR: read revisions from this repository
  std::string rev;            ///< --rev REF: the revision to scan (default HEAD)
  std::string base;           ///< --base REF: report only what rev adds over its merge base with REF
  bool changed_only = false;  ///< --changed-only: only files changed between the merge base and rev
  std::string baseline;       ///< --baseline FILE: hide the findings recorded in FILE
  std::string config;         ///< --config FILE instead of .greenlight.yaml at the scanned root
  std::string link_base;      ///< --link-base URL for Markdown links to lines
  RenderFlags render;         ///< --render and its settings (render_inputs.h)
  ClusterFlags cluster;       ///< --cluster and its settings (cluster_source.h)
  uint64_t max_input_bytes = kDefaultMaxInputBytes;  ///< --max-input-size: per file, stream or blob
};

/// Adds the flags above; `for_baseline_command` leaves out --base, --changed-only, --baseline
/// and --link-base, which make no sense when recording a baseline.
void AddSourceFlags(CLI::App& command, SourceFlags& flags, bool for_baseline_command = false);

/// Makes every repeatable flag of `command` take one value per occurrence (--include a
/// --include b), so that `--exclude GLOB DIR` leaves DIR to the positional inputs, which are
/// optional (--repo needs none). Call after all options are added.
void OneValuePerFlag(CLI::App& command);

/// The config in effect: --config FILE, else .greenlight.yaml at the scanned root (git mode: the
/// tree of --rev; one directory named: that directory; otherwise the current directory), else
/// none.
StatusOr<std::optional<config::Config>> LoadScanConfig(const SourceFlags& flags,
                                                       const std::vector<std::string>& inputs);

/// Fills settings the command line left unset from the config: target and from (when the
/// flags are empty), and appends its include/exclude globs and extra catalog/rule paths.
void MergeConfig(const config::Config& config, std::string& target, std::string& from,
                 std::vector<std::string>& include, std::vector<std::string>& exclude,
                 std::vector<std::string>& extra_catalog, std::vector<std::string>& extra_rules);

struct ScanOutcome {
  scan::ScanResult result;  ///< findings: the new ones when comparing, else all
  std::optional<report::ReportContext::Comparison> comparison;
  bool interrupted = false;  ///< Ctrl-C while rendering: exit 130
  std::vector<report::ReportContext::RenderedUnit> rendered_units;  ///< --render: of the scanned revision
};

/// Scans what was listed, rendering it first with --render (the named disk folders, or revision
/// `rev` of `repo` when given). Render failures (GL005) and units left out (GL006) join the
/// findings; `interrupted` is set on Ctrl-C; `units`, when given, receives the rendered units.
StatusOr<scan::ScanResult> ScanListed(const RenderFlags& render, source::InputList listed,
                                      const std::vector<std::string>& folders, source::GitRepository* repo,
                                      const std::string& rev, const catalog::ApiCatalog& catalog,
                                      const scan::ScanOptions& options, bool& interrupted,
                                      std::vector<report::ReportContext::RenderedUnit>* units);

/// The files `inputs` name, plus the live cluster's resource lists with --cluster (read with
/// the --kubectl of `render`). --cluster and --render exclude each other.
StatusOr<source::InputList> ListWithCluster(const RenderFlags& render, const ClusterFlags& cluster,
                                            const std::vector<std::string>& inputs, const source::WalkOptions& walk);

/// The outcome of ScanDiskInputs: the result, or the exit code after the reason was printed.
struct DiskScan {
  std::optional<scan::ScanResult> result;
  int exit_code = 0;  ///< 2 (could not scan) or 130 (Ctrl-C while rendering) when no result
};

/// Scans files and folders on disk (report, addons), rendering them first with --render, and
/// the live cluster with --cluster.
DiskScan ScanDiskInputs(const RenderFlags& render, const ClusterFlags& cluster, const std::vector<std::string>& inputs,
                        const catalog::ApiCatalog& catalog, const scan::ScanOptions& options);

/// The walk of --include/--exclude (the size bound comes from SourceFlags in ScanSelected).
inline source::WalkOptions WalkOf(std::vector<std::string> include, std::vector<std::string> exclude) {
  source::WalkOptions walk;
  walk.include = std::move(include);
  walk.exclude = std::move(exclude);
  return walk;
}

/// Scans what the flags select (disk inputs, or the tree of --rev), applies the config's rule
/// settings, and compares with the merge base (--base) and the baseline (--baseline).
StatusOr<ScanOutcome> ScanSelected(const SourceFlags& flags, const std::vector<std::string>& inputs,
                                   source::WalkOptions walk, const catalog::ApiCatalog& catalog,
                                   const scan::ScanOptions& options, const config::Config* config);

/// The --format values of scan, and the writer for each.
const std::vector<std::string>& ScanFormats();
std::string RenderReport(const std::string& format, const ScanOutcome& outcome,
                         const report::ReportContext& context, bool color, const std::string& link_base);

}  // namespace greenlight::cli
