// File: src/scan/scanner.h
// The scan pipeline: listed input files are read, decoded, parsed and checked in parallel, one
// file per worker at a time (memory stays flat in the number of files), and the findings of all
// files are merged in a stable order. Input problems become GL0xx findings; nothing stops the
// scan of the other files.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/version.h"
#include "catalog/api_catalog.h"
#include "checks/finding.h"
#include "checks/object_check.h"
#include "checks/summary.h"
#include "document/parser.h"
#include "scan/recorded_manifests.h"
#include "source/input.h"

namespace greenlight::scan {

struct ScanOptions {
  Version target;
  std::optional<Version> from;
  int jobs = 0;  ///< worker threads; 0 = one per core
  document::ParserBackend backend = document::ParserBackend::kFast;
  /// Checks run on every object besides the API catalog check (lint rules, add-ons, ...).
  /// Not owned; must outlive the scan.
  std::vector<const checks::ObjectCheck*> extra_checks;
  /// Keep a CheckedObject per object (JUnit reports one test case per object checked).
  bool record_objects = false;
};

/// An object the scan checked (recorded only with ScanOptions::record_objects).
struct CheckedObject {
  Location location;  ///< its apiVersion's position; document index set
  int item = -1;      ///< index in a List's items
  std::string api_version, kind, namespace_name, name;
};

using checks::ScanSummary;

struct ScanResult {
  std::vector<checks::Finding> findings;  ///< sorted by file, line, column, rule
  ScanSummary summary;
  std::vector<CheckedObject> objects;  ///< with record_objects: in file order
  /// Set by Scan: the counts of each input file, in the order of the listing (what the coverage
  /// accounting of the pipeline reads: a file that held no object is not a manifest).
  std::vector<ScanSummary> per_file;
  /// Helm release revisions read from release records (Scan keeps the current ones' findings).
  std::vector<ReleaseRevision> release_revisions;
};

/// Scans every file of `inputs` (and turns the listing errors into GL002 findings).
ScanResult Scan(const source::InputList& inputs, const catalog::ApiCatalog& catalog,
                const ScanOptions& options);

/// Adds one finding of rule `rule_id` (a built-in GL rule) per problem found outside the files,
/// such as a render that failed (GL005) or a unit left unrendered (GL006). Errors count as
/// input errors (exit code 2) unless `count_as_input_errors` is false (then the exit code follows
/// --fail-on). The findings stay sorted.
void AddInputProblems(ScanResult& result, const char* rule_id, const std::vector<Status>& problems,
                      bool count_as_input_errors = true);

/// Scans one file; exposed for tests and the benchmark. Findings of every Helm release revision
/// found are kept (Scan drops the superseded ones once every file is read).
ScanResult ScanFile(const source::InputFile& file, const catalog::ApiCatalog& catalog,
                    const ScanOptions& options);

}  // namespace greenlight::scan
