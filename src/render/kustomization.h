// File: src/render/kustomization.h
// What a kustomization reads from the repository: folders (resources, bases, components that are
// other kustomizations) and files (resources, patches, generator inputs), and the charts its
// helmCharts inflate from helmGlobals.chartHome. Rendering needs it to know which files belong
// to a kustomization (they are not scanned again on their own), whether --enable-helm is
// needed, and whether a chart it inflates is present (nothing is pulled).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace greenlight::render {

struct KustomizationRefs {
  std::filesystem::path file;  ///< the kustomization file itself
  std::vector<std::filesystem::path> folders;  ///< local folders it builds on
  std::vector<std::filesystem::path> files;    ///< local files it reads
  /// chartHome/<name> of each helmCharts entry (that folder must hold the chart).
  std::vector<std::filesystem::path> helm_charts;
  std::vector<std::string> remote;  ///< remote resources (URLs), which an offline render cannot use
  /// `kind: Component`: only usable through another kustomization's `components:`, never built
  /// on its own.
  bool is_component = false;
};

/// The kustomization file of `folder` (kustomization.yaml, kustomization.yml or Kustomization),
/// if there is one.
std::optional<std::filesystem::path> FindKustomizationFile(const std::filesystem::path& folder);

/// Reads the references of the kustomization in `folder`; paths are lexically normal and joined
/// to `folder`. A file that is not YAML is an error naming file:line:col.
StatusOr<KustomizationRefs> ReadKustomization(const std::filesystem::path& folder);

}  // namespace greenlight::render
