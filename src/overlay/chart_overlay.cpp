#include "overlay/chart_overlay.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <set>

#include "document/object.h"
#include "document/parser.h"
#include "overlay/internal/converters.h"
#include "overlay/text_patch.h"
#include "overlay/value_diff.h"
#include "overlay/yaml_lines.h"

namespace greenlight::overlay {

using document::Value;

namespace {

struct RenderedObject {
  std::string source;  // chart-relative template path
  Value value;
  std::string api_version, kind, namespace_name, name;
  std::string Identity() const { return kind + "/" + namespace_name + "/" + name; }
};

// "chart/templates/x.yaml" -> "templates/x.yaml"; "chart/charts/sub/templates/x.yaml" keeps the
// subchart folder. Helm names the chart (and subcharts) by chart name, which is usually the
// folder's; when it is not, the template is looked up by its path below the chart name.
std::string ChartRelative(std::string_view source, const ChartFiles& files) {
  size_t slash = source.find('/');
  if (slash == std::string_view::npos) return std::string(source);
  std::string relative(source.substr(slash + 1));
  if (files.count(relative)) return relative;
  // A subchart folder named differently from the chart: match by the path after charts/<name>/.
  size_t templates = relative.rfind("/templates/");
  if (templates != std::string::npos && relative.starts_with("charts/")) {
    std::string tail = relative.substr(templates);
    for (const auto& [path, bytes] : files) {
      if (path.starts_with("charts/") && path.ends_with(tail) &&
          std::count(path.begin(), path.end(), '/') == std::count(relative.begin(), relative.end(), '/')) {
        return path;
      }
    }
  }
  return relative;
}

std::vector<RenderedObject> ParseRendered(const std::string& output, const ChartFiles& files,
                                          std::vector<Status>& errors, const std::string& label) {
  std::vector<RenderedObject> out;
  document::ParsedStream parsed = document::ParseStream(output, label, false);
  for (const Status& e : parsed.errors) errors.push_back(e);
  for (const document::Document& doc : parsed.documents) {
    for (const document::Object& o : document::ExtractObjects(doc)) {
      RenderedObject r;
      r.source = ChartRelative(o.helm_source, files);
      r.value = document::ValueFromNode(o.node);
      r.api_version = std::string(o.api_version);
      r.kind = std::string(o.kind);
      r.namespace_name = std::string(o.namespace_name);
      r.name = std::string(o.name);
      out.push_back(std::move(r));
    }
  }
  return out;
}

std::string DisplayPath(const std::string& display_dir, const std::string& relative) {
  if (display_dir.empty()) return relative;
  return display_dir.ends_with("/") ? display_dir + relative : display_dir + "/" + relative;
}

// The name of a helper an action includes: `include "x.apiVersion" .` -> x.apiVersion.
std::string IncludedHelper(std::string_view action) {
  for (std::string_view verb : {"include", "template"}) {
    size_t at = action.find(verb);
    if (at == std::string_view::npos) continue;
    size_t open = action.find('"', at + verb.size());
    if (open == std::string_view::npos) continue;
    size_t close = action.find('"', open + 1);
    if (close == std::string_view::npos) continue;
    return std::string(action.substr(open + 1, close - open - 1));
  }
  return "";
}

// `.Values.a.b` in an action -> {"a", "b"}; empty when the action reads no single values key.
std::vector<std::string> ValuesPath(std::string_view action) {
  size_t at = action.find(".Values.");
  if (at == std::string_view::npos) return {};
  std::vector<std::string> keys;
  size_t pos = at + 8;
  std::string key;
  for (; pos <= action.size(); ++pos) {
    char c = pos < action.size() ? action[pos] : ' ';
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') {
      key += c;
    } else if (c == '.') {
      keys.push_back(key);
      key.clear();
    } else {
      break;
    }
  }
  if (!key.empty()) keys.push_back(key);
  return keys;
}

bool IsTokenBoundary(std::string_view text, size_t pos) {
  if (pos >= text.size()) return true;
  char c = text[pos];
  return !(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '/' || c == '-' || c == '_');
}

// `line` with every whole-token `from` replaced by `to`; unchanged when none.
std::string ReplaceToken(const std::string& line, std::string_view from, std::string_view to) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t at = line.find(from, pos);
    if (at == std::string::npos) break;
    bool left = at == 0 || IsTokenBoundary(line, at - 1);
    bool right = IsTokenBoundary(line, at + from.size());
    out.append(line, pos, at - pos);
    out += left && right ? std::string(to) : std::string(from);
    pos = at + from.size();
  }
  out.append(line, pos, std::string::npos);
  return out;
}

