#include "document/template_heuristic.h"

#include "document/internal/splitter.h"

namespace greenlight::document {
namespace {

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";
constexpr std::string_view kSpaces = " \t\r";

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(kSpaces);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(kSpaces);
  return s.substr(b, e - b + 1);
}

// Overwrites every {{/* ... */}} comment (also {{- /* ... */ -}}) with spaces, newlines kept, so
// that byte offsets, lines and columns stay those of the original text.
std::string BlankTemplateComments(std::string_view text) {
  std::string out(text);
  size_t pos = 0;
  while ((pos = out.find(kOpen, pos)) != std::string::npos) {
    size_t i = pos + kOpen.size();
    if (i < out.size() && out[i] == '-') ++i;
    while (i < out.size() && (out[i] == ' ' || out[i] == '\t')) ++i;
    if (out.compare(i, 2, "/*") != 0) {
      pos += kOpen.size();
      continue;
    }
    size_t comment_end = out.find("*/", i + 2);
    size_t end =
        comment_end == std::string::npos ? std::string::npos : out.find(kClose, comment_end + 2);
    end = end == std::string::npos ? out.size() : end + kClose.size();
    for (size_t k = pos; k < end; ++k) {
      if (out[k] != '\n') out[k] = ' ';
    }
    pos = end;
  }
  return out;
}

// The words of an action without its delimiters and trim markers: "{{- else }}" -> "else".
std::string_view ActionBody(std::string_view action) {
  std::string_view body = action.substr(kOpen.size());
  if (body.ends_with(kClose)) body.remove_suffix(kClose.size());
  if (body.starts_with('-')) body.remove_prefix(1);
  if (body.ends_with('-')) body.remove_suffix(1);
  return Trim(body);
}

// An action's condition on one line with single spaces (actions may span lines).
std::string Condition(std::string_view text) {
  std::string out;
  for (char c : Trim(text)) {
    bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (!space)
      out += c;
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  return out;
}

std::string_view KeywordOf(std::string_view body) {
  size_t end = body.find_first_of(" \t(");
  return body.substr(0, end);
}

// Actions that choose what is rendered without rendering anything themselves.
bool IsBranchKeyword(std::string_view keyword) {
  return keyword == "if" || keyword == "else" || keyword == "end";
}

bool IsControlKeyword(std::string_view keyword) {
  return IsBranchKeyword(keyword) || keyword == "with" || keyword == "range";
}

// 1-based column in characters of byte `offset` of `line` (UTF-8 continuation bytes skipped).
uint32_t ColumnAt(std::string_view line, size_t offset) {
  uint32_t column = 1;
  for (size_t i = 0; i < offset && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

// apiVersion and kind values are made of these; anything else is not a literal we can judge.
bool LooksLikeIdentifier(std::string_view value) {
  if (value.empty()) return false;
  for (char c : value) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '/' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool IsQuoted(std::string_view value) {
  return value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
         value.back() == value.front();
}

// A value without its one pair of matching quotes, if it has them.
std::string_view Unquote(std::string_view value) {
  return IsQuoted(value) ? value.substr(1, value.size() - 2) : value;
}

// The end of a value before a trailing " # comment" (a '#' after whitespace, outside quotes
// and actions).
size_t ValueEnd(std::string_view line, size_t begin) {
  char quote = 0;
  bool in_action = false;
  for (size_t i = begin; i < line.size(); ++i) {
    char c = line[i];
    if (in_action) {
      if (line.compare(i, kClose.size(), kClose) == 0) in_action = false;
    } else if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (line.compare(i, kOpen.size(), kOpen) == 0) {
      in_action = true;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && i > begin && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return i;
    }
  }
  return line.size();
}

struct Pending {
  std::vector<TemplateLiteral> api_versions;
  std::vector<TemplateLiteral> kinds;
  std::string condition;
};

enum class Field { kNone, kApiVersion, kKind };

class Guesser {
 public:
  Guesser(std::string_view original, std::string_view cleaned)
      : original_(original), cleaned_(cleaned) {}

  std::vector<TemplateObjectGuess> Run() {
    std::vector<Segment> segments = SplitDocuments(original_);
    size_t next_segment = 0;
    size_t pos = 0;
    uint32_t line_no = 1;
    while (pos < cleaned_.size()) {
      while (next_segment < segments.size() && segments[next_segment].begin <= pos) {
        Flush();
        document_ = static_cast<int>(next_segment++);
      }
      size_t nl = cleaned_.find('\n', pos);
      size_t end = nl == std::string_view::npos ? cleaned_.size() : nl;
      Line(cleaned_.substr(pos, end - pos), original_.substr(pos, end - pos), line_no);
      pos = end + 1;
      ++line_no;
    }
    Flush();
    return std::move(out_);
  }

 private:
  void Line(std::string_view line, std::string_view original_line, uint32_t line_no) {
    if (!open_action_.empty()) {
      size_t close = line.find(kClose);
      if (close == std::string_view::npos) {
        open_action_ += ' ';
        open_action_ += line;
        return;
      }
      open_action_ += ' ';
      open_action_ += line.substr(0, close + kClose.size());
      bool control = Apply(open_action_);
      open_action_.clear();
      line = line.substr(close + kClose.size());
      if (!control) last_field_ = Field::kNone;
      if (!Trim(line).empty()) ActionsOnly(line);
      return;
    }
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') return;
    if (line.starts_with("apiVersion:")) {
      FieldLine(Field::kApiVersion, line, original_line, line_no, sizeof("apiVersion:") - 1);
    } else if (line.starts_with("kind:")) {
      FieldLine(Field::kKind, line, original_line, line_no, sizeof("kind:") - 1);
    } else {
      ActionsOnly(line);
    }
  }

  // A line that is not an apiVersion or kind line: its actions update the open blocks; unless it
  // holds control actions only, it is content that ends any run of branches.
  void ActionsOnly(std::string_view line) {
    bool control_only = true;
    size_t pos = 0;
    while (pos < line.size()) {
      size_t open = line.find(kOpen, pos);
      if (!Trim(line.substr(pos,
                            open == std::string_view::npos ? std::string_view::npos : open - pos))
               .empty()) {
        control_only = false;
      }
      if (open == std::string_view::npos) break;
      size_t close = line.find(kClose, open + kOpen.size());
      if (close == std::string_view::npos) {  // an action continued on the next lines
        open_action_ = std::string(line.substr(open));
        break;
      }
      if (!Apply(line.substr(open, close + kClose.size() - open))) control_only = false;
      pos = close + kClose.size();
    }
    if (!control_only) last_field_ = Field::kNone;
  }

  // Updates the stack of open blocks; true for a control action (if/else/end/with/range).
  bool Apply(std::string_view action) {
    std::string_view body = ActionBody(action);
    std::string_view keyword = KeywordOf(body);
    if (keyword == "if") {
      blocks_.push_back(Condition(body.substr(2)));
    } else if (keyword == "with" || keyword == "range" || keyword == "define" ||
               keyword == "block") {
      blocks_.emplace_back();
    } else if (keyword == "else") {
      std::string_view rest = Trim(body.substr(4));
      if (KeywordOf(rest) == "if" && !blocks_.empty()) blocks_.back() = Condition(rest.substr(2));
    } else if (keyword == "end") {
      if (!blocks_.empty()) blocks_.pop_back();
    }
    return IsControlKeyword(keyword);
  }

  std::string InnermostCondition() const {
    for (auto it = blocks_.rbegin(); it != blocks_.rend(); ++it) {
      if (!it->empty()) return *it;
    }
    return {};
  }

  void FieldLine(Field field, std::string_view line, std::string_view original_line,
                 uint32_t line_no, size_t key_size) {
    if (key_size < line.size() && line[key_size] != ' ' && line[key_size] != '\t' &&
        line[key_size] != '\r') {
      ActionsOnly(line);  // "kind:x" is not the key kind
      return;
    }
    size_t begin = line.find_first_not_of(kSpaces, key_size);
    std::vector<TemplateLiteral> candidates;
    std::string condition;
    if (begin != std::string_view::npos) {
      size_t end = ValueEnd(line, begin);
      std::string_view value = line.substr(begin, end - begin);
      value = value.substr(0, value.find_last_not_of(kSpaces) + 1);
      if (value.find(kOpen) == std::string_view::npos) {
        std::string_view text = Unquote(value);  // marked at its quote, as a parsed scalar is
        if (LooksLikeIdentifier(text)) {
          candidates.push_back({std::string(text), Mark{line_no, ColumnAt(original_line, begin)}});
        }
      } else {
        candidates = Branches(original_line, line_no, begin, value, condition);
      }
    }
    if (candidates.empty()) {
      last_field_ = Field::kNone;  // a computed value: the object is not known
      return;
    }
    Add(field, std::move(candidates), std::move(condition));
  }

  // An inline choice: `{{ if COND }}policy/v1{{ else }}policy/v1beta1{{ end }}`. Every literal
  // between branch actions is a candidate; any other action makes the value unknown.
  std::vector<TemplateLiteral> Branches(std::string_view original_line, uint32_t line_no,
                                        size_t begin, std::string_view value,
                                        std::string& condition) {
    size_t base = begin;
    if (IsQuoted(value)) ++base;
    std::string_view inner = Unquote(value);
    std::vector<TemplateLiteral> out;
    size_t pos = 0;
    while (pos <= inner.size()) {
      size_t open = inner.find(kOpen, pos);
      std::string_view literal =
          inner.substr(pos, open == std::string_view::npos ? std::string_view::npos : open - pos);
      size_t lead = literal.find_first_not_of(kSpaces);
      if (lead != std::string_view::npos) {
        size_t offset = base + pos + lead;
        std::string_view text = Unquote(Trim(literal));
        if (!LooksLikeIdentifier(text)) return {};
        out.push_back({std::string(text), Mark{line_no, ColumnAt(original_line, offset)}});
      }
      if (open == std::string_view::npos) break;
      size_t close = inner.find(kClose, open + kOpen.size());
      if (close == std::string_view::npos) return {};
      std::string_view body = ActionBody(inner.substr(open, close + kClose.size() - open));
      std::string_view keyword = KeywordOf(body);
      if (!IsBranchKeyword(keyword)) return {};
      if (keyword == "if" && condition.empty()) condition = Condition(body.substr(2));
      pos = close + kClose.size();
    }
    return out;
  }

  void Add(Field field, std::vector<TemplateLiteral> candidates, std::string condition) {
    const bool api = field == Field::kApiVersion;
    if (!(api ? pending_.api_versions : pending_.kinds).empty() && last_field_ != field) {
      Flush();  // a second apiVersion (or kind) after other content: the next object
    }
    std::vector<TemplateLiteral>& slot = api ? pending_.api_versions : pending_.kinds;
    if (api && slot.empty())
      pending_.condition = condition.empty() ? InnermostCondition() : std::move(condition);
    for (auto& c : candidates) slot.push_back(std::move(c));
    last_field_ = field;
  }

  void Flush() {
    if (!pending_.api_versions.empty() && !pending_.kinds.empty()) {
      out_.push_back(TemplateObjectGuess{document_, std::move(pending_.api_versions),
                                         std::move(pending_.kinds), std::move(pending_.condition)});
    }
    pending_ = Pending{};
    last_field_ = Field::kNone;
  }

  std::string_view original_;
  std::string_view cleaned_;
  int document_ = 0;
  std::vector<std::string> blocks_;  // conditions of the open if blocks ("" for with/range/define)
  std::string open_action_;          // an action that spans lines, until its "}}"
  Pending pending_;
  Field last_field_ = Field::kNone;
  std::vector<TemplateObjectGuess> out_;
};

}  // namespace

std::vector<TemplateObjectGuess> GuessTemplateObjects(std::string_view utf8_text) {
  std::string cleaned = BlankTemplateComments(utf8_text);
  return Guesser(utf8_text, cleaned).Run();
}

}  // namespace greenlight::document
