// File: src/checks/addon_check.h
// Add-on detection and compatibility: finds cluster add-ons (EKS add-ons, cluster-autoscaler,
// cert-manager, ingress-nginx, ...) in workload manifests by image repository (any registry,
// ECR or mirror prefix), app.kubernetes.io/name and helm.sh/chart labels, container names, reads
// their versions from image tags and labels, and reports (ADD2xx) the ones the target Kubernetes version breaks.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"
#include "base/version.h"
#include "catalog/addon_matrix.h"
#include "checks/object_check.h"

namespace greenlight::checks {

/// One add-on found in one object (or in an inventory file).
struct AddonSighting {
  std::string addon;                             ///< canonical id
  std::optional<catalog::AddonVersion> version;  ///< nullopt: digest-only, "latest" or no tag
  std::string
      evidence;  ///< "image registry.k8s.io/...:v1.22.2", "label app.kubernetes.io/name=..."
  std::string
      version_note;   ///< why the version is unknown ("image pinned by digest only"), "" if known
  Location location;  ///< the image (or label) line; the object's apiVersion when neither
  std::string kind, namespace_name, name;  ///< the object ("" for inventory entries)
};

/// A parsed image reference: [registry/]path[:tag][@digest].
struct ImageReference {
  std::string registry, path, tag, digest;
  static ImageReference Parse(std::string_view image);
};

/// True when the repository path is `pattern` or ends with "/" + pattern (mirror and ECR
/// pull-through prefixes such as "quay/jetstack/cert-manager-controller").
bool ImagePathMatches(std::string_view path, std::string_view pattern);

/// The add-ons in one workload object (Deployment, DaemonSet, StatefulSet, ReplicaSet, Job,
/// CronJob, Pod): by image repository, then app.kubernetes.io/name and helm.sh/chart labels, then
/// container name. At most one sighting per add-on per object; one whose version cannot be read
/// (an image pinned by digest only) is kept, with the reason in version_note.
std::vector<AddonSighting> DetectAddons(const document::Object& object, std::string_view file,
                                        const catalog::AddonMatrix& matrix);

/// ADD201 (incompatible at the target) and ADD202 (compatibility unknown) findings for the
/// add-ons in each object.
class AddonCheck : public ObjectCheck {
 public:
  AddonCheck(const catalog::AddonMatrix& matrix, Version target)
      : matrix_(matrix), target_(target) {}
  void Run(const document::Object& object, const CheckContext& context,
           std::vector<Finding>& out) const override;

  /// The finding for one sighting at the target, or nullopt when the add-on is fine there.
  std::optional<Finding> FindingFor(const AddonSighting& sighting) const;

 private:
  const catalog::AddonMatrix& matrix_;
  Version target_;
};

/// Collects every sighting of a scan (for `greenlight addons` and the report). Thread-safe.
class AddonCollector : public ObjectCheck {
 public:
  explicit AddonCollector(const catalog::AddonMatrix& matrix) : matrix_(matrix) {}
  void Run(const document::Object& object, const CheckContext& context,
           std::vector<Finding>& out) const override;
  /// The sightings so far, sorted by add-on, file and line.
  std::vector<AddonSighting> Sightings() const;

 private:
  const catalog::AddonMatrix& matrix_;
  mutable std::mutex mutex_;
  mutable std::vector<AddonSighting> sightings_;
};

/// Reads an inventory of add-ons installed outside the repository: the JSON that
/// `aws eks describe-addon` prints ({"addon": {"addonName", "addonVersion"}}), a JSON/YAML list of
/// such objects or of {"name", "version"}, or {"addons": [...]} of either. Names the matrix does
/// not know are kept (their status is unknown); malformed entries are errors with file:line:col.
StatusOr<std::vector<AddonSighting>> ParseAddonInventory(std::string bytes,
                                                         std::string_view display_path);

}  // namespace greenlight::checks
