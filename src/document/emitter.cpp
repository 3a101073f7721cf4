#include "document/emitter.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>

namespace greenlight::document {
namespace {

bool IsIndicator(char c) {
  switch (c) {
    case '-':
    case '?':
    case ':':
    case ',':
    case '[':
    case ']':
    case '{':
    case '}':
    case '#':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`':
      return true;
    default:
      return false;
  }
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

void AppendDoubleQuoted(std::string& out, std::string_view text) {
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (IsControl(c)) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

// Multi-line strings read best as literal blocks; only text that a literal block can carry
// exactly (no carriage returns or other control characters, no leading blank or space, no
// trailing spaces on a line) is written that way.
bool CanBeLiteralBlock(std::string_view text) {
  if (text.find('\n') == std::string_view::npos) return false;
  if (text.front() == ' ' || text.front() == '\n' || text.front() == '\t') return false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      if (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) return false;
      continue;
    }
    if (c != '\t' && IsControl(c)) return false;
  }
  return text.back() != ' ' && text.back() != '\t';
}

void AppendLiteralBlock(std::string& out, std::string_view text, int indent) {
  size_t trailing = 0;
  while (trailing < text.size() && text[text.size() - 1 - trailing] == '\n') ++trailing;
  out += trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+";
  out += '\n';
  std::string_view body = text.substr(0, text.size() - trailing);
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t nl = body.find('\n', pos);
    std::string_view line =
        body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!line.empty()) out.append(indent, ' ').append(line);
    out += '\n';
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  for (size_t i = 1; i < trailing; ++i) out += '\n';
}

bool CanBeSingleQuoted(std::string_view text) {
  for (unsigned char c : text) {
    if (IsControl(c)) return false;
  }
  return true;
}

void AppendSingleQuoted(std::string& out, std::string_view text) {
  out += '\'';
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  out += '\'';
}

void AppendKey(std::string& out, const std::string& key) {
  if (IsSafePlainString(key)) {
    out += key;
  } else {
    AppendDoubleQuoted(out, key);
  }
}

// Appends a scalar after "key: " or "- "; block scalars continue on the next lines at `indent`.
void AppendScalar(std::string& out, const Value& v, int indent) {
  if (v.scalar_type() != ScalarType::kString) {
    out += v.text().empty() ? "null" : v.text();
    out += '\n';
    return;
  }
  const std::string& s = v.text();
  if (v.style() == ScalarStyle::kSingleQuoted && CanBeSingleQuoted(s)) {
    AppendSingleQuoted(out, s);
    out += '\n';
  } else if (v.style() == ScalarStyle::kDoubleQuoted) {
    AppendDoubleQuoted(out, s);
    out += '\n';
  } else if (IsSafePlainString(s)) {
    out += s;
    out += '\n';
  } else if (CanBeLiteralBlock(s)) {
    AppendLiteralBlock(out, s, indent);
  } else {
    AppendDoubleQuoted(out, s);
    out += '\n';
  }
}

void AppendNode(std::string& out, const Value& v, int indent);

// Writes mapping entries at `indent`; the first one continues the current line when
// `first_inline` (a mapping that is a sequence item: "- key: value").
void AppendMapping(std::string& out, const Value& map, int indent, bool first_inline) {
  bool first = true;
  for (const auto& [key, value] : map.entries()) {
    if (!(first && first_inline)) out.append(indent, ' ');
    first = false;
    AppendKey(out, key);
    out += ':';
    if (value.IsScalar()) {
      out += ' ';
      AppendScalar(out, value, indent + 2);
    } else if (value.size() == 0) {
      out += value.IsMapping() ? " {}\n" : " []\n";
    } else {
      out += '\n';
      AppendNode(out, value, indent + 2);
    }
  }
}

void AppendSequence(std::string& out, const Value& seq, int indent) {
  for (const Value& item : seq.items()) {
    out.append(indent, ' ');
    out += '-';
    if (item.IsScalar()) {
      out += ' ';
      AppendScalar(out, item, indent + 2);
    } else if (item.size() == 0) {
      out += item.IsMapping() ? " {}\n" : " []\n";
    } else if (item.IsMapping()) {
      out += ' ';
      AppendMapping(out, item, indent + 2, /*first_inline=*/true);
    } else {
      out += '\n';
      AppendSequence(out, item, indent + 2);
    }
  }
}

void AppendNode(std::string& out, const Value& v, int indent) {
  if (v.IsMapping()) {
    AppendMapping(out, v, indent, false);
  } else {
    AppendSequence(out, v, indent);
  }
}

bool IsJsonNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  } else {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

// The decimal value of a YAML 1.1 integer spelling (0777, 0x1F, 0b11, +12, 1_000, 1:30) as
// Kubernetes' YAML reader takes it; nullopt past 64 bits.
std::optional<std::string> DecimalInt(std::string_view s) {
  bool negative = !s.empty() && s.front() == '-';
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  unsigned base = 10;
  if (s.starts_with("0b")) {
    base = 2;
    s.remove_prefix(2);
  } else if (s.starts_with("0x")) {
    base = 16;
    s.remove_prefix(2);
  } else if (s.size() > 1 && s.front() == '0') {
    base = 8;
  } else if (s.find(':') != std::string_view::npos) {
    base = 60;
  }
  uint64_t value = 0, digit = 0, limit = std::numeric_limits<uint64_t>::max();
  bool any_digit = false;
  auto push = [&](uint64_t d, uint64_t radix) {
    if (value > (limit - d) / radix) return false;
    value = value * radix + d;
    return true;
  };
  for (char c : s) {
    if (c == '_') continue;
    if (base == 60) {  // digits in groups of base 60: 1:30 is 90
      if (c == ':') {
        if (!push(digit, 60)) return std::nullopt;
        digit = 0;
      } else if (!std::isdigit(static_cast<unsigned char>(c)) || digit > (limit - 9) / 10) {
        return std::nullopt;
      } else {
        digit = digit * 10 + static_cast<uint64_t>(c - '0');
      }
      continue;
    }
    // Any other spelling (a `!!int` tag on text) stays a string.
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                                                             : 99;
    if (d >= static_cast<int>(base) || !push(static_cast<uint64_t>(d), base)) return std::nullopt;
    any_digit = true;
  }
  if (base == 60) any_digit = !s.empty() && std::isdigit(static_cast<unsigned char>(s.back()));
  if (!any_digit) return std::nullopt;
  if (base == 60 && !push(digit, 60)) return std::nullopt;
  return (negative && value != 0 ? "-" : "") + std::to_string(value);
}

// A YAML 1.1 float spelling (.5, +1.5, 1_000.5, 1.e+3) as a JSON number; nullopt for .inf,
// .nan and base-60 floats, which JSON cannot write as numbers.
std::optional<std::string> JsonFloat(std::string_view s) {
  std::string out;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    if (s.front() == '-') out += '-';
    s.remove_prefix(1);
  }
  if (!s.empty() && s.front() == '.') out += '0';
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') continue;
    out += s[i];
    bool digit_follows = i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]));
    if (s[i] == '.' && !digit_follows) out += '0';
  }
  if (!IsJsonNumber(out)) return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::string> JsonNumberText(std::string_view text, ScalarType type) {
  if (type != ScalarType::kInt && type != ScalarType::kFloat) return std::nullopt;
  if (IsJsonNumber(text)) return std::string(text);
  return type == ScalarType::kInt ? DecimalInt(text) : JsonFloat(text);
}

std::optional<std::string> JsonBoolText(std::string_view text, ScalarType type) {
  if (type != ScalarType::kBool) return std::nullopt;
  // YAML 1.1's bool spellings (Kubernetes reads manifests as YAML 1.1); a plain scalar resolves
  // to a bool only for some of them, a !!bool tag may carry any.
  static constexpr std::string_view kTrue[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"};
  static constexpr std::string_view kFalse[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"};
  for (std::string_view spelling : kTrue) {
    if (text == spelling) return "true";
  }
  for (std::string_view spelling : kFalse) {
    if (text == spelling) return "false";
  }
  return std::nullopt;
}

namespace {

void AppendJson(std::string& out, const Value& v, int indent) {
  if (v.IsScalar()) {
    switch (v.scalar_type()) {
      case ScalarType::kNull:
        out += "null";
        return;
      case ScalarType::kBool:
        if (std::optional<std::string> flag = JsonBoolText(v.text(), v.scalar_type())) {
          out += *flag;
          return;
        }
        break;  // a !!bool tag on a word that is no bool: a string, not a guessed truth value
      case ScalarType::kInt:
      case ScalarType::kFloat:
        if (std::optional<std::string> number = JsonNumberText(v.text(), v.scalar_type())) {
          out += *number;
          return;
        }
        break;  // .inf and .nan, or past 64 bits: a string, as JSON has no such number
      case ScalarType::kString:
        break;
    }
    AppendDoubleQuoted(out, v.text());
    return;
  }
  bool mapping = v.IsMapping();
  if (v.size() == 0) {
    out += mapping ? "{}" : "[]";
    return;
  }
  out += mapping ? "{\n" : "[\n";
  size_t n = 0;
  auto item = [&](const Value& child, const std::string* key) {
    out.append(indent + 2, ' ');
    if (key != nullptr) {
      AppendDoubleQuoted(out, *key);
      out += ": ";
    }
    AppendJson(out, child, indent + 2);
    out += ++n < v.size() ? ",\n" : "\n";
  };
  if (mapping) {
    for (const auto& [key, child] : v.entries()) item(child, &key);
  } else {
    for (const Value& child : v.items()) item(child, nullptr);
  }
  out.append(indent, ' ');
  out += mapping ? "}" : "]";
}

}  // namespace

bool IsSafePlainString(std::string_view s) {
  if (s.empty()) return false;
  if (ResolvePlainScalar(s) != ScalarType::kString) return false;
  char first = s.front();
  if (first == ' ' || first == '\t') return false;
  if (IsIndicator(first)) {
    bool dash_like = first == '-' || first == '?' || first == ':';
    if (!dash_like || s.size() < 2 || s[1] == ' ' || s[1] == '\t') return false;
  }
  if (s.back() == ' ' || s.back() == '\t' || s.back() == ':') return false;
  if (s.starts_with("---") || s.starts_with("...")) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsControl(c)) return false;
    if (c == ':' && i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t')) return false;
    if (c == '#' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) return false;
  }
  return true;
}

std::string EmitYaml(const Value& root) {
  std::string out;
  if (root.IsScalar()) {
    AppendScalar(out, root, 0);
  } else if (root.size() == 0) {
    out = root.IsMapping() ? "{}\n" : "[]\n";
  } else {
    AppendNode(out, root, 0);
  }
  return out;
}

std::string EmitJson(const Value& root) {
  std::string out;
  AppendJson(out, root, 0);
  out += '\n';
  return out;
}

}  // namespace greenlight::document
