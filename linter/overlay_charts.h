// File: linter/overlay_charts.h
// The chart half of `greenlight overlay`: finding chart folders among the inputs, reading them
// (packaged .tgz subcharts unpacked with tar), rendering with the real helm for the library's
// chart converter, and writing each converted chart to DIR/<name>-<target>/.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "base/version.h"
#include "catalog/api_catalog.h"
#include "overlay/chart_overlay.h"

namespace greenlight::cli {

/// Chart folders under `input` (the folder itself when it has Chart.yaml); subcharts under a
/// chart's charts/ folder belong to their parent and are not listed.
std::vector<std::string> FindChartFolders(const std::string& input);

struct ChartRun {
  std::string input_dir;   ///< as the user named it
  std::string out_name;    ///< folder under DIR
  std::string from;        ///< the --from used ("1.22")
  overlay::ChartOverlayResult result;
  std::vector<std::string> unpacked;  ///< packaged subcharts unpacked into folders
  std::vector<Status> errors;         ///< reading problems
  overlay::ChartFiles original;
};

struct ChartRunOptions {
  Version target;
  std::optional<Version> from;  ///< --from; default: the folder's version suffix, else target-1
  std::string name_template = "{name}-{target}";
  std::string helm = "helm";
  double timeout_seconds = 120;
  overlay::ChartOverlayOptions convert;
};

/// Reads, converts and proves one chart (nothing is written).
ChartRun ConvertChart(const std::string& chart_dir, const catalog::ApiCatalog& catalog,
                      const ChartRunOptions& options);

/// "{name}-{target}" with {name} (the folder without its version suffix), {folder} and {target}.
std::string ChartOutputName(const std::string& chart_dir, const std::string& name_template,
                            const Version& target);

/// The report: one block per chart (templates changed, objects by fix label, manual items,
/// proof per values file) as text or JSON.
std::string ChartReportText(const std::vector<ChartRun>& runs, const std::string& out_dir);
std::string ChartReportJson(const std::vector<ChartRun>& runs, const std::string& out_dir,
                            const std::string& target);

}  // namespace greenlight::cli
