#include "overlay/text_patch.h"

#include <algorithm>

#include "document/emitter.h"
#include "document/parser.h"

namespace greenlight::overlay {

using document::Value;

namespace {

std::string Spaces(size_t n) { return std::string(n, ' '); }

bool IsMove(const std::vector<MovedLeaf>& moves, const FieldPath& at, size_t& index) {
  for (size_t i = 0; i < moves.size(); ++i) {
    if (moves[i].in_value == at) {
      index = i;
      return true;
    }
  }
  return false;
}

std::string Placeholder(size_t i) { return "GLMOVEDVALUE" + std::to_string(i) + "X"; }

// The inserted value with moved leaves replaced by placeholders.
Value WithPlaceholders(const Value& value, const std::vector<MovedLeaf>& moves, FieldPath& at) {
  size_t index = 0;
  if (value.IsScalar()) {
    return IsMove(moves, at, index) ? Value::String(Placeholder(index)) : value;
  }
  if (value.IsSequence()) return value;
  Value out = Value::Mapping();
  for (const auto& [key, child] : value.entries()) {
    at.push_back({key});
    out.Set(key, WithPlaceholders(child, moves, at));
    at.pop_back();
  }
  return out;
}

// The trailing " # comment" of an inline value (masked so '#' inside an action does not count).
size_t CommentStart(std::string_view raw_value) {
  std::string masked = MaskActions(raw_value);
  bool in_single = false, in_double = false;
  for (size_t i = 0; i < masked.size(); ++i) {
    char c = masked[i];
    if (c == '\'' && !in_double) in_single = !in_single;
    if (c == '"' && !in_single) in_double = !in_double;
    if (c == '#' && !in_single && !in_double && i > 0 && masked[i - 1] == ' ') return i;
  }
  return std::string_view::npos;
}

const OutlineNode* ChildKey(const OutlineNode& node, std::string_view key) {
  for (const OutlineNode& c : node.children) {
    if (c.shape == OutlineNode::Shape::kKey && !c.key_has_action && c.key == key) return &c;
  }
  return nullptr;
}

}  // namespace

std::string ScalarSource(const Value& value, std::string_view old_raw) {
  Value v = value;
  if (old_raw.starts_with("\"")) v.set_style(document::ScalarStyle::kDoubleQuoted);
  if (old_raw.starts_with("'")) v.set_style(document::ScalarStyle::kSingleQuoted);
  std::string text = document::EmitYaml(v);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::string EmitKeyAt(std::string_view key, const Value& value, size_t column,
                      std::string_view first_prefix) {
  Value wrapper = Value::Mapping();
  wrapper.Set(key, value);
  std::string emitted = document::EmitYaml(wrapper);
  std::string out;
  size_t start = 0;
  bool first = true;
  while (start < emitted.size()) {
    size_t nl = emitted.find('\n', start);
    std::string_view line(emitted.data() + start, (nl == std::string::npos ? emitted.size() : nl) - start);
    out += first ? std::string(first_prefix) : Spaces(column);
    out += line;
    out += '\n';
    first = false;
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

int ControlBalance(const Outline& outline, size_t first, size_t last) {
  int balance = 0;
  for (size_t i = first; i <= last && i < outline.lines.size(); ++i) {
    std::string_view line = outline.lines[i];
    size_t pos = 0;
    while ((pos = line.find("{{", pos)) != std::string_view::npos) {
      size_t p = pos + 2;
      while (p < line.size() && (line[p] == '-' || line[p] == ' ')) ++p;
      std::string_view rest = line.substr(p);
      for (std::string_view opener : {"if ", "range ", "with ", "define ", "block "}) {
        if (rest.starts_with(opener)) ++balance;
      }
      if (rest.starts_with("end")) --balance;
      pos = p;
    }
  }
  return balance;
}

TextPatcher::TextPatcher(std::string_view text, bool templated)
    : outline_(BuildOutline(text)), templated_(templated) {}

bool TextPatcher::AddEdit(LineEdit edit) {
  for (const LineEdit& e : edits_) {
    if (e == edit) return true;
    bool overlap = edit.begin < e.end && e.begin < edit.end;
    // An insert inside a replaced range is a conflict; one at its edges is not.
    bool insert_inside = (edit.begin == edit.end && edit.begin > e.begin && edit.begin < e.end) ||
                         (e.begin == e.end && e.begin > edit.begin && e.begin < edit.end);
    bool same_line_change = edit.begin == e.begin && edit.end == e.end &&
                            (edit.begin != edit.end ||
                             (!edit.insert_key.empty() && edit.insert_key == e.insert_key));
    if (overlap || insert_inside || same_line_change ) return false;
  }
  edits_.push_back(std::move(edit));
  return true;
}

std::string TextPatcher::Result() const { return ResultRange(0, outline_.lines.size(), true, true); }

std::string TextPatcher::ResultRange(size_t begin, size_t end, bool inserts_at_begin,
                                     bool inserts_at_end) const {
  std::vector<LineEdit> sorted;
  for (const LineEdit& e : edits_) {
    bool inside = e.begin == e.end ? (e.begin > begin || (e.begin == begin && inserts_at_begin)) &&
                                         (e.begin < end || (e.begin == end && inserts_at_end))
                                   : e.begin >= begin && e.end <= end;
    if (inside) sorted.push_back(e);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const LineEdit& a, const LineEdit& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return (a.begin == a.end) > (b.begin == b.end);  // inserts before a replacement there
  });
  std::string out;
  size_t line = begin;
  const auto& lines = outline_.lines;
  auto copy_until = [&](size_t until) {
    for (; line < until && line < end && line < lines.size(); ++line) {
      out += lines[line];
      if (line + 1 < lines.size() || outline_.ends_with_newline) out += '\n';
    }
  };
  for (const LineEdit& e : sorted) {
    copy_until(e.begin);
    // Text inserted after the last line of a file that ends without a newline starts a line of
    // its own, instead of being glued to that last line ("key:{{- end }}").
    if (line >= lines.size() && !outline_.ends_with_newline && !out.empty() && out.back() != '\n') out += '\n';
    out += e.text;
    line = std::max(line, e.end);
  }
  copy_until(end);
  return out;
}

namespace {

using Target = std::vector<std::pair<const OutlineNode*, const OutlineNode*>>;  // (node, parent)

// Nodes at `path` under `siblings`; `blocked` gets the node whose content comes from an action.
void Walk(const std::vector<OutlineNode>& siblings, const OutlineNode* parent, const FieldPath& path,
          size_t step, const Value* rendered, bool templated, Target& out,
          std::vector<std::pair<const OutlineNode*, size_t>>& blocked) {
  const PathStep& s = path[step];
  std::vector<const OutlineNode*> next;
  if (s.index >= 0) {
    std::vector<const OutlineNode*> items;
    for (const OutlineNode& c : siblings) {
      if (c.shape == OutlineNode::Shape::kItem) items.push_back(&c);
    }
    size_t rendered_count =
        rendered != nullptr && rendered->IsSequence() ? rendered->items().size() : 0;
    bool exact = !templated ||
                 (parent != nullptr && !parent->has_control && !parent->generated &&
                  items.size() == rendered_count);
    if (exact) {
      if (static_cast<size_t>(s.index) < items.size()) next.push_back(items[static_cast<size_t>(s.index)]);
    } else {
      next = items;
    }
  } else {
    for (const OutlineNode& c : siblings) {
      if (c.shape == OutlineNode::Shape::kKey && !c.key_has_action && c.key == s.key) next.push_back(&c);
    }
  }
  if (next.empty()) {
    if (parent != nullptr && (parent->generated || parent->value_has_action)) blocked.push_back({parent, step});
    return;
  }
  const Value* child_rendered = nullptr;
  if (rendered != nullptr) {
    if (s.index >= 0 && rendered->IsSequence() && static_cast<size_t>(s.index) < rendered->items().size())
      child_rendered = &rendered->items()[static_cast<size_t>(s.index)];
    if (s.index < 0 && rendered->IsMapping()) child_rendered = rendered->Get(s.key);
  }
  for (const OutlineNode* n : next) {
    if (step + 1 == path.size()) {
      out.push_back({n, parent});
    } else {
      Walk(n->children, n, path, step + 1, child_rendered, templated, out, blocked);
    }
  }
}

}  // namespace

std::optional<LineEdit> TextPatcher::EditFor(const TreeEdit& edit, const OutlineNode& node,
                                             const OutlineNode* parent, std::string& why) const {
  const std::string& raw = outline_.lines[node.line];
  switch (edit.op) {
    case TreeEdit::Op::kSet: {
      if (edit.value.IsScalar() && !node.block_scalar && node.children.empty() &&
          node.value_column <= raw.size()) {
        if (node.value_has_action) {
          why = "the value is written by a template action; it must become " +
                ScalarSource(edit.value, "");
          return std::nullopt;
        }
        std::string_view old_value = std::string_view(raw).substr(node.value_column);
        size_t comment = CommentStart(old_value);
        std::string suffix;
        if (comment != std::string_view::npos) {
          size_t value_end = comment;
          while (value_end > 0 && old_value[value_end - 1] == ' ') --value_end;
          suffix = std::string(old_value.substr(value_end));
          old_value = old_value.substr(0, value_end);
        }
        std::string line = raw.substr(0, node.value_column) + ScalarSource(edit.value, old_value) + suffix;
        return LineEdit{node.line, node.line + 1, line + "\n"};
      }
      if (node.shape != OutlineNode::Shape::kKey || node.generated || node.value_has_action ||
          ControlBalance(outline_, node.line, node.last_line) != 0 || node.has_control) {
        why = "the field's source mixes template actions; replace it by hand with the new value";
        return std::nullopt;
      }
      for (size_t i = node.line; i <= node.last_line; ++i) {
        if (MaskActions(outline_.lines[i]).find('\x01') != std::string::npos) {
          why = "the field's source holds template actions; replace it by hand with the new value";
          return std::nullopt;
        }
      }
      return LineEdit{node.line, node.last_line + 1,
                      EmitKeyAt(node.key, edit.value, node.column, raw.substr(0, node.column))};
    }
    case TreeEdit::Op::kRename: {
      if (node.shape != OutlineNode::Shape::kKey) {
        why = "not a key";
        return std::nullopt;
      }
      return LineEdit{node.line, node.line + 1,
                      raw.substr(0, node.column) + edit.key + raw.substr(node.key_end) + "\n"};
    }
    case TreeEdit::Op::kDelete: {
      if (ControlBalance(outline_, node.line, node.last_line) != 0) {
        why = "the field's lines open or close a template block that continues outside it";
        return std::nullopt;
      }
      bool first_on_dash = parent != nullptr && parent->shape == OutlineNode::Shape::kItem &&
                           parent->first_child_on_dash_line && &parent->children.front() == &node;
      if (!first_on_dash) return LineEdit{node.line, node.last_line + 1, ""};
      // The dash moves to the next key of the item.
      if (parent->children.size() < 2 || parent->children[1].line != node.last_line + 1) {
        why = "the first key of a sequence item cannot be removed here";
        return std::nullopt;
      }
      const std::string& next = outline_.lines[node.last_line + 1];
      return LineEdit{node.line, node.last_line + 2,
                      raw.substr(0, node.column) + next.substr(std::min(next.size(), node.column)) + "\n"};
    }
    case TreeEdit::Op::kInsert:
      break;
  }
  // Insert under `node` (the parent mapping).
  size_t column = node.column + 2;
  for (const OutlineNode& c : node.children) {
    if (c.shape == OutlineNode::Shape::kKey) {
      column = c.column;
      break;
    }
  }
  if (node.generated || node.value_has_action || node.block_scalar) {
    why = "the mapping is written by a template action";
    return std::nullopt;
  }
  size_t at = node.line + 1;
  if (!edit.after_key.empty()) {
    const OutlineNode* after = ChildKey(node, edit.after_key);
    if (after == nullptr) {
      why = "the key " + edit.after_key + " it follows is not written literally";
      return std::nullopt;
    }
    at = after->last_line + 1;
  } else if (!node.children.empty()) {
    const OutlineNode& first = node.children.front();
    at = node.first_child_on_dash_line ? first.last_line + 1 : first.line;
  } else if (node.shape == OutlineNode::Shape::kItem) {
    why = "an empty sequence item";
    return std::nullopt;
  }
  FieldPath in_value;
  Value shaped = WithPlaceholders(edit.value, edit.moves, in_value);
  std::string text = EmitKeyAt(edit.key, shaped, column, Spaces(column));
  for (size_t i = 0; i < edit.moves.size(); ++i) {
    const OutlineNode* from = &node;
    if (edit.moves[i].absolute) {
      from = FindUnique(edit.moves[i].from);
    } else {
      for (const PathStep& step : edit.moves[i].from) {
        from = step.index < 0 ? ChildKey(*from, step.key) : nullptr;
        if (from == nullptr) break;
      }
    }
    std::string source;
    if (from != nullptr && !from->block_scalar && from->children.empty() && !from->value.empty()) {
      source = from->value;
    } else {
      const Value* leaf = ValueAt(edit.value, edit.moves[i].in_value);
      source = leaf != nullptr ? ScalarSource(*leaf, "") : "";
    }
    std::string token = Placeholder(i);
    size_t pos = text.find(token);
    if (pos != std::string::npos) text.replace(pos, token.size(), source);
  }
  return LineEdit{at, at, text, edit.key};
}

const OutlineNode* TextPatcher::FindUnique(const FieldPath& path) const {
  if (current_roots_ == nullptr || current_before_ == nullptr || path.empty() || path[0].index >= 0)
    return nullptr;
  Target found;
  std::vector<std::pair<const OutlineNode*, size_t>> blocked;
  for (const OutlineNode* r : *current_roots_) {
    if (r->shape != OutlineNode::Shape::kKey || r->key != path[0].key) continue;
    if (path.size() == 1) {
      found.push_back({r, nullptr});
    } else {
      Walk(r->children, r, path, 1, current_before_->Get(path[0].key), templated_, found, blocked);
    }
  }
  return found.size() == 1 ? found.front().first : nullptr;
}

std::vector<PatchProblem> TextPatcher::ApplyOne(const TreeEdit& edit, const Value& before,
                                                const std::vector<const OutlineNode*>& roots) {
  std::vector<PatchProblem> problems;
  current_roots_ = &roots;
  current_before_ = &before;
  Target found;
  std::vector<std::pair<const OutlineNode*, size_t>> blocked;
  if (edit.path.empty()) {
    problems.push_back({0, "", "an edit of the whole object", ""});
    return problems;
  }
  for (const OutlineNode* r : roots) {
    if (r->shape == OutlineNode::Shape::kKey && r->key == edit.path[0].key && edit.path[0].index < 0) {
      if (edit.path.size() == 1) {
        found.push_back({r, nullptr});
      } else {
        Walk(r->children, r, edit.path, 1, before.Get(edit.path[0].key), templated_, found, blocked);
      }
    }
  }
  if (found.empty()) {
    if (!blocked.empty()) {
      for (const auto& [b, depth] : blocked) {
        std::string action = b->generated ? b->generated_action : b->value;
        if (!b->generated && action.starts_with("{{")) {
          action = action.substr(2, action.rfind("}}") == std::string::npos ? std::string::npos : action.rfind("}}") - 2);
          while (!action.empty() && (action.front() == '-' || action.front() == ' ')) action.erase(0, 1);
          while (!action.empty() && (action.back() == '-' || action.back() == ' ')) action.pop_back();
        }
        problems.push_back({b->generated ? b->generated_line : b->line, PathText(edit.path),
                            "the content comes from a template action (values-driven)", action, depth});
      }
    } else if (edit.op != TreeEdit::Op::kDelete || templated_) {
      problems.push_back({0, PathText(edit.path), "the field is not written literally in the text", ""});
    }
    return problems;
  }
  for (const auto& [node, parent] : found) {
    std::string why;
    std::optional<LineEdit> line_edit = EditFor(edit, *node, parent, why);
    if (!line_edit) {
      problems.push_back({node->line, PathText(edit.path), why, ""});
      continue;
    }
    if (!AddEdit(*line_edit)) {
      problems.push_back({node->line, PathText(edit.path),
                          "instances of this node (a range loop or several values) need different "
                          "edits, or edits overlap",
                          ""});
    }
  }
  return problems;
}

std::vector<PatchProblem> TextPatcher::Apply(const std::vector<TreeEdit>& edits, const Value& before,
                                             std::string_view kind, bool skip_api_version) {
  std::vector<PatchProblem> problems;
  for (const OutlineDocument& doc : outline_.documents) {
    std::vector<const OutlineNode*> roots;
    bool kind_matches = false;
    for (const OutlineNode& n : doc.nodes) {
      roots.push_back(&n);
      if (n.shape == OutlineNode::Shape::kKey && n.key == "kind" &&
          (n.value_has_action || n.value == kind || n.value == "\"" + std::string(kind) + "\"")) {
        kind_matches = true;
      }
    }
    if (!kind_matches) continue;
    for (const TreeEdit& edit : edits) {
      if (skip_api_version && edit.path.size() == 1 && edit.path[0].key == "apiVersion") continue;
      for (PatchProblem& p : ApplyOne(edit, before, roots)) problems.push_back(std::move(p));
    }
  }
  return problems;
}

std::vector<PatchProblem> TextPatcher::ApplyToAll(const std::vector<TreeEdit>& edits, const Value& before) {
  std::vector<PatchProblem> problems;
  for (const OutlineDocument& doc : outline_.documents) {
    std::vector<const OutlineNode*> roots;
    for (const OutlineNode& n : doc.nodes) roots.push_back(&n);
    for (const TreeEdit& edit : edits) {
      for (PatchProblem& p : ApplyOne(edit, before, roots)) problems.push_back(std::move(p));
    }
  }
  return problems;
}

std::optional<std::string> PatchManifestDocument(std::string_view text, const Value& before,
                                                 const Value& after) {
  TextPatcher patcher(text, /*templated=*/false);
  if (patcher.outline().documents.size() != 1) return std::nullopt;
  std::vector<TreeEdit> edits = DiffValues(before, after);
  std::string kind = before.Get("kind") != nullptr ? before.Get("kind")->text() : "";
  for (const TreeEdit& edit : edits) {
    // A removed field that is not in the text (null values the parser filled in) is fine.
    std::vector<PatchProblem> problems = patcher.Apply({edit}, before, kind, false);
    if (!problems.empty()) return std::nullopt;
  }
  std::string out = patcher.Result();
  document::ParsedStream parsed = document::ParseStream(out, "patched", false);
  if (!parsed.errors.empty() || parsed.documents.size() != 1) return std::nullopt;
  if (!SameContent(document::ValueFromNode(parsed.documents.front().root()), after)) return std::nullopt;
  return out;
}

}  // namespace greenlight::overlay
