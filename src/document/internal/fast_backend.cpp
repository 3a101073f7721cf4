// The fast path: a parser of its own for the block YAML that Kubernetes manifests are written in
// (block mappings and sequences, single-line plain and quoted scalars, literal and folded block
// scalars, single-line flow collections, comments). It builds the same tree, with the same marks,
// as libyaml's event API would, but without libyaml's per-document set-up, token queue and
// per-event copies. Whatever it does not take (see FastPathDecline) it declines before building
// anything visible, and the caller parses that document with libyaml, which also reports every
// syntax error: the fast path never reports one itself.
//
// The rules below follow libyaml 0.2.5's scanner (scanner.c) where YAML leaves room: columns
// count characters, an empty value is marked just past its ':' or '-', a plain scalar ends at
// ": ", " #" or the line end, and the indentation of a block scalar is found as
// yaml_parser_scan_block_scalar_breaks finds it. The differential tests compare every tree.
#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "document/internal/backends.h"
#include "document/internal/builder.h"

namespace greenlight::document {
namespace {

constexpr int kMaxDepth = 64;     // deeper documents go to libyaml (and its own limits)
constexpr int kNothingFollows = -1;  // next_indent_ when the document has no more content
constexpr size_t kMaxSimpleKey = 1000;  // libyaml refuses implicit keys past 1024 characters

// Byte classes of the pre-scan.
enum : uint8_t { kPlainByte = 0, kRefused = 1, kCheck = 2, kHighByte = 3 };

constexpr std::array<uint8_t, 256> MakeByteClasses() {
  std::array<uint8_t, 256> classes{};
  for (int c = 0; c < 0x20; ++c) classes[c] = kRefused;  // control characters and tabs
  classes['\n'] = kPlainByte;
  classes['\r'] = kCheck;  // only as part of "\r\n"
  classes[0x7F] = kRefused;
  for (int c = 0x80; c < 0x100; ++c) classes[c] = kHighByte;
  classes[0xC2] = kCheck;  // U+0080..U+009F: C1 controls and NEL (a line break to libyaml)
  classes[0xE2] = kCheck;  // U+2028, U+2029: line and paragraph separators
  classes[0xEF] = kCheck;  // U+FEFF (a BOM inside the text), U+FFFE, U+FFFF
  return classes;
}
constexpr std::array<uint8_t, 256> kByteClasses = MakeByteClasses();

bool IsBreakOrEnd(char c) { return c == '\n' || c == '\r' || c == '\0'; }
bool IsBlankOrEnd(char c) { return c == ' ' || IsBreakOrEnd(c); }
bool IsFlowIndicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

class FastParser {
 public:
  FastParser(std::string_view text, uint32_t first_line) : text_(text), first_line_(first_line) {}

  std::optional<Document> Run(FastPathDecline* why) {
    Node* root = Prescan() ? ParseDocument() : nullptr;
    if (root != nullptr && !builder_.SetRoot(root).ok()) {  // a root scalar past a limit: libyaml says so
      root = nullptr;
      decline_ = FastPathDecline::kOther;
    }
    if (why != nullptr) *why = root == nullptr ? decline_ : FastPathDecline::kNone;
    if (root == nullptr) return std::nullopt;
    return builder_.Take();
  }

 private:
  enum class Placement { kNewLine, kAfterDash, kAfterKey };

  // ---- failure -------------------------------------------------------------------------------

  Node* Decline(FastPathDecline why) {
    if (decline_ == FastPathDecline::kNone) decline_ = why;
    return nullptr;
  }

  // ---- the text ------------------------------------------------------------------------------

  char At(size_t p) const { return p < text_.size() ? text_[p] : '\0'; }
  char Here() const { return At(pos_); }