struct HelperBody {
  std::string file;
  size_t first_line = 0, last_line = 0;  // the define line through its end
};

// Every `define "name"` of the chart's template files, with its line span.
std::map<std::string, HelperBody> FindHelpers(const ChartFiles& files) {
  std::map<std::string, HelperBody> helpers;
  for (const auto& [path, bytes] : files) {
    if (path.find("templates/") == std::string::npos) continue;
    Outline outline = BuildOutline(bytes);
    for (size_t i = 0; i < outline.lines.size(); ++i) {
      const std::string& line = outline.lines[i];
      size_t at = line.find("define \"");
      if (at == std::string::npos || line.find("{{") > at) continue;
      size_t close = line.find('"', at + 8);
      if (close == std::string::npos) continue;
      std::string name = line.substr(at + 8, close - at - 8);
      int depth = 0;
      size_t end = i;
      for (size_t j = i; j < outline.lines.size(); ++j) {
        depth += ControlBalance(outline, j, j);
        end = j;
        if (depth <= 0) break;
      }
      helpers.emplace(name, HelperBody{path, i, end});
    }
  }
  return helpers;
}

class ChartConverter {
 public:
  ChartConverter(const ChartFiles& chart, const std::string& display_dir,
                 const catalog::ApiCatalog& catalog, const ChartOverlayOptions& options,
                 const ChartRenderer& render)
      : chart_(chart), display_dir_(display_dir), catalog_(catalog), options_(options),
        render_(render), helpers_(FindHelpers(chart)) {}

  ChartOverlayResult Run() {
    std::vector<std::string> values = ChartValueFiles(chart_);
    // Render the original at --from and at the target, once per values file.
    for (const std::string& v : values) {
      StatusOr<std::vector<RenderedObject>> from = Render(chart_, v, options_.from);
      StatusOr<std::vector<RenderedObject>> at_target = Render(chart_, v, options_.convert.target);
      if (!from.ok() || !at_target.ok()) {
        result_.errors.push_back(!from.ok() ? from.status() : at_target.status());
        continue;
      }
      rendered_.push_back({v, std::move(*from), std::move(*at_target)});
    }
    if (rendered_.empty()) {
      result_.files = chart_;
      return std::move(result_);
    }
    for (const Rendered& r : rendered_) ConvertRender(r);
    Assemble();
    Prove();
    std::sort(result_.templates_changed.begin(), result_.templates_changed.end());
    result_.templates_changed.erase(
        std::unique(result_.templates_changed.begin(), result_.templates_changed.end()),
        result_.templates_changed.end());
    std::sort(result_.templates_already_switching.begin(), result_.templates_already_switching.end());
    result_.templates_already_switching.erase(
        std::unique(result_.templates_already_switching.begin(), result_.templates_already_switching.end()),
        result_.templates_already_switching.end());
    return std::move(result_);
  }

 private:
  struct Rendered {
    std::string values_file;
    std::vector<RenderedObject> from, at_target;
  };

  StatusOr<std::vector<RenderedObject>> Render(const ChartFiles& files, const std::string& values,
                                               const Version& version) {
    StatusOr<std::string> out = render_(files, values, version);
    if (!out.ok()) {
      return Status(out.status().code(), "helm template " + display_dir_ +
                                             (values.empty() ? "" : " --values " + values) +
                                             " at " + version.ToString() + ": " +
                                             out.status().message());
    }
    std::vector<Status> errors;
    std::vector<RenderedObject> objects =
        ParseRendered(*out, files, errors, display_dir_ + " (rendered at " + version.ToString() + ")");
    if (!errors.empty()) return errors.front();
    return objects;
  }

  TextPatcher& PatcherFor(const std::string& path) {
    auto it = patchers_.find(path);
    if (it == patchers_.end()) {
      it = patchers_.emplace(path, std::make_unique<TextPatcher>(chart_.at(path), true)).first;
    }
    return *it->second;
  }

