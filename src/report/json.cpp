#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "checks/rule_info.h"
#include "report/helm_release_json.h"
#include "report/report.h"

namespace greenlight::report {
namespace {

using checks::Finding;
using nlohmann::ordered_json;

ordered_json OrNull(const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); }

std::string Dump(const ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Appends `text` as a JSON string, escaped as nlohmann's dump escapes it (UTF-8 kept, control
// characters as \u00xx). Text with bytes past ASCII goes through nlohmann itself, which also
// replaces invalid UTF-8 the same way as the rest of the report.
void AppendString(const std::string& text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char c : text) {
    if (c >= 0x80) {
      out += Dump(ordered_json(text), -1);
      return;
    }
  }
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

// Writes one finding as an element of the findings list, byte for byte as nlohmann's dump(2) of
// its object indented by four spaces would: the report's cost was mostly building and freeing a
// JSON tree per finding.
class FindingWriter {
 public:
  explicit FindingWriter(std::string& out) : out_(out) { out_ += "    {"; }
  ~FindingWriter() { out_ += first_ ? "}" : "\n    }"; }
  FindingWriter(const FindingWriter&) = delete;
  FindingWriter& operator=(const FindingWriter&) = delete;

  void String(const char* key, const std::string& value) {
    Key(key);
    AppendString(value, out_);
  }
  void StringOrNull(const char* key, const std::string& value) {
    if (value.empty()) return Null(key);
    String(key, value);
  }
  void Number(const char* key, int64_t value) {
    Key(key);
    out_ += std::to_string(value);
  }
  void NumberOrNull(const char* key, int64_t value, bool known) {
    if (!known) return Null(key);
    Number(key, value);
  }
  void Null(const char* key) {
    Key(key);
    out_ += "null";
  }
  void Bool(const char* key, bool value) {
    Key(key);
    out_ += value ? "true" : "false";
  }
  // A nested array or object, as nlohmann lays it out at this depth.
  void Tree(const char* key, const ordered_json& value) {
    Key(key);
    const std::string text = Dump(value, 2);
    for (char c : text) {
      out_ += c;
      if (c == '\n') out_ += "      ";
    }
  }

 private:
  void Key(const char* key) {
    out_ += first_ ? "\n      \"" : ",\n      \"";
    first_ = false;
    out_ += key;
    out_ += "\": ";
  }

  std::string& out_;
  bool first_ = true;
};

void WriteFinding(const Finding& f, std::string& out) {
  FindingWriter j(out);
  j.String("ruleId", f.rule_id);
  j.String("ruleName", f.rule_name);
  j.String("severity", checks::SeverityName(f.severity));
  j.String("message", f.message);
  j.String("help", f.help);
  j.String("file", f.location.file);
  j.Number("line", f.location.line);
  // Columns are 1-based; 0 means the column is not known (an object mapped back to a line of
  // the repository file that shows no apiVersion value, a whole-file error): null, not 0.
  j.NumberOrNull("column", f.location.column, f.location.column > 0);
  j.NumberOrNull("document", f.location.document, f.location.document >= 0);
  j.NumberOrNull("item", f.item, f.item >= 0);
  j.StringOrNull("template", f.helm_source);
  if (!f.render_unit.empty()) {  // scan --render: which unit rendered the object, with what values
    j.String("renderUnit", f.render_unit);
    j.Tree("valuesFiles", ordered_json(f.render_values));
  }
  if (!f.application.empty()) j.String("application", f.application);  // a directory source deploys the file
  j.StringOrNull("apiVersion", f.api_version);
  j.StringOrNull("kind", f.kind);
  j.StringOrNull("namespace", f.namespace_name);
  j.StringOrNull("name", f.name);
  if (f.api) {
    const auto& api = *f.api;
    j.StringOrNull("replacement", api.replacement);
    j.StringOrNull("replacementKind", api.replacement_kind);
    j.StringOrNull("replacementSince", api.replacement_since);
    j.StringOrNull("deprecatedIn", api.deprecated_in);
    j.StringOrNull("removedIn", api.removed_in);
    j.StringOrNull("breaksAt", api.breaks_at);
    j.StringOrNull("notes", api.notes);
    j.StringOrNull("source", api.source);
    j.Bool("unrenderedTemplate", f.unrendered_template);  // guessed by the template heuristic
  }
  // Cluster dumps: what the object was read from besides itself, and the Helm release.
  if (!f.recorded_in.empty()) j.String("recordedIn", f.recorded_in);
  if (f.helm_release) j.Tree("helmRelease", HelmReleaseJson(*f.helm_release));
  j.String("fingerprint", f.fingerprint);
}

// Stands in the tree for the findings list, which is spliced in as text.
constexpr char kFindingsPlaceholder[] = "\x01greenlight-findings\x01";

// Size of the pieces the findings list is written in (see WriteJson).
constexpr size_t kPieceBytes = 1 << 20;

// The report around its findings list, with the list as a placeholder string.
ordered_json Frame(const std::vector<Finding>& findings, const ReportContext& context) {
  ordered_json root;
  root["schemaVersion"] = 1;
  root["tool"] = {{"name", "greenlight"}, {"version", context.tool_version},
                  {"catalogVersion", context.catalog_version}};
  root["target"] = context.target;
  root["from"] = OrNull(context.from);
  ordered_json errors = ordered_json::array();
  size_t counts[3] = {0, 0, 0};
  for (const Finding& f : findings) {
    ++counts[static_cast<int>(f.severity)];
    if (f.rule_id == checks::kRuleInvalidYaml || f.rule_id == checks::kRuleUnreadableFile ||
        f.rule_id == checks::kRuleRenderFailed) {
      errors.push_back({{"ruleId", f.rule_id}, {"file", f.location.file}, {"line", f.location.line},
                        {"column", f.location.column > 0 ? ordered_json(f.location.column)
                                                         : ordered_json(nullptr)},
                        {"message", f.message}});
    }
  }
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
  return root;
}

}  // namespace

// The findings are written one at a time, never held as one JSON tree (a tree costs several
// times the text: issue 16's memory goal), into a buffer of about a megabyte that goes to the
// sink whenever it is full. The frame around the list (counts, errors, summary) is dumped by
// nlohmann first and split where the list goes. The result is byte for byte what dumping the
// whole tree would give.
Status WriteJson(const std::vector<Finding>& findings, const ReportContext& context, TextSink& sink) {
  const std::string frame = Dump(Frame(findings, context), 2);
  const std::string placeholder = Dump(ordered_json(kFindingsPlaceholder), -1);
  const size_t at = frame.find(placeholder);
  GL_RETURN_IF_ERROR(sink.Write(std::string_view(frame).substr(0, at)));
  std::string out;
  out.reserve(kPieceBytes + kPieceBytes / 4);
  for (size_t i = 0; i < findings.size(); ++i) {
    out += i == 0 ? "[\n" : ",\n";
    WriteFinding(findings[i], out);
    if (out.size() >= kPieceBytes) {
      GL_RETURN_IF_ERROR(sink.Write(out));
      out.clear();
    }
  }
  out += findings.empty() ? "[]" : "\n  ]";
  out.append(frame, at + placeholder.size());
  out += '\n';
  return sink.Write(out);
}

std::string WriteJson(const std::vector<Finding>& findings, const ReportContext& context) {
  StringSink text;
  (void)WriteJson(findings, context, text);  // a string takes every write
  return std::move(text.text());
}

}  // namespace greenlight::report