  bool Prescan() {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text_.data());
    const size_t n = text_.size();
    for (size_t i = 0; i < n; ++i) {
      const uint8_t cls = kByteClasses[bytes[i]];
      if (cls == kPlainByte) continue;
      if (cls == kHighByte) {
        ascii_ = false;
        continue;
      }
      if (cls == kRefused) return Decline(FastPathDecline::kCharacters) != nullptr;
      const unsigned char b1 = i + 1 < n ? bytes[i + 1] : 0;
      const unsigned char b2 = i + 2 < n ? bytes[i + 2] : 0;
      bool refused = false;
      switch (bytes[i]) {
        case '\r': refused = b1 != '\n'; break;
        case 0xC2: refused = b1 >= 0x80 && b1 <= 0x9F; break;
        case 0xE2: refused = b1 == 0x80 && (b2 == 0xA8 || b2 == 0xA9); break;
        case 0xEF: refused = (b1 == 0xBB && b2 == 0xBF) || (b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)); break;
        default: break;
      }
      if (bytes[i] >= 0x80) ascii_ = false;
      if (refused) return Decline(FastPathDecline::kCharacters) != nullptr;
    }
    return true;
  }

  // 0-based column in characters, as libyaml counts it.
  uint32_t ColumnOf(size_t p) const {
    if (ascii_) return static_cast<uint32_t>(p - line_start_);
    uint32_t column = 0;
    for (size_t i = line_start_; i < p; ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    }
    return column;
  }

  Mark MarkAt(size_t p) const { return Mark{line_ + first_line_, ColumnOf(p) + 1}; }
  // Where libyaml marks an empty value: just past the ':' or '-' at `p`.
  Mark EmptyMarkAfter(size_t p) const { return Mark{line_ + first_line_, ColumnOf(p) + 2}; }

  // Moves to the start of the next line (or the end of the text).
  void NextLine() {
    const void* nl = pos_ < text_.size() ? std::memchr(text_.data() + pos_, '\n', text_.size() - pos_) : nullptr;
    pos_ = nl == nullptr ? text_.size() : static_cast<size_t>(static_cast<const char*>(nl) - text_.data()) + 1;
    line_start_ = pos_;
    ++line_;
  }

  // Consumes a line break at pos_ ("\n" or "\r\n"); false at the end of the text.
  bool ConsumeBreak() {
    if (Here() == '\r') ++pos_;
    if (Here() != '\n') return false;
    ++pos_;
    line_start_ = pos_;
    ++line_;
    return true;
  }

  void SkipSpaces() {
    while (Here() == ' ') ++pos_;
  }

  bool IsMarkerHere(char c) const {
    return pos_ == line_start_ && At(pos_) == c && At(pos_ + 1) == c && At(pos_ + 2) == c &&
           IsBlankOrEnd(At(pos_ + 3));
  }

  // After a token: the rest of the line must be blank or a comment; moves to the next line.
  bool FinishLine() {
    SkipSpaces();
    if (Here() == '#') {
      if (pos_ == 0 || text_[pos_ - 1] != ' ') return Decline(FastPathDecline::kOther) != nullptr;
      NextLine();
      return true;
    }
    if (!IsBreakOrEnd(Here())) return Decline(FastPathDecline::kOther) != nullptr;
    NextLine();
    return true;
  }

  // From the start of a line, skips blank and comment lines; leaves pos_ at the first content
  // character and sets next_indent_ to its column (kNothingFollows at the end or at '...').
  bool SkipToContent() {
    for (;;) {
      if (pos_ >= text_.size()) {
        next_indent_ = kNothingFollows;
        return true;
      }
      if (pos_ == line_start_) {
        if (IsMarkerHere('.')) {
          pos_ += 3;
          if (!FinishLine()) return false;
          ended_by_marker_ = true;
          continue;
        }
        if (IsMarkerHere('-')) return Decline(FastPathDecline::kOther) != nullptr;
      }
      SkipSpaces();
      const char c = Here();
      if (c == '#' || IsBreakOrEnd(c)) {
        NextLine();
        continue;
      }
      if (ended_by_marker_) return Decline(FastPathDecline::kOther) != nullptr;
      next_indent_ = static_cast<int>(pos_ - line_start_);
      return true;
    }
  }

