#include "overlay/conversion.h"

#include <algorithm>

#include "overlay/internal/converters.h"

namespace greenlight::overlay {

const char* ApplicabilityName(Applicability a) {
  switch (a) {
    case Applicability::kSafe:
      return "safe";
    case Applicability::kUnsafe:
      return "unsafe";
    case Applicability::kManual:
      return "manual";
  }
  return "manual";
}

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

void ConversionContext::Raise(Applicability level, std::string why) {
  fix_.applicability = std::max(fix_.applicability, level);
  reasons_.emplace_back(level, std::move(why));
}

Fix ConversionContext::TakeFix() {
  std::stable_sort(reasons_.begin(), reasons_.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  fix_.why.clear();
  std::vector<std::string_view> said;
  for (const auto& [level, why] : reasons_) {
    if (std::find(said.begin(), said.end(), why) != said.end()) continue;
    said.push_back(why);
    if (!fix_.why.empty()) fix_.why += "; ";
    fix_.why += why;
  }
  if (fix_.why.empty())
    fix_.why = "field-for-field conversion: the object means the same at the new API";
  return std::move(fix_);
}

MigrationPlan PlanMigration(const catalog::ApiCatalog& catalog, std::string_view api_version,
                            std::string_view kind, const ConvertOptions& options) {
  MigrationPlan plan;
  std::string current_api(api_version);
  std::string current_kind(kind);
  // A chain never revisits an API; the bound only guards against a cyclic user catalog.
  for (int step = 0; step < 16; ++step) {
    const catalog::ApiEntry* entry = catalog.Find(current_api, current_kind);
    if (entry == nullptr) break;
    catalog::ApiEntry::Status status = entry->StatusAt(options.target);
    bool moves = status == catalog::ApiEntry::Status::kRemoved ||
                 (options.include_deprecated && status == catalog::ApiEntry::Status::kDeprecated);
    if (!moves) break;
    // A deprecated API stays where it is while its replacement is not served at the target yet.
    if (status == catalog::ApiEntry::Status::kDeprecated && entry->replacement &&
        entry->replacement->since &&
        Version::CompareMinor(*entry->replacement->since, options.target) > 0) {
      break;
    }
    if (plan.first_entry == nullptr) plan.first_entry = entry;
    plan.last_entry = entry;
    if (!entry->replacement) {
      plan.ends_without_replacement = true;
      break;
    }
    std::string next_kind =
        entry->replacement->kind.empty() ? current_kind : entry->replacement->kind;
    plan.hops.push_back(Hop{current_api, entry->replacement->api_version, current_kind});
    if (next_kind != current_kind) {
      plan.hops.back().kind = current_kind + "->" + next_kind;
      break;  // kind changes are never automatic
    }
    current_api = entry->replacement->api_version;
  }
  return plan;
}

namespace {

std::string Identity(const document::Value& object) {
  std::string kind = internal::ScalarText(object.Get("kind"));
  std::string name = internal::ScalarText(document::FindValue(object, {"metadata", "name"}));
  return kind + "/" + (name.empty() ? "<unnamed>" : name);
}

}  // namespace

ConvertedObject ConvertObject(const document::Value& object, const catalog::ApiCatalog& catalog,
                              const ConvertOptions& options) {
  ConvertedObject out;
  std::string api_version = internal::ScalarText(object.Get("apiVersion"));
  std::string kind = internal::ScalarText(object.Get("kind"));
  out.report.kind = kind;
  out.report.name = internal::ScalarText(document::FindValue(object, {"metadata", "name"}));
  out.report.namespace_name =
      internal::ScalarText(document::FindValue(object, {"metadata", "namespace"}));

  MigrationPlan plan = PlanMigration(catalog, api_version, kind, options);
  if (plan.hops.empty() && !plan.ends_without_replacement) {
    out.object = object;
    return out;
  }
  out.report.from_api_version = api_version;
  ConversionContext context;
  document::Value converted = object;
  for (const Hop& hop : plan.hops) {
    ConverterFn convert = FindConverter(hop);
    if (convert == nullptr) {
      context.Raise(Applicability::kManual, "greenlight has no conversion from " +
                                                hop.from_api_version + " " + hop.kind + " to " +
                                                hop.to_api_version);
      std::string message = Identity(object) + ": no automatic conversion from " +
                            hop.from_api_version + " to " + hop.to_api_version +
                            "; the object was left as it was";
      const catalog::ApiEntry* entry = catalog.Find(hop.from_api_version, kind);
      if (entry != nullptr && !entry->notes.empty()) message += " (catalog: " + entry->notes + ")";
      context.AddNote(Severity::kError, message);
      out.object = object;
      out.report.fix = context.TakeFix();
      out.report.notes = context.TakeNotes();
      return out;
    }
    convert(converted, hop, options, context);
  }
  if (plan.ends_without_replacement) {
    const std::string& last_api = plan.hops.empty() ? api_version : plan.hops.back().to_api_version;
    context.Raise(Applicability::kManual, last_api + " " + kind + " has no replacement API");
    if (kind == "PodSecurityPolicy") {
      internal::ExplainPodSecurityPolicy(converted, context);
    } else {
      std::string message = Identity(object) + ": " + last_api +
                            " is removed with no replacement; "
                            "the object is left out of the overlay";
      if (plan.last_entry != nullptr && !plan.last_entry->notes.empty()) {
        message += " (catalog: " + plan.last_entry->notes + ")";
      }
      context.AddNote(Severity::kError, message);
    }
    out.report.fix = context.TakeFix();
    out.report.fix.edits.clear();  // nothing is written, so no edit applies
    out.report.notes = context.TakeNotes();
    return out;  // no object written
  }
  if (converted.Has("status")) {
    converted.Take("status");
    context.AddEdit("status", "removed (written by the cluster, and shaped by the old API)");
  }
  out.report.to_api_version = plan.hops.back().to_api_version;
  out.report.written = true;
  out.report.fix = context.TakeFix();
  out.report.notes = context.TakeNotes();
  out.object = std::move(converted);
  return out;
}

}  // namespace greenlight::overlay
