#include <nlohmann/json.hpp>

#include "checks/rule_info.h"
#include "report/helm_release_json.h"
#include "report/report.h"

namespace greenlight::report {
namespace {

using checks::Finding;
using nlohmann::ordered_json;

ordered_json OrNull(const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); }

ordered_json FindingJson(const Finding& f) {
  ordered_json j;
  j["ruleId"] = f.rule_id;
  j["ruleName"] = f.rule_name;
  j["severity"] = checks::SeverityName(f.severity);
  j["message"] = f.message;
  j["help"] = f.help;
  j["file"] = f.location.file;
  j["line"] = f.location.line;
  // Columns are 1-based; 0 means the column is not known (an object mapped back to a line of
  // the repository file that shows no apiVersion value, a whole-file error): null, not 0.
  j["column"] = f.location.column > 0 ? ordered_json(f.location.column) : ordered_json(nullptr);
  j["document"] = f.location.document >= 0 ? ordered_json(f.location.document) : ordered_json(nullptr);
  j["item"] = f.item >= 0 ? ordered_json(f.item) : ordered_json(nullptr);
  j["template"] = OrNull(f.helm_source);
  if (!f.render_unit.empty()) {  // scan --render: which unit rendered the object, with what values
    j["renderUnit"] = f.render_unit;
    j["valuesFiles"] = f.render_values;
  }
  j["apiVersion"] = OrNull(f.api_version);
  j["kind"] = OrNull(f.kind);
  j["namespace"] = OrNull(f.namespace_name);
  j["name"] = OrNull(f.name);
  if (f.api) {
    const auto& api = *f.api;
    j["replacement"] = OrNull(api.replacement);
    j["replacementKind"] = OrNull(api.replacement_kind);
    j["replacementSince"] = OrNull(api.replacement_since);
    j["deprecatedIn"] = OrNull(api.deprecated_in);
    j["removedIn"] = OrNull(api.removed_in);
    j["breaksAt"] = OrNull(api.breaks_at);
    j["notes"] = OrNull(api.notes);
    j["source"] = OrNull(api.source);
    j["unrenderedTemplate"] = f.unrendered_template;  // guessed by the template heuristic
  }
  // Cluster dumps: what the object was read from besides itself, and the Helm release.
  if (!f.recorded_in.empty()) j["recordedIn"] = f.recorded_in;
  if (f.helm_release) j["helmRelease"] = HelmReleaseJson(*f.helm_release);
  j["fingerprint"] = f.fingerprint;
  return j;
}

// Appends `text` with `indent` before each of its lines.
void AppendIndented(const std::string& text, std::string_view indent, std::string& out) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string::npos ? text.size() : nl + 1;
    out += indent;
    out.append(text, pos, end - pos);
    pos = end;
  }
}

// Stands in the tree for the findings list, which is spliced in as text.
constexpr char kFindingsPlaceholder[] = "\x01greenlight-findings\x01";

// Size of the pieces the findings list is written in (see WriteJson).
constexpr size_t kPieceBytes = 1 << 20;

}  // namespace

std::string WriteJson(const std::vector<Finding>& findings, const ReportContext& context) {
  ordered_json root;
  root["schemaVersion"] = 1;
  root["tool"] = {{"name", "greenlight"}, {"version", context.tool_version},
                  {"catalogVersion", context.catalog_version}};
  root["target"] = context.target;
  root["from"] = OrNull(context.from);
  // The findings are written one at a time, never held as one JSON tree (a tree costs several
  // times the text: issue 16's memory goal), into pieces of about a megabyte that are joined
  // into a text of the exact size at the end, each freed once copied: the report costs its
  // size once, not the three to four times that growing one string by doubling does. The
  // result is byte for byte what dumping the whole tree would give.
  std::vector<std::string> pieces(1);
  size_t list_size = 0;
  ordered_json errors = ordered_json::array();
  size_t counts[3] = {0, 0, 0};
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    if (pieces.back().size() >= kPieceBytes) {
      list_size += pieces.back().size();
      pieces.emplace_back();
    }
    std::string& out = pieces.back();
    if (out.capacity() < kPieceBytes) out.reserve(kPieceBytes + kPieceBytes / 4);
    out += i == 0 ? "[\n" : ",\n";
    AppendIndented(FindingJson(f).dump(2, ' ', false, nlohmann::json::error_handler_t::replace), "    ", out);
    ++counts[static_cast<int>(f.severity)];
    if (f.rule_id == checks::kRuleInvalidYaml || f.rule_id == checks::kRuleUnreadableFile ||
        f.rule_id == checks::kRuleRenderFailed) {
      errors.push_back({{"ruleId", f.rule_id}, {"file", f.location.file}, {"line", f.location.line},
                        {"column", f.location.column > 0 ? ordered_json(f.location.column)
                                                         : ordered_json(nullptr)},
                        {"message", f.message}});
    }
  }
  pieces.back() += findings.empty() ? "[]" : "\n  ]";
  list_size += pieces.back().size();
  root["findings"] = kFindingsPlaceholder;
  root["errors"] = std::move(errors);
  const auto& s = context.summary;
  root["summary"] = {{"files", s.files},
                     {"bytes", s.bytes},
                     {"documents", s.documents},
                     {"objects", s.objects},
                     {"nonObjectDocuments", s.non_object_documents},
                     {"unrenderedDocuments", s.unrendered_documents},
                     {"inputErrors", s.input_errors},
                     {"suppressed", s.suppressed_by_annotation + s.suppressed_by_comment},
                     {"suppressedByAnnotation", s.suppressed_by_annotation},
                     {"suppressedByComment", s.suppressed_by_comment},
                     {"errors", counts[2]},
                     {"warnings", counts[1]},
                     {"info", counts[0]}};
  if (s.rendered_units > 0) root["summary"]["renderedUnits"] = s.rendered_units;  // scan --render
  if (context.coverage) {
    const CoverageSummary& c = *context.coverage;
    ordered_json others = ordered_json::array();
    for (const auto& e : c.not_scanned) others.push_back({{"file", e.file}, {"disposition", e.disposition}, {"reason", e.reason}});
    root["coverage"] = {{"files", c.files},           {"scanned", c.scanned},       {"rendered", c.rendered},
                        {"renderUnits", c.render_units}, {"notManifests", c.not_manifests}, {"excluded", c.excluded},
                        {"skipped", c.skipped},       {"notScanned", std::move(others)}};
  }
  if (s.last_applied > 0 || s.helm_revisions > 0) {  // cluster dumps
    root["summary"]["lastAppliedConfigurations"] = s.last_applied;
    root["summary"]["helmReleases"] = s.helm_releases;
    root["summary"]["helmRevisions"] = s.helm_revisions;
    root["summary"]["helmHistoryRevisions"] = s.helm_history_revisions;
  }
  if (!context.rendered_units.empty()) {
    ordered_json units = ordered_json::array();
    for (const auto& u : context.rendered_units) {
      units.push_back({{"unit", u.label}, {"tool", u.tool}, {"path", u.path}, {"values", u.values}});
    }
    root["renderUnits"] = std::move(units);
  }
  const std::string frame = root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string placeholder = ordered_json(kFindingsPlaceholder).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const size_t at = frame.find(placeholder);
  std::string text;
  text.reserve(frame.size() - placeholder.size() + list_size + 1);
  text.append(frame, 0, at);
  for (std::string& piece : pieces) {
    text += piece;
    std::string().swap(piece);
  }
  text.append(frame, at + placeholder.size());
  text += '\n';
  return text;
}

}  // namespace greenlight::report
