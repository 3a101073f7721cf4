// File: src/pipeline/cluster_manifests.h
// Reading one cluster's manifests (files, directories) for the cutover checks: used by
// `greenlight cutover` and by the pipeline's cutover stage (`scan --blue/--green`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cutover/cluster.h"

namespace greenlight::pipeline {

StatusOr<cutover::ClusterManifests> LoadClusterManifests(std::string_view name,
                                                         const std::vector<std::string>& paths);

}  // namespace greenlight::pipeline
