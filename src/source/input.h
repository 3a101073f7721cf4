// File: src/source/input.h
// Where manifests come from: files and directories on disk (walked recursively), standard input,
// and (src/source/git_*.h) trees of a git revision. A source only yields bytes and a display
// path; parsing is the document layer's job. Files are listed first (cheap) and read later, one
// at a time by the worker that takes them, so memory stays flat in the number of files.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/file_io.h"
#include "base/status.h"

namespace greenlight::source {

struct InputFile {
  std::string display_path;                 ///< what findings print ("-" for stdin)
  std::string origin;                       ///< "file", "stdin", "git:<rev>"
  std::function<StatusOr<std::string>()> load;  ///< reads the bytes when called
  /// Opens the input to be read a chunk at a time (set for files on disk and standard input,
  /// not for git blobs or rendered output, which are in memory anyway): a big stream is then
  /// scanned in pieces, never held whole. Reads the same bytes as `load`, under the same limits.
  std::function<StatusOr<std::unique_ptr<ChunkReader>>()> open;
  /// The file sits in the templates/ folder of a Helm chart (a Chart.yaml beside templates/):
  /// it is a template, not YAML, until it is rendered.
  bool helm_template = false;
  /// Set for what a Helm chart or kustomization rendered (scan --render): the unit that
  /// rendered it, the value files it used, and for each document the line of the repository
  /// file where its apiVersion is written (0 = unknown), which findings point at.
  std::string render_unit;
  std::vector<std::string> render_values;
  std::vector<uint32_t> source_lines;
  std::vector<uint32_t> source_columns;  ///< the column of that apiVersion's value, 0 = unknown
  /// Set for a plain file an Argo CD Application deploys through a directory source (scan
  /// --render): the Application, named on the file's findings.
  std::string application;
  /// The namespace Argo CD applies the file's objects in when they have none (the deploying
  /// Application's destination; directory sources and rendered units): objects of namespaced
  /// kinds without metadata.namespace get it.
  std::string default_namespace;
  bool is_json() const;                     ///< named *.json
};

struct WalkOptions {
  std::vector<std::string> include;  ///< globs; empty = everything with a manifest extension
  std::vector<std::string> exclude;  ///< globs; exclude wins over include
  /// --max-input-size: larger files, streams and git blobs are a GL002 error, not read.
  uint64_t max_input_bytes = kDefaultMaxInputBytes;
};

/// A file under the inputs that the listing did not take, and why (the coverage accounting of
/// scan reports every one of them).
struct PassedOver {
  enum class Reason {
    kNotManifestName,     ///< not *.yaml, *.yml or *.json (README.md, _helpers.tpl, NOTES.txt)
    kUpperCaseExtension,  ///< *.YAML and the like: the walk reads lower-case names only
    kExcluded,            ///< --include / --exclude (or the config's globs)
    kUnchanged,           ///< --changed-only: not changed since the merge base
    kSymlinkedFolder,     ///< a symlink to a folder: not entered (no loops)
  };
  std::string path;  ///< as findings would name it
  Reason reason;
};

/// A short phrase for the reason ("excluded by --include/--exclude").
std::string_view PassedOverReason(PassedOver::Reason reason);

struct InputList {
  std::vector<InputFile> files;
  /// Files under the named folders that are not in `files`, with the reason.
  std::vector<PassedOver> passed_over;
  /// Inputs that could not be listed (missing path, unreadable directory), with locations.
  std::vector<Status> errors;
};

/// Lists the files to scan. A named file is always scanned, whatever it is (a FIFO or process
/// substitution too); in directories only lower-case *.yaml, *.yml and *.json files are, .git is
/// skipped, symlinked files are read and symlinked directories are not entered (no loops). What
/// a walk finds that is not a regular file (a FIFO, device or socket with a manifest name) is an
/// error naming it, never read. "-" reads standard input once. Every read stops at
/// options.max_input_bytes. Paths are sorted.
InputList ListInputs(const std::vector<std::string>& inputs, const WalkOptions& options);

/// How findings name a folder given on the command line: lexically normal, without "./" in front
/// or '/' at the end; "." for the current folder ("./", "sub/..").
std::string DisplayFolder(const std::string& path);

/// True for names the directory walk picks up (lower-case .yaml/.yml/.json).
bool HasManifestExtension(std::string_view name);

/// Why a name without a manifest extension is not listed: an upper-case manifest extension, or
/// none at all.
PassedOver::Reason NotListedReason(std::string_view name);

/// True when `relative_path` (with '/') lies under a "templates" folder whose parent folder
/// holds a Chart.yaml, as told by `has_chart_yaml(parent_folder)`.
bool IsHelmTemplatePath(std::string_view relative_path,
                        const std::function<bool(std::string_view)>& has_chart_yaml);

}  // namespace greenlight::source
