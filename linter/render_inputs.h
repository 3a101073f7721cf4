// File: linter/render_inputs.h
// scan --render: the flags, and turning the listed inputs into what gets scanned, which is the
// plain files no render unit owns plus everything the units rendered. Git revisions are
// exported to a private temporary folder first (removed afterwards, also on error and Ctrl-C).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/version.h"
#include "catalog/api_catalog.h"
#include "config/config.h"
#include "render/repository.h"
#include "source/git_repository.h"
#include "source/input.h"

namespace greenlight::cli {

struct RenderFlags {
  bool render = false;
  std::string helm;     ///< --helm PATH ("" = helm on PATH)
  std::string kubectl;  ///< --kubectl PATH ("" = kubectl on PATH)
  double timeout_seconds = 120;
  std::vector<std::string> repo_map;          ///< URL=DIR
  std::vector<std::string> version_patterns;  ///< --version-pattern; default render defaults
  bool quiet = false;
  int jobs = 0;
};

void AddRenderFlags(CLI::App& command, RenderFlags& flags);

/// Fills unset render settings from the config's `render:` section.
void MergeRenderConfig(const config::Config& config, RenderFlags& flags);

/// What to scan after rendering, and what rendering reports.
struct RenderedInputs {
  source::InputList inputs;
  std::vector<Status> errors;   ///< GL005
  std::vector<Status> skipped;  ///< GL006
  size_t units_rendered = 0;
  std::vector<render::RenderedUnitInfo> units;
  bool interrupted = false;     ///< Ctrl-C: the caller exits 130
};

/// Renders the units of the named folders on disk; `listed` are the files the walk found.
StatusOr<RenderedInputs> RenderDiskInputs(const RenderFlags& flags, const std::vector<std::string>& folders,
                                          source::InputList listed, const catalog::ApiCatalog& catalog,
                                          const Version& version);

/// Renders the units of revision `rev` of `repo`; `listed` is its tree listing (repo paths).
StatusOr<RenderedInputs> RenderRevisionInputs(const RenderFlags& flags, source::GitRepository& repo,
                                              const std::string& rev, source::InputList listed,
                                              const catalog::ApiCatalog& catalog, const Version& version);

}  // namespace greenlight::cli
