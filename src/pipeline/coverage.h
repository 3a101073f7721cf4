// File: src/pipeline/coverage.h
// Nothing skipped silently: every file under the inputs ends in exactly one disposition (scanned
// as YAML, read by a named render unit, not a manifest, excluded, or skipped with a reason), so a
// report can say what it looked at and a scan that read nothing is never "clean".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/render_stage.h"
#include "report/report.h"
#include "scan/scanner.h"
#include "source/input.h"

namespace greenlight::pipeline {

enum class Disposition {
  kScanned,      ///< read as YAML/JSON and holding at least one object (or a Helm template checked unrendered)
  kRendered,     ///< read by a render unit (detail: the unit)
  kNotManifest,  ///< no Kubernetes object: Chart.yaml, values files, _helpers.tpl, README.md, ...
  kExcluded,     ///< by --include/--exclude, the config's globs, or --changed-only
  kSkipped,      ///< not read, or read without result (detail: why; a finding says so too)
};

/// "scanned", "rendered", "not-manifest", "excluded", "skipped".
std::string_view DispositionName(Disposition disposition);

struct FileCoverage {
  std::string path;  ///< as findings name it
  Disposition disposition = Disposition::kScanned;
  std::string detail;  ///< the unit, the reason, or what the file held
  /// A skipped file that another finding already reports (GL001/GL002, GL006); the others get GL007.
  bool reported_elsewhere = false;
};

struct Coverage {
  std::vector<FileCoverage> files;  ///< sorted by path, one entry per file

  size_t Count(Disposition disposition) const;
  /// Distinct render units that read at least one file.
  size_t RenderUnits() const;
  /// Objects read from the files and renders under `path` (a file or folder display path).
  size_t ObjectsUnder(const std::string& path) const;
  /// Files under `path`.
  size_t FilesUnder(const std::string& path) const;
  /// "3 not manifests, 2 excluded, 0 skipped" for the files under `path`.
  std::string SummaryUnder(const std::string& path) const;
  /// The report's view: the counts, and every file not scanned or rendered.
  report::CoverageSummary Summary() const;

  /// Objects read per display path (plain files and rendered templates alike).
  std::vector<std::pair<std::string, uint64_t>> objects_by_path;
};

/// Accounts for one input stage: the paths it listed, what it passed over, what rendering made of
/// them, and the per-file counts of the scan of `rendered.inputs` (ScanResult::per_file).
void AccountStage(const std::vector<std::string>& listed, const std::vector<source::PassedOver>& passed_over,
                  const RenderedInputs& rendered, const scan::ScanResult& result, Coverage& into);

/// Sorts the entries by path (after every stage was accounted for).
void Finish(Coverage& coverage);

}  // namespace greenlight::pipeline
