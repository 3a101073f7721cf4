// File: linter/output.h
// Writing a command's output: to stdout, or atomically to --output FILE; and deciding colour.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace greenlight::cli {

/// Writes `text` to `path` atomically, or to stdout when `path` is empty.
Status EmitOutput(const std::string& path, const std::string& text);

/// Colour on stdout: a TTY, TERM not "dumb", NO_COLOR unset; CLICOLOR_FORCE forces it;
/// --no-color and --output always turn it off.
bool UseColor(bool no_color_flag, const std::string& output_path);

/// Parses a --format value against `allowed`, with "did you mean".
Status CheckFormat(const std::string& format, const std::vector<std::string>& allowed);

}  // namespace greenlight::cli
