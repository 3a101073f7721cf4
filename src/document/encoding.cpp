#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "document/internal/encoding.h"
#include "document/parser.h"

namespace greenlight::document {
namespace {

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}


StatusOr<std::string> FromUtf16(const std::string& bytes, bool big_endian, std::string_view path) {
  std::string out;
  out.reserve(bytes.size());
  size_t n = bytes.size() & ~size_t{1};
  auto unit = [&](size_t i) -> uint32_t {
    auto b0 = static_cast<uint8_t>(bytes[i]), b1 = static_cast<uint8_t>(bytes[i + 1]);
    return big_endian ? (b0 << 8 | b1) : (b1 << 8 | b0);
  };
  uint32_t line = 1;
  for (size_t i = 2; i < n; i += 2) {
    uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < n) {
      uint32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      } else {
        return DataLoss("invalid UTF-16: unpaired surrogate", Location{std::string(path), line, 0, -1});
      }
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      return DataLoss("invalid UTF-16: unpaired surrogate", Location{std::string(path), line, 0, -1});
    }
    if (cp == '\n') ++line;
    AppendUtf8(out, cp);
  }
  if (bytes.size() % 2 != 0) {
    return DataLoss("invalid UTF-16: odd number of bytes", Location{std::string(path), line, 0, -1});
  }
  NormalizeLoneCarriageReturns(out);
  return out;
}

// Length of the valid UTF-8 sequence at s[i], or 0.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto c = static_cast<uint8_t>(s[i]);
  size_t len;
  uint32_t min;
  if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
  else return 0;
  if (i + len > s.size()) return 0;
  uint32_t cp = c & (0x3F >> (len - 1));
  for (size_t k = 1; k < len; ++k) {
    auto cc = static_cast<uint8_t>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

// YAML reads a lone CR (old Mac line ends) as a line break, and so does libyaml; the splitter,
// the line index and excerpts count '\n'. A lone CR becomes '\n' here, once, so that every
// line number agrees with the parser's (the document fuzzer found a parse error placed on a
// line past the end of the text). CRLF is left as it is.
void NormalizeLoneCarriageReturns(std::string& text) {
  for (size_t i = text.find('\r'); i != std::string::npos; i = text.find('\r', i + 1)) {
    if (i + 1 == text.size() || text[i + 1] != '\n') text[i] = '\n';
  }
}

// Validates without tracking positions (the hot path: ASCII runs are skipped a word at a time);
// the line and column are computed only for the error.
Status ValidateUtf8(std::string_view s, std::string_view path) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    if (static_cast<uint8_t>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
      uint32_t line = 1, column = 1;
      for (size_t k = 0; k < i; ++k) {
        if (s[k] == '\n') {
          ++line;
          column = 1;
        } else if ((static_cast<uint8_t>(s[k]) & 0xC0) != 0x80) {
          ++column;
        }
      }
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<uint8_t>(s[i]));
      return DataLoss(std::string("invalid UTF-8 byte ") + hex +
                          " (the file must be UTF-8, or UTF-16 with a byte-order mark)",
                      Location{std::string(path), line, column, -1});
    }
    i += len;
  }
  return Status::Ok();
}


StatusOr<std::string> DecodeToUtf8(std::string bytes, std::string_view path) {
  if (bytes.size() >= 2) {
    auto b0 = static_cast<uint8_t>(bytes[0]), b1 = static_cast<uint8_t>(bytes[1]);
    if (b0 == 0xFF && b1 == 0xFE) return FromUtf16(bytes, /*big_endian=*/false, path);
    if (b0 == 0xFE && b1 == 0xFF) return FromUtf16(bytes, /*big_endian=*/true, path);
  }
  if (bytes.size() >= 3 && static_cast<uint8_t>(bytes[0]) == 0xEF &&
      static_cast<uint8_t>(bytes[1]) == 0xBB && static_cast<uint8_t>(bytes[2]) == 0xBF) {
    bytes.erase(0, 3);
  }
  NormalizeLoneCarriageReturns(bytes);
  GL_RETURN_IF_ERROR(ValidateUtf8(bytes, path));
  return bytes;
}

}  // namespace greenlight::document
