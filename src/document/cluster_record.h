// File: src/document/cluster_record.h
// What a live object records about the manifest that made it, read from a `kubectl get -o
// yaml|json` dump. The API server answers every read at its preferred version, so the live
// object never shows the version that breaks; the next `kubectl apply` or `helm upgrade` sends
// what these records hold: the kubectl.kubernetes.io/last-applied-configuration annotation, and
// Helm's release records (Secrets of type helm.sh/release.v1, or ConfigMaps of its ConfigMap
// storage driver), decoded exactly as Helm 3 stores them.
//
// Recognising a record is cheap (a kind comparison or one annotation lookup), so ordinary
// objects pay next to nothing; decoding only happens for objects that are records.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "document/node.h"
#include "document/object.h"

namespace greenlight::document {

inline constexpr std::string_view kLastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

/// The node holding `object`'s last-applied-configuration annotation (a string scalar), or
/// nullptr when it has none.
const Node* LastAppliedNode(const Object& object);

/// How a release record is stored.
enum class ReleaseStorage {
  kNone,           ///< not a release record
  kHelmSecret,     ///< Helm 3 Secret driver: type helm.sh/release.v1, data.release base64 twice
  kHelmConfigMap,  ///< Helm 3 ConfigMap driver: label owner=helm, data.release base64 once
  kTiller,         ///< Helm 2 (Tiller) ConfigMap or Secret: label OWNER=TILLER (protobuf, unsupported)
};

/// What kind of release record `object` is; kNone for everything else (checked cheaply).
ReleaseStorage ClassifyReleaseRecord(const Object& object);

/// "Secret" or "ConfigMap" storage name as Helm's --storage/HELM_DRIVER says it ("secret",
/// "configmap", "tiller").
std::string_view ReleaseStorageName(ReleaseStorage storage);

/// One Helm 3 release revision, decoded from its record.
struct HelmRelease {
  std::string name;            ///< release name
  std::string namespace_name;  ///< release namespace
  int revision = 0;            ///< Helm's "version" field
  std::string status;          ///< deployed, superseded, failed, pending-upgrade, ...
  std::string chart;           ///< chart name
  std::string chart_version;   ///< chart version
  std::string app_version;     ///< chart appVersion ("" when absent)
  std::string manifest;        ///< the rendered manifest Helm applied
  struct Hook {
    std::string path;          ///< template path of the hook ("chart/templates/job.yaml")
    std::string manifest;
  };
  std::vector<Hook> hooks;     ///< hook manifests (applied by helm upgrade too)
};

/// Decodes the release record `object` (kHelmSecret or kHelmConfigMap storage). Errors name
/// the object and carry the location of its data.release value in `file`.
StatusOr<HelmRelease> DecodeHelmRelease(const Object& object, ReleaseStorage storage, std::string_view file);

/// Standard base64 (RFC 4648, padding optional, whitespace ignored); an error says what was wrong.
StatusOr<std::string> DecodeBase64(std::string_view text);

/// Inflates a gzip stream (RFC 1952) with zlib; input that is not gzip is an error.
StatusOr<std::string> Gunzip(std::string_view bytes);

/// True when `bytes` starts with the gzip magic number Helm checks (1f 8b 08).
bool IsGzip(std::string_view bytes);

}  // namespace greenlight::document
