// File: src/render/repository.h
// Rendering what a GitOps repository holds. Render units are discovered in the scanned folders:
// Argo CD Applications and ApplicationSets (followed through app-of-apps, each reached once),
// then every Helm chart and kustomization no Application renders and no other unit includes
// (subcharts, kustomize bases, charts a kustomization inflates). Units run in parallel with the
// real tools; files that belong to a unit are not scanned again as plain YAML. Per-version
// layouts are honoured: a unit pinned to another Kubernetes version than the one rendered for is
// skipped, and said so.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "render/tools.h"
#include "render/unit.h"
#include "source/input.h"

namespace greenlight::render {

/// A local folder holding (part of) a repository and how findings name its files.
struct RepositoryRoot {
  std::string local_dir;       ///< the folder on disk
  std::string display_prefix;  ///< "" (names relative to the folder) or the folder as the user typed it
};

struct RenderProgress {
  size_t done = 0, total = 0;
  std::string slowest_label;  ///< the unit running longest, "" when none runs
  double slowest_seconds = 0;
};

struct RenderRequest {
  std::vector<RepositoryRoot> roots;  ///< the scanned folders
  /// Repository URLs (as Applications write them) that are read from a local folder instead.
  std::vector<std::pair<std::string, RepositoryRoot>> repositories;
  std::vector<std::string> version_patterns;  ///< see version_pattern.h
  RenderSettings settings;
  int jobs = 0;  ///< parallel renders; 0 = one per core
  std::function<void(const RenderProgress&)> progress;  ///< called from one thread at a time
};

/// A unit that rendered, for reports.
struct RenderedUnitInfo {
  std::string label, tool, path;  ///< path: the folder's display name
  std::vector<std::string> values;
};

/// Which local files the render units own (not scanned again as plain YAML), and which unit read
/// them. Paths are lexically normal and absolute.
struct Ownership {
  std::set<std::string> owned_folders, owned_files;
  /// Owned file or folder -> label of the unit that rendered it (an Application's render wins
  /// over the chart's render with its defaults). Owned paths without a reader belong to a unit
  /// that was not rendered (a variant for another Kubernetes version).
  std::map<std::string, std::string> readers;

  /// True when the local file belongs to a render unit.
  bool Owns(const std::string& local_path) const;
  /// The label of the unit that read the file, "" when none did.
  std::string ReaderOf(const std::string& local_path) const;
};

struct RenderOutcome : Ownership {
  std::vector<RenderedFile> files;  ///< what the units rendered, grouped by source file
  std::vector<RenderedUnitInfo> units;  ///< in the order they were rendered
  std::vector<Status> errors;       ///< units that failed to render (message names the unit)
  std::vector<Status> skipped;      ///< units or sources not rendered on purpose, with why
  /// Plain manifests an Application's directory source names outside the scanned folders.
  std::vector<std::string> extra_inputs;
  size_t units_rendered = 0;
};

/// The local path of a listed input (for ownership); empty when it has none (stdin).
using LocalPathOf = std::function<std::string(const source::InputFile&)>;

RenderOutcome RenderRepository(const RenderRequest& request, const source::InputList& inputs,
                               const LocalPathOf& local_path_of);

/// Repository URLs compare equal when they name the same repository: scheme, user, a ".git"
/// suffix, a trailing '/' and letter case of the host do not matter; scp-like "git@host:org/r"
/// equals "https://host/org/r".
std::string NormalizeRepoUrl(std::string_view url);

}  // namespace greenlight::render