  Location At(const std::string& path, size_t line0) const {
    return Location{DisplayPath(display_dir_, path), static_cast<uint32_t>(line0 + 1), 1, -1};
  }

  void Manual(const std::string& path, size_t line0, std::string what) {
    for (const ManualItem& m : result_.manual) {
      if (m.location.file == DisplayPath(display_dir_, path) && m.location.line == line0 + 1 &&
          m.what == what) {
        return;
      }
    }
    result_.manual.push_back({At(path, line0), std::move(what)});
  }

  static const RenderedObject* FindSame(const std::vector<RenderedObject>& in, const RenderedObject& o) {
    for (const RenderedObject& r : in) {
      if (r.Identity() == o.Identity()) return &r;
    }
    return nullptr;
  }

  bool MovesAtTarget(std::string_view api, std::string_view kind) const {
    MigrationPlan plan = PlanMigration(catalog_, api, kind, options_.convert);
    return !plan.hops.empty() || plan.ends_without_replacement;
  }

  void ConvertRender(const Rendered& r) {
    for (const RenderedObject& o : r.from) {
      if (!MovesAtTarget(o.api_version, o.kind)) continue;
      const RenderedObject* at_target = FindSame(r.at_target, o);
      if (at_target != nullptr && !MovesAtTarget(at_target->api_version, at_target->kind)) {
        // The chart already switches on the cluster's APIs: the template serves the target.
        result_.templates_already_switching.push_back(o.source);
        switching_.insert(o.Identity());
        continue;
      }
      if (!chart_.count(o.source)) {
        result_.errors.push_back(NotFound("helm names template '" + o.source + "' for " + o.kind +
                                          "/" + o.name + ", which is not in " + display_dir_));
        continue;
      }
      ConvertedObject converted = ConvertObject(o.value, catalog_, options_.convert);
      std::string key = o.Identity() + "@" + o.source;
      bool first_time = seen_.insert(key).second;
      if (first_time) {
        ObjectConversion report = converted.report;
        report.location = At(o.source, ApiVersionLine(o.source));
        result_.conversions.push_back(std::move(report));
      }
      if (!converted.report.written) {
        if (converted.report.to_api_version.empty() && !converted.object) {
          Unreplaceable(o);
        } else {
          Manual(o.source, ApiVersionLine(o.source),
                 o.kind + "/" + o.name + ": no automatic conversion from " + o.api_version +
                     "; convert this template by hand");
        }
        continue;
      }
      std::vector<TreeEdit> edits = DiffValues(o.value, *converted.object);
      TextPatcher& patcher = PatcherFor(o.source);
      for (const TreeEdit& edit : edits) {
        for (const PatchProblem& p : patcher.Apply({edit}, o.value, o.kind, true)) {
          if (!p.generated_action.empty() && ConvertInValues(edit, p, o, r.values_file)) continue;
          std::string what = o.kind + "/" + o.name + " " + p.path + ": " + p.what;
          if (!p.generated_action.empty()) {
            what += " (`" + p.generated_action + "`): change what it prints to the " +
                    converted.report.to_api_version + " shape";
          }
          Manual(o.source, p.line, what);
        }
      }
      FixApiVersion(o, converted.report.to_api_version);
      result_.templates_changed.push_back(o.source);
      if (options_.dual) RecordDualDocument(o, converted.report.to_api_version);
    }
  }

  // --dual: the template document keeps its old text in the else branch of a Capabilities check.
  void RecordDualDocument(const RenderedObject& o, const std::string& to) {
    TextPatcher& patcher = PatcherFor(o.source);
    const OutlineDocument* doc = nullptr;
    if (ApiVersionNode(patcher.outline(), o.kind, &doc) == nullptr || doc == nullptr) return;
    size_t last = std::min(doc->last_line, patcher.outline().lines.empty() ? 0 : patcher.outline().lines.size() - 1);
    if (ControlBalance(patcher.outline(), doc->first_line, last) != 0) {
      Manual(o.source, doc->first_line,
             o.kind + "/" + o.name + ": --dual cannot wrap this document (its template blocks span "
                                     "other documents); add the Capabilities switch by hand");
      return;
    }
    dual_docs_[o.source][doc->first_line] = DualDocument{doc->first_line, last + 1, to + "/" + o.kind};
  }