  // After a value that ends on its line: nothing may follow on the line, and the next content
  // must not be indented past the enclosing block (it would continue a plain scalar, or be an
  // error, in libyaml).
  bool EndValue(int indent, FastPathDecline if_deeper) {
    if (!FinishLine() || !SkipToContent()) return false;
    if (next_indent_ > indent) return Decline(if_deeper) != nullptr;
    return true;
  }

  // ---- documents ------------------------------------------------------------------------------

  Node* ParseDocument() {
    // Header: blank lines, comments and one '---' line with nothing after it.
    bool started = false;
    for (;;) {
      if (pos_ >= text_.size()) return Decline(FastPathDecline::kDirectiveOrEmpty);
      if (IsMarkerHere('-')) {
        if (started) return Decline(FastPathDecline::kOther);
        started = true;
        pos_ += 3;
        SkipSpaces();
        if (!IsBreakOrEnd(Here()) && Here() != '#') return Decline(FastPathDecline::kDirectiveOrEmpty);
        if (!FinishLine()) return nullptr;
        continue;
      }
      if (Here() == '%' || IsMarkerHere('.')) return Decline(FastPathDecline::kDirectiveOrEmpty);
      SkipSpaces();
      if (Here() == '#' || IsBreakOrEnd(Here())) {
        NextLine();
        continue;
      }
      break;
    }
    Node* root = ParseBlockNode(-1, Placement::kNewLine, 0);
    if (root == nullptr) return nullptr;
    if (next_indent_ != kNothingFollows) return Decline(FastPathDecline::kOther);
    return root;
  }

  // ---- block context ---------------------------------------------------------------------------

  // Parses the node at pos_ (a content character). `indent` is libyaml's parser->indent: the
  // column of the innermost block collection (-1 at the root). Leaves pos_ at the next content
  // (next_indent_ set).
  Node* ParseBlockNode(int indent, Placement where, int depth) {
    if (depth > kMaxDepth) return Decline(FastPathDecline::kOther);
    const char c = Here();
    const char next = At(pos_ + 1);
    const size_t start = pos_;
    if (c == '-' && IsBlankOrEnd(next)) {
      if (where != Placement::kNewLine) return Decline(FastPathDecline::kOther);
      return ParseBlockSequence(static_cast<int>(pos_ - line_start_), depth + 1);
    }
    if (c == '|' || c == '>') return ParseBlockScalar(indent);
    Node* scalar = nullptr;
    bool plain = false;
    if (c == '[' || c == '{') {
      scalar = ParseFlowNode(depth + 1);  // a flow collection, in fact
    } else if (c == '"' || c == '\'') {
      scalar = ParseQuoted();
    } else if (StartsPlain(c, next, /*flow=*/false)) {
      scalar = ParsePlain(/*flow=*/false);
      plain = true;
    } else {
      return Decline(IsProperty(c) ? FastPathDecline::kPropertiesOrAliases : FastPathDecline::kOther);
    }
    if (scalar == nullptr) return nullptr;
    if (IsKeyIndicatorAhead()) {
      if (where == Placement::kAfterKey || !scalar->IsScalar()) return Decline(FastPathDecline::kOther);
      return ParseBlockMapping(start, scalar, depth + 1);
    }
    if (!EndValue(indent, plain ? FastPathDecline::kMultiLineScalar : FastPathDecline::kOther)) return nullptr;
    return scalar;
  }

  static bool IsProperty(char c) { return c == '&' || c == '*' || c == '!'; }

  // libyaml's test for the first character of a plain scalar.
  static bool StartsPlain(char c, char next, bool flow) {
    switch (c) {
      case '-':
        return !IsBlankOrEnd(next) && !(flow && IsFlowIndicator(next));
      case '?':
      case ':':
        return !flow && !IsBlankOrEnd(next);
      case ',': case '[': case ']': case '{': case '}': case '#': case '&': case '*': case '!':
      case '|': case '>': case '\'': case '"': case '%': case '@': case '`': case ' ':
      case '\n': case '\r': case '\0':
        return false;
      default:
        return true;
    }
  }

