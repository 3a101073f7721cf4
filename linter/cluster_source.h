// File: linter/cluster_source.h
// --cluster for scan, baseline, report and addons: the live cluster read with the real kubectl
// (render/live_cluster.h), kept in memory or saved with --save DIR for offline reruns, and
// handed to the scan as one input file per resource list.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "base/status.h"
#include "source/input.h"

namespace greenlight::cli {

struct ClusterFlags {
  bool cluster = false;    ///< --cluster: read the live cluster of the kubeconfig
  std::string context;     ///< --context NAME
  std::string kubeconfig;  ///< --kubeconfig PATH
  std::string save;        ///< --save DIR: keep the dump (one JSON List per resource)
  std::string kubectl;     ///< --kubectl PATH (shared with --render; "" = kubectl on PATH)
};

/// Adds --cluster, --context, --kubeconfig and --save (the caller owns --kubectl).
void AddClusterFlags(CLI::App& command, ClusterFlags& flags);

/// A usage error when --context, --kubeconfig or --save are given without --cluster.
Status CheckClusterFlags(const ClusterFlags& flags);

/// Reads the cluster and appends one input per resource list to `inputs` (named
/// DIR/<resource>.json with --save, cluster/<resource>.json otherwise); resources kubectl could
/// not list become input errors. An error Status when nothing could be read at all.
Status AddClusterInputs(const ClusterFlags& flags, source::InputList& inputs);

}  // namespace greenlight::cli
