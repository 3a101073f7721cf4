// A pull-request comment in GitHub-flavoured Markdown: one summary line a reviewer reads first,
// a table of the (new) findings with links to their lines, and the rest folded into <details>.
// Everything taken from manifests is escaped: a PR author controls those strings.
#include <map>

#include "checks/rule_info.h"
#include "report/report.h"

namespace greenlight::report {
namespace {

using checks::Finding;

constexpr size_t kMaxTableRows = 100;

// Text inside a table cell: no line breaks, pipes escaped, HTML and Markdown specials neutralised.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '\n': case '\r': out += ' '; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '`': case '*': case '_': case '[': case ']': case '\\':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

std::string Code(std::string_view text) { return "<code>" + Cell(text) + "</code>"; }

const char* Icon(checks::Severity s) {
  switch (s) {
    case checks::Severity::kError: return "🔴 error";
    case checks::Severity::kWarning: return "🟡 warning";
    case checks::Severity::kInfo: return "🔵 info";
  }
  return "";
}

// Percent-encodes what would break a Markdown link target.
std::string LinkTarget(std::string_view base, std::string_view path, uint32_t line) {
  std::string out(base);
  if (!out.empty() && out.back() != '/') out += '/';
  for (char c : path) {
    if (c == ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == '#' || c == '%') {
      static const char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[(static_cast<unsigned char>(c) >> 4) & 15];
      out += kHex[c & 15];
    } else {
      out += c;
    }
  }
  if (line > 0) out += "#L" + std::to_string(line);
  return out;
}

std::string LocationLink(const Finding& f, const MarkdownOptions& options) {
  std::string label = f.location.file + (f.location.line > 0 ? ":" + std::to_string(f.location.line) : "");
  return "[" + Cell(label) + "](" + LinkTarget(options.link_base, f.location.file, f.location.line) + ")";
}

std::string ObjectOf(const Finding& f) {
  if (f.kind.empty()) return "";
  std::string name = f.namespace_name.empty() ? f.name : f.namespace_name + "/" + f.name;
  return Code(f.api_version + " " + f.kind) + " " + Cell(name);
}

std::string Plural(size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

std::string SummaryLine(const std::vector<Finding>& findings, const ReportContext& context) {
  size_t counts[3] = {0, 0, 0};
  for (const Finding& f : findings) ++counts[static_cast<int>(f.severity)];
  std::string line = "**greenlight** (target Kubernetes " + context.target +
                     (context.from.empty() ? "" : ", from " + context.from) + "): ";
  if (findings.empty()) {
    line += context.comparison ? "✅ no new findings" : "✅ no findings";
  } else {
    line += "❌ " + Plural(findings.size(), context.comparison ? "new finding" : "finding") + " (" +
            std::to_string(counts[2]) + " error, " + std::to_string(counts[1]) + " warning, " +
            std::to_string(counts[0]) + " info)";
  }
  if (context.comparison) {
    line += " · " + std::to_string(context.comparison->fixed_count) + " fixed · " +
            std::to_string(context.comparison->unchanged_count) + " unchanged";
  }
  return line;
}

}  // namespace

std::string WriteMarkdown(const std::vector<Finding>& findings, const ReportContext& context,
                          const MarkdownOptions& options) {
  std::string out = "### " + SummaryLine(findings, context) + "\n\n";
  if (!findings.empty()) {
    out += "| Severity | Rule | Object | Location | Message |\n";
    out += "| --- | --- | --- | --- | --- |\n";
    size_t rows = 0;
    for (const Finding& f : findings) {
      // A PR comment holds 65,536 characters; the full list is in the other formats.
      if (++rows > kMaxTableRows) {
        out += "\n" + std::to_string(findings.size() - kMaxTableRows) +
               " more not shown; run greenlight locally or see the SARIF/JSON report for all of them.\n";
        break;
      }
      out += "| " + std::string(Icon(f.severity)) + " | " + Code(f.rule_id) + " " + Cell(f.rule_name) +
             " | " + ObjectOf(f) + " | " + LocationLink(f, options) + " | " + Cell(f.message) + " |\n";
    }
    out += "\n";
  }
  out += "<details><summary>Details</summary>\n\n";
  std::map<std::string, const Finding*> rules_seen;
  for (const Finding& f : findings) rules_seen.emplace(f.rule_id, &f);
  if (!rules_seen.empty()) {
    out += "**How to fix**\n\n";
    for (const auto& [id, f] : rules_seen) {
      const checks::RuleInfo* info = checks::FindRule(id);
      std::string help = info ? info->help : f->help;
      out += "- " + Code(id) + " " + Cell(f->rule_name) + ": " + Cell(help);
      if (info && !info->help_uri.empty()) out += " ([docs](" + info->help_uri + "))";
      out += "\n";
    }
    out += "\n";
  }
  if (context.comparison) {
    out += "Compared with " + Cell(context.comparison->against) + ": " +
           std::to_string(context.comparison->new_count) + " new, " +
           std::to_string(context.comparison->fixed_count) + " fixed, " +
           std::to_string(context.comparison->unchanged_count) + " unchanged.\n\n";
    if (!context.comparison->fixed.empty()) {
      out += "**Fixed**\n\n";
      for (const Finding& f : context.comparison->fixed) {
        out += "- " + Code(f.rule_id) + " " + ObjectOf(f) + " (was " + Cell(f.location.file) +
               (f.location.line > 0 ? ":" + std::to_string(f.location.line) : "") + ")\n";
      }
      out += "\n";
    }
  }
  const auto& s = context.summary;
  out += "Scanned " + Plural(s.files, "file") + ", " + Plural(s.documents, "document") + ", " +
         Plural(s.objects, "object") + "; " + Plural(s.input_errors, "input error") +
         ". greenlight " + Cell(context.tool_version) + ", catalog " + Cell(context.catalog_version) +
         ".\n\n</details>\n";
  return out;
}

}  // namespace greenlight::report
