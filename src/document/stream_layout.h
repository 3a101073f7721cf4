// File: src/document/stream_layout.h
// Where each document of a stream sits in the text, split exactly as ParseStream splits it, so
// that a tool that rewrites some documents (the overlay) can keep every other byte of the file
// as it was: comments, blank lines, markers and the documents it leaves alone.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace greenlight::document {

struct DocumentRange {
  int index = 0;            ///< Document::index() of the document this range holds
  size_t begin = 0;         ///< byte offset of its first line (its '---' line, or header comments)
  size_t end = 0;           ///< one past its last byte
  uint32_t start_line = 1;  ///< Document::start_line()
  /// [begin, body_begin) are the leading marker, comment and blank lines; [body_end, end)
  /// the trailing comment, blank and '...' lines. A rewrite replaces only the body.
  size_t body_begin = 0;
  size_t body_end = 0;
};

/// The documents of a YAML stream with their byte ranges. For JSON (`is_json`), a text that is
/// one JSON value is one range; a stream of concatenated values is kInvalidArgument (the
/// overlay cannot keep such files byte for byte and says so).
StatusOr<std::vector<DocumentRange>> LayoutStream(std::string_view utf8_text, bool is_json,
                                                  std::string_view display_path);

}  // namespace greenlight::document
