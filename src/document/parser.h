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

/// Which parser builds the tree. Both must produce identical trees; kLibyaml is the fast path,
/// kYamlCpp the reference implementation used by differential tests and the benchmark.
enum class ParserBackend { kLibyaml, kYamlCpp };

struct ParsedStream {
  /// The documents that parsed, in stream order (Document::index() says where each stood).
  std::vector<Document> documents;
  /// One error per document that did not parse; each has a Location with file, line, column
  /// and document index.
  std::vector<Status> errors;
  /// Documents in the stream, parsed or not (empty documents count).
  int document_count = 0;
};

/// Converts raw file bytes to UTF-8: strips a UTF-8 BOM, converts UTF-16 (LE/BE, with BOM).
/// Invalid UTF-8 is kDataLoss naming the line and column of the first bad byte.
StatusOr<std::string> DecodeToUtf8(std::string bytes, std::string_view display_path);

/// Parses a UTF-8 YAML/JSON stream. `is_json` enables splitting of concatenated JSON values.
ParsedStream ParseStream(std::string_view utf8_text, std::string_view display_path,
                         bool is_json = false, ParserBackend backend = ParserBackend::kLibyaml);

/// Parses text that must hold exactly one document (config files, specs, catalogs, rules):
/// decoding, syntax errors and a second document are errors with file:line:col.
StatusOr<Document> ParseSingleDocument(std::string bytes, std::string_view display_path);

/// A Location for `node` in `file` (document index left at -1 unless given).
Location LocationOf(const Node* node, std::string_view file, int document = -1);

}  // namespace greenlight::document
