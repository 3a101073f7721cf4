// File: src/checks/api_check.h
// The deprecated/removed API check: each object's apiVersion/kind is looked up in the catalog
// and judged at the target version (removed -> API101 error, deprecated -> API102 warning).
// With a --from version, each finding also says where on the upgrade path it breaks.
#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>

#include <optional>
#include <vector>

#include "base/version.h"
#include "catalog/api_catalog.h"
#include "checks/finding.h"
#include "checks/object_check.h"
#include "document/object.h"

namespace greenlight::checks {

class ApiCheck : public ObjectCheck {
 public:
  ApiCheck(const catalog::ApiCatalog& catalog, Version target, std::optional<Version> from)
      : catalog_(catalog), target_(target), from_(from) {}

  /// Appends at most one finding for `object`.
  void Run(const document::Object& object, const CheckContext& context,
           std::vector<Finding>& out) const override;

  /// Appends at most one finding for the object `identity` describes (api_version, kind,
  /// location and object fields set, as FindingFor sets them). Run uses it for parsed objects;
  /// the unrendered-template heuristic for objects guessed from a template's text.
  void RunOnIdentity(Finding identity, std::vector<Finding>& out) const;

 private:
  // The API facts of `entry` at this target, made once per entry and shared by its findings.
  std::shared_ptr<const ApiDetails> DetailsOf(const catalog::ApiEntry& entry) const;

  const catalog::ApiCatalog& catalog_;
  Version target_;
  std::optional<Version> from_;
  mutable std::mutex details_mutex_;  // Run may be called from several threads
  mutable std::unordered_map<const catalog::ApiEntry*, std::shared_ptr<const ApiDetails>> details_;
};

/// Fills the object identity and location fields of a finding.
Finding FindingFor(const document::Object& object, std::string_view file);

}  // namespace greenlight::checks
