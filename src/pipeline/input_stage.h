// File: src/pipeline/input_stage.h
// The first stage of the pipeline: where manifests come from. Each kind of input lists its
// files (cheap: bytes are read later, by the scan's workers) and, with --render, turns them into
// what gets scanned. Files and folders on disk (and standard input) and the tree of a git
// revision are the kinds today; a new kind (a live cluster's objects) implements InputStage and
// every command gets it through the same pipeline.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/version.h"
#include "catalog/api_catalog.h"
#include "pipeline/render_stage.h"
#include "source/git_repository.h"
#include "source/input.h"

namespace greenlight::pipeline {

class InputStage {
 public:
  virtual ~InputStage() = default;

  /// The files of this input; inputs that could not be listed are in the list's errors.
  virtual StatusOr<source::InputList> List() = 0;

  /// What is scanned: `listed` (from List) as it is, or, with `options.render`, its plain files
  /// plus what its render units produced. Kinds with nothing to render keep this default.
  virtual StatusOr<RenderedInputs> Render(const RenderOptions& options, source::InputList listed,
                                          const catalog::ApiCatalog& catalog, const Version& version);
};

/// Files, folders (walked) and "-" (standard input) named on the command line.
std::unique_ptr<InputStage> DiskInputs(std::vector<std::string> paths, source::WalkOptions walk);

/// The tree of `commit` in `repo`, limited by `listing` (folders, globs, changed files).
std::unique_ptr<InputStage> RevisionInputs(std::shared_ptr<source::GitRepository> repo, std::string commit,
                                           source::TreeListOptions listing);

/// List, then Render: what a stage gives the scan.
StatusOr<RenderedInputs> Prepare(InputStage& stage, const RenderOptions& options, const catalog::ApiCatalog& catalog,
                                 const Version& version);

}  // namespace greenlight::pipeline
