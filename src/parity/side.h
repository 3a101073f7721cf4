// File: src/parity/side.h
// One side of the comparison (blue or green), read from already-loaded files: the documents are
// parsed, every Kubernetes object gets its identity across API versions and a copy normalised
// to the newest API the target serves, converted the way `greenlight overlay` converts it. The
// input is the overlay's SourceFile, so files from disk, a git revision or a renderer all fit.
#pragma once

#include <compare>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/version.h"
#include "catalog/api_catalog.h"
#include "document/node.h"
#include "document/value.h"
#include "overlay/overlay.h"

namespace greenlight::parity {

/// Who an object is, whatever API version it is written in: the group its API ends up in once
/// the catalog's replacements are followed (extensions -> networking.k8s.io for an Ingress), the
/// kind, the namespace and the name as written.
struct ObjectKey {
  std::string group;
  std::string kind;
  std::string namespace_name;
  std::string name;

  /// "Deployment shop/web" (cluster-scoped: "ClusterRole view").
  std::string Display() const;
  friend auto operator<=>(const ObjectKey&, const ObjectKey&) = default;
};

/// The group and kind an API's objects end up in when every catalog replacement is followed,
/// whatever the target: both sides of a migration share them.
ObjectKey CanonicalKey(const catalog::ApiCatalog& catalog, std::string_view api_version,
                       std::string_view kind);

struct SideObject {
  ObjectKey key;
  std::string api_version;               ///< as written
  Location location;                     ///< the object's apiVersion in its file
  const document::Node* node = nullptr;  ///< the object as written (for field locations)
  /// The object at the newest API the target serves; nullopt when the target removes its API
  /// with nothing to replace it (PodSecurityPolicy), so it cannot exist on green.
  std::optional<document::Value> normalized;
  bool converted = false;  ///< normalising changed its API
};

struct Side {
  std::string label;  ///< what the user named ("clusters/blue", "repo@v1")
  size_t files = 0;
  std::deque<document::Document> documents;  ///< owns the nodes objects point into
  std::vector<SideObject> objects;           ///< in file order, first of each key only
  std::vector<Status> errors;                ///< files that could not be decoded or parsed
  std::vector<overlay::Message> notes;       ///< skipped templates, duplicate objects
};

/// Parses and normalises the files of one side. `target` is the Kubernetes version both sides
/// are normalised for (APIs it removes or deprecates move to their replacement).
Side LoadSide(std::string label, const std::vector<overlay::SourceFile>& files,
              const catalog::ApiCatalog& catalog, const Version& target);

/// The newest Kubernetes minor the catalog mentions: the default normalisation target.
Version NewestCatalogVersion(const catalog::ApiCatalog& catalog);

}  // namespace greenlight::parity
