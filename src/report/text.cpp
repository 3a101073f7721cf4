#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "checks/rule_info.h"
#include "report/report.h"

namespace greenlight::report {
namespace {

using checks::Finding;
using checks::Severity;

struct Style {
  bool color;
  std::string Paint(const std::string& text, const char* code) const {
    return color ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
  }
};

std::string HumanBytes(uint64_t bytes) {
  char buffer[32];
  if (bytes >= 1024 * 1024) {
    std::snprintf(buffer, sizeof buffer, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  } else if (bytes >= 1024) {
    std::snprintf(buffer, sizeof buffer, "%.1f KB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(buffer, sizeof buffer, "%llu B", static_cast<unsigned long long>(bytes));
  }
  return buffer;
}

std::string Plural(uint64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Groups API findings: removed ones by the release that removes them, then deprecated ones.
std::string GroupTitle(const Finding& f) {
  const auto& api = *f.api;
  if (f.severity == Severity::kError) return "Removed in " + api.removed_in;
  if (!api.removed_in.empty()) return "Deprecated in " + api.deprecated_in + ", removed in " + api.removed_in;
  return "Deprecated in " + api.deprecated_in + ", no removal scheduled";
}

std::string ReplaceWith(const Finding& f) {
  const auto& api = *f.api;
  if (api.replacement.empty()) return "(none)";
  std::string out = api.replacement;
  if (!api.replacement_kind.empty() && api.replacement_kind != f.kind) out += " " + api.replacement_kind;
  if (!api.replacement_since.empty()) out += " (" + api.replacement_since + ")";
  return out;
}

std::string BreaksAt(const Finding& f, const std::string& from) {
  const auto& api = *f.api;
  if (api.breaks_at == "from") return "already on " + from;
  if (!api.breaks_at.empty()) return "upgrade to " + api.breaks_at;
  return "-";
}

std::string Where(const Finding& f) {
  std::string out = f.location.ToString();
  if (!f.render_unit.empty()) {
    out += " (" + f.render_unit + ")";
  } else if (!f.helm_source.empty()) {
    out += " (" + f.helm_source + ")";
  }
  if (!f.application.empty()) out += " (" + f.application + ")";
  if (f.unrendered_template) out += " (unrendered, heuristic)";
  if (f.helm_release) {
    const auto& r = *f.helm_release;
    out += " (helm " + r.namespace_name + "/" + r.name + " rev " + std::to_string(r.revision) + " " + r.status + ")";
  } else if (!f.recorded_in.empty()) {
    out += " (" + f.recorded_in + ")";
  }
  return out;
}

void WriteTable(const std::vector<std::vector<std::string>>& rows, std::string& out) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
}

// Text made a piece at a time and handed to a sink whenever a megabyte is held, so that a big
// report is never held whole. The first sink error stops the writing and is returned by Finish.
class PieceWriter {
 public:
  explicit PieceWriter(TextSink& sink) : sink_(sink) {}
  std::string& out() { return out_; }
  void Flush(bool always = false) {
    if (!error_.ok() || (!always && out_.size() < kPieceBytes)) return;
    error_ = sink_.Write(out_);
    out_.clear();
  }
  Status Finish() {
    Flush(/*always=*/true);
    return error_;
  }

 private:
  static constexpr size_t kPieceBytes = 1 << 20;
  TextSink& sink_;
  std::string out_;
  Status error_;
};

void WriteApiTables(const std::vector<const Finding*>& api, const ReportContext& context,
                    const Style& style, PieceWriter& writer) {
  std::string& out = writer.out();
  // Removed groups first (by release), then deprecated groups (by scheduled removal).
  auto group_key = [](const Finding* f) {
    return std::make_tuple(f->severity == Severity::kError ? 0 : 1,
                           f->api->removed_in.empty() ? std::string("~") : f->api->removed_in);
  };
  std::vector<const Finding*> sorted = api;
  std::stable_sort(sorted.begin(), sorted.end(), [&](const Finding* a, const Finding* b) {
    auto ka = group_key(a), kb = group_key(b);
    if (std::get<0>(ka) != std::get<0>(kb)) return std::get<0>(ka) < std::get<0>(kb);
    // Compare removal releases as versions: "1.9" < "1.16".
    auto va = std::get<1>(ka), vb = std::get<1>(kb);
    auto minor = [](const std::string& v) { return v == "~" ? 1 << 20 : std::atoi(v.c_str() + v.find('.') + 1); };
    return minor(va) < minor(vb);
  });
  bool with_from = !context.from.empty();
  for (size_t i = 0; i < sorted.size();) {
    std::string title = GroupTitle(*sorted[i]);
    bool removed = sorted[i]->severity == Severity::kError;
    out += style.Paint(">>> " + title + " <<<", removed ? "1;31" : "1;33") + "\n";
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header = {"KIND", "NAMESPACE", "NAME", "API_VERSION", "REPLACE_WITH (SINCE)"};
    if (with_from) header.push_back("BREAKS");
    header.push_back("FILE:LINE:COL");
    rows.push_back(header);
    for (; i < sorted.size() && GroupTitle(*sorted[i]) == title; ++i) {
      const Finding& f = *sorted[i];
      // A guessed object's name and namespace are only known once the chart is rendered.
      const char* unknown = f.unrendered_template ? "<unrendered>" : "<none>";
      std::vector<std::string> row = {f.kind, f.namespace_name.empty() ? unknown : f.namespace_name,
                                      f.name.empty() ? unknown : f.name, f.api_version, ReplaceWith(f)};
      if (with_from) row.push_back(BreaksAt(f, context.from));
      row.push_back(Where(f));
      rows.push_back(std::move(row));
    }
    WriteTable(rows, out);
    out += "\n";
    writer.Flush();
  }
}

void WriteDiagnostic(const Finding& f, const Style& style, std::string& out) {
  const char* color = f.severity == Severity::kError ? "1;31" : f.severity == Severity::kWarning ? "1;33" : "1;36";
  out += style.Paint(f.location.ToString(), "1") + ": " + style.Paint(checks::SeverityName(f.severity), color) +
         ": " + f.message + " [" + f.rule_id + " " + f.rule_name + "]\n";
  if (!f.excerpt.empty() && f.location.line > 0) {
    std::string number = std::to_string(f.location.line);
    std::string gutter(number.size(), ' ');
    out += " " + gutter + " |\n";
    out += " " + number + " | " + f.excerpt + "\n";
    if (f.location.column > 0) {
      out += " " + gutter + " | " + std::string(f.location.column - 1, ' ') + style.Paint("^", color) + "\n";
    }
  }
  if (!f.application.empty()) out += "  deployed by: " + f.application + " (directory source)\n";
  if (!f.render_unit.empty()) {
    out += "  rendered by: " + f.render_unit;
    if (!f.helm_source.empty()) out += ", template " + f.helm_source;
    for (size_t i = 0; i < f.render_values.size(); ++i) out += (i == 0 ? ", values: " : ", ") + f.render_values[i];
    out += "\n";
  }
  if (!f.help.empty()) out += "  help: " + f.help + "\n";
}

// The chart a template file belongs to: the folder above its "templates/" folder.
std::string ChartOf(const std::string& file) {
  size_t at = file.rfind("/templates/");
  if (file.starts_with("templates/")) return ".";
  return at == std::string::npos ? file : file.substr(0, at);
}

// One line per chart (a repository with many charts would otherwise print a line per template).
void WriteUnrendered(const std::vector<const Finding*>& unrendered, std::string& out) {
  std::map<std::string, std::set<std::string>> charts;
  std::set<std::string> files;
  for (const Finding* f : unrendered) {
    charts[ChartOf(f->location.file)].insert(f->location.file);
    files.insert(f->location.file);
  }
  out += "info: " + Plural(unrendered.size(), "Helm template document") + " in " + Plural(files.size(), "file") +
         " of " + Plural(charts.size(), "chart") + " cannot be read before rendering [GL003]:\n";
  for (const auto& [chart, templates] : charts) {
    out += "  " + chart + " (" + Plural(templates.size(), "template") + ")\n";
  }
  out += "  help: render the charts (helm template) and scan the output; objects that do parse "
         "in these files were checked, and the literal apiVersion/kind lines of the others by a "
         "heuristic (--format json lists every document).\n\n";
}

}  // namespace

Status WriteText(const std::vector<Finding>& findings, const ReportContext& context, const TextOptions& options,
                 TextSink& sink) {
  Style style{options.color};
  std::vector<const Finding*> api, unrendered, other;
  for (const Finding& f : findings) {
    if (f.api) api.push_back(&f);
    else if (f.rule_id == checks::kRuleUnrenderedTemplate) unrendered.push_back(&f);
    else other.push_back(&f);
  }
  PieceWriter writer(sink);
  std::string& out = writer.out();
  for (const Finding* f : other) {
    WriteDiagnostic(*f, style, out);
    out += "\n";
    writer.Flush();
  }
  if (!unrendered.empty()) WriteUnrendered(unrendered, out);
  if (!api.empty()) WriteApiTables(api, context, style, writer);

  const auto& s = context.summary;
  size_t counts[3] = {0, 0, 0};
  for (const Finding& f : findings) ++counts[static_cast<int>(f.severity)];
  out += "Scanned " + Plural(s.files, "file") + " (" + HumanBytes(s.bytes) + "): " +
         Plural(s.documents, "document") + ", " + Plural(s.objects, "object") + ", " +
         Plural(s.non_object_documents, "other document") + " skipped.\n";
  if (s.rendered_units > 0) out += "Rendered " + Plural(s.rendered_units, "unit") + " (Helm charts and kustomizations).\n";
  if (context.coverage) out += context.coverage->Line() + ".\n";
  if (s.last_applied > 0 || s.helm_revisions > 0) {
    out += "Cluster records: " + Plural(s.last_applied, "last-applied configuration") + ", " +
           Plural(s.helm_releases, "Helm release") + " (" + Plural(s.helm_revisions, "revision") + " read, " +
           Plural(s.helm_history_revisions, "past revision") + " left out as history).\n";
  }
  out += "Target " + context.target + (context.from.empty() ? "" : " (from " + context.from + ")") + ": " +
         Plural(counts[2], "error") + ", " + Plural(counts[1], "warning") + ", " + std::to_string(counts[0]) +
         " info";
  if (s.input_errors > 0) out += "; " + Plural(s.input_errors, "input error") + " (exit code 2)";
  out += ".\n";
  if (uint64_t silenced = s.suppressed_by_annotation + s.suppressed_by_comment; silenced > 0) {
    out += Plural(silenced, "finding") + " suppressed: " + std::to_string(s.suppressed_by_annotation) +
           " by annotation, " + std::to_string(s.suppressed_by_comment) + " by comment.\n";
  }
  if (api.empty() && other.empty()) {
    out += "No deprecated or removed APIs found for " + context.target + ".\n";
  }
  return writer.Finish();
}

std::string WriteText(const std::vector<Finding>& findings, const ReportContext& context,
                      const TextOptions& options) {
  StringSink text;
  (void)WriteText(findings, context, options, text);  // a string takes every write
  return std::move(text.text());
}

std::string CoverageSummary::Line() const {
  auto count = [](size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
  std::string by_units = rendered == 0 && render_units == 0
                             ? std::string()
                             : std::to_string(rendered) + " read by " +
                                   count(render_units, "render unit", "render units") + ", ";
  return count(files, "file", "files") + ": " + std::to_string(scanned) + " scanned, " + by_units +
         count(not_manifests, "not a manifest", "not manifests") + ", " + std::to_string(excluded) + " excluded, " +
         std::to_string(skipped) + " skipped";
}

}  // namespace greenlight::report
