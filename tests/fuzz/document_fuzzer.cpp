// The document layer on any bytes: decoding (UTF-8/UTF-16/BOM), the YAML and JSON stream
// splitters, both parsers, List expansion, "# Source:" comments, stream layout, the template
// heuristic and the emitters. Invariants: errors name the file and a line inside the text;
// document indexes stay in stream order; every document the parser accepts yields a value whose
// emitted JSON is parsed back to the same value; the fast parse path (issue 16) gives libyaml's
// documents, trees (type, style, tag, value, line, column) and errors, or declines; a stream
// read in pieces (StreamPieces, issue 16) gives the decoded text and the documents of splitting it
// whole, and invalid UTF-8 in it is an error in some piece.
#include <cstdint>
#include <optional>
#include <string>

#include "document/emitter.h"
#include "document/object.h"
#include "document/parser.h"
#include "document/stream_layout.h"
#include "document/stream_pieces.h"
#include "document/template_heuristic.h"
#include "document/value.h"
#include "fuzz_support.h"

using namespace greenlight;
using namespace greenlight::document;

namespace {

constexpr char kFile[] = "fuzz.yaml";

uint32_t CountLines(std::string_view text) {
  uint32_t lines = 1;
  for (char c : text) lines += c == '\n';
  return lines;
}

// Where two trees differ ("" when they are the same), node by node as the differential test does.
std::string FirstDifference(const Node* a, const Node* b, const std::string& path) {
  if ((a == nullptr) != (b == nullptr)) return path + ": null on one side";
  if (a == nullptr) return {};
  if (a->type() != b->type() || a->mark().line != b->mark().line || a->mark().column != b->mark().column ||
      a->tag() != b->tag()) {
    return path + ": type, position or tag";
  }
  if (a->IsScalar()) return a->scalar() == b->scalar() && a->style() == b->style() ? "" : path + ": scalar";
  if (a->size() != b->size()) return path + ": size";
  for (size_t i = 0; i < a->size(); ++i) {
    std::string d = a->IsMapping() ? FirstDifference(a->entries()[i].first, b->entries()[i].first, path + ".key")
                                   : std::string();
    if (d.empty()) {
      d = a->IsMapping() ? FirstDifference(a->entries()[i].second, b->entries()[i].second, path + "." + std::to_string(i))
                         : FirstDifference(a->items()[i], b->items()[i], path + "[" + std::to_string(i) + "]");
    }
    if (!d.empty()) return d;
  }
  return {};
}

void CompareParsePaths(const std::string& text, bool is_json) {
  ParsedStream fast = ParseStream(text, kFile, is_json, ParserBackend::kFast);
  ParsedStream reference = ParseStream(text, kFile, is_json, ParserBackend::kLibyaml);
  fuzz::Require(fast.document_count == reference.document_count, "fast path: other document count");
  fuzz::Require(fast.errors.size() == reference.errors.size(), "fast path: other errors",
                fast.errors.empty() ? (reference.errors.empty() ? "" : reference.errors[0].ToString())
                                    : fast.errors[0].ToString());
  for (size_t i = 0; i < fast.errors.size(); ++i) {
    fuzz::Require(fast.errors[i].ToString() == reference.errors[i].ToString(), "fast path: other error",
                  fast.errors[i].ToString() + " vs " + reference.errors[i].ToString());
  }
  fuzz::Require(fast.documents.size() == reference.documents.size(), "fast path: other documents");
  for (size_t i = 0; i < fast.documents.size(); ++i) {
    std::string d = FirstDifference(fast.documents[i].root(), reference.documents[i].root(), "#" + std::to_string(i));
    fuzz::Require(d.empty(), "fast path: tree differs from libyaml's", d);
  }
}

// `value` with every number and bool spelt as JSON writes it (0777 as 511, TRUE as true) and the
// ones JSON cannot write (.inf, !!bool yak) as the strings it writes instead: what the emitted
// JSON must read back as.
Value AsJsonReadsIt(const Value& value) {
  if (value.IsScalar()) {
    if (value.scalar_type() == ScalarType::kBool) {
      std::optional<std::string> flag = JsonBoolText(value.text(), value.scalar_type());
      return flag ? Value::Scalar(*flag, ScalarType::kBool) : Value::String(value.text());
    }
    if (value.scalar_type() != ScalarType::kInt && value.scalar_type() != ScalarType::kFloat) return value;
    std::optional<std::string> number = JsonNumberText(value.text(), value.scalar_type());
    return number ? Value::Scalar(*number, value.scalar_type()) : Value::String(value.text());
  }
  Value out = value.IsMapping() ? Value::Mapping() : Value::Sequence();
  if (value.IsMapping()) {
    for (const auto& [key, child] : value.entries()) out.Set(key, AsJsonReadsIt(child));
  } else {
    for (const Value& child : value.items()) out.Append(AsJsonReadsIt(child));
  }
  return out;
}

void CheckStream(const std::string& text, bool is_json) {
  CompareParsePaths(text, is_json);
  ParsedStream stream = ParseStream(text, kFile, is_json);
  const uint32_t lines = CountLines(text);
  for (const Status& error : stream.errors) {
    fuzz::RequireNamesFile(error, kFile);
    fuzz::Require(error.location()->line <= lines + 1, "error line past the end of the text", error.ToString());
  }
  int previous = -1;
  for (const Document& doc : stream.documents) {
    fuzz::Require(doc.index() > previous && doc.index() < stream.document_count, "document index out of order");
    previous = doc.index();
    for (const Object& object : ExtractObjects(doc)) {
      (void)object.kind;
      (void)object.name;
    }
    if (doc.root() == nullptr) continue;
    // Round trip through the JSON emitter: JSON is YAML, so what is emitted must parse back to
    // the same value (the overlay writes converted documents this way).
    Value value = ValueFromNode(doc.root());
    std::string json = EmitJson(value);
    ParsedStream again = ParseStream(json, "emitted.json", /*is_json=*/true);
    fuzz::Require(again.errors.empty(), "emitted JSON does not parse",
                  json.substr(0, 2000) + "\n" + (again.errors.empty() ? "" : again.errors[0].ToString()));
    fuzz::Require(again.documents.size() == 1, "emitted JSON is not one document", json.substr(0, 2000));
    fuzz::Require(AsJsonReadsIt(ValueFromNode(again.documents[0].root())) == AsJsonReadsIt(value),
                  "emitted JSON reads back differently",
                  json.substr(0, 2000));
    (void)EmitYaml(value);
  }
  (void)LayoutStream(text, is_json, kFile);
}

// Reads `bytes` as a stream in small pieces (sizes taken from the input, so the fuzzer varies
// them) and compares with decoding and splitting it whole.
void ComparePieces(const std::string& bytes, const StatusOr<std::string>& whole) {
  if (HasUtf16ByteOrderMark(bytes)) return;  // decoded whole, never cut
  const size_t piece_bytes = 1 + bytes.size() % 97;
  const size_t read_bytes = 1 + (bytes.empty() ? 0 : static_cast<uint8_t>(bytes[0]) % 13);
  StreamPieces pieces(kFile, piece_bytes);
  std::string joined;
  std::vector<DocumentSpan> spans;
  bool bad_piece = false;
  size_t at = 0;
  for (bool at_end = false;;) {
    while (std::optional<StreamPiece> piece = pieces.Next(at_end)) {
      if (!piece->error.ok()) {
        fuzz::RequireNamesFile(piece->error, kFile);
        bad_piece = true;
      }
      for (DocumentSpan span : piece->spans) {
        span.begin += joined.size();
        span.end += joined.size();
        spans.push_back(std::move(span));
      }
      joined += piece->text;
    }
    if (at_end) break;
    const size_t n = std::min(read_bytes, bytes.size() - at);
    pieces.Add(std::string_view(bytes).substr(at, n));
    at += n;
    at_end = n == 0;
  }
  fuzz::Require(bad_piece == !whole.ok(), "pieces: invalid UTF-8 found in pieces but not whole, or the reverse");
  if (!whole.ok()) return;
  fuzz::Require(joined == *whole, "pieces: joined text differs from the decoded text");
  std::vector<DocumentSpan> expected = SplitStream(*whole, /*is_json=*/false);
  fuzz::Require(spans.size() == expected.size(), "pieces: other document count");
  for (size_t i = 0; i < spans.size(); ++i) {
    fuzz::Require(spans[i].begin == expected[i].begin && spans[i].end == expected[i].end &&
                      spans[i].start_line == expected[i].start_line && spans[i].index == i &&
                      spans[i].helm_source == expected[i].helm_source,
                  "pieces: a document differs from splitting the whole text", std::to_string(i));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  StatusOr<std::string> text = DecodeToUtf8(fuzz::Bytes(data, size), kFile);
  ComparePieces(fuzz::Bytes(data, size), text);
  if (!text.ok()) {
    fuzz::RequireNamesFile(text.status(), kFile);
    return 0;
  }
  CheckStream(*text, /*is_json=*/false);
  CheckStream(*text, /*is_json=*/true);
  (void)GuessTemplateObjects(*text);
  return 0;
}
