// File: src/document/internal/encoding.h
// The two steps of decoding that also apply to a stream read in pieces (document/stream_pieces.h):
// lone CRs made line breaks, and UTF-8 validated with the position of the first bad byte.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace greenlight::document {

/// Turns every CR not followed by LF into '\n' (in place: the length does not change).
void NormalizeLoneCarriageReturns(std::string& text);

/// kDataLoss naming the line and column (counted from 1 in `utf8_text`) of the first byte that
/// is not valid UTF-8; OK otherwise.
Status ValidateUtf8(std::string_view utf8_text, std::string_view display_path);

}  // namespace greenlight::document