  // After a scalar: is it a key (spaces, then ':' and a blank)? Leaves pos_ on the ':' if so.
  bool IsKeyIndicatorAhead() {
    size_t p = pos_;
    while (At(p) == ' ') ++p;
    if (At(p) != ':' || !IsBlankOrEnd(At(p + 1))) return false;
    pos_ = p;
    return true;
  }

  // A block mapping whose first key (already parsed, starting at `start`) is followed by the
  // ':' at pos_.
  Node* ParseBlockMapping(size_t start, Node* first_key, int depth) {
    if (depth > kMaxDepth) return Decline(FastPathDecline::kOther);
    if (pos_ - start > kMaxSimpleKey) return Decline(FastPathDecline::kOther);
    const int column = static_cast<int>(start - line_start_);
    Node* mapping = builder_.NewMapping(first_key->mark(), {});
    const Node* key = first_key;
    for (;;) {
      const Mark empty_mark = EmptyMarkAfter(pos_);
      ++pos_;  // the ':'
      SkipSpaces();
      const Node* value = nullptr;
      if (Here() == '#' || IsBreakOrEnd(Here())) {
        if (!FinishLine() || !SkipToContent()) return nullptr;
        if (next_indent_ > column) {
          value = ParseBlockNode(column, Placement::kNewLine, depth);
        } else if (next_indent_ == column && Here() == '-' && IsBlankOrEnd(At(pos_ + 1))) {
          value = ParseBlockSequence(column, depth + 1);  // indentless: "key:\n- item"
        } else {
          value = builder_.NewScalar(empty_mark, {}, ScalarStyle::kPlain, {});
        }
      } else {
        value = ParseBlockNode(column, Placement::kAfterKey, depth);
      }
      if (value == nullptr) return nullptr;
      if (!builder_.AddEntry(mapping, key, value).ok()) return Decline(FastPathDecline::kOther);
      if (next_indent_ < column) break;
      if (next_indent_ > column) return Decline(FastPathDecline::kOther);
      key = ParseKey();
      if (key == nullptr) return nullptr;
    }
    if (!builder_.FinishMapping(mapping).ok()) return Decline(FastPathDecline::kOther);
    return mapping;
  }

  // The next key of a block mapping, at pos_; leaves pos_ on its ':'.
  Node* ParseKey() {
    const size_t start = pos_;
    const char c = Here();
    Node* key = nullptr;
    if (c == '"' || c == '\'') {
      key = ParseQuoted();
    } else if (StartsPlain(c, At(pos_ + 1), /*flow=*/false)) {
      key = ParsePlain(/*flow=*/false);
    } else {
      return Decline(IsProperty(c) || c == '?' ? FastPathDecline::kPropertiesOrAliases : FastPathDecline::kOther);
    }
    if (key == nullptr) return nullptr;
    if (!IsKeyIndicatorAhead()) return Decline(FastPathDecline::kMultiLineScalar);
    if (pos_ - start > kMaxSimpleKey) return Decline(FastPathDecline::kOther);
    return key;
  }

