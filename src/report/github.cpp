// GitHub Actions workflow commands: each finding becomes an ::error/::warning/::notice line that
// the runner turns into an annotation on the pull request's diff. Values are escaped as the
// runner expects (% \r \n everywhere; also : and , inside properties), so a message cannot end
// a command early or inject another one.
#include "report/report.h"

namespace greenlight::report {
namespace {

using checks::Finding;

std::string EscapeData(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string EscapeProperty(std::string_view text) {
  std::string out;
  for (char c : EscapeData(text)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

const char* Command(checks::Severity s) {
  switch (s) {
    case checks::Severity::kError: return "error";
    case checks::Severity::kWarning: return "warning";
    case checks::Severity::kInfo: return "notice";
  }
  return "error";
}

}  // namespace

std::string WriteGithub(const std::vector<Finding>& findings, const ReportContext& context) {
  std::string out;
  for (const Finding& f : findings) {
    out += "::";
    out += Command(f.severity);
    out += " file=" + EscapeProperty(f.location.file);
    if (f.location.line > 0) out += ",line=" + std::to_string(f.location.line);
    if (f.location.column > 0) out += ",col=" + std::to_string(f.location.column);
    out += ",title=" + EscapeProperty(f.rule_id + " " + f.rule_name);
    std::string message = f.message;
    if (!f.help.empty()) message += "\n" + f.help;
    out += "::" + EscapeData(message) + "\n";
  }
  std::string summary = "greenlight: " + std::to_string(findings.size()) +
                        (context.comparison ? " new" : "") + " finding" +
                        (findings.size() == 1 ? "" : "s") + " at target " + context.target;
  if (context.comparison) {
    summary += " (" + std::to_string(context.comparison->fixed_count) + " fixed, " +
               std::to_string(context.comparison->unchanged_count) + " unchanged, compared with " +
               context.comparison->against + ")";
  }
  summary += "; " + std::to_string(context.summary.files) + " files, " +
             std::to_string(context.summary.objects) + " objects checked";
  out += "::notice title=greenlight::" + EscapeData(summary) + "\n";
  return out;
}

}  // namespace greenlight::report
