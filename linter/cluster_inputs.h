// File: linter/cluster_inputs.h
// Reading one cluster's manifests (files, directories) for the cutover checks: used by
// `greenlight cutover` and by `greenlight scan --blue/--green`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cutover/cluster.h"

namespace greenlight::cli {

StatusOr<cutover::ClusterManifests> LoadClusterManifests(std::string_view name,
                                                         const std::vector<std::string>& paths);

}  // namespace greenlight::cli