  // A field printed by `toYaml .Values.x` is converted where it is written: in the values file
  // (the one this render used when it sets x, else the chart's values.yaml), when that file's
  // subtree is exactly what the template printed.
  bool ConvertInValues(const TreeEdit& edit, const PatchProblem& p, const RenderedObject& o,
                       const std::string& values_file) {
    std::string_view action = p.generated_action;
    if (!action.starts_with("toYaml .Values.") || options_.dual) return false;  // one values file cannot hold both shapes
    std::vector<std::string> keys = ValuesPath(action);
    if (keys.empty() || p.generated_depth > edit.path.size()) return false;
    FieldPath prefix(edit.path.begin(), edit.path.begin() + static_cast<std::ptrdiff_t>(p.generated_depth));
    const Value* printed = ValueAt(o.value, prefix);
    if (printed == nullptr) return false;
    FieldPath in_values;
    for (const std::string& k : keys) in_values.push_back({k});
    for (const std::string& candidate : {values_file, DefaultValuesFile()}) {
      if (candidate.empty() || !chart_.count(candidate)) continue;
      document::ParsedStream parsed = document::ParseStream(chart_.at(candidate), candidate, false);
      if (!parsed.errors.empty() || parsed.documents.size() != 1) continue;
      Value values = document::ValueFromNode(parsed.documents.front().root());
      const Value* source = ValueAt(values, in_values);
      if (source == nullptr) continue;
      if (!SameContent(*source, *printed)) return false;  // the template reshapes it: by hand
      TreeEdit moved = edit;
      moved.path = in_values;
      moved.path.insert(moved.path.end(), edit.path.begin() + static_cast<std::ptrdiff_t>(p.generated_depth),
                        edit.path.end());
      if (!PatcherFor(candidate).ApplyToAll({moved}, values).empty()) return false;
      result_.templates_changed.push_back(candidate);
      return true;
    }
    return false;
  }

  size_t ApiVersionLine(const std::string& path) {
    if (!chart_.count(path)) return 0;
    const Outline& outline = PatcherFor(path).outline();
    for (const OutlineDocument& doc : outline.documents) {
      for (const OutlineNode& n : doc.nodes) {
        if (n.key == "apiVersion") return n.line;
      }
    }
    return 0;
  }

  // The apiVersion line of the template document holding kind `kind`.
  const OutlineNode* ApiVersionNode(const Outline& outline, const std::string& kind,
                                    const OutlineDocument** doc_out = nullptr) {
    for (const OutlineDocument& doc : outline.documents) {
      const OutlineNode* api = nullptr;
      bool kind_matches = false;
      for (const OutlineNode& n : doc.nodes) {
        if (n.key == "apiVersion") api = &n;
        if (n.key == "kind" && (n.value_has_action || n.value == kind || n.value == "\"" + kind + "\""))
          kind_matches = true;
      }
      if (api != nullptr && kind_matches) {
        if (doc_out != nullptr) *doc_out = &doc;
        return api;
      }
    }
    return nullptr;
  }

  void FixApiVersion(const RenderedObject& o, const std::string& to) {
    TextPatcher& patcher = PatcherFor(o.source);
    const OutlineNode* node = ApiVersionNode(patcher.outline(), o.kind);
    if (node == nullptr) {
      Manual(o.source, 0, o.kind + "/" + o.name + ": no apiVersion line found; set it to " + to);
      return;
    }
    const std::string& line = patcher.outline().lines[node->line];
    std::string replaced = ReplaceToken(line, o.api_version, to);
    if (replaced != line) {
      // A literal (or a literal default inside an action): edited in place.
      patcher.AddEdit(LineEdit{node->line, node->line + 1, replaced + "\n"});
      return;
    }
    std::string helper = IncludedHelper(node->value);
    if (!helper.empty()) {
      FixHelper(helper, o, to, node->line);
      return;
    }
    std::vector<std::string> keys = ValuesPath(node->value);
    if (!keys.empty() && !options_.dual && FixValues(keys, o.api_version, to)) return;
    Manual(o.source, node->line,
           o.kind + "/" + o.name + ": the apiVersion comes from `" + node->value +
               "`; make it render " + to);
  }

