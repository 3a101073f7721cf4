// File: src/document/internal/backends.h
// The two parser backends. Each parses exactly one document's text and returns its tree with
// marks relative to the text given (line 1 = the text's first line); parser.cpp shifts them.
#pragma once

#include <string_view>

#include "base/status.h"
#include "document/node.h"

namespace greenlight::document {

/// libyaml's event API: the fast path.
StatusOr<Document> ParseWithLibyaml(std::string_view text, uint32_t first_line);

/// yaml-cpp: the reference implementation (differential tests, benchmark).
StatusOr<Document> ParseWithYamlCpp(std::string_view text, uint32_t first_line);

}  // namespace greenlight::document
