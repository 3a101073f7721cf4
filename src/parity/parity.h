// File: src/parity/parity.h
// Is green really a copy of blue? Matches the objects of the two sides by identity across API
// versions (group, kind, namespace, name), normalises both to the newest API the target serves,
// and reports what differs in the fields that matter: objects missing on green, images, replicas,
// autoscaling bounds, resources, env and config references, Service ports, Ingress routes,
// external-dns hostnames, disruption budgets and schedules. Differences the API move explains,
// declared per-cluster values and ignored fields are left out (and counted).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/version.h"
#include "catalog/api_catalog.h"
#include "overlay/overlay.h"
#include "parity/parity_config.h"
#include "parity/rules.h"
#include "parity/side.h"

namespace greenlight::parity {

struct Difference {
  std::string rule_id;    ///< "PAR603"
  std::string rule_name;  ///< "image-drift"
  Severity severity = Severity::kWarning;
  ObjectKey object;
  std::string blue_api_version;            ///< as written on blue; "" when blue lacks the object
  std::string green_api_version;           ///< as written on green; "" when green lacks the object
  std::string field;                       ///< "" for a whole object (missing or extra)
  std::optional<std::string> blue_value;   ///< nullopt: blue lacks it
  std::optional<std::string> green_value;  ///< nullopt: green lacks it
  std::optional<Location> blue_location;   ///< the field (or its nearest parent) on blue
  std::optional<Location> green_location;
  std::string message;
};

struct ParitySummary {
  size_t blue_objects = 0;
  size_t green_objects = 0;
  size_t matched = 0;
  size_t converted_blue = 0;  ///< objects normalised to a newer API
  size_t converted_green = 0;
  size_t removed_api = 0;     ///< blue objects whose API the target removes without replacement
  size_t cluster_values = 0;  ///< values equal only through a declared per-cluster pair
  size_t ignored = 0;         ///< differences an ignore entry covers
  size_t errors = 0, warnings = 0, infos = 0;
};

struct ParityOptions {
  Version target;  ///< both sides are normalised for this Kubernetes version
  ParityConfig config;
};

struct ParityResult {
  Version target;
  std::string blue_label, green_label;
  std::vector<Difference> differences;  ///< most severe first, then by object and field
  std::vector<Status> errors;           ///< input errors of both sides
  std::vector<overlay::Message> notes;  ///< skipped templates, duplicate objects
  ParitySummary summary;
};

/// Compares two loaded sides.
ParityResult CompareSides(const Side& blue, const Side& green, const ParityOptions& options);

/// Loads both sides from already-read files (from disk, a git revision or a renderer) and
/// compares them.
ParityResult CompareFiles(const std::string& blue_label,
                          const std::vector<overlay::SourceFile>& blue,
                          const std::string& green_label,
                          const std::vector<overlay::SourceFile>& green,
                          const catalog::ApiCatalog& catalog, const ParityOptions& options);

/// True when some difference is at or above `threshold`.
bool HasDifferenceAtOrAbove(const ParityResult& result, Severity threshold);

}  // namespace greenlight::parity