  void FixHelper(const std::string& name, const RenderedObject& o, const std::string& to,
                 size_t used_at) {
    auto it = helpers_.find(name);
    if (it == helpers_.end()) {
      Manual(o.source, used_at, "helper \"" + name + "\" is not defined in the chart; make it render " + to);
      return;
    }
    const HelperBody& body = it->second;
    TextPatcher& patcher = PatcherFor(body.file);
    bool replaced_any = false;
    for (size_t i = body.first_line; i <= body.last_line; ++i) {
      const std::string& line = patcher.outline().lines[i];
      std::string replaced = ReplaceToken(line, o.api_version, to);
      if (replaced == line) continue;
      replaced_any = true;
      if (options_.dual) {
        // Both versions from one helper: the literal becomes a Capabilities switch (only where it
        // is text, not inside an action).
        std::string masked = MaskActions(line);
        size_t at = line.find(o.api_version);
        if (at == std::string::npos || masked[at] == '\x01') {
          Manual(body.file, i, "helper \"" + name + "\" writes " + o.api_version +
                                   " inside an action; for --dual make it switch on "
                                   ".Capabilities.APIVersions.Has \"" + to + "/" + o.kind + "\"");
          continue;
        }
        replaced = ReplaceToken(line, o.api_version,
                                "{{ if .Capabilities.APIVersions.Has \"" + to + "/" + o.kind + "\" }}" + to +
                                    "{{ else }}" + o.api_version + "{{ end }}");
      }
      patcher.AddEdit(LineEdit{i, i + 1, replaced + "\n"});
    }
    if (replaced_any) {
      result_.templates_changed.push_back(body.file);
      return;
    }
    // The helper may itself include another one.
    for (size_t i = body.first_line; i <= body.last_line; ++i) {
      std::string inner = IncludedHelper(patcher.outline().lines[i]);
      if (!inner.empty() && inner != name && depth_ < 4) {
        ++depth_;
        FixHelper(inner, o, to, i);
        --depth_;
        return;
      }
    }
    Manual(body.file, body.first_line,
           "helper \"" + name + "\" renders " + o.api_version + " for " + o.kind + "/" + o.name +
               " without writing it literally; make it render " + to);
  }

  // apiVersion read from values: the chart's values files that set it to the old API change.
  bool FixValues(const std::vector<std::string>& keys, const std::string& from, const std::string& to) {
    bool fixed = false;
    for (const std::string& file : ChartValueFiles(chart_)) {
      std::string path = file.empty() ? DefaultValuesFile() : file;
      if (path.empty()) continue;
      TextPatcher& patcher = PatcherFor(path);
      for (const OutlineDocument& doc : patcher.outline().documents) {
        const std::vector<OutlineNode>* level = &doc.nodes;
        const OutlineNode* node = nullptr;
        for (const std::string& k : keys) {
          node = nullptr;
          for (const OutlineNode& n : *level) {
            if (n.key == k) node = &n;
          }
          if (node == nullptr) break;
          level = &node->children;
        }
        if (node == nullptr) continue;
        const std::string& line = patcher.outline().lines[node->line];
        std::string replaced = ReplaceToken(line, from, to);
        if (replaced == line) continue;
        patcher.AddEdit(LineEdit{node->line, node->line + 1, replaced + "\n"});
        result_.templates_changed.push_back(path);
        fixed = true;
      }
    }
    return fixed;
  }

  std::string DefaultValuesFile() const {
    if (chart_.count("values.yaml")) return "values.yaml";
    if (chart_.count("values.yml")) return "values.yml";
    return "";
  }

