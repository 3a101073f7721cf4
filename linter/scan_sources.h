// File: linter/scan_sources.h
// The flags that say what `scan` and `baseline` read and compare: a git revision (--repo, --rev),
// the pull-request comparison with the merge base (--base, --changed-only), baselines
// (--baseline), the project config (--config) and --render; and turning them into the
// pipeline's input selection (pipeline/pipeline.h runs the stages).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/file_io.h"
#include "catalog/api_catalog.h"
#include "cluster_source.h"
#include "pipeline/pipeline.h"
#include "render_inputs.h"
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

/// The pipeline's input selection for these flags and positional inputs.
pipeline::InputSelection Selection(const SourceFlags& flags, const std::vector<std::string>& inputs,
                                   const source::WalkOptions& walk);

/// The live cluster (--cluster) as one more input kind of the pipeline: its resource lists,
/// read with the --kubectl of `render`. A usage error for settings that do not go together
/// (--cluster with --render, or with a git revision).
StatusOr<std::shared_ptr<pipeline::InputStage>> ClusterStage(const RenderFlags& render, const ClusterFlags& cluster,
                                                             bool git_mode);

/// The pipeline's options for these flags (selection, render, baseline, --cluster), the scan
/// options and the config in effect (may be null).
StatusOr<pipeline::PipelineOptions> PipelineFor(const SourceFlags& flags, const std::vector<std::string>& inputs,
                                      const source::WalkOptions& walk, const scan::ScanOptions& options,
                                      const config::Config* config);

/// The config in effect for these flags (pipeline::LoadConfig).
StatusOr<std::optional<config::Config>> LoadScanConfig(const SourceFlags& flags,
                                                       const std::vector<std::string>& inputs);

/// The outcome of ScanDiskInputs: the result, or the exit code after the reason was printed.
struct DiskScan {
  std::optional<scan::ScanResult> result;
  int exit_code = 0;  ///< 2 (could not scan) or 130 (Ctrl-C while rendering) when no result
};

/// Runs the pipeline on files and folders on disk (report, addons), rendering them first with
/// --render, and on the live cluster with --cluster; prints why when it cannot.
DiskScan ScanDiskInputs(const RenderFlags& render, const ClusterFlags& cluster, const std::vector<std::string>& inputs,
                        const catalog::ApiCatalog& catalog, const scan::ScanOptions& options);

}  // namespace greenlight::cli
