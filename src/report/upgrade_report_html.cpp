// HTML writer of the pre-upgrade report: one self-contained file (inline CSS and SVG, no scripts,
// no external assets) that can be attached to a change ticket and opened offline.
#include <algorithm>
#include <chrono>
#include <string>

#include "report/upgrade_report.h"

namespace greenlight::report {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr char kStyle[] =
    R"(body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24;max-width:75rem}
table{border-collapse:collapse;margin:0.5rem 0 1.5rem}th,td{border:1px solid #d0d7de;padding:0.3rem 0.6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font-size:0.9em}.ok{color:#1a7f37}.upgrade,.unsupported{color:#cf222e;font-weight:600}.unknown{color:#6e7781}
.strategy{padding:0.8rem 1rem;border-left:4px solid #0969da;background:#f6f8fa})";

// The support windows of the calendar rows on one time axis, with a marker at the report's date.
std::string Timeline(const UpgradeReport& r, int as_of_day) {
  std::vector<const CalendarRow*> rows;
  for (const auto& c : r.calendar) {
    if (c.known) rows.push_back(&c);
  }
  if (rows.empty()) return "<p>No calendar data for these versions.</p>\n";
  int start = as_of_day, end = as_of_day;
  for (const auto* c : rows) {
    start = std::min(start, c->release_day);
    end = std::max(end, c->extended_day);
  }
  start -= 30;
  end += 30;
  const int label_width = 70, width = 900, row_height = 28;
  const int height = static_cast<int>(rows.size()) * row_height + 40;
  auto x = [&](int day) {
    return label_width + static_cast<long long>(day - start) * (width - label_width - 10) /
                             std::max(1, end - start);
  };
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                    std::to_string(width) + "\" height=\"" + std::to_string(height) +
                    "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
                    "\">\n<title>EKS support windows</title>\n";
  svg += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(height) + "\" fill=\"#ffffff\"/>\n";
  // Year ticks, so the bars read as dates.
  for (int year = 1970 + start / 365; year <= 1971 + end / 365; ++year) {
    int day = static_cast<int>(
        std::chrono::sys_days(std::chrono::year{year} / 1 / 1).time_since_epoch().count());
    if (day <= start || day >= end) continue;
    svg += "<line x1=\"" + std::to_string(x(day)) + "\" y1=\"6\" x2=\"" + std::to_string(x(day)) +
           "\" y2=\"" + std::to_string(height - 22) +
           "\" stroke=\"#d0d7de\" stroke-dasharray=\"3 3\"/>\n";
    svg += "<text x=\"" + std::to_string(x(day) + 3) + "\" y=\"" + std::to_string(height - 6) +
           "\" font-size=\"11\" fill=\"#6e7781\">" + std::to_string(year) + "</text>\n";
  }
  int y = 10;
  for (const auto* c : rows) {
    svg += "<text x=\"4\" y=\"" + std::to_string(y + 16) + "\" font-size=\"13\" fill=\"#1b1f24\">" +
           Escape(c->version) + "</text>\n";
    svg +=
        "<rect x=\"" + std::to_string(x(c->release_day)) + "\" y=\"" + std::to_string(y + 4) +
        "\" width=\"" +
        std::to_string(std::max<long long>(1, x(c->standard_day) - x(c->release_day))) +
        "\" height=\"16\" fill=\"#2da44e\"><title>" +
        Escape(c->version + " standard support " + c->eks_release + " to " + c->end_of_standard) +
        "</title></rect>\n";
    svg += "<rect x=\"" + std::to_string(x(c->standard_day)) + "\" y=\"" + std::to_string(y + 4) +
           "\" width=\"" +
           std::to_string(std::max<long long>(1, x(c->extended_day) - x(c->standard_day))) +
           "\" height=\"16\" fill=\"#d4a72c\"><title>" +
           Escape(c->version + " extended support " + c->end_of_standard + " to " +
                  c->end_of_extended) +
           "</title></rect>\n";
    y += row_height;
  }
  svg += "<line x1=\"" + std::to_string(x(as_of_day)) + "\" y1=\"4\" x2=\"" +
         std::to_string(x(as_of_day)) + "\" y2=\"" + std::to_string(y + 4) +
         "\" stroke=\"#cf222e\" stroke-width=\"2\"/>\n";
  svg += "<text x=\"" + std::to_string(x(as_of_day) + 4) + "\" y=\"" + std::to_string(y + 20) +
         "\" font-size=\"12\" fill=\"#cf222e\">" + Escape(r.as_of) + "</text>\n";
  svg += "</svg>\n";
  svg +=
      "<p><span style=\"color:#2da44e\">&#9632;</span> standard support &nbsp; "
      "<span style=\"color:#d4a72c\">&#9632;</span> extended support &nbsp; "
      "<span style=\"color:#cf222e\">|</span> report date</p>\n";
  return svg;
}

std::string DaysText(int days) {
  if (days > 0) return std::to_string(days) + " days left";
  if (days == 0) return "ends today";
  return "ended " + std::to_string(-days) + " days ago";
}

std::string HitsTable(const std::vector<ApiHit>& hits) {
  std::string out =
      "<table><tr><th>Object</th><th>Location</th><th>API</th><th>Use instead</th></tr>\n";
  for (const auto& h : hits) {
    out += "<tr><td>" + Escape(h.kind + " " + h.object) + "</td><td><code>" + Escape(h.file) + ":" +
           std::to_string(h.line) + "</code>" + (h.rendered_by.empty() ? "" : " (" + Escape(h.rendered_by) + ")") +
           (h.recorded_in.empty() ? "" : " (" + Escape(h.recorded_in) + ")") +
           "</td><td>" + Escape(h.api_version) + "</td><td>" +
           Escape(h.replacement) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

}  // namespace

std::string RenderUpgradeHtml(const UpgradeReport& r) {
  std::string title = "Pre-upgrade report: Kubernetes " + r.from + " \u2192 " + r.to;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      Escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<h1>" + Escape(title) + "</h1>\n<p>Generated by greenlight " + Escape(r.tool_version) +
         " as of " + Escape(r.as_of) + ".</p>\n";
  out += "<div class=\"strategy\"><h2>Recommendation: " + Escape(r.strategy) + "</h2><ul>\n";
  for (const auto& reason : r.strategy_reasons) out += "<li>" + Escape(reason) + "</li>\n";
  out += "</ul></div>\n<h2>Support calendar</h2>\n" + Timeline(r, r.as_of_day);
  out +=
      "<table><tr><th>Version</th><th>EKS release</th><th>End of standard support</th>"
      "<th>End of extended support</th><th>Phase</th></tr>\n";
  for (const auto& c : r.calendar) {
    std::string version =
        c.is_endpoint ? "<strong>" + Escape(c.version) + "</strong>" : Escape(c.version);
    if (!c.known) {
      out += "<tr><td>" + version + "</td><td colspan=\"4\">not in the EKS calendar</td></tr>\n";
      continue;
    }
    out += "<tr><td>" + version + "</td><td>" + c.eks_release + "</td><td>" + c.end_of_standard +
           " (" + DaysText(c.days_to_standard) + ")</td><td>" + c.end_of_extended + " (" +
           DaysText(c.days_to_extended) + ")</td><td>" + Escape(c.phase) + "</td></tr>\n";
  }
  out += "</table>\n<h2>Removed APIs, hop by hop</h2>\n";
  if (!r.already_broken.empty()) {
    out += "<h3>Already not served by " + Escape(r.from) + "</h3>\n" + HitsTable(r.already_broken);
  }
  for (const auto& hop : r.hops) {
    out += "<h3>" + Escape(hop.from) + " \u2192 " + Escape(hop.to) + " (" +
           std::to_string(hop.removed.size()) + " objects)</h3>\n";
    out += hop.removed.empty()
               ? "<p>No object in the inputs uses an API that " + Escape(hop.to) + " removes.</p>\n"
               : HitsTable(hop.removed);
  }
  out += "<h2>Add-on actions (target " + Escape(r.to) + ")</h2>\n";
  out += "<table><tr><th>Add-on</th><th>Version</th><th>Where</th><th>Supported at " +
         Escape(r.to) +
         "</th><th>Status</th><th>Breaks at</th><th>Recommended</th><th>Why</th></tr>\n";
  for (const auto& a : r.addons) {
    std::string where;
    for (const auto& l : a.locations)
      where += (where.empty() ? "" : "<br>") + ("<code>" + Escape(l) + "</code>");
    out += "<tr><td>" + Escape(a.display_name) + "</td><td>" +
           Escape(a.version.empty() ? "unknown" : a.version) + "</td><td>" + where + "</td><td>" +
           Escape(a.supported) + "</td><td class=\"" + a.status + "\">" + Escape(a.status_text) +
           "</td><td>" + Escape(a.first_break) + "</td><td>" + Escape(a.recommended) + "</td><td>" +
           Escape(a.reason) + "</td></tr>\n";
  }
  out += "</table>\n<h2>Findings by category (at " + Escape(r.to) + ")</h2>\n";
  for (const auto& g : r.categories) {
    out +=
        "<h3>" + Escape(g.category) + " (" + std::to_string(g.findings.size()) + ")</h3>\n<ul>\n";
    for (const auto& f : g.findings) {
      out += "<li><code>" + Escape(f.location.file) + ":" + std::to_string(f.location.line) +
             "</code> " + Escape(f.rule_id) + " " + checks::SeverityName(f.severity) + ": " +
             Escape(f.message) + "</li>\n";
    }
    out += "</ul>\n";
  }
  out += "<h2>Cutover checklist</h2>\n<ul>\n";
  for (const auto& item : r.checklist)
    out += "<li><label><input type=\"checkbox\"> " + Escape(item) + "</label></li>\n";
  out += "</ul>\n<h2>Data</h2>\n<ul>\n";
  for (const auto& s : r.data_sources) out += "<li>" + Escape(s) + "</li>\n";
  out += "</ul>\n</body>\n</html>\n";
  return out;
}

}  // namespace greenlight::report