  // PodSecurityPolicy and the like: guarded by a Capabilities check, or removed.
  void Unreplaceable(const RenderedObject& o) {
    if (!unreplaceable_.insert(o.Identity()).second) return;
    unreplaceable_sources_.insert(o.source);
    TextPatcher& patcher = PatcherFor(o.source);
    const OutlineDocument* doc = nullptr;
    const OutlineNode* api = ApiVersionNode(patcher.outline(), o.kind, &doc);
    if (api == nullptr || doc == nullptr) {
      Manual(o.source, 0, o.kind + "/" + o.name + " (" + o.api_version +
                              ") has no replacement API; remove or guard its template by hand");
      return;
    }
    if (!guarded_docs_.insert(o.source + "#" + std::to_string(doc->first_line)).second) return;
    size_t first = doc->first_line, last = doc->last_line;
    const auto& lines = patcher.outline().lines;
    while (last > first && last < lines.size() && lines[last].find_first_not_of(" \t\r") == std::string::npos) --last;
    if (last >= lines.size()) last = lines.empty() ? 0 : lines.size() - 1;
    if (ControlBalance(patcher.outline(), first, last) != 0) {
      Manual(o.source, api->line, o.kind + "/" + o.name + " (" + o.api_version +
                                      ") has no replacement API, and its document's template "
                                      "blocks span other documents; remove or guard it by hand");
      return;
    }
    std::string gvk = o.api_version + "/" + o.kind;
    if (options_.remove_unreplaceable && !options_.dual) {
      patcher.AddEdit(LineEdit{first, last + 1,
                               "{{- /* greenlight overlay: " + o.kind + " (" + o.api_version +
                                   ") removed: the API has no replacement at " +
                                   options_.convert.target.ToString() + " */}}\n"});
      result_.notes.push_back(DisplayPath(display_dir_, o.source) + ": " + o.kind + "/" + o.name +
                              " removed (" + o.api_version + " has no replacement)");
    } else {
      patcher.AddEdit(LineEdit{first, first, "{{- if .Capabilities.APIVersions.Has \"" + gvk + "\" }}\n"});
      patcher.AddEdit(LineEdit{last + 1, last + 1, "{{- end }}\n"});
      result_.notes.push_back(DisplayPath(display_dir_, o.source) + ": " + o.kind + "/" + o.name +
                              " guarded by .Capabilities.APIVersions.Has \"" + gvk +
                              "\" (renders only where the API is served)");
    }
    result_.templates_changed.push_back(o.source);
  }

  // One file's text in --dual: converted documents as `if Capabilities... new else old end`.
  std::string DualText(const std::string& path, const TextPatcher& patcher) {
    auto docs = dual_docs_.find(path);
    if (docs == dual_docs_.end()) return patcher.Result();
    std::string out;
    size_t cursor = 0;
    const size_t size = patcher.outline().lines.size();
    for (const auto& [first, doc] : docs->second) {
      out += patcher.ResultRange(cursor, doc.begin, cursor == 0, false);
      std::string old_text = JoinLines(std::vector<std::string>(patcher.outline().lines.begin() + static_cast<std::ptrdiff_t>(doc.begin),
                                                                patcher.outline().lines.begin() + static_cast<std::ptrdiff_t>(doc.end)),
                                       true);
      // The converted branch may end the file without a newline: `{{- else }}` starts a line.
      std::string new_text = patcher.ResultRange(doc.begin, doc.end, true, true);
      if (!new_text.empty() && new_text.back() != '\n') new_text += '\n';
      out += "{{- if .Capabilities.APIVersions.Has \"" + doc.gvk + "\" }}\n" + new_text + "{{- else }}\n" +
             old_text + "{{- end }}\n";
      cursor = doc.end;
    }
    out += patcher.ResultRange(cursor, size, false, true);
    return out;
  }

  // --dual: Chart.yaml's version gets a minor bump (1.7.3 -> 1.8.0): the chart now serves more.
  void BumpChartVersion() {
    auto chart = result_.files.find("Chart.yaml");
    if (chart == result_.files.end()) return;
    TextPatcher patcher(chart->second, false);
    for (const OutlineDocument& doc : patcher.outline().documents) {
      for (const OutlineNode& n : doc.nodes) {
        if (n.key != "version" || n.value.empty()) continue;
        std::string v = n.value;
        bool quoted = v.front() == '"' || v.front() == '\'';
        if (quoted) v = v.substr(1, v.size() - 2);
        size_t dot1 = v.find('.'), dot2 = dot1 == std::string::npos ? dot1 : v.find('.', dot1 + 1);
        if (dot1 == std::string::npos || dot2 == std::string::npos) continue;
        int minor = std::atoi(v.substr(dot1 + 1, dot2 - dot1 - 1).c_str());
        std::string bumped = v.substr(0, dot1 + 1) + std::to_string(minor + 1) + ".0";
        if (quoted) bumped = n.value.front() + bumped + n.value.front();
        const std::string& line = patcher.outline().lines[n.line];
        patcher.AddEdit(LineEdit{n.line, n.line + 1, line.substr(0, n.value_column) + bumped + "\n"});
        result_.notes.push_back("Chart.yaml: version " + n.value + " -> " + bumped + " (--dual)");
      }
    }
    chart->second = patcher.Result();
    result_.templates_changed.push_back("Chart.yaml");
  }

