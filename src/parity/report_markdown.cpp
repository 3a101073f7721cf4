// The Markdown report: a pull-request comment with a headline, one table row per difference
// (values and locations of both sides), and what was left out as permitted.
#include "parity/report.h"

namespace greenlight::parity {
namespace {

// Table cells: pipes and newlines would break the row; backticks would end the code span.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else if (c == '`') {
      out += '\'';
    } else {
      out += c;
    }
  }
  return out;
}

std::string Count(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string Code(std::string_view text) { return "`" + Cell(text) + "`"; }

std::string SideCell(const std::optional<std::string>& value,
                     const std::optional<Location>& where) {
  if (!where) return "—";
  std::string out = value ? Code(*value) : "*absent*";
  return out + "<br>" + Code(where->ToString());
}

const char* Icon(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "🔴";
    case Severity::kWarning:
      return "🟡";
    case Severity::kInfo:
      return "🔵";
  }
  return "";
}

std::string Headline(const ParityResult& result) {
  const ParitySummary& s = result.summary;
  std::string out = "## greenlight parity: blue " + Code(result.blue_label) + " vs green " +
                    Code(result.green_label) + "\n\n";
  if (result.differences.empty()) {
    out += "✅ **No differences.**";
  } else {
    out += "**" + Count(result.differences.size(), "difference") +
           "**: " + Count(s.errors, "error") + ", " + Count(s.warnings, "warning") + ", " +
           std::to_string(s.infos) + " info.";
  }
  return out + " " + std::to_string(s.matched) + " of " + std::to_string(s.blue_objects) +
         " blue objects matched; both sides normalised for Kubernetes " + result.target.ToString() +
         ".\n";
}

}  // namespace

std::string WriteMarkdown(const ParityResult& result, const ReportInfo&) {
  std::string out = Headline(result);
  if (!result.errors.empty()) {
    out += "\n**" + Count(result.errors.size(), "input error") +
           "** (those documents were not compared):\n\n";
    for (const Status& e : result.errors) out += "- " + Code(e.ToString()) + "\n";
  }
  if (!result.differences.empty()) {
    out += "\n| | Rule | Object | Field | Blue | Green |\n|---|---|---|---|---|---|\n";
    for (const Difference& d : result.differences) {
      out += std::string("| ") + Icon(d.severity) + " " + SeverityText(d.severity) + " | " +
             Code(d.rule_id) + " " + d.rule_name + " | " + Cell(d.object.Display()) + " | " +
             (d.field.empty() ? "—" : Code(d.field)) + " | " +
             SideCell(d.blue_value, d.blue_location) + " | " +
             SideCell(d.green_value, d.green_location) + " |\n";
    }
  }
  const ParitySummary& s = result.summary;
  out += "\n<details><summary>Not reported (permitted)</summary>\n\n";
  out += "- " + Count(s.converted_blue + s.converted_green, "object") +
         " converted to newer APIs (their converted fields compare equal)\n";
  out += "- " + Count(s.cluster_values, "per-cluster value") + " declared in the config\n";
  out += "- " + Count(s.ignored, "difference") + " in ignored fields\n";
  if (s.removed_api)
    out += "- " + Count(s.removed_api, "object") + " whose API the target removes\n";
  out += "\n</details>\n";
  return out;
}

}  // namespace greenlight::parity
