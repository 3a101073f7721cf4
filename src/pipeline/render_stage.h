// File: src/pipeline/render_stage.h
// The render stage of the pipeline (scan --render and the commands that take --render): turns the
// listed inputs into what gets scanned, which is the plain files no render unit owns plus
// everything the units rendered. Git revisions are exported to a private temporary folder first
// (removed afterwards, also on error and Ctrl-C).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/version.h"
#include "catalog/api_catalog.h"
#include "config/config.h"
#include "render/repository.h"
#include "source/git_repository.h"
#include "source/input.h"

namespace greenlight::pipeline {

/// How to render: the values of --render, --helm, --kubectl, --render-timeout, --repo-map,
/// --version-pattern, --quiet and --jobs.
struct RenderOptions {
  bool render = false;
  std::string helm;     ///< "" = helm on PATH
  std::string kubectl;  ///< "" = kubectl on PATH
  double timeout_seconds = 120;
  std::vector<std::string> repo_map;          ///< URL=DIR
  std::vector<std::string> version_patterns;  ///< empty: the render defaults
  bool quiet = false;                         ///< --quiet: the CLI shows no progress line
  int jobs = 0;
  /// Called while units render (from one thread at a time); empty: no progress is reported.
  std::function<void(const render::RenderProgress&)> progress;
};

/// Fills unset render settings from the config's `render:` section.
void MergeRenderConfig(const config::Config& config, RenderOptions& options);

/// What to scan after rendering, and what rendering reports.
struct RenderedInputs {
  source::InputList inputs;
  std::vector<Status> errors;   ///< GL005
  std::vector<Status> skipped;  ///< GL006
  size_t units_rendered = 0;
  std::vector<render::RenderedUnitInfo> units;
  bool interrupted = false;  ///< Ctrl-C: the caller exits 130
  /// What the units own and which unit read it; `local_path` maps a listed file's display path
  /// to the local path ownership is recorded under (unset when nothing was rendered).
  render::Ownership ownership;
  std::function<std::string(const std::string&)> local_path;

  /// The label of the unit that read the listed file `display_path`; "" when none did.
  std::string ReaderOf(const std::string& display_path) const;
  /// True when a render unit owns the listed file (so it is not scanned as plain YAML).
  bool Owned(const std::string& display_path) const;
};

/// Renders the units of the named folders on disk; `listed` are the files the walk found.
StatusOr<RenderedInputs> RenderDiskInputs(const RenderOptions& options, const std::vector<std::string>& folders,
                                          source::InputList listed, const catalog::ApiCatalog& catalog,
                                          const Version& version);

/// Renders the units of revision `rev` of `repo`; `listed` is its tree listing (repo paths).
StatusOr<RenderedInputs> RenderRevisionInputs(const RenderOptions& options, source::GitRepository& repo,
                                              const std::string& rev, source::InputList listed,
                                              const catalog::ApiCatalog& catalog, const Version& version);

}  // namespace greenlight::pipeline
