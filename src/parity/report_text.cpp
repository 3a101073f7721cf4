// The text report: one entry per difference, starting with a path:line:col an editor can jump
// to (blue's, or green's for an object only green has), then both locations; input errors and
// notes; and a table of counts per rule.
#include <cstdio>
#include <map>

#include "parity/report.h"

namespace greenlight::parity {
namespace {

std::string Paint(const std::string& text, const char* code, bool color) {
  return color ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
}

const char* SeverityColor(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "1;31";
    case Severity::kWarning:
      return "1;33";
    case Severity::kInfo:
      return "1;36";
  }
  return "0";
}

std::string Plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string Entry(const Difference& d, bool color) {
  const Location& first = d.blue_location ? *d.blue_location : *d.green_location;
  std::string out = first.ToString() + ": " +
                    Paint(SeverityText(d.severity), SeverityColor(d.severity), color) + ": " +
                    d.message + " [" + d.rule_id + " " + d.rule_name + "]\n";
  out += "    blue:  " + (d.blue_location ? d.blue_location->ToString() : std::string("-")) + "\n";
  out +=
      "    green: " + (d.green_location ? d.green_location->ToString() : std::string("-")) + "\n";
  return out;
}

std::string RuleTable(const ParityResult& result) {
  std::map<std::string, size_t> counts;
  for (const Difference& d : result.differences) ++counts[d.rule_id];
  if (counts.empty()) return "";
  std::string out = "\nRULE    NAME                           SEVERITY  COUNT\n";
  for (const ParityRule& rule : ParityRules()) {
    auto it = counts.find(std::string(rule.id));
    if (it == counts.end()) continue;
    char line[160];
    std::snprintf(line, sizeof line, "%-7s %-30s %-9s %5zu\n", std::string(rule.id).c_str(),
                  std::string(rule.name).c_str(), SeverityText(rule.severity), it->second);
    out += line;
  }
  return out;
}

std::string Summary(const ParityResult& result) {
  const ParitySummary& s = result.summary;
  std::string out = "\nblue " + result.blue_label + " (" + Plural(s.blue_objects, "object") +
                    ") vs green " + result.green_label + " (" + Plural(s.green_objects, "object") +
                    "), both normalised for Kubernetes " + result.target.ToString() + ": " +
                    std::to_string(s.matched) + " matched\n";
  out += "not reported: " + Plural(s.converted_blue + s.converted_green, "object") +
         " converted to newer APIs (" + std::to_string(s.converted_blue) + " blue, " +
         std::to_string(s.converted_green) + " green), " +
         Plural(s.cluster_values, "per-cluster value") + ", " + Plural(s.ignored, "ignored field") +
         (s.removed_api ? ", " + Plural(s.removed_api, "object") + " whose API the target removes"
                        : "") +
         "\n";
  size_t total = result.differences.size();
  out += total == 0
             ? "no differences\n"
             : Plural(total, "difference") + ": " + Plural(s.errors, "error") + ", " +
                   Plural(s.warnings, "warning") + ", " + std::to_string(s.infos) + " info\n";
  return out;
}

}  // namespace

const char* SeverityText(Severity severity) { return overlay::SeverityName(severity); }

std::string WriteText(const ParityResult& result, const ReportInfo& info) {
  std::string out;
  for (const Status& error : result.errors) {
    out += (error.location() ? error.location()->ToString() + ": " : std::string()) +
           Paint("error", SeverityColor(Severity::kError), info.color) + ": " + error.message() +
           " [input]\n";
  }
  for (const overlay::Message& note : result.notes) {
    out += note.location.ToString() + ": " + SeverityText(note.severity) + ": " + note.text + "\n";
  }
  if (!out.empty() && !result.differences.empty()) out += "\n";
  for (size_t i = 0; i < result.differences.size(); ++i) {
    out += (i > 0 ? "\n" : "") + Entry(result.differences[i], info.color);
  }
  return out + RuleTable(result) + Summary(result);
}

}  // namespace greenlight::parity
