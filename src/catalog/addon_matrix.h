// File: src/catalog/addon_matrix.h
// The add-on compatibility matrix: which versions of each cluster add-on (EKS add-ons and common
// third-party controllers) support which Kubernetes versions, how each add-on is recognised in
// rendered manifests, and the verdict for one add-on version at a target Kubernetes version.
// The data lives in api-catalog/addons/<addon>.yaml, is embedded, and can be replaced by path.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"
#include "base/status.h"
#include "base/version.h"

namespace greenlight::catalog {

class ApiCatalog;

/// An add-on version as images and Helm charts spell it: "v1.12.6", "1.5.3",
/// "v1.12.6-eksbuild.2", "v1.25.16-minimal-eksbuild.22", "v1.0.0-rc.1".
struct AddonVersion {
  int major = 0, minor = 0, patch = 0;
  bool has_patch = false;
  std::string prerelease;  ///< "rc.1" (sorts before the release), "" for a release
  std::string
      build;  ///< "eksbuild.2", "minimal-eksbuild.22", "debian-11-r3" (no effect on support)
  int eksbuild = -1;  ///< the N of "eksbuild.N", -1 when absent

  /// Parses a tag; nullopt when it does not start with [v]MAJOR.MINOR.
  static std::optional<AddonVersion> Parse(std::string_view tag);
  /// Normalised form: no leading v, suffix kept ("1.12.6-eksbuild.2").
  std::string ToString() const;
  /// Orders by major, minor, patch, then pre-release before release, then eksbuild number.
  static int Compare(const AddonVersion& a, const AddonVersion& b);
};

/// A set of add-on versions as the data writes it: "1.5" (every 1.5.x), "1.9.6" (that patch),
/// "2.0.0 - 2.1.3" (inclusive; a minor-only upper end includes its patches), ">=2.5.0", "<=0.9.99".
struct VersionSpec {
  enum class Kind { kMinor, kExact, kRange, kAtLeast, kAtMost };
  Kind kind = Kind::kMinor;
  AddonVersion low, high;
  bool high_is_minor = false;
  std::string text;  ///< as written

  static StatusOr<VersionSpec> Parse(std::string_view text);
  bool Contains(const AddonVersion& v) const;
  /// The lowest version in the set, when bounded below.
  std::optional<AddonVersion> Lowest() const;
};

/// Kubernetes minors a release supports: "1.16 - 1.22", ">=1.19", "<=1.21", or unknown.
struct KubernetesRange {
  bool unknown = false;
  std::optional<Version> min, max;
  std::string text;

  static StatusOr<KubernetesRange> Parse(std::string_view text);
  bool Contains(const Version& kubernetes) const;
};

enum class AddonPolicy {
  kTable,                 ///< releases: add-on versions -> Kubernetes range (project's own table)
  kKubernetesMinor,       ///< the add-on's minor follows the cluster's minor (kube-proxy,
                          ///< cluster-autoscaler)
  kMinimumPerKubernetes,  ///< minimums: per Kubernetes minor, the lowest add-on version (Karpenter)
  kEksDocumented,  ///< documented: per Kubernetes minor, the version EKS documents (CoreDNS, VPC
                   ///< CNI)
  kNone,           ///< no published table: compatibility is unknown
};
const char* AddonPolicyName(AddonPolicy policy);

struct AddonRelease {
  VersionSpec versions;
  KubernetesRange kubernetes;  ///< after any cap (see cap_note)
  std::string source;
  Location origin;
  std::string note;  ///< the data's own remark on the row ("" if none)
  /// APIs the release's shipped manifests use unconditionally, "group/version Kind"
  /// ("apiextensions.k8s.io/v1beta1 CustomResourceDefinition"), with the file that shows it.
  std::vector<std::string> uses;
  std::string uses_source;
  std::string documented_range;  ///< the Kubernetes range as the project wrote it
  /// Set when an open-ended (or too wide) documented range was capped by the removal of an API
  /// in `uses`: says the cap is derived, from which API and removal.
  std::string cap_note;
};

/// One row keyed by a Kubernetes minor (minimums and documented versions).
struct AddonKubernetesRow {
  Version kubernetes;
  AddonVersion version;
  std::string version_text;  ///< as written ("v1.11.4-eksbuild.22")
  std::string source;
};

struct AddonSpec {
  std::string id;  ///< canonical id: "cert-manager" (also the file name)
  std::string display_name;
  std::string provider;  ///< "eks" or "third-party"
  AddonPolicy policy = AddonPolicy::kNone;
  std::string policy_source;
  bool chart_version_is_app_version = false;  ///< the helm.sh/chart version is the add-on's version
  std::vector<std::string>
      images;  ///< repository paths, matched as a suffix after the registry host
  std::vector<std::string> helm_charts;  ///< chart names in helm.sh/chart labels
  std::vector<std::string> names;        ///< app.kubernetes.io/name values
  std::vector<AddonRelease> releases;
  /// True when the project's table gives the Kubernetes versions each release was tested on
  /// (Argo CD) rather than a support statement; verdicts then say "tested on".
  bool ranges_are_tested = false;
  std::vector<AddonKubernetesRow> minimums;
  std::vector<AddonKubernetesRow> documented;
  std::string data_version, date, file;
};

enum class AddonStatus { kOk, kUpgrade, kUnsupported, kUnknown };
const char* AddonStatusName(AddonStatus status);  ///< "ok", "upgrade", "unsupported", "unknown"

/// What the matrix says about one add-on version at a target.
struct AddonVerdict {
  AddonStatus status = AddonStatus::kUnknown;
  std::string
      supported;  ///< add-on versions that support the target ("1.10, 1.11"), "" if none known
  std::string
      minimum;  ///< with kUpgrade: the lowest known version above the found one that supports it
  std::string recommended;  ///< newest known version supporting the target, "" if none known
  std::string reason;       ///< one line: why this status
  std::string source;       ///< URL of the fact the verdict rests on
};

class AddonMatrix {
 public:
  const AddonSpec* Find(std::string_view id) const;
  const std::vector<AddonSpec>& addons() const { return addons_; }
  std::vector<AddonSpec>& mutable_addons() { return addons_; }
  /// Adds an add-on; a second file for the same id is an error naming both.
  Status Add(AddonSpec spec);

  /// The verdict for `found` (nullopt: the version could not be read) at `target`.
  static AddonVerdict Evaluate(const AddonSpec& spec, const std::optional<AddonVersion>& found,
                               const Version& target);

 private:
  std::vector<AddonSpec> addons_;
};

/// Caps each release's Kubernetes range at the last minor that serves every API in its `uses`
/// list, from the removals the API catalog records. A `uses` entry the catalog does not know, or
/// knows no removal for, is an error naming the row (the list exists only to derive caps).
Status CapRangesByRemovedApis(AddonMatrix& matrix, const ApiCatalog& apis);

/// Parses one add-on file (strict: unknown keys, bad versions and ranges are errors with
/// file:line:col).
Status LoadAddonText(std::string bytes, std::string_view display_path, AddonMatrix& into);
/// Loads a file, or every *.yaml file of a directory (sorted), and caps ranges by the embedded
/// API catalog's removals.
Status LoadAddonMatrixPath(const std::string& path, AddonMatrix& into);
/// The matrix compiled into the binary (api-catalog/addons/*.yaml).
StatusOr<AddonMatrix> LoadEmbeddedAddonMatrix();

}  // namespace greenlight::catalog
