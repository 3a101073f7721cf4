#include "base/utf8.h"

namespace greenlight {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  // A UTF-8 character has at most three continuation bytes; stepping back over them lands on
  // the lead byte of the character that would have been split, which is cut off with it.
  for (int steps = 0; steps < 3 && end > 0 && IsContinuationByte(text[end]); ++steps) --end;
  return text.substr(0, end);
}

void TruncateUtf8(std::string& text, size_t max_bytes) { text.resize(Utf8Prefix(text, max_bytes).size()); }

}  // namespace greenlight
