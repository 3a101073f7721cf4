// File: src/render/live_cluster.h
// `scan --cluster`: what a live cluster runs, read with the real kubectl. Discovery first
// (`kubectl api-resources --verbs=list -o name`), then `kubectl get RESOURCE --all-namespaces
// -o json` of every listable resource, each its own List. Secrets are read with a field selector
// for Helm's release type only (type=helm.sh/release.v1): the dump holds no other secret.
// Nothing is written to the cluster; a resource that cannot be read is an error naming it, and
// every other resource is still read.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "base/status.h"

namespace greenlight::render {

struct ClusterReadOptions {
  std::string kubectl = "kubectl";  ///< program name (looked up on PATH) or path
  std::string context;              ///< --context NAME ("" = the kubeconfig's current context)
  std::string kubeconfig;           ///< --kubeconfig PATH ("" = kubectl's default)
  std::chrono::milliseconds timeout{std::chrono::seconds(120)};  ///< per kubectl call
  int jobs = 4;                     ///< kubectl get calls at once
  const std::atomic<bool>* cancel = nullptr;
};

/// One resource's list as kubectl printed it.
struct ResourceList {
  std::string resource;  ///< "deployments.apps", "secrets"
  std::string json;      ///< kubectl get -o json output (a List)
};

struct ClusterDump {
  std::vector<ResourceList> lists;  ///< sorted by resource
  /// Discovery that came back partial and resources that could not be listed: what was not
  /// read, so it is never reported clean.
  std::vector<Status> errors;
  bool cancelled = false;
};

/// The kubectl argument vectors the dump runs (exposed for tests and the README).
std::vector<std::string> DiscoveryCommand(const ClusterReadOptions& options);
std::vector<std::string> ListCommand(const ClusterReadOptions& options, const std::string& resource);

/// Reads the cluster. The Status is an error when discovery fails outright (no kubectl, no
/// cluster reachable, bad context): then nothing was read.
StatusOr<ClusterDump> ReadCluster(const ClusterReadOptions& options);

/// File name a resource's list is saved under (and scanned as): "deployments.apps.json".
std::string DumpFileName(const std::string& resource);

}  // namespace greenlight::render