  // A block sequence whose first '-' is at pos_, in `column`. An indentless sequence ("key:\n-
  // item" with the '-' in the key's column) ends at the first line that is not an item.
  Node* ParseBlockSequence(int column, int depth) {
    if (depth > kMaxDepth) return Decline(FastPathDecline::kOther);
    Node* sequence = builder_.NewSequence(MarkAt(pos_), {});
    for (;;) {
      const Mark empty_mark = EmptyMarkAfter(pos_);
      ++pos_;  // the '-'
      SkipSpaces();
      const Node* item = nullptr;
      if (Here() == '#' || IsBreakOrEnd(Here())) {
        if (!FinishLine() || !SkipToContent()) return nullptr;
        item = next_indent_ > column
                   ? ParseBlockNode(column, Placement::kNewLine, depth)
                   : builder_.NewScalar(empty_mark, {}, ScalarStyle::kPlain, {});
      } else {
        item = ParseBlockNode(column, Placement::kAfterDash, depth);
      }
      if (item == nullptr) return nullptr;
      if (!builder_.AddItem(sequence, item).ok()) return Decline(FastPathDecline::kOther);
      if (next_indent_ < column) break;
      if (next_indent_ > column) return Decline(FastPathDecline::kOther);
      if (Here() != '-' || !IsBlankOrEnd(At(pos_ + 1))) break;  // the enclosing mapping's next key
    }
    return sequence;
  }

  // ---- scalars ---------------------------------------------------------------------------------

  // A plain scalar on one line; in flow context it also ends at a flow indicator. Leaves pos_
  // just past its last non-space character.
  Node* ParsePlain(bool flow) {
    const size_t start = pos_;
    size_t p = pos_;
    size_t end = p;
    for (;;) {
      const char c = At(p);
      if (IsBreakOrEnd(c)) break;
      if (c == ':') {
        const char after = At(p + 1);
        if (IsBlankOrEnd(after)) break;
        if (flow) return Decline(FastPathDecline::kRareSpelling);  // libyaml versions differ here
      }
      if (flow && IsFlowIndicator(c)) break;
      if (c == ' ') {
        size_t q = p;
        while (At(q) == ' ') ++q;
        if (At(q) == '#' || IsBreakOrEnd(At(q))) break;
        p = q;
        continue;
      }
      ++p;
      end = p;
    }
    const Mark mark = MarkAt(start);
    pos_ = end;
    return builder_.NewScalar(mark, text_.substr(start, end - start), ScalarStyle::kPlain, {});
  }

  // A single- or double-quoted scalar that closes on its own line.
  Node* ParseQuoted() {
    const char quote = Here();
    const Mark mark = MarkAt(pos_);
    size_t p = pos_ + 1;
    std::string value;
    if (quote == '\'') {
      for (;;) {
        const char c = At(p);
        if (IsBreakOrEnd(c)) return Decline(FastPathDecline::kMultiLineScalar);
        if (c == '\'') {
          if (At(p + 1) != '\'') break;
          value += '\'';
          p += 2;
          continue;
        }
        // Copy the run up to the next quote or line end in one go.
        size_t q = p;
        while (At(q) != '\'' && !IsBreakOrEnd(At(q))) ++q;
        value.append(text_.data() + p, q - p);
        p = q;
      }
    } else {
      for (;;) {
        const char c = At(p);
        if (IsBreakOrEnd(c)) return Decline(FastPathDecline::kMultiLineScalar);
        if (c == '"') break;
        if (c != '\\') {
          size_t q = p;
          while (At(q) != '"' && At(q) != '\\' && !IsBreakOrEnd(At(q))) ++q;
          value.append(text_.data() + p, q - p);
          p = q;
          continue;
        }
        if (!AppendEscape(p, value)) return nullptr;
      }
    }
    pos_ = p + 1;
    return builder_.NewScalar(mark, std::move(value),
                              quote == '\'' ? ScalarStyle::kSingleQuoted : ScalarStyle::kDoubleQuoted,
                              {});
  }

