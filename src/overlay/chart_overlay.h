// File: src/overlay/chart_overlay.h
// A Helm chart converted for a target Kubernetes version by editing its template source. The
// chart is rendered (by the caller's renderer: the real helm) at --from; every object whose API
// the target removes is traced to its template through helm's "# Source:" line; the manifest
// converter's changes (value_diff.h) are replayed on that template's text, apiVersions written
// by helpers are fixed once in the helper, and the result is proven by rendering the new chart
// at the target for every values file the chart holds.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/version.h"
#include "catalog/api_catalog.h"
#include "overlay/conversion.h"

namespace greenlight::overlay {

/// A chart's files by path relative to the chart folder ('/'-separated). Subcharts are folders
/// under charts/ (packaged ones already unpacked by the caller).
using ChartFiles = std::map<std::string, std::string>;

/// Renders `files` as a chart with `values_file` (a path inside the chart; "" = its defaults)
/// for Kubernetes `version` with that version's API set; returns helm's output.
using ChartRenderer = std::function<StatusOr<std::string>(
    const ChartFiles& files, const std::string& values_file, const Version& version)>;

struct ChartOverlayOptions {
  ConvertOptions convert;  ///< target, --deprecated, --ingress-class-name
  Version from;
  /// Objects with no replacement API (PodSecurityPolicy): true removes their template document,
  /// false guards it with a Capabilities check so it renders only where the API is served.
  bool remove_unreplaceable = false;
  /// One chart for both versions: converted documents switch on .Capabilities.APIVersions.Has.
  bool dual = false;
};

/// Something the user must finish by hand: where and what to do.
struct ManualItem {
  Location location;
  std::string what;
};

/// One values file's proof: the new chart rendered at the target against the expectation.
struct ProofResult {
  std::string values_file;  ///< "values.yaml" for the defaults
  size_t objects = 0;       ///< objects compared
  std::vector<std::string> differences;  ///< empty: proven
};

struct ChartOverlayResult {
  ChartFiles files;  ///< the new chart (every input file, converted templates rewritten)
  std::vector<std::string> templates_changed;  ///< chart-relative paths, sorted
  std::vector<std::string> templates_already_switching;  ///< Capabilities switch serves target
  std::vector<ObjectConversion> conversions;  ///< located at the template line
  std::vector<ManualItem> manual;
  std::vector<ProofResult> proofs;
  std::vector<std::string> notes;  ///< what the caller should say (guards, removed documents)
  std::vector<Status> errors;      ///< render failures and proof differences
};

/// Converts one chart. `display_dir` prefixes locations (the chart folder as the user named it).
ChartOverlayResult BuildChartOverlay(const ChartFiles& chart, const std::string& display_dir,
                                     const catalog::ApiCatalog& catalog,
                                     const ChartOverlayOptions& options,
                                     const ChartRenderer& render);

/// The chart's values files the proof renders: "" (the defaults) and every other top-level
/// values*.yaml / values*.yml.
std::vector<std::string> ChartValueFiles(const ChartFiles& chart);

/// The output folder name for a chart folder: its name without a trailing version suffix
/// ("-1.22", "_v1.22", "-1.22.3"), then "-<target>" ("catalog-api-1.22" -> "catalog-api-1.25").
std::string OverlayChartFolderName(std::string_view chart_folder, const Version& target);

}  // namespace greenlight::overlay
