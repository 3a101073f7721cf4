#include "overlay/report_text.h"

namespace greenlight::overlay {
namespace {

std::string Where(const Location& l) {
  std::string out = l.file;
  if (l.line > 0) out += ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
  return out + ": ";
}

}  // namespace

std::string FormatReport(const OverlayResult& result) {
  std::string out;
  for (const ObjectConversion& c : result.conversions) {
    out += Where(c.location);
    std::string object = c.kind + "/" + (c.name.empty() ? "<unnamed>" : c.name);
    if (c.written) {
      out += "converted " + object + " " + c.from_api_version + " -> " + c.to_api_version;
    } else {
      out += "not converted " + object + " " + c.from_api_version;
    }
    out += std::string(" [fix: ") + ApplicabilityName(c.fix.applicability) + "]\n";
    for (const Edit& e : c.fix.edits) out += "    edit: " + e.path + ": " + e.change + "\n";
    for (const Note& n : c.notes)
      out += std::string("    ") + SeverityName(n.severity) + ": " + n.message + "\n";
    if (c.fix.applicability != Applicability::kSafe) {
      out += std::string("    why ") + ApplicabilityName(c.fix.applicability) + ": " + c.fix.why +
             "\n";
    }
  }
  for (const Message& m : result.messages)
    out += Where(m.location) + SeverityName(m.severity) + ": " + m.text + "\n";
  for (const Status& s : result.errors) out += s.ToString() + "\n";
  for (const Status& s : result.conflicts) out += s.ToString() + "\n";
  return out;
}

std::string FormatSummary(const OverlayResult& result, const std::string& target,
                          const std::string& where, bool dry_run) {
  int counts[3] = {0, 0, 0};
  int not_converted = 0;
  for (const ObjectConversion& c : result.conversions) {
    if (c.written) {
      ++counts[static_cast<int>(c.fix.applicability)];
    } else {
      ++not_converted;
    }
  }
  int converted = counts[0] + counts[1] + counts[2];
  auto count = [](size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  return "overlay for Kubernetes " + target + ": " + count(result.files.size(), "file", "files") +
         (dry_run ? " would be written to " : " written to ") + where + "; " +
         count(static_cast<size_t>(converted), "object", "objects") + " converted (" +
         std::to_string(counts[0]) + " safe, " + std::to_string(counts[1]) + " unsafe, " +
         std::to_string(counts[2]) + " manual), " + std::to_string(not_converted) +
         " not converted\n";
}

}  // namespace greenlight::overlay
