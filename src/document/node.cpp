#include "document/node.h"

#include <algorithm>
#include <cctype>

namespace greenlight::document {
namespace {

bool IsDigitOrUnderscore(char c, int base) {
  if (c == '_') return true;
  if (base == 2) return c == '0' || c == '1';
  if (base == 8) return c >= '0' && c <= '7';
  if (base == 16) return std::isxdigit(static_cast<unsigned char>(c)) != 0;
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool AllOf(std::string_view s, int base) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) { return IsDigitOrUnderscore(c, base); });
}

// [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+ and the float variant's integer part: base-60 numbers.
bool IsSexagesimal(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view head = s.substr(0, colon);
  if (!AllOf(head, 10)) return false;
  std::string_view rest = s.substr(colon);
  while (!rest.empty()) {
    if (rest.front() != ':') return false;
    rest.remove_prefix(1);
    size_t n = 0;
    while (n < rest.size() && n < 2 && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
    if (n == 0) return false;
    if (n == 2 && rest[0] > '5') return false;
    rest.remove_prefix(n);
  }
  return true;
}

bool IsInt(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  if (s.starts_with("0b")) return AllOf(s.substr(2), 2);
  if (s.starts_with("0x")) return AllOf(s.substr(2), 16);
  if (s == "0") return true;
  if (s.front() == '0') return AllOf(s.substr(1), 8);
  if (s.front() >= '1' && s.front() <= '9') {
    if (AllOf(s, 10)) return true;
    return IsSexagesimal(s);
  }
  return false;
}

bool IsExponent(std::string_view s) {
  // [eE][-+][0-9]+ (PyYAML requires the sign)
  return s.size() >= 3 && (s[0] == 'e' || s[0] == 'E') && (s[1] == '-' || s[1] == '+') &&
         std::all_of(s.begin() + 2, s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool IsFloat(std::string_view s) {
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  std::string_view unsigned_part = s;
  if (!unsigned_part.empty() && (unsigned_part.front() == '-' || unsigned_part.front() == '+')) {
    unsigned_part.remove_prefix(1);
  }
  if (unsigned_part == ".inf" || unsigned_part == ".Inf" || unsigned_part == ".INF") return true;
  // \.[0-9_]+(exp)?  (no sign allowed by PyYAML's regex)
  if (s.front() == '.') {
    std::string_view frac = s.substr(1);
    size_t e = frac.find_first_of("eE");
    std::string_view digits = frac.substr(0, e);
    if (!AllOf(digits, 10)) return false;
    return e == std::string_view::npos || IsExponent(frac.substr(e));
  }
  s = unsigned_part;
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s.front()))) return false;
  size_t dot = s.find('.');
  if (dot == std::string_view::npos) return false;
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = s.substr(dot + 1);
  if (whole.find(':') != std::string_view::npos) {
    // [0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
    return IsSexagesimal(whole) && (frac.empty() || AllOf(frac, 10));
  }
  if (!AllOf(whole, 10)) return false;
  size_t e = frac.find_first_of("eE");
  std::string_view digits = frac.substr(0, e);
  if (!digits.empty() && !AllOf(digits, 10)) return false;
  return e == std::string_view::npos || IsExponent(frac.substr(e));
}

}  // namespace

ScalarType ResolvePlainScalar(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return ScalarType::kNull;
  switch (s.front()) {
    case 'y': case 'Y': case 'n': case 'N': case 't': case 'T': case 'f': case 'F': case 'o': case 'O':
      if (s == "yes" || s == "Yes" || s == "YES" || s == "no" || s == "No" || s == "NO" ||
          s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" ||
          s == "FALSE" || s == "on" || s == "On" || s == "ON" || s == "off" || s == "Off" ||
          s == "OFF") {
        return ScalarType::kBool;
      }
      return ScalarType::kString;
    default:
      break;
  }
  if (IsInt(s)) return ScalarType::kInt;
  if (IsFloat(s)) return ScalarType::kFloat;
  return ScalarType::kString;
}

ScalarType Node::scalar_type() const {
  if (!tag_.empty()) {
    static constexpr std::string_view kPrefix = "tag:yaml.org,2002:";
    if (tag_.starts_with(kPrefix)) {
      std::string_view t = std::string_view(tag_).substr(kPrefix.size());
      if (t == "str") return ScalarType::kString;
      if (t == "null") return ScalarType::kNull;
      if (t == "bool") return ScalarType::kBool;
      if (t == "int") return ScalarType::kInt;
      if (t == "float") return ScalarType::kFloat;
    }
    if (tag_ == "!") return ScalarType::kString;  // non-specific tag on a quoted scalar
  }
  if (style_ != ScalarStyle::kPlain) return ScalarType::kString;
  return ResolvePlainScalar(scalar_);
}

const Node* Node::Get(std::string_view key) const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->first->scalar_ == key) return it->second;
  }
  return nullptr;
}

const Node* Node::GetKey(std::string_view key) const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->first->scalar_ == key) return it->first;
  }
  return nullptr;
}

}  // namespace greenlight::document
