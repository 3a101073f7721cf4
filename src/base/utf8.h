// File: src/base/utf8.h
// Cutting text to a byte budget without splitting a UTF-8 character: an excerpt or comment cut
// inside a multi-byte character is invalid UTF-8, which JSON and SARIF consumers reject.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace greenlight {

/// The longest prefix of `text` of at most `max_bytes` bytes that does not end inside a UTF-8
/// character (continuation bytes are never left without their lead byte). Text that is not
/// UTF-8 is cut at `max_bytes` or up to three bytes before it.
std::string_view Utf8Prefix(std::string_view text, size_t max_bytes);

/// Shortens `text` in place to Utf8Prefix(text, max_bytes).
void TruncateUtf8(std::string& text, size_t max_bytes);

}  // namespace greenlight
