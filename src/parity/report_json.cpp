// The JSON report (schemaVersion 1): the two sides, every difference with both values and
// locations (null where a side lacks it), input errors, notes, and the summary with the counts
// of what was permitted rather than reported.
#include <nlohmann/json.hpp>

#include "parity/report.h"

namespace greenlight::parity {
namespace {

using Json = nlohmann::ordered_json;

Json LocationJson(const Location& where) {
  return Json{{"file", where.file}, {"line", where.line}, {"column", where.column}};
}

Json SideJson(const std::string& api_version, const std::optional<std::string>& value,
              const std::optional<Location>& where) {
  if (!where) return nullptr;
  Json side = {{"apiVersion", api_version}, {"value", value ? Json(*value) : Json(nullptr)}};
  side.update(LocationJson(*where));
  return side;
}

Json DifferenceJson(const Difference& d) {
  return Json{{"ruleId", d.rule_id},
              {"ruleName", d.rule_name},
              {"severity", SeverityText(d.severity)},
              {"message", d.message},
              {"group", d.object.group},
              {"kind", d.object.kind},
              {"namespace", d.object.namespace_name},
              {"name", d.object.name},
              {"field", d.field},
              {"blue", SideJson(d.blue_api_version, d.blue_value, d.blue_location)},
              {"green", SideJson(d.green_api_version, d.green_value, d.green_location)}};
}

Json SummaryJson(const ParityResult& result) {
  const ParitySummary& s = result.summary;
  return Json{{"differences", result.differences.size()},
              {"error", s.errors},
              {"warning", s.warnings},
              {"info", s.infos},
              {"inputErrors", result.errors.size()},
              {"matched", s.matched},
              {"permitted",
               {{"convertedObjects", s.converted_blue + s.converted_green},
                {"clusterValues", s.cluster_values},
                {"ignored", s.ignored},
                {"removedApis", s.removed_api}}}};
}

}  // namespace

std::string WriteJson(const ParityResult& result, const ReportInfo& info) {
  const ParitySummary& s = result.summary;
  Json root = {
      {"schemaVersion", 1},
      {"tool",
       {{"name", "greenlight"},
        {"version", info.tool_version},
        {"catalogVersion", info.catalog_version}}},
      {"target", result.target.ToString()},
      {"blue",
       {{"source", result.blue_label},
        {"objects", s.blue_objects},
        {"convertedObjects", s.converted_blue}}},
      {"green",
       {{"source", result.green_label},
        {"objects", s.green_objects},
        {"convertedObjects", s.converted_green}}},
  };
  Json differences = Json::array();
  for (const Difference& d : result.differences) differences.push_back(DifferenceJson(d));
  root["differences"] = std::move(differences);
  Json errors = Json::array();
  for (const Status& e : result.errors) {
    Json error = {{"message", e.message()}};
    if (e.location()) error.update(LocationJson(*e.location()));
    errors.push_back(std::move(error));
  }
  root["errors"] = std::move(errors);
  Json notes = Json::array();
  for (const overlay::Message& n : result.notes) {
    Json note = {{"severity", SeverityText(n.severity)}, {"message", n.text}};
    note.update(LocationJson(n.location));
    notes.push_back(std::move(note));
  }
  root["notes"] = std::move(notes);
  root["summary"] = SummaryJson(result);
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace greenlight::parity
