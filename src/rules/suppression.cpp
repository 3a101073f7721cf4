#include "rules/suppression.h"

namespace greenlight::rules {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view LineOf(std::string_view text, size_t start) {
  size_t end = text.find('\n', start);
  std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool IsCommentOnly(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && IsSpace(line[i])) ++i;
  return i < line.size() && line[i] == '#';
}

// Column (1-based, in bytes) of the directive's '#', or 0 when the text at `at` is not inside a
// comment ("#" at line start or after whitespace, then optional spaces, then the keyword).
size_t CommentColumn(std::string_view line, size_t at) {
  size_t i = at;
  while (i > 0 && IsSpace(line[i - 1])) --i;
  if (i == 0 || line[i - 1] != '#') return 0;
  size_t hash = i - 1;
  if (hash > 0 && !IsSpace(line[hash - 1])) return 0;
  return hash + 1;
}

}  // namespace

std::vector<SuppressionToken> SplitIgnoreList(std::string_view list, uint32_t line, uint32_t column) {
  std::vector<SuppressionToken> out;
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (IsSpace(list[i]) || list[i] == ',')) ++i;
    size_t start = i;
    while (i < list.size() && !IsSpace(list[i]) && list[i] != ',') ++i;
    if (i > start) {
      out.push_back(SuppressionToken{std::string(list.substr(start, i - start)), line,
                                     column + static_cast<uint32_t>(start)});
    }
  }
  return out;
}

std::vector<CommentDirective> FindCommentDirectives(std::string_view text) {
  std::vector<CommentDirective> out;
  constexpr std::string_view kKeyword = kIgnoreComment;
  size_t found = text.find(kKeyword);
  if (found == std::string_view::npos) return out;
  uint32_t line_number = 1;
  size_t line_start = 0;
  while (found != std::string_view::npos) {
    // Advance line bookkeeping to the line holding `found`.
    for (size_t nl = text.find('\n', line_start); nl != std::string_view::npos && nl < found;
         nl = text.find('\n', line_start)) {
      line_start = nl + 1;
      ++line_number;
    }
    std::string_view line = LineOf(text, line_start);
    size_t at = found - line_start;
    size_t hash_column = CommentColumn(line, at);
    size_t after = at + kKeyword.size();
    bool separated = after >= line.size() || line[after] == '=' || IsSpace(line[after]);
    if (hash_column > 0 && separated) {
      std::string_view rest = after < line.size() ? line.substr(after + 1) : std::string_view();
      if (size_t reason = rest.find(" --"); reason != std::string_view::npos) rest = rest.substr(0, reason);
      uint32_t target = line_number;
      if (IsCommentOnly(line.substr(0, hash_column))) {
        // A directive on its own line covers the next line that is not a comment.
        size_t next = line_start;
        uint32_t next_number = line_number;
        do {
          size_t nl = text.find('\n', next);
          if (nl == std::string_view::npos) {
            next = text.size();
            break;
          }
          next = nl + 1;
          ++next_number;
        } while (next < text.size() && IsCommentOnly(LineOf(text, next)));
        target = next_number;
      }
      for (SuppressionToken& token :
           SplitIgnoreList(rest, line_number, static_cast<uint32_t>(after + 2))) {
        out.push_back(CommentDirective{target, std::move(token)});
      }
    }
    found = text.find(kKeyword, found + kKeyword.size());
  }
  return out;
}

}  // namespace greenlight::rules
