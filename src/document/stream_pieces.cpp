#include "document/stream_pieces.h"

#include <algorithm>
#include <utility>

#include "document/internal/encoding.h"
#include "document/internal/splitter.h"
#include "document/limits.h"

namespace greenlight::document {

namespace {

// A '---' document marker starts the line at `at` of `text` (whole lines; "---pai" is content).
bool StartsWithMarker(std::string_view text, size_t at) {
  if (text.substr(at, 3) != "---") return false;
  return at + 3 == text.size() || text[at + 3] == ' ' || text[at + 3] == '\t' || text[at + 3] == '\r' ||
         text[at + 3] == '\n';
}

}  // namespace

bool HasUtf16ByteOrderMark(std::string_view b) {
  return b.size() >= 2 && ((b[0] == '\xFF' && b[1] == '\xFE') || (b[0] == '\xFE' && b[1] == '\xFF'));
}

StreamPieces::StreamPieces(std::string display_path, size_t piece_bytes)
    : path_(std::move(display_path)), piece_bytes_(std::max<size_t>(piece_bytes, 1)) {}

std::optional<StreamPiece> StreamPieces::Next(bool at_end) {
  if (done_) return std::nullopt;
  if (!started_) {
    if (buffer_.size() < 3 && !at_end) return std::nullopt;
    if (buffer_.starts_with("\xEF\xBB\xBF")) buffer_.erase(0, 3);
    started_ = true;
  }
  if (at_end) {
    done_ = true;
    NormalizeLoneCarriageReturns(buffer_);
    std::vector<DocumentSpan> spans = SplitDocuments(buffer_, kMaxDocumentsPerStream);
    const size_t count = spans.size();
    return Cut(buffer_.size(), std::move(spans), count);
  }
  if (buffer_.size() < std::max(piece_bytes_, next_try_bytes_)) return std::nullopt;
  // A CR at the very end may be the first half of a CRLF: it waits for the next bytes.
  const bool held_cr = buffer_.back() == '\r';
  if (held_cr) buffer_.pop_back();
  NormalizeLoneCarriageReturns(buffer_);
  // Only whole lines: a last line read up to "---" may go on as "---pai", which is content.
  const size_t last_newline = buffer_.rfind('\n');
  const std::string_view whole_lines(buffer_.data(), last_newline == std::string::npos ? 0 : last_newline + 1);
  std::vector<DocumentSpan> spans = SplitDocuments(whole_lines, kMaxDocumentsPerStream);
  // The last document may be cut short by the end of what was read: the piece ends where the
  // last document that starts with its own '---' line begins (a document after '...' starts
  // at its first content line, which is no place to cut).
  size_t cut = spans.size();  // then: the index of the span the next piece starts with
  while (cut > 0 && !StartsWithMarker(whole_lines, spans[cut - 1].begin)) --cut;
  if (cut > 0) --cut;
  if (cut == 0) {
    if (held_cr) buffer_.push_back('\r');
    next_try_bytes_ = buffer_.size() * 2;  // doubling: one big document is split over linearly
    return std::nullopt;
  }
  next_try_bytes_ = 0;
  const size_t bytes = spans[cut].begin;
  StreamPiece piece = Cut(bytes, std::move(spans), cut);
  if (held_cr) buffer_.push_back('\r');
  return piece;
}

// Gives out buffer_[0, bytes) with the first `span_count` spans, made the stream's.
StreamPiece StreamPieces::Cut(size_t bytes, std::vector<DocumentSpan> spans, size_t span_count) {
  StreamPiece piece;
  piece.first_line = next_line_;
  const uint32_t next_piece_line = span_count < spans.size() ? spans[span_count].start_line + next_line_ - 1 : 0;
  spans.resize(span_count);
  for (size_t i = 0; i < spans.size(); ++i) {
    spans[i].index = next_index_ + i;
    spans[i].start_line += next_line_ - 1;
  }
  piece.text.assign(buffer_, 0, bytes);
  buffer_.erase(0, bytes);
  piece.spans = std::move(spans);
  next_index_ += span_count;
  next_line_ = next_piece_line;
  if (Status valid = ValidateUtf8(piece.text, path_); !valid.ok()) {
    Location where = valid.location().value_or(Location{path_});
    where.line += piece.first_line - 1;  // a piece starts at a line's start: the column holds
    piece.error = Status(valid.code(), valid.message(), where);
  }
  return piece;
}

}  // namespace greenlight::document
