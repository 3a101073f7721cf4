// File: src/pipeline/pipeline.h
// One scan pipeline for every command that reads manifests (scan, baseline, report, addons,
// parity): list the inputs, render them (--render), scan them, compare with a base revision and a
// baseline, add the cross-cluster cutover findings. Commands turn their flags into
// PipelineOptions, run the pipeline and print what it returns; the stages live here once, so a
// new input kind or a faster scan reaches every command.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "catalog/api_catalog.h"
#include "config/config.h"
#include "pipeline/coverage.h"
#include "pipeline/input_stage.h"
#include "pipeline/render_stage.h"
#include "report/report.h"
#include "scan/scanner.h"
#include "source/input.h"

namespace greenlight::pipeline {

/// What the command line names to read.
struct InputSelection {
  std::vector<std::string> paths;  ///< files, folders, "-"; in git mode repo-relative folders
  source::WalkOptions walk;        ///< --include / --exclude
  std::string repo;                ///< --repo DIR: read revisions from this repository
  std::string rev;                 ///< --rev REF (default HEAD)
  std::string base;                ///< --base REF: report what rev adds over the merge base
  bool changed_only = false;       ///< --changed-only: only files changed since the merge base

  /// Revisions are read (not the disk) when --repo, --rev or --base is given.
  bool GitMode() const { return !repo.empty() || !rev.empty() || !base.empty(); }
  std::string RepoDir() const { return repo.empty() ? "." : repo; }
  std::string HeadRev() const { return rev.empty() ? "HEAD" : rev; }
};

/// The config in effect: `config_path` (--config), else .greenlight.yaml at the scanned root (git
/// mode: the tree of --rev; one directory named: that directory; otherwise the current
/// directory), else none.
StatusOr<std::optional<config::Config>> LoadConfig(const InputSelection& inputs, const std::string& config_path);

/// Fills settings the command line left unset from the config: target and from (when empty), and
/// appends its include/exclude globs and extra catalog/rule paths.
void MergeConfig(const config::Config& config, std::string& target, std::string& from,
                 std::vector<std::string>& include, std::vector<std::string>& exclude,
                 std::vector<std::string>& extra_catalog, std::vector<std::string>& extra_rules);

struct PipelineOptions {
  InputSelection inputs;
  /// More inputs of other kinds, scanned with the selection (e.g. a live cluster's objects).
  std::vector<std::shared_ptr<InputStage>> extra_inputs;
  RenderOptions render;
  scan::ScanOptions scan;                 ///< target, from, checks; the catalog is the pipeline's
  const config::Config* config = nullptr;  ///< its rule settings apply to the findings
  std::string baseline;                   ///< --baseline FILE: hide the findings recorded there
  std::vector<std::string> blue, green;   ///< --blue/--green manifests: the CUT5xx checks
};

struct PipelineResult {
  scan::ScanResult result;  ///< findings: the new ones when comparing, else all
  std::optional<report::ReportContext::Comparison> comparison;
  bool interrupted = false;  ///< Ctrl-C while rendering: the command exits 130
  std::vector<report::ReportContext::RenderedUnit> rendered_units;  ///< of the scanned revision
  Coverage coverage;  ///< every file under the inputs (of the scanned revision) and where it went
};

class Pipeline {
 public:
  /// `catalog` must outlive the pipeline.
  Pipeline(const catalog::ApiCatalog& catalog, PipelineOptions options);

  /// Every stage: list, render, scan, compare (base revision, baseline), cutover findings.
  StatusOr<PipelineResult> Run() const;

 private:
  StatusOr<PipelineResult> RunDisk() const;
  StatusOr<PipelineResult> RunRevision() const;
  /// Lists and renders `stage`, then scans it; render problems join the findings.
  /// `outcome`, when given, receives the units, the interruption and the coverage.
  StatusOr<scan::ScanResult> ScanStage(InputStage& stage, const scan::ScanOptions& options,
                                       PipelineResult* outcome) const;
  /// GL007 for files skipped without another finding saying so; GL008 for each input that holds
  /// files but gave no object.
  void ReportCoverage(Coverage& coverage, scan::ScanResult& result) const;
  Status CompareWithBaseline(PipelineResult& outcome) const;
  Status AddCutoverFindings(scan::ScanResult& result) const;

  const catalog::ApiCatalog& catalog_;
  PipelineOptions options_;
};

}  // namespace greenlight::pipeline
