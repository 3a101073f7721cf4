// File: src/overlay/overlay.h
// A per-version overlay of a set of manifest files: what to write under DIR/<target>/ and what
// to tell the user. Building the overlay is a pure function of the inputs (same inputs, same
// bytes); writing it is a separate step that never leaves the output directory, never
// overwrites a non-empty one without being told to, and writes every file atomically.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/status.h"
#include "catalog/api_catalog.h"
#include "overlay/conversion.h"

namespace greenlight::overlay {

/// One input file, already read.
struct SourceFile {
  std::string relative_path;  ///< where it goes under DIR/<target>/ ('/'-separated, inside)
  std::string display_path;   ///< how locations name it
  std::string bytes;
  bool is_json = false;
  bool helm_template = false;  ///< a chart template: copied, never parsed
};

enum class Layout {
  kFiles,      ///< mirror the input tree, converted documents rewritten in place
  kKustomize,  ///< kustomization.yaml + converted/ (one file per converted document) + unchanged/
};

struct OverlayOptions {
  ConvertOptions convert;
  Layout layout = Layout::kFiles;
};

struct OutputFile {
  std::string relative_path;  ///< under DIR/<target>/
  std::string contents;
  /// The input it mirrors (for --dry-run diffs); empty for new files.
  std::string source_relative_path;
};

/// Something about the run that is not tied to a conversion (a skipped file or document).
struct Message {
  Severity severity = Severity::kInfo;
  Location location;
  std::string text;
};

struct OverlayResult {
  std::vector<OutputFile> files;  ///< sorted by relative_path
  std::vector<ObjectConversion> conversions;
  std::vector<Message> messages;
  std::vector<Status>
      errors;  ///< input errors (decoding, parsing): those documents are kept as they were
  std::vector<Status> conflicts;  ///< the layout cannot be built (duplicate objects): write nothing
};

OverlayResult BuildOverlay(const std::vector<SourceFile>& inputs,
                           const catalog::ApiCatalog& catalog, const OverlayOptions& options);

/// Writes `result.files` under `root` (DIR/<target>). A non-empty `root` is refused
/// (kFailedPrecondition) unless `force`; with `force`, files of this overlay are replaced and
/// any other file is left alone.
Status WriteOverlay(const OverlayResult& result, const std::filesystem::path& root, bool force);

/// A file name from a manifest's kind, namespace and name that cannot leave its folder:
/// lower-case [a-z0-9._-] only, no leading dot, at most 120 characters, never empty.
std::string SanitizeFileName(std::string_view raw);

}  // namespace greenlight::overlay
