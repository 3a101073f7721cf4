#include "document/parser.h"

#include "document/internal/backends.h"
#include "document/internal/builder.h"
#include "document/internal/splitter.h"

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
  while (i < text.size()) {
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
  if (segments.empty()) segments = SplitDocuments(text);
  return segments;
}

ParsedStream ParseSpans(std::string_view text, std::string_view path, const std::vector<DocumentSpan>& spans,
                        size_t first, size_t last, ParserBackend backend) {
  ParsedStream out;
  out.document_count = static_cast<int>(last - first);
  out.documents.reserve(last - first);
  for (size_t i = first; i < last; ++i) {
    const DocumentSpan& seg = spans[i];
    std::string_view doc_text = text.substr(seg.begin, seg.end - seg.begin);
    StatusOr<Document> doc = ParseSegment(doc_text, seg.start_line, backend, out.fast_path);
    if (!doc.ok()) {
      Status error = doc.status();
      Location where = error.location().value_or(Location{});
      where.file = std::string(path);
      where.document = static_cast<int>(i);
      if (where.line == 0) where.line = seg.start_line;
      out.errors.push_back(Status(error.code(), error.message(), where));
      continue;
    }
    DocumentBuilder::Annotate(*doc, static_cast<int>(i), seg.start_line, seg.helm_source);
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
