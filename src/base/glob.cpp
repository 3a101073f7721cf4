#include "base/glob.h"

#include <string>

namespace greenlight {
namespace {

bool MatchClass(std::string_view& pattern, char c) {
  // pattern starts after '['. Consumes through ']'.
  bool negate = !pattern.empty() && (pattern.front() == '!' || pattern.front() == '^');
  if (negate) pattern.remove_prefix(1);
  bool matched = false;
  bool first = true;
  while (!pattern.empty() && (first || pattern.front() != ']')) {
    first = false;
    char lo = pattern.front();
    pattern.remove_prefix(1);
    char hi = lo;
    if (pattern.size() >= 2 && pattern.front() == '-' && pattern[1] != ']') {
      hi = pattern[1];
      pattern.remove_prefix(2);
    }
    if (lo <= c && c <= hi) matched = true;
  }
  if (!pattern.empty()) pattern.remove_prefix(1);  // ']'
  return matched != negate;
}

// Iterative matcher with backtracking for '*' and '**'. Linear-ish for the short patterns
// users write; never recursive, so a hostile pattern cannot blow the stack.
bool Match(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  bool star_crosses_slash = false;
  while (t < text.size()) {
    if (p < pattern.size()) {
      char pc = pattern[p];
      if (pc == '*') {
        bool double_star = p + 1 < pattern.size() && pattern[p + 1] == '*';
        p += double_star ? 2 : 1;
        if (double_star && p < pattern.size() && pattern[p] == '/') {
          // "**/" also matches zero segments.
          star_p = p + 1;
          star_t = t;
          star_crosses_slash = true;
          // Try matching zero segments first by skipping the slash in the pattern.
          p += 1;
          continue;
        }
        star_p = p;
        star_t = t;
        star_crosses_slash = double_star;
        continue;
      }
      if (pc == '?' && text[t] != '/') {
        ++p;
        ++t;
        continue;
      }
      if (pc == '[') {
        std::string_view rest = pattern.substr(p + 1);
        size_t before = rest.size();
        if (text[t] != '/' && MatchClass(rest, text[t])) {
          p += 1 + (before - rest.size());
          ++t;
          continue;
        }
      } else if (pc == text[t]) {
        ++p;
        ++t;
        continue;
      }
    }
    if (star_p != std::string_view::npos && (star_crosses_slash || text[star_t] != '/')) {
      ++star_t;
      t = star_t;
      p = star_p;
      continue;
    }
    return false;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  if (pattern.find('/') == std::string_view::npos) {
    size_t slash = path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    return Match(pattern, name);
  }
  if (!pattern.empty() && pattern.front() == '/') pattern.remove_prefix(1);
  // A pattern naming a directory ("charts/**" or "charts/") covers everything below it.
  if (!pattern.empty() && pattern.back() == '/') {
    std::string_view dir = pattern.substr(0, pattern.size() - 1);
    return Match(dir, path) || Match(std::string(dir) + "/**", path);
  }
  return Match(pattern, path);
}

}  // namespace greenlight
