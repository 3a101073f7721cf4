// File: src/parity/report.h
// The parity report in three formats: a text listing with locations and a summary table, JSON
// for tools (schemaVersion 1), and Markdown for a pull-request comment. Writers return text;
// the CLI decides where it goes.
#pragma once

#include <string>

#include "parity/parity.h"

namespace greenlight::parity {

struct ReportInfo {
  std::string tool_version;
  std::string catalog_version;
  bool color = false;  ///< text only: ANSI colours for severities
};

std::string WriteText(const ParityResult& result, const ReportInfo& info);
std::string WriteJson(const ParityResult& result, const ReportInfo& info);
std::string WriteMarkdown(const ParityResult& result, const ReportInfo& info);

/// "error", "warning", "info".
const char* SeverityText(Severity severity);

}  // namespace greenlight::parity
