#include "document/internal/splitter.h"

namespace greenlight::document {
namespace {

bool IsMarker(std::string_view line, char c) {
  if (line.size() < 3 || line[0] != c || line[1] != c || line[2] != c) return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

// A line that is blank, a comment or a directive: no content of its own.
bool IsQuiet(std::string_view line) {
  for (char c : line) {
    if (c == ' ' || c == '\t' || c == '\r') continue;
    return c == '#' || c == '%';
  }
  return true;
}

std::string_view HelmSourceOf(std::string_view line) {
  static constexpr std::string_view kPrefix = "# Source: ";
  if (!line.starts_with(kPrefix)) return {};
  std::string_view rest = line.substr(kPrefix.size());
  while (!rest.empty() && (rest.back() == '\r' || rest.back() == ' ')) rest.remove_suffix(1);
  return rest;
}

}  // namespace

std::vector<Segment> SplitDocuments(std::string_view text, size_t max_segments) {
  std::vector<Segment> out;
  bool open = false;          // a document is being collected
  bool has_content = false;   // ...and it has content (matters only for implicit documents)
  bool explicit_start = false;
  Segment current;

  auto close = [&](size_t end) {
    if (open && (explicit_start || has_content)) {
      current.end = end;
      out.push_back(current);
    }
    open = false;
  };

  size_t pos = 0;
  uint32_t line_no = 1;
  while (pos < text.size() && out.size() <= max_segments) {
    size_t nl = text.find('\n', pos);
    size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos);
    if (IsMarker(line, '-')) {
      close(pos);
      current = Segment{pos, 0, line_no, {}};
      open = true;
      explicit_start = true;
      has_content = false;
    } else if (IsMarker(line, '.')) {
      close(next);
    } else if (!IsQuiet(line)) {
      if (!open) {
        // An implicit document: starts at the top of the stream (keeping its header comments)
        // or, after a '...', at its first content line.
        size_t begin = out.empty() && !explicit_start ? 0 : pos;
        uint32_t begin_line = out.empty() && !explicit_start ? 1 : line_no;
        std::string header_source = begin == 0 ? std::move(current.helm_source) : std::string();
        current = Segment{begin, 0, begin_line, std::move(header_source)};
        open = true;
        explicit_start = false;
      }
      has_content = true;
    } else if (open && !has_content && current.helm_source.empty()) {
      current.helm_source = std::string(HelmSourceOf(line));
    } else if (!open && out.empty() && !explicit_start) {
      // Header comments of an implicit first document are remembered in case it has content.
      if (auto source = HelmSourceOf(line); !source.empty()) current.helm_source = std::string(source);
    }
    pos = next;
    ++line_no;
  }
  if (out.size() <= max_segments) close(text.size());
  return out;
}

}  // namespace greenlight::document
