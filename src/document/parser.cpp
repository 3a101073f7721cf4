#include "document/parser.h"

#include <algorithm>

#include "document/internal/backends.h"
#include "document/internal/builder.h"
#include "document/internal/splitter.h"
#include "document/limits.h"

namespace greenlight::document {
namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Splits concatenated JSON values ({...}{...} or one per line) at their top-level ends. Returns
// an empty vector when the text is not a well-bracketed JSON stream, so that the caller reads it
// as YAML and the parser reports what is wrong.
std::vector<Segment> SplitJsonStream(std::string_view text) {
  std::vector<Segment> out;
  size_t i = 0;
  uint32_t line = 1;
  while (i < text.size() && out.size() <= kMaxDocumentsPerStream) {
    while (i < text.size() && IsJsonSpace(text[i])) {
      if (text[i] == '\n') ++line;
      ++i;
    }
    if (i >= text.size()) break;
    if (text[i] != '{' && text[i] != '[') return {};
    Segment seg{i, 0, line, {}};
    // Start the segment at its line's beginning so that columns stay right.
    size_t line_start = text.rfind('\n', i);
    seg.begin = line_start == std::string_view::npos ? 0 : line_start + 1;
    int depth = 0;
    bool in_string = false;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c == '\n') ++line;
      if (in_string) {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_string = false;
        }
        continue;
      }
      if (c == '"') in_string = true;
      else if (c == '{' || c == '[') ++depth;
      else if ((c == '}' || c == ']') && --depth == 0) break;
    }
    if (depth != 0 || i >= text.size()) return {};
    seg.end = ++i;
    out.push_back(std::move(seg));
  }
  return out;
}

// The first line of `text` longer than kMaxLineBytes: its 1-based number (relative to the
// text) and 0 when there is none. One memchr pass.
uint32_t FirstOverlongLine(std::string_view text) {
  uint32_t line = 1;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    if (end - pos > kMaxLineBytes) return line;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    ++line;
  }
  return 0;
}

Status Bounded(std::string message, std::string_view path, uint32_t line, uint32_t column, size_t document) {
  return InvalidArgument(std::move(message), Location{std::string(path), line, column, static_cast<int>(document)});
}

bool LooksLikeJson(std::string_view text) {
  for (char c : text) {
    if (IsJsonSpace(c)) continue;
    return c == '{' || c == '[';
  }
  return false;
}

StatusOr<Document> ParseSegment(std::string_view text, uint32_t start_line, ParserBackend backend,
                                FastPathStats& stats) {
  if (backend == ParserBackend::kYamlCpp) return ParseWithYamlCpp(text, start_line);
  if (backend == ParserBackend::kFast) {
    FastPathDecline why = FastPathDecline::kNone;
    if (std::optional<Document> doc = ParseFast(text, start_line, &why)) {
      ++stats.fast;
      return std::move(doc).value();
    }
    ++stats.declined[static_cast<int>(why)];
  }
  return ParseWithLibyaml(text, start_line);
}

}  // namespace

const char* FastPathDeclineName(FastPathDecline why) {
  switch (why) {
    case FastPathDecline::kNone: return "parsed";
    case FastPathDecline::kCharacters: return "tabs, CR or special characters";
    case FastPathDecline::kPropertiesOrAliases: return "anchors, aliases, tags, ? keys";
    case FastPathDecline::kMultiLineScalar: return "multi-line plain or quoted scalar";
    case FastPathDecline::kFlowOverLines: return "flow collection over lines (JSON)";
    case FastPathDecline::kRareSpelling: return "rare spelling (escapes, \"a\":b)";
    case FastPathDecline::kDirectiveOrEmpty: return "directive, content on ---, empty";
    case FastPathDecline::kOther: return "other (syntax errors included)";
  }
  return "?";
}

std::vector<DocumentSpan> SplitStream(std::string_view text, bool is_json) {
  std::vector<Segment> segments;
  if (is_json && LooksLikeJson(text)) segments = SplitJsonStream(text);
  // One span past the limit is kept so that ParseSpans can name where reading stopped.
  if (segments.empty()) segments = SplitDocuments(text, kMaxDocumentsPerStream);
  for (size_t i = 0; i < segments.size(); ++i) segments[i].index = i;
  return segments;
}

