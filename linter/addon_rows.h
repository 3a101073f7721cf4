// File: linter/addon_rows.h
// The add-on inventory of a set of inputs at a target Kubernetes version, shared by
// `greenlight addons` and `greenlight report`: one row per add-on and version found, with where it
// was found and the matrix's verdict.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/version.h"
#include "catalog/addon_matrix.h"
#include "checks/addon_check.h"

namespace greenlight::cli {

struct AddonRow {
  std::string id;  ///< canonical id, or the inventory's name for an unknown add-on
  std::string display_name;
  std::optional<std::string> version;  ///< normalised, nullopt when not readable
  catalog::AddonVerdict verdict;
  std::vector<Location> locations;
  std::vector<std::string> objects;  ///< "Deployment kube-system/cluster-autoscaler"
  std::string version_note;          ///< why the version is unknown
};

/// Groups sightings into rows (same add-on and version) and evaluates each at `target`.
std::vector<AddonRow> BuildAddonRows(const std::vector<checks::AddonSighting>& sightings,
                                     const catalog::AddonMatrix& matrix, const Version& target);

/// "ok", "upgrade to >= V", "not supported", "unknown".
std::string StatusText(const AddonRow& row);

/// The matrix in effect: --addon-matrix PATH (file or directory), else the embedded one.
StatusOr<catalog::AddonMatrix> LoadAddonMatrix(const std::string& path);

/// Reads and parses every --inventory file.
StatusOr<std::vector<checks::AddonSighting>> LoadInventories(const std::vector<std::string>& paths);

}  // namespace greenlight::cli
