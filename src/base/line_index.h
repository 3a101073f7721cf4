// File: src/base/line_index.h
// Line starts of a text, found in one pass, so that the line of any 1-based line number is a
// lookup rather than a scan from the top of the file: excerpts for N findings in a text of size
// S cost S + N, not S x N (issue 16: a 50 MB stream with thousands of findings).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace greenlight {

class LineIndex {
 public:
  /// Indexes `text`, which must outlive the index; its first line is line `first_line` (a piece
  /// of a bigger text). Nothing is scanned until the first Line().
  explicit LineIndex(std::string_view text, uint32_t first_line = 1) : text_(text), first_line_(first_line) {}

  /// Whether `line` lies in the indexed text.
  bool Covers(uint32_t line);

  /// Line `line` (1-based) without its '\n' or a trailing '\r'; empty when not covered.
  std::string_view Line(uint32_t line);

  /// Line() cut to at most `max_bytes` bytes, never inside a UTF-8 character.
  std::string_view Excerpt(uint32_t line, size_t max_bytes = 400);

 private:
  void Build();

  std::string_view text_;
  uint32_t first_line_;
  std::vector<size_t> starts_;  // starts_[i] = offset of line first_line_ + i; built on first use
  bool built_ = false;
};

}  // namespace greenlight
