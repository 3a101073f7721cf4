// File: src/render/rendered_output.h
// Turning a tool's output into files findings can name: helm's "# Source: chart/templates/x.yaml"
// comments and kustomize's config.kubernetes.io/origin annotations (which greenlight asks for and
// removes again) tell which repository file each document comes from. Documents are grouped by
// that file, keep a "# Source:" line, and know the line of the file where their apiVersion is
// written, so a finding points into the repository rather than into the tool's output.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "render/unit.h"

namespace greenlight::render {

/// How a local file is named in findings (relative to the scanned folder, or the repo path).
using DisplayName = std::function<std::string(const std::filesystem::path& local_path)>;

/// Groups `helm template` output by template; "chart/charts/sub/templates/x.yaml" maps to the
/// subchart's file under the unit's chart folder.
std::vector<RenderedFile> SplitHelmOutput(const std::string& output, const RenderUnit& unit,
                                          const DisplayName& display);

/// Groups `kubectl kustomize` output (built through a wrapper in `wrapper_dir`) by origin file
/// and strips the origin annotations.
std::vector<RenderedFile> SplitKustomizeOutput(const std::string& output, const RenderUnit& unit,
                                               const std::filesystem::path& wrapper_dir,
                                               const DisplayName& display);

/// The 1-based line of `source_text` where an object with this apiVersion (and name, when
/// several match) is written; 0 when none. Used to point findings at template lines.
uint32_t FindApiVersionLine(const std::string& source_text, const std::string& api_version,
                            const std::string& name);

}  // namespace greenlight::render
