#include "overlay/yaml_lines.h"

#include <algorithm>

namespace greenlight::overlay {

constexpr char kMasked = '\x01';

std::string MaskActions(std::string_view text) {
  std::string out(text);
  size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    size_t close = text.find("}}", pos + 2);
    size_t end = close == std::string_view::npos ? text.size() : close + 2;
    for (size_t i = pos; i < end; ++i) {
      if (out[i] != '\n') out[i] = kMasked;
    }
    pos = end;
  }
  return out;
}

std::string JoinLines(const std::vector<std::string>& lines, bool ends_with_newline) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    if (i + 1 < lines.size() || ends_with_newline) out += '\n';
  }
  return out;
}

namespace {

std::vector<std::string> SplitLines(std::string_view text, bool& ends_with_newline) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      ends_with_newline = false;
      return lines;
    }
    lines.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  ends_with_newline = true;
  return lines;
}

size_t Indent(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

std::string RightTrim(std::string_view s) {
  size_t end = s.size();
  while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r')) --end;
  return std::string(s.substr(0, end));
}

bool HasMask(std::string_view masked, size_t begin, size_t end) {
  end = std::min(end, masked.size());
  return begin < end && masked.substr(begin, end - begin).find(kMasked) != std::string_view::npos;
}

// What an action-only line does: nothing visible (if/else/end/range/with/define, comments,
// variable assignments) or print something (include, toYaml, template, a value).
bool ActionPrints(std::string_view raw_line, std::string_view masked_line, std::string& printed) {
  bool prints = false;
  size_t pos = 0;
  while (pos < masked_line.size()) {
    if (masked_line[pos] != kMasked) {
      ++pos;
      continue;
    }
    size_t end = pos;
    while (end < masked_line.size() && masked_line[end] == kMasked) ++end;
    std::string_view action = raw_line.substr(pos, end - pos);
    pos = end;
    if (!action.starts_with("{{")) continue;  // the rest of an action begun above
    action.remove_prefix(2);
    if (action.ends_with("}}")) action.remove_suffix(2);
    while (!action.empty() && (action.front() == '-' || action.front() == ' ')) action.remove_prefix(1);
    while (!action.empty() && (action.back() == '-' || action.back() == ' ')) action.remove_suffix(1);
    size_t word_end = action.find_first_of(" (\t");
    std::string_view word = action.substr(0, word_end);
    static constexpr std::string_view kSilent[] = {"if",    "else",  "end",   "range", "with",
                                                   "define", "block", "break", "continue"};
    bool silent = std::find(std::begin(kSilent), std::end(kSilent), word) != std::end(kSilent) ||
                  action.starts_with("/*") ||
                  (action.starts_with("$") && action.find('=') != std::string_view::npos &&
                   action.find('=') < action.find('|'));
    if (!silent) {
      prints = true;
      printed = std::string(action);
    }
  }
  return prints;
}

struct Flat {
  OutlineNode node;
  std::vector<size_t> kids;
};

class Builder {
 public:
  Builder(const std::vector<std::string>& raw, const std::vector<std::string>& masked)
      : raw_(raw), masked_(masked) {}

  std::vector<OutlineDocument> Run() {
    StartDocument(0);
    for (size_t i = 0; i < raw_.size(); ++i) {
      if (skip_block_ != kNone && InsideBlock(i)) {
        Extend(i);
        continue;
      }
      skip_block_ = kNone;
      Line(i);
    }
    FinishDocument(raw_.empty() ? 0 : raw_.size() - 1);
    return std::move(documents_);
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  bool InsideBlock(size_t i) const {
    const std::string& m = masked_[i];
    std::string trimmed = RightTrim(m);
    if (trimmed.find_first_not_of(" \t") == std::string::npos) return true;  // blank
    if (trimmed.find_first_not_of(std::string(" \t") + kMasked) == std::string::npos) return true;
    return Indent(m) > flat_[skip_block_].node.column;
  }

  void StartDocument(size_t line) {
    flat_.clear();
    roots_.clear();
    stack_.clear();
    doc_first_ = line;
  }

  void FinishDocument(size_t last) {
    OutlineDocument doc;
    doc.first_line = doc_first_;
    doc.last_line = last;
    for (size_t r : roots_) doc.nodes.push_back(Nest(r));
    documents_.push_back(std::move(doc));
  }

  OutlineNode Nest(size_t index) {
    OutlineNode node = flat_[index].node;
    for (size_t k : flat_[index].kids) node.children.push_back(Nest(k));
    return node;
  }

  void Extend(size_t line) {
    for (size_t s : stack_) flat_[s].node.last_line = std::max(flat_[s].node.last_line, line);
  }

  // The innermost open node a line at `column` sits under (kNone: top level).
  size_t ParentFor(size_t column) const {
    for (size_t k = stack_.size(); k-- > 0;) {
      if (flat_[stack_[k]].node.column < column) return stack_[k];
    }
    return kNone;
  }

  void Line(size_t i) {
    const std::string& raw = raw_[i];
    const std::string& m = masked_[i];
    std::string trimmed = RightTrim(m);
    size_t first = trimmed.find_first_not_of(" \t");
    if (first == std::string::npos) return;  // blank
    if (trimmed.find_first_not_of(std::string(" \t") + kMasked) == std::string::npos) {
      Control(i, first);
      return;
    }
    if (m[first] == '#') return;  // a comment line
    if (first == 0 && (trimmed == "---" || trimmed.starts_with("--- ") ||
                       trimmed.starts_with("---\t"))) {
      FinishDocument(i == 0 ? 0 : i - 1);
      StartDocument(i + 1);
      return;
    }
    if (m[first] == kMasked) {
      // An action leads the line (`{{ if .x }}key: v`): structure we do not edit.
      Control(i, first);
      return;
    }
    Content(i, raw, m, first);
  }

  void Control(size_t i, size_t column) {
    std::string printed;
    bool prints = ActionPrints(raw_[i], masked_[i], printed);
    size_t parent = ParentFor(column);
    for (size_t s : stack_) {
      if (flat_[s].node.column < column)
        flat_[s].node.last_line = std::max(flat_[s].node.last_line, i);
    }
    if (parent == kNone) return;
    OutlineNode& p = flat_[parent].node;
    if (prints) {
      if (!p.generated) {
        p.generated_line = i;
        p.generated_action = printed;
      }
      p.generated = true;
    } else {
      p.has_control = true;
    }
  }

  void Pop(size_t column, bool is_item) {
    while (!stack_.empty()) {
      const OutlineNode& top = flat_[stack_.back()].node;
      if (top.column < column) break;
      if (top.column == column && is_item && top.shape == OutlineNode::Shape::kKey &&
          top.value.empty() && !top.block_scalar) {
        break;  // a sequence written at its key's indentation
      }
      stack_.pop_back();
    }
  }

  size_t Add(OutlineNode node) {
    size_t index = flat_.size();
    size_t parent = stack_.empty() ? kNone : stack_.back();
    flat_.push_back(Flat{std::move(node), {}});
    if (parent == kNone) {
      roots_.push_back(index);
    } else {
      flat_[parent].kids.push_back(index);
    }
    Extend(flat_[index].node.line);
    stack_.push_back(index);
    return index;
  }

  void Content(size_t i, const std::string& raw, const std::string& m, size_t pos) {
    bool is_item = m[pos] == '-' && (pos + 1 == m.size() || m[pos + 1] == ' ');
    Pop(pos, is_item);
    bool on_dash_line = false;
    while (pos < m.size() && m[pos] == '-' && (pos + 1 == m.size() || m[pos + 1] == ' ')) {
      OutlineNode item;
      item.shape = OutlineNode::Shape::kItem;
      item.line = item.last_line = i;
      item.column = pos;
      Add(std::move(item));
      ++pos;
      while (pos < m.size() && m[pos] == ' ') ++pos;
      on_dash_line = true;
    }
    if (pos >= RightTrim(m).size()) return;  // "-" alone: the item's content follows
    if (on_dash_line) flat_[stack_.back()].node.first_child_on_dash_line = true;
    OutlineNode node;
    node.line = node.last_line = i;
    node.column = pos;
    size_t colon = FindKeyColon(m, pos);
    if (colon == std::string::npos) {
      node.shape = OutlineNode::Shape::kText;
      node.value_column = pos;
      node.value = RightTrim(std::string_view(raw).substr(pos));
      node.value_has_action = HasMask(m, pos, m.size());
      bool block = m[pos] == '|' || m[pos] == '>';
      size_t index = Add(std::move(node));
      if (block) skip_block_ = index;
      return;
    }
    node.key = Unquote(std::string_view(raw).substr(pos, colon - pos));
    node.key_end = pos + RightTrim(std::string_view(raw).substr(pos, colon - pos)).size();
    node.key_has_action = HasMask(m, pos, colon);
    size_t value = colon + 1;
    while (value < m.size() && (m[value] == ' ' || m[value] == '\t')) ++value;
    node.value_column = value;
    node.value = RightTrim(std::string_view(raw).substr(value));
    node.value_has_action = HasMask(m, value, m.size());
    node.block_scalar = value < m.size() && (m[value] == '|' || m[value] == '>');
    if (node.block_scalar) node.value.clear();
    bool block = node.block_scalar;
    size_t index = Add(std::move(node));
    if (block) skip_block_ = index;
  }

  static size_t FindKeyColon(const std::string& m, size_t pos) {
    size_t i = pos;
    if (i < m.size() && (m[i] == '"' || m[i] == '\'')) {
      char quote = m[i];
      size_t close = m.find(quote, i + 1);
      if (close == std::string::npos) return std::string::npos;
      i = close + 1;
      return i < m.size() && m[i] == ':' && (i + 1 == m.size() || m[i + 1] == ' ')
                 ? i
                 : std::string::npos;
    }
    if (i < m.size() && (m[i] == '{' || m[i] == '[' || m[i] == '&' || m[i] == '*' ||
                         m[i] == '!' || m[i] == '|' || m[i] == '>')) {
      return std::string::npos;  // flow collections, anchors, tags: not a key we edit
    }
    for (; i < m.size(); ++i) {
      if (m[i] == '#' && i > pos && m[i - 1] == ' ') return std::string::npos;
      if (m[i] == ':' && (i + 1 == m.size() || m[i + 1] == ' ' || m[i + 1] == '\t' ||
                          m[i + 1] == '\r')) {
        return i;
      }
    }
    return std::string::npos;
  }

  static std::string Unquote(std::string_view key) {
    std::string k = RightTrim(key);
    if (k.size() >= 2 && (k.front() == '"' || k.front() == '\'') && k.back() == k.front())
      return k.substr(1, k.size() - 2);
    return k;
  }

  const std::vector<std::string>& raw_;
  const std::vector<std::string>& masked_;
  std::vector<Flat> flat_;
  std::vector<size_t> roots_;
  std::vector<size_t> stack_;
  size_t skip_block_ = kNone;
  size_t doc_first_ = 0;
  std::vector<OutlineDocument> documents_;
};

}  // namespace

Outline BuildOutline(std::string_view text) {
  Outline outline;
  outline.lines = SplitLines(text, outline.ends_with_newline);
  bool ignored = true;
  std::vector<std::string> masked = SplitLines(MaskActions(text), ignored);
  Builder builder(outline.lines, masked);
  outline.documents = builder.Run();
  return outline;
}

}  // namespace greenlight::overlay
