// File: src/overlay/conversion.h
// Converting one object from an API version to its replacement, one catalog hop at a time
// (flowcontrol v1beta1 -> v1beta2 -> v1). The catalog decides *whether* and *to what* an object
// moves at the target; the converters here know *how* each hop rewrites the schema.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/version.h"
#include "catalog/api_catalog.h"
#include "document/value.h"
#include "overlay/fix.h"

namespace greenlight::overlay {

struct ConvertOptions {
  Version target;
  bool include_deprecated = false;  ///< --deprecated: also move APIs that are only deprecated
  /// Move the kubernetes.io/ingress.class annotation to spec.ingressClassName.
  bool ingress_class_field = false;
};

/// Collects the edits and notes of one object's conversion; converters write to it.
class ConversionContext {
 public:
  void AddEdit(std::string path, std::string change) {
    fix_.edits.push_back(Edit{std::move(path), std::move(change)});
  }
  /// Raises the fix's label to at least `level`, recording why.
  void Raise(Applicability level, std::string why);
  void AddNote(Severity severity, std::string message) {
    notes_.push_back(Note{severity, std::move(message)});
  }

  Fix TakeFix();
  std::vector<Note> TakeNotes() { return std::move(notes_); }

 private:
  Fix fix_;
  std::vector<std::pair<Applicability, std::string>> reasons_;
  std::vector<Note> notes_;
};

/// One step of a migration, as the catalog names it.
struct Hop {
  std::string from_api_version;
  std::string to_api_version;
  std::string kind;
};

/// Rewrites `object` (already at hop.from) to hop.to; sets apiVersion itself.
using ConverterFn = void (*)(document::Value& object, const Hop& hop, const ConvertOptions& options,
                             ConversionContext& context);

/// The converter for a hop, or nullptr when greenlight has none (the object is reported as
/// needing a manual conversion).
ConverterFn FindConverter(const Hop& hop);

/// The migration the catalog prescribes for (apiVersion, kind) at the target.
struct MigrationPlan {
  std::vector<Hop> hops;  ///< empty: nothing to do
  /// The last API in the chain is removed (or deprecated) with no replacement (PSP).
  bool ends_without_replacement = false;
  const catalog::ApiEntry* first_entry = nullptr;  ///< catalog entry that triggered the plan
  const catalog::ApiEntry* last_entry = nullptr;
};
MigrationPlan PlanMigration(const catalog::ApiCatalog& catalog, std::string_view api_version,
                            std::string_view kind, const ConvertOptions& options);

/// The result of converting one object value.
struct ConvertedObject {
  ObjectConversion report;
  std::optional<document::Value> object;  ///< nullopt: nothing is written for this object
};

/// Converts `object` as the plan says. Objects that need no migration come back unchanged with
/// report.from_api_version empty.
ConvertedObject ConvertObject(const document::Value& object, const catalog::ApiCatalog& catalog,
                              const ConvertOptions& options);

}  // namespace greenlight::overlay