  void Assemble() {
    result_.files = chart_;
    result_.templates_changed.clear();
    for (const auto& [path, patcher] : patchers_) {
      if (!patcher->changed()) continue;
      std::string text = options_.dual ? DualText(path, *patcher) : patcher->Result();
      if (text == chart_.at(path)) continue;
      result_.files[path] = std::move(text);
      result_.templates_changed.push_back(path);
    }
    if (options_.dual && !result_.templates_changed.empty()) BumpChartVersion();
  }

  std::string TemplateOf(const RenderedObject& o) const { return DisplayPath(display_dir_, o.source); }

  void Prove() {
    for (const Rendered& r : rendered_) {
      ProofResult proof;
      proof.values_file = r.values_file.empty() ? (DefaultValuesFile().empty() ? "(defaults)" : DefaultValuesFile())
                                                : r.values_file;
      StatusOr<std::vector<RenderedObject>> now = Render(ProofFiles(), r.values_file, options_.convert.target);
      if (!now.ok()) {
        proof.differences.push_back("the converted chart does not render: " + now.status().message());
        Status failed = now.status();
        result_.errors.push_back(failed.Prepend("proof"));
        result_.proofs.push_back(std::move(proof));
        continue;
      }
      std::set<std::string> expected_ids;
      for (const RenderedObject& o : r.from) {
        if (unreplaceable_.count(o.Identity())) continue;
        expected_ids.insert(o.Identity());
        const RenderedObject* got = FindSame(*now, o);
        if (got == nullptr) {
          Difference(proof, o, "missing from the converted chart's render");
          continue;
        }
        ++proof.objects;
        // A converted object must equal the converter's output for the original's render; a
        // template left alone must render as the original chart does at the target (charts may
        // switch on .Capabilities.KubeVersion in fields that have nothing to do with APIs).
        Value expected = o.value;
        const RenderedObject* orig_at_target = FindSame(r.at_target, o);
        if (MovesAtTarget(o.api_version, o.kind) && !switching_.count(o.Identity())) {
          ConvertedObject c = ConvertObject(o.value, catalog_, options_.convert);
          if (c.object) expected = *c.object;
        } else if (orig_at_target != nullptr) {
          expected = orig_at_target->value;
        }
        if (MovesAtTarget(got->api_version, got->kind)) {
          Difference(proof, *got, "still uses " + got->api_version + ", which " +
                                      options_.convert.target.ToString() + " does not serve");
          continue;
        }
        if (!SameContent(got->value, expected)) {
          std::vector<TreeEdit> diff = DiffValues(expected, got->value);
          std::string where = diff.empty() ? "" : PathText(diff.front().path);
          if (!diff.empty() && diff.front().op == TreeEdit::Op::kInsert)
            where += (where.empty() ? "" : ".") + diff.front().key;
          Difference(proof, *got, "differs from the converted original at " +
                                      (where.empty() ? std::string("the top") : where));
        }
      }
      for (const RenderedObject& o : r.at_target) expected_ids.insert(o.Identity());
      for (const RenderedObject& o : *now) {
        if (!expected_ids.count(o.Identity()) && !unreplaceable_.count(o.Identity()))
          Difference(proof, o, "is new in the converted chart's render");
        if (unreplaceable_.count(o.Identity()) && MovesAtTarget(o.api_version, o.kind))
          Difference(proof, o, "still renders " + o.api_version + " at the target");
      }
      if (options_.dual) ProveFrom(r, proof);
      result_.proofs.push_back(std::move(proof));
    }
  }

  // The new chart as the proof renders it: with the original Chart.yaml, whose version --dual
  // bumps (helm.sh/chart labels would differ for that reason alone).
  ChartFiles ProofFiles() const {
    ChartFiles files = result_.files;
    if (auto it = chart_.find("Chart.yaml"); it != chart_.end()) files["Chart.yaml"] = it->second;
    return files;
  }

