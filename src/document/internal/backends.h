// File: src/document/internal/backends.h
// The two parser backends. Each parses exactly one document's text and returns its tree with
// marks relative to the text given (line 1 = the text's first line); parser.cpp shifts them.
#pragma once

#include <optional>
#include <string_view>

#include "base/status.h"
#include "document/node.h"
#include "document/parser.h"

namespace greenlight::document {

/// Our own parser for the YAML manifests use; std::nullopt (with the reason in *why) for a
/// document it does not take, which then goes to libyaml. Never reports an error itself.
std::optional<Document> ParseFast(std::string_view text, uint32_t first_line, FastPathDecline* why);

/// libyaml's event API: what the fast path falls back to.
StatusOr<Document> ParseWithLibyaml(std::string_view text, uint32_t first_line);

/// yaml-cpp: the reference implementation (differential tests, benchmark).
StatusOr<Document> ParseWithYamlCpp(std::string_view text, uint32_t first_line);

}  // namespace greenlight::document
