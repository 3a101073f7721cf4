// File: src/document/stream_pieces.h
// One big YAML stream (standard input, a FIFO, `helm template` of an umbrella chart, a whole
// cluster's objects dumped one document each) cut into pieces of whole documents while it is
// read, so that only the pieces being checked are in memory, whatever the stream's size. A piece
// ends where a '---' line starts the next document: SplitDocuments gives the same documents for
// the pieces as for the whole text, and each piece's spans carry the whole stream's document
// indexes and line numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "document/parser.h"

namespace greenlight::document {

struct StreamPiece {
  std::string text;                 ///< UTF-8, lone CRs made '\n'
  std::vector<DocumentSpan> spans;  ///< byte offsets into `text`; indexes and lines of the stream
  uint32_t first_line = 1;          ///< the stream's line number of text[0]
  /// Invalid UTF-8 in the piece, located in the stream: the piece must not be parsed (the
  /// pieces before and after it are read as usual).
  Status error;
};

/// True when `first_bytes` open with a UTF-16 byte-order mark: such a stream is decoded whole
/// (DecodeToUtf8), not cut in pieces.
bool HasUtf16ByteOrderMark(std::string_view first_bytes);

class StreamPieces {
 public:
  /// Pieces of about `piece_bytes` (more when one document is larger).
  StreamPieces(std::string display_path, size_t piece_bytes);

  /// Takes the next bytes read from the stream.
  void Add(std::string_view bytes) { buffer_.append(bytes); }

  /// The next piece, once enough is held to cut one; with `at_end` (everything was added) all
  /// that is left, then nullopt. nullopt also means: add more first.
  std::optional<StreamPiece> Next(bool at_end);

  /// Bytes added but not given out yet.
  size_t held_bytes() const { return buffer_.size(); }
  /// The stream's line number where the bytes not given out yet start.
  uint32_t next_line() const { return next_line_; }

 private:
  StreamPiece Cut(size_t bytes, std::vector<DocumentSpan> spans, size_t span_count);

  std::string path_;
  size_t piece_bytes_;
  std::string buffer_;            // what is not given out yet; starts at the stream's line next_line_
  uint32_t next_line_ = 1;
  size_t next_index_ = 0;         // the stream's index of the first document of buffer_
  size_t next_try_bytes_ = 0;     // no cut before the buffer holds this much (after a failed try)
  bool started_ = false;          // byte-order mark handled
  bool done_ = false;
};

}  // namespace greenlight::document
