#include "document/stream_layout.h"

#include "document/internal/splitter.h"
#include "document/parser.h"

namespace greenlight::document {
namespace {

struct Line {
  size_t begin;
  size_t end;             // one past the '\n' (or the text end)
  std::string_view text;  // without the '\n'
};

std::vector<Line> LinesOf(std::string_view text, size_t begin, size_t end) {
  std::vector<Line> lines;
  size_t pos = begin;
  while (pos < end) {
    size_t nl = text.find('\n', pos);
    size_t stop = nl == std::string_view::npos || nl >= end ? end : nl + 1;
    size_t content_end = stop > pos && text[stop - 1] == '\n' ? stop - 1 : stop;
    lines.push_back(Line{pos, stop, text.substr(pos, content_end - pos)});
    pos = stop;
  }
  return lines;
}

bool IsBlankOrColumnZeroComment(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
  if (i == line.size()) return true;
  return i == 0 && line[0] == '#';
}

// "---" alone (maybe followed by a comment): a start marker with no content on its line.
bool IsBareStartMarker(std::string_view line) {
  if (!line.starts_with("---")) return false;
  std::string_view rest = line.substr(3);
  size_t i = 0;
  while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == '\r')) ++i;
  return i == rest.size() || (i > 0 && rest[i] == '#');
}

bool IsEndMarker(std::string_view line) {
  return line.starts_with("...") &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

void FindBody(std::string_view text, DocumentRange& range) {
  std::vector<Line> lines = LinesOf(text, range.begin, range.end);
  size_t first = 0;
  while (first < lines.size() && (IsBlankOrColumnZeroComment(lines[first].text) ||
                                  (first == 0 && IsBareStartMarker(lines[first].text)) ||
                                  lines[first].text.starts_with('%'))) {
    ++first;
  }
  size_t last = lines.size();
  while (last > first &&
         (IsBlankOrColumnZeroComment(lines[last - 1].text) || IsEndMarker(lines[last - 1].text))) {
    --last;
  }
  range.body_begin = first < lines.size() ? lines[first].begin : range.end;
  range.body_end = last > first ? lines[last - 1].end : range.body_begin;
}

}  // namespace

StatusOr<std::vector<DocumentRange>> LayoutStream(std::string_view text, bool is_json,
                                                  std::string_view display_path) {
  std::vector<DocumentRange> out;
  if (is_json) {
    ParsedStream parsed = ParseStream(text, display_path, /*is_json=*/true);
    if (parsed.document_count > 1) {
      return InvalidArgument(
          "a stream of several JSON values cannot be rewritten in place; split it "
          "into one file per value",
          Location{std::string(display_path), 1, 1, -1});
    }
    if (parsed.document_count == 1) {
      DocumentRange range{0, 0, text.size(), 1, 0, text.size()};
      size_t b = text.find_first_not_of(" \t\r\n");
      // The body runs to the end of the text so that the rewritten value's own newline is
      // the file's last byte.
      if (b != std::string_view::npos) range.body_begin = b;

      out.push_back(range);
    }
    return out;
  }
  std::vector<Segment> segments = SplitDocuments(text);
  out.reserve(segments.size());
  for (size_t i = 0; i < segments.size(); ++i) {
    DocumentRange range;
    range.index = static_cast<int>(i);
    range.begin = segments[i].begin;
    range.end = segments[i].end;
    range.start_line = segments[i].start_line;
    FindBody(text, range);
    out.push_back(range);
  }
  return out;
}

}  // namespace greenlight::document
