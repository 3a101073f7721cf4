// File: src/render/unit.h
// A render unit: one Helm chart or kustomization rendered once with one set of settings (an
// Argo CD Application's, or the defaults when no Application names it), and what came out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/location.h"
#include "render/argocd.h"

namespace greenlight::render {

enum class UnitTool { kHelm, kKustomize };

struct RenderUnit {
  UnitTool tool = UnitTool::kHelm;
  std::string root;   ///< local folder of the repository (as given, or the private export)
  std::string path;   ///< chart or kustomization folder, '/'-separated, relative to root ("" = root)
  std::string label;  ///< "Application argocd/shop-web-green" or "chart charts/shop-web"
  Location defined_at;  ///< the Application, or the Chart.yaml / kustomization file
  // Helm settings (Argo CD semantics).
  std::string release_name, namespace_name;
  std::vector<std::string> value_files;  ///< relative to the chart folder
  std::string values_yaml;               ///< inline values, applied after the value files
  std::vector<HelmParameter> parameters;  ///< applied last
  bool ignore_missing_value_files = false;
  // Kustomize settings.
  std::optional<ArgoKustomize> kustomize;
  bool enable_helm = false;  ///< the kustomization (or one it builds on) has helmCharts
  /// An Application's spec.destination.namespace: Argo CD applies the rendered objects of
  /// namespaced kinds that have no metadata.namespace there (any tool). "" for units no
  /// Application renders.
  std::string destination_namespace;

  /// Everything that changes the rendered output: two units with the same key render once.
  std::string Key() const;
};

/// One source file's share of a unit's output: the documents rendered from one Helm template
/// (or, for kustomize, read from one file), in output order.
struct RenderedFile {
  std::string display_path;  ///< the template or source file, as findings name it
  std::string text;          ///< the documents, "---"-separated (helm's "# Source:" lines kept)
  /// For each document of `text`: the line of the source file where its apiVersion is written
  /// (so findings point into the repository's file), 0 when it cannot be told.
  std::vector<uint32_t> source_lines;
  /// For each document: the 1-based column of the apiVersion's value on that line, 0 when it
  /// cannot be told (a generated object, a line without the key).
  std::vector<uint32_t> source_columns;
  std::string unit_label;
  std::vector<std::string> value_files;  ///< display paths of the value files used
  std::string destination_namespace;     ///< the unit's (RenderUnit::destination_namespace)
};

}  // namespace greenlight::render