  // --dual: at --from the new chart must render what the original did.
  void ProveFrom(const Rendered& r, ProofResult& proof) {
    StatusOr<std::vector<RenderedObject>> now = Render(ProofFiles(), r.values_file, options_.from);
    if (!now.ok()) {
      proof.differences.push_back("the dual chart does not render at " + options_.from.ToString());
      result_.errors.push_back(now.status());
      return;
    }
    std::vector<std::string> served = catalog::ServedApiVersions(catalog_, options_.from);
    for (const RenderedObject& o : r.from) {
      const RenderedObject* got = FindSame(*now, o);
      if (got == nullptr) {
        if (!unreplaceable_.count(o.Identity())) Difference(proof, o, "is missing at " + options_.from.ToString());
        continue;
      }
      // Where --from already serves the new API, the switch picks it there too.
      Value expected = o.value;
      if (MovesAtTarget(o.api_version, o.kind) && !switching_.count(o.Identity())) {
        ConvertedObject c = ConvertObject(o.value, catalog_, options_.convert);
        std::string gvk = c.report.to_api_version + "/" + o.kind;
        if (c.object && std::find(served.begin(), served.end(), gvk) != served.end()) expected = *c.object;
      }
      if (!SameContent(got->value, expected)) {
        Difference(proof, o, "differs from the original at " + options_.from.ToString());
      } else {
        ++proof.objects;
      }
    }
  }

  void Difference(ProofResult& proof, const RenderedObject& o, const std::string& what) {
    // Differences that were already reported as manual items are expected.
    std::string text = TemplateOf(o) + ": " + o.kind + "/" + o.name + " " + what;
    bool known_manual = std::any_of(result_.manual.begin(), result_.manual.end(), [&](const ManualItem& m) {
      return m.location.file == TemplateOf(o);
    });
    if (known_manual) text += " (see the manual items)";
    proof.differences.push_back(text);
    if (!known_manual) {
      result_.errors.push_back(Status(StatusCode::kFailedPrecondition,
                                      "proof with " + proof.values_file + ": " + text,
                                      At(o.source, ApiVersionLine(o.source))));
    }
  }

  const ChartFiles& chart_;
  std::string display_dir_;
  const catalog::ApiCatalog& catalog_;
  const ChartOverlayOptions& options_;
  const ChartRenderer& render_;
  std::map<std::string, HelperBody> helpers_;
  std::vector<Rendered> rendered_;
  std::map<std::string, std::unique_ptr<TextPatcher>> patchers_;
  std::set<std::string> seen_, switching_, unreplaceable_, unreplaceable_sources_, guarded_docs_;
  struct DualDocument {
    size_t begin = 0, end = 0;  // lines
    std::string gvk;            // "networking.k8s.io/v1/Ingress"
  };
  std::map<std::string, std::map<size_t, DualDocument>> dual_docs_;  // file -> first line -> doc
  int depth_ = 0;
  ChartOverlayResult result_;
};

bool IsVersionSuffix(std::string_view s) {
  // "1.22", "v1.22", "1.22.3"
  if (s.starts_with("v")) s.remove_prefix(1);
  int dots = 0;
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s.front())) ||
      !std::isdigit(static_cast<unsigned char>(s.back())))
    return false;
  for (char c : s) {
    if (c == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dots == 1 || dots == 2;
}

}  // namespace

std::vector<std::string> ChartValueFiles(const ChartFiles& chart) {
  std::vector<std::string> out = {""};
  for (const auto& [path, bytes] : chart) {
    if (path.find('/') != std::string::npos || !path.starts_with("values")) continue;
    if (!(path.ends_with(".yaml") || path.ends_with(".yml"))) continue;
    if (path == "values.yaml" || path == "values.yml") continue;  // the defaults
    out.push_back(path);
  }
  return out;
}

std::string OverlayChartFolderName(std::string_view folder, const Version& target) {
  std::string name(folder);
  size_t cut = name.find_last_of("-_");
  if (cut != std::string::npos && cut > 0 && IsVersionSuffix(std::string_view(name).substr(cut + 1)))
    name.resize(cut);
  return name + "-" + target.Minor().ToString();
}

ChartOverlayResult BuildChartOverlay(const ChartFiles& chart, const std::string& display_dir,
                                     const catalog::ApiCatalog& catalog,
                                     const ChartOverlayOptions& options,
                                     const ChartRenderer& render) {
  ChartConverter converter(chart, display_dir, catalog, options, render);
  return converter.Run();
}

}  // namespace greenlight::overlay
