// File: src/render/tools.h
// Running the real renderers for one unit: `helm template` with the target's --kube-version and
// API set, and `kubectl kustomize` through a private wrapper kustomization that records each
// object's origin (buildMetadata: originAnnotations) and applies an Application's kustomize
// options. Nothing is fetched: helm runs with private, empty config and cache folders.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/version.h"
#include "render/unit.h"

namespace greenlight::render {

struct RenderSettings {
  std::string helm = "helm";        ///< program name (looked up on PATH) or path
  std::string kubectl = "kubectl";
  std::chrono::milliseconds timeout{std::chrono::seconds(120)};  ///< per unit
  Version kube_version;             ///< --kube-version
  std::vector<std::string> api_versions;  ///< --api-versions: the target's group/version[/kind]s
  std::string scratch_dir;          ///< private folder for wrappers, values and helm's homes
  const std::atomic<bool>* cancel = nullptr;
};

/// The tool's standard output for `unit`, or an error naming the unit with the tool's message
/// (non-zero exit, timeout, tool missing). `index` keeps the unit's scratch files apart.
StatusOr<std::string> RunRenderer(const RenderUnit& unit, const RenderSettings& settings, size_t index);

}  // namespace greenlight::render
