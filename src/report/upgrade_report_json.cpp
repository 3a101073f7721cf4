// JSON writer of the pre-upgrade report (schemaVersion 1), for dashboards and change tickets.
#include <nlohmann/json.hpp>

#include "report/upgrade_report.h"

namespace greenlight::report {
namespace {
using Json = nlohmann::ordered_json;

Json HitsJson(const std::vector<ApiHit>& hits) {
  Json out = Json::array();
  for (const auto& h : hits) {
    out.push_back({{"file", h.file},
                   {"line", h.line},
                   {"kind", h.kind},
                   {"object", h.object},
                   {"apiVersion", h.api_version},
                   {"replacement", h.replacement}});
    if (!h.rendered_by.empty()) out.back()["renderUnit"] = h.rendered_by;
    if (!h.recorded_in.empty()) out.back()["recordedIn"] = h.recorded_in;
  }
  return out;
}
}  // namespace

std::string RenderUpgradeJson(const UpgradeReport& r) {
  Json root;
  root["schemaVersion"] = 1;
  root["from"] = r.from;
  root["to"] = r.to;
  root["asOf"] = r.as_of;
  root["strategy"] = {{"recommendation", r.strategy}, {"reasons", r.strategy_reasons}};
  root["calendar"] = Json::array();
  for (const auto& c : r.calendar) {
    Json j = {{"version", c.version}, {"known", c.known}};
    if (c.known) {
      j["eksRelease"] = c.eks_release;
      j["endOfStandardSupport"] = c.end_of_standard;
      j["endOfExtendedSupport"] = c.end_of_extended;
      j["phase"] = c.phase;
      j["daysToEndOfStandardSupport"] = c.days_to_standard;
      j["daysToEndOfExtendedSupport"] = c.days_to_extended;
      j["source"] = c.source;
    }
    root["calendar"].push_back(std::move(j));
  }
  root["alreadyBroken"] = HitsJson(r.already_broken);
  root["hops"] = Json::array();
  for (const auto& h : r.hops)
    root["hops"].push_back({{"from", h.from}, {"to", h.to}, {"removedApis", HitsJson(h.removed)}});
  root["addons"] = Json::array();
  for (const auto& a : r.addons) {
    root["addons"].push_back(
        {{"name", a.id},
         {"version", a.version.empty() ? Json(nullptr) : Json(a.version)},
         {"status", a.status},
         {"supported", a.supported},
         {"recommended", a.recommended},
         {"breaksAt", a.first_break.empty() ? Json(nullptr) : Json(a.first_break)},
         {"reason", a.reason},
         {"source", a.source},
         {"locations", a.locations}});
  }
  root["findingsByCategory"] = Json::object();
  for (const auto& g : r.categories) {
    Json list = Json::array();
    for (const auto& f : g.findings) {
      list.push_back({{"ruleId", f.rule_id},
                      {"severity", checks::SeverityName(f.severity)},
                      {"file", f.location.file},
                      {"line", f.location.line},
                      {"message", f.message}});
    }
    root["findingsByCategory"][g.category] = std::move(list);
  }
  root["checklist"] = r.checklist;
  root["data"] = r.data_sources;
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace greenlight::report
