// File: src/document/parser.h
// Turning bytes into Documents. Encoding is handled first (UTF-8 with or without BOM, UTF-16
// with BOM), then the stream is split at its document markers and every document is parsed on
// its own, so a broken document (an unrendered Helm template, say) hides nothing else.
// JSON is read through the same path (a JSON text is a YAML flow document); a stream of
// concatenated JSON values is split into one document per value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "document/node.h"

namespace greenlight::document {

/// Which parser builds the tree. All must produce identical trees. kFast is our own parser for
/// the YAML manifests use, falling back to libyaml per document for what it does not take;
/// kLibyaml is libyaml's event API alone; kYamlCpp the reference implementation used by the
/// differential tests and the benchmark.
enum class ParserBackend { kFast, kLibyaml, kYamlCpp };

/// Why the fast path left a document to libyaml (kNone: it parsed it).
enum class FastPathDecline : uint8_t {
  kNone,
  kCharacters,           ///< tabs, a lone CR, control or special Unicode characters
  kPropertiesOrAliases,  ///< anchors (&), aliases (*), tags (!), explicit keys (?)
  kMultiLineScalar,      ///< a plain or quoted scalar that continues on the next line
  kFlowOverLines,        ///< a flow collection ([...] or {...}) over several lines, as in JSON
  kRareSpelling,         ///< JSON-style "a":b in flow, rare escapes, ':' inside flow scalars
  kDirectiveOrEmpty,     ///< %YAML/%TAG, content on the '---' line, an empty document
  kOther,                ///< anything else, including every syntax error (libyaml reports it)
};
inline constexpr int kFastPathDeclineCount = 8;

/// What a word is for each reason, for the benchmark's table.
const char* FastPathDeclineName(FastPathDecline why);

/// Documents by the path that parsed them (the benchmark reports how often the fast path
/// declines, and why).
struct FastPathStats {
  uint64_t fast = 0;
  uint64_t declined[kFastPathDeclineCount] = {};
  void Add(const FastPathStats& other) {
    fast += other.fast;
    for (int i = 0; i < kFastPathDeclineCount; ++i) declined[i] += other.declined[i];
  }
};

struct ParsedStream {
  /// The documents that parsed, in stream order (Document::index() says where each stood).
  std::vector<Document> documents;
  /// One error per document that did not parse; each has a Location with file, line, column
  /// and document index.
  std::vector<Status> errors;
  /// Documents in the stream, parsed or not (empty documents count).
  int document_count = 0;
  /// With ParserBackend::kFast: which documents the fast path took.
  FastPathStats fast_path;
};

/// Where one document of a stream lies: the cheap pre-scan (document markers at column 0, or
/// the top-level ends of concatenated JSON values) that lets one big stream be parsed in pieces,
/// on several threads, with line numbers and document indexes those of the whole stream.
struct DocumentSpan {
  size_t begin = 0;          ///< byte offset of the document's first line
  size_t end = 0;            ///< byte offset one past its last line
  uint32_t start_line = 1;   ///< 1-based line of `begin`
  std::string helm_source;   ///< from a "# Source: ..." comment in the document's header
  /// Its index in the whole stream: its position in SplitStream's result, or in the stream a
  /// StreamPieces reader cuts (whose pieces' spans start past 0).
  size_t index = 0;
};

/// The documents of a UTF-8 stream, in order (`is_json`: concatenated JSON values are split).
std::vector<DocumentSpan> SplitStream(std::string_view utf8_text, bool is_json);

/// Parses documents [first, last) of `spans` (from SplitStream or a StreamPieces piece over the
/// same text). Indexes (DocumentSpan::index), lines and error locations are those of the whole
/// stream; document_count is last - first, less the documents past kMaxDocumentsPerStream.
ParsedStream ParseSpans(std::string_view utf8_text, std::string_view display_path,
                        const std::vector<DocumentSpan>& spans, size_t first, size_t last,
                        ParserBackend backend = ParserBackend::kFast);

/// Converts raw file bytes to UTF-8: strips a UTF-8 BOM, converts UTF-16 (LE/BE, with BOM).
/// Invalid UTF-8 is kDataLoss naming the line and column of the first bad byte.
StatusOr<std::string> DecodeToUtf8(std::string bytes, std::string_view display_path);

/// Parses a UTF-8 YAML/JSON stream. `is_json` enables splitting of concatenated JSON values.
ParsedStream ParseStream(std::string_view utf8_text, std::string_view display_path,
                         bool is_json = false, ParserBackend backend = ParserBackend::kFast);

/// Parses text that must hold exactly one document (config files, specs, catalogs, rules):
/// decoding, syntax errors and a second document are errors with file:line:col.
StatusOr<Document> ParseSingleDocument(std::string bytes, std::string_view display_path);

/// A Location for `node` in `file` (document index left at -1 unless given).
Location LocationOf(const Node* node, std::string_view file, int document = -1);

}  // namespace greenlight::document