ParsedStream ParseSpans(std::string_view text, std::string_view path, const std::vector<DocumentSpan>& spans,
                        size_t first, size_t last, ParserBackend backend) {
  ParsedStream out;
  last = std::min(last, spans.size());
  first = std::min(first, last);
  out.documents.reserve(last - first);
  for (size_t i = first; i < last && spans[i].index < kMaxDocumentsPerStream; ++i) ++out.document_count;
  // Counted per call: the scanner parses a long stream in pieces and frees each piece's trees
  // before the next is held, so this bounds what is in memory at once.
  uint64_t stream_nodes = 0;
  for (size_t i = first; i < last; ++i) {
    const DocumentSpan& seg = spans[i];
    const int index = static_cast<int>(seg.index);
    if (seg.index >= kMaxDocumentsPerStream) {
      // Said once, by the span just past the limit (SplitStream keeps exactly that one).
      if (seg.index == kMaxDocumentsPerStream) {
        out.errors.push_back(Bounded("more than " + std::to_string(kMaxDocumentsPerStream) +
                                         " documents in one stream; the rest, from this one on, was not read",
                                     path, seg.start_line, 1, index));
      }
      break;
    }
    std::string_view doc_text = text.substr(seg.begin, seg.end - seg.begin);
    if (stream_nodes > kMaxNodesPerStream) {
      out.errors.push_back(Bounded("the stream's documents hold more than " + std::to_string(kMaxNodesPerStream) +
                                       " nodes together; the rest, from this document on, was not read",
                                   path, seg.start_line, 1, index));
      break;
    }
    if (uint32_t line = FirstOverlongLine(doc_text); line != 0) {
      out.errors.push_back(Bounded("line longer than the " + std::to_string(kMaxLineBytes >> 20) +
                                       " MiB limit for one line; the document was not parsed",
                                   path, seg.start_line + line - 1, static_cast<uint32_t>(kMaxLineBytes) + 1, index));
      continue;
    }
    StatusOr<Document> doc = ParseSegment(doc_text, seg.start_line, backend, out.fast_path);
    if (!doc.ok()) {
      Status error = doc.status();
      Location where = error.location().value_or(Location{});
      where.file = std::string(path);
      where.document = index;
      if (where.line == 0) where.line = seg.start_line;
      out.errors.push_back(Status(error.code(), error.message(), where));
      continue;
    }
    stream_nodes += doc->node_count();
    DocumentBuilder::Annotate(*doc, index, seg.start_line, seg.helm_source);
    out.documents.push_back(std::move(doc).value());
  }
  return out;
}

ParsedStream ParseStream(std::string_view text, std::string_view path, bool is_json, ParserBackend backend) {
  std::vector<DocumentSpan> spans = SplitStream(text, is_json);
  return ParseSpans(text, path, spans, 0, spans.size(), backend);
}

StatusOr<Document> ParseSingleDocument(std::string bytes, std::string_view path) {
  GL_ASSIGN_OR_RETURN(std::string text, DecodeToUtf8(std::move(bytes), path));
  ParsedStream stream = ParseStream(text, path);
  if (!stream.errors.empty()) return stream.errors.front();
  if (stream.documents.size() > 1) {
    const Document& second = stream.documents[1];
    return InvalidArgument("expected one YAML document, found another one here",
                           Location{std::string(path), second.start_line(), 1, 1});
  }
  if (stream.documents.empty() || stream.documents.front().root() == nullptr) {
    return InvalidArgument("the file is empty", Location{std::string(path), 1, 1, -1});
  }
  return std::move(stream.documents.front());
}

Location LocationOf(const Node* node, std::string_view file, int document) {
  if (node == nullptr) return Location{std::string(file), 0, 0, document};
  return Location{std::string(file), node->mark().line, node->mark().column, document};
}

}  // namespace greenlight::document
