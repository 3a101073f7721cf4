// File: src/base/location.h
// Where something is in the user's input: a file (display path), a 1-based line and column,
// and the document index inside a multi-document stream. Every finding and every input error
// carries one, so that terminals and editors can jump to it.
#pragma once

#include <cstdint>
#include <string>

namespace greenlight {

struct Location {
  std::string file;       ///< display path: relative to the scanned root, "-" for stdin
  uint32_t line = 0;      ///< 1-based; 0 when unknown
  uint32_t column = 0;    ///< 1-based; 0 when unknown
  int32_t document = -1;  ///< 0-based document index in the stream; -1 when not applicable

  /// "file:line:col", dropping the parts that are unknown.
  std::string ToString() const;
};

}  // namespace greenlight
