// File: src/scan/unrendered_template.h
// Helm templates scanned without rendering: the documents of a template that do not parse as
// YAML are read by the template heuristic (document/template_heuristic.h), and every object it
// guesses, each branch of a .Capabilities switch included, meets the API catalog check.
// Documents that do parse are checked as YAML by the scan, so no object is reported twice.
#pragma once

#include <string_view>
#include <vector>

#include "checks/api_check.h"
#include "checks/finding.h"
#include "document/parser.h"

namespace greenlight::scan {

/// Message suffix of every finding on a guessed object (all formats show the message).
inline constexpr char kUnrenderedSuffix[] = "unrendered template, heuristic";

/// Appends the API findings of the objects guessed in the documents of `text` that `stream`
/// (its parse) could not read. Each finding has Finding::unrendered_template set, the
/// template's line and column of the apiVersion value, and says so in its message.
void CheckUnrenderedTemplate(const document::ParsedStream& stream, std::string_view text,
                             std::string_view file, const checks::ApiCheck& api_check,
                             std::vector<checks::Finding>& out);

}  // namespace greenlight::scan
