// File: src/pipeline/side_inputs.h
// The input stage of `parity`: one cluster's side (a folder, a file, or DIR@REV, a git revision of
// the repository at DIR), listed and rendered by the same stages as a scan, and read into the
// already-loaded files the parity library compares.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "base/version.h"
#include "catalog/api_catalog.h"
#include "overlay/overlay.h"
#include "pipeline/render_stage.h"

namespace greenlight::pipeline {

/// How a side is rendered (--render): its Kubernetes version picks its per-version variants.
struct SideRender {
  const RenderOptions* options = nullptr;  ///< nullptr: no rendering
  const catalog::ApiCatalog* catalog = nullptr;
  Version version;
};

struct SideFiles {
  std::vector<overlay::SourceFile> files;
  std::vector<Status> errors;  ///< files listed but unreadable, renders that failed: the rest is still compared
  bool interrupted = false;    ///< Ctrl-C while rendering
};

/// Reads one side. A revision's files are named "REV:path" (what `git show` takes), since both
/// sides may come from one repository.
StatusOr<SideFiles> ReadSide(const std::string& text, const SideRender& render);

}  // namespace greenlight::pipeline
