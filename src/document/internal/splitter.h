// File: src/document/internal/splitter.h
// Splits a YAML stream into documents at its markers, so that each document can be parsed on
// its own. Markers are recognised at column 0 only, which is where YAML recognises them too
// (even inside a block scalar), so splitting never changes what a document means.
// Counting follows PyYAML's load_all: a part before the first '---' that holds only comments
// is no document, every '---' starts one, '...' ends one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "document/parser.h"

namespace greenlight::document {

using Segment = DocumentSpan;

/// Stops once it has found `max_segments` + 1 documents, so a stream of millions of '---' lines
/// costs nothing past the bound (the caller reports the extra one).
std::vector<Segment> SplitDocuments(std::string_view text, size_t max_segments = SIZE_MAX);

}  // namespace greenlight::document
