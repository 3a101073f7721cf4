// File: linter/output.h
// Writing a command's output: to stdout, or atomically to --output FILE; and deciding colour.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/atomic_file.h"
#include "base/status.h"

namespace greenlight::cli {

/// Writes `text` to `path` atomically, or to stdout when `path` is empty.
Status EmitOutput(const std::string& path, const std::string& text);

/// The same for output made a piece at a time: `write` gives its pieces to the sink (a temp
/// file renamed over `path` once all went well, or stdout), so it is never held whole.
Status EmitOutputInPieces(const std::string& path, const std::function<Status(TextSink&)>& write);

/// Colour on stdout: a TTY, TERM not "dumb", NO_COLOR unset; CLICOLOR_FORCE forces it;
/// --no-color and --output always turn it off.
bool UseColor(bool no_color_flag, const std::string& output_path);

/// Parses a --format value against `allowed`, with "did you mean".
Status CheckFormat(const std::string& format, const std::vector<std::string>& allowed);

}  // namespace greenlight::cli