  // The escape at p (a '\\'); advances p past it.
  bool AppendEscape(size_t& p, std::string& out) {
    const char e = At(p + 1);
    int digits = 0;
    switch (e) {
      case '0': out += '\0'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'v': out += '\v'; break;
      case 'f': out += '\f'; break;
      case 'r': out += '\r'; break;
      case 'e': out += '\x1B'; break;
      case ' ': out += ' '; break;
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case 'x': digits = 2; break;
      case 'u': digits = 4; break;
      case 'U': digits = 8; break;
      default: return Decline(FastPathDecline::kRareSpelling) != nullptr;
    }
    if (digits == 0) {
      p += 2;
      return true;
    }
    uint32_t code = 0;
    for (int i = 0; i < digits; ++i) {
      const int v = HexValue(At(p + 2 + static_cast<size_t>(i)));
      if (v < 0) return Decline(FastPathDecline::kRareSpelling) != nullptr;
      code = code * 16 + static_cast<uint32_t>(v);
    }
    if ((code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
      return Decline(FastPathDecline::kRareSpelling) != nullptr;
    }
    AppendUtf8(out, code);
    p += 2 + static_cast<size_t>(digits);
    return true;
  }

  // A literal (|) or folded (>) block scalar, as yaml_parser_scan_block_scalar reads it.
  Node* ParseBlockScalar(int indent) {
    const bool literal = Here() == '|';
    const Mark mark = MarkAt(pos_);
    ++pos_;
    int chomping = 0;
    int increment = 0;
    for (int i = 0; i < 2; ++i) {
      const char c = Here();
      if ((c == '+' || c == '-') && chomping == 0) {
        chomping = c == '+' ? 1 : -1;
        ++pos_;
      } else if (c >= '1' && c <= '9' && increment == 0) {
        increment = c - '0';
        ++pos_;
      } else {
        break;
      }
    }
    if (Here() != ' ' && Here() != '#' && !IsBreakOrEnd(Here())) return Decline(FastPathDecline::kOther);
    if (!FinishLine()) return nullptr;
    int block_indent = 0;
    if (increment > 0) block_indent = indent >= 0 ? indent + increment : increment;
    std::string value, trailing_breaks;
    bool leading_break = false;  // libyaml's leading_break is "" or "\n" once \r\n is read as \n
    ScanBlockBreaks(block_indent, trailing_breaks, indent);
    bool leading_blank = false;
    while (static_cast<int>(pos_ - line_start_) == block_indent && pos_ < text_.size()) {
      const bool trailing_blank = Here() == ' ';
      if (!literal && leading_break && !leading_blank && !trailing_blank) {
        if (trailing_breaks.empty()) value += ' ';
      } else if (leading_break) {
        value += '\n';
      }
      leading_break = false;
      value += trailing_breaks;
      trailing_breaks.clear();
      leading_blank = Here() == ' ';
      size_t end = pos_;
      while (!IsBreakOrEnd(At(end))) ++end;
      value.append(text_.data() + pos_, end - pos_);
      pos_ = end;
      leading_break = ConsumeBreak();
      ScanBlockBreaks(block_indent, trailing_breaks, indent);
    }
    if (chomping != -1 && leading_break) value += '\n';
    if (chomping == 1) value += trailing_breaks;
    Node* node = builder_.NewScalar(mark, std::move(value), literal ? ScalarStyle::kLiteral : ScalarStyle::kFolded,
                                    {});
    // pos_ is in the indentation of the first line that is not part of the scalar (or at the
    // end); read that line again from its start, as it may be a comment or a '...' marker.
    if (pos_ < text_.size()) pos_ = line_start_;
    if (!SkipToContent()) return nullptr;
    if (next_indent_ > indent) return Decline(FastPathDecline::kOther);
    return node;
  }

  // yaml_parser_scan_block_scalar_breaks: eats indentation and empty lines, and finds the
  // block's indentation when it is not known yet.
  void ScanBlockBreaks(int& block_indent, std::string& breaks, int indent) {
    int max_indent = 0;
    for (;;) {
      while ((block_indent == 0 || static_cast<int>(pos_ - line_start_) < block_indent) && Here() == ' ') ++pos_;
      max_indent = std::max(max_indent, static_cast<int>(pos_ - line_start_));
      if (Here() != '\n' && Here() != '\r') break;
      ConsumeBreak();
      breaks += '\n';
    }
    if (block_indent == 0) {
      block_indent = std::max({max_indent, indent + 1, 1});
    }
  }

  // ---- flow context (one line) ---------------------------------------------------------------

  Node* ParseFlowNode(int depth) {
    if (depth > kMaxDepth) return Decline(FastPathDecline::kOther);
    const char c = Here();
    if (c == '[') return ParseFlowSequence(depth);
    if (c == '{') return ParseFlowMapping(depth);
    if (c == '"' || c == '\'') return ParseQuoted();
    if (StartsPlain(c, At(pos_ + 1), /*flow=*/true)) return ParsePlain(/*flow=*/true);
    if (IsBreakOrEnd(c) || c == '#') return Decline(FastPathDecline::kFlowOverLines);
    return Decline(IsProperty(c) ? FastPathDecline::kPropertiesOrAliases : FastPathDecline::kRareSpelling);
  }

  // After a flow item: spaces, then ',' (true, pos_ past it) or `close` (true, pos_ past it,
  // *closed set). Anything else declines.
  bool FlowSeparator(char close, bool* closed) {
    SkipSpaces();
    const char c = Here();
    if (c == ',') {
      ++pos_;
      SkipSpaces();
      if (Here() == close) {
        ++pos_;
        *closed = true;
      }
      return true;
    }
    if (c == close) {
      ++pos_;
      *closed = true;
      return true;
    }
    return Decline(IsBreakOrEnd(c) || c == '#' ? FastPathDecline::kFlowOverLines
                                                : FastPathDecline::kRareSpelling) != nullptr;
  }

  Node* ParseFlowSequence(int depth) {
    Node* sequence = builder_.NewSequence(MarkAt(pos_), {});
    ++pos_;
    SkipSpaces();
    bool closed = Here() == ']';
    if (closed) ++pos_;
    while (!closed) {
      Node* item = ParseFlowNode(depth + 1);
      if (item == nullptr) return nullptr;
      if (!builder_.AddItem(sequence, item).ok()) return Decline(FastPathDecline::kOther);
      if (!FlowSeparator(']', &closed)) return nullptr;
    }
    return sequence;
  }

  Node* ParseFlowMapping(int depth) {
    Node* mapping = builder_.NewMapping(MarkAt(pos_), {});
    ++pos_;
    SkipSpaces();
    bool closed = Here() == '}';
    if (closed) ++pos_;
    while (!closed) {
      const char c = Here();
      Node* key = nullptr;
      if (c == '"' || c == '\'') {
        key = ParseQuoted();
      } else if (StartsPlain(c, At(pos_ + 1), /*flow=*/true)) {
        key = ParsePlain(/*flow=*/true);
      } else {
        return Decline(IsBreakOrEnd(c) || c == '#' ? FastPathDecline::kFlowOverLines
                                                    : FastPathDecline::kRareSpelling);
      }
      if (key == nullptr) return nullptr;
      SkipSpaces();
      if (Here() != ':' || At(pos_ + 1) != ' ') return Decline(FastPathDecline::kRareSpelling);
      pos_ += 2;
      SkipSpaces();
      Node* value = ParseFlowNode(depth + 1);
      if (value == nullptr) return nullptr;
      if (!builder_.AddEntry(mapping, key, value).ok()) return Decline(FastPathDecline::kOther);
      if (!FlowSeparator('}', &closed)) return nullptr;
    }
    if (!builder_.FinishMapping(mapping).ok()) return Decline(FastPathDecline::kOther);
    return mapping;
  }

  std::string_view text_;
  uint32_t first_line_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  uint32_t line_ = 0;  // 0-based in text_
  int next_indent_ = kNothingFollows;
  bool ascii_ = true;
  bool ended_by_marker_ = false;
  FastPathDecline decline_ = FastPathDecline::kNone;
  DocumentBuilder builder_;
};

}  // namespace

std::optional<Document> ParseFast(std::string_view text, uint32_t first_line, FastPathDecline* why) {
  return FastParser(text, first_line).Run(why);
}

}  // namespace greenlight::document
