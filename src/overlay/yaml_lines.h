// File: src/overlay/yaml_lines.h
// A line-level outline of block-style YAML that may hold Go template actions (a Helm template,
// or a plain manifest): which line holds which key, under which parent, and which lines are
// template control (`{{- if }}`, `{{- end }}`), generated content (`{{ toYaml . | nindent 4 }}`),
// comments or block-scalar text. It is not a YAML parser: it is what a text editor needs to
// change a few fields and leave every other byte where it was.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace greenlight::overlay {

struct OutlineNode {
  enum class Shape { kKey, kItem, kText };  ///< `key: ...`, `- ...`, a bare line
  Shape shape = Shape::kKey;
  size_t line = 0;       ///< 0-based line of the key (or dash)
  size_t last_line = 0;  ///< last line of the node (children and control lines inside included)
  size_t column = 0;     ///< 0-based column of the key (or dash)
  std::string key;       ///< unquoted key text (kKey)
  bool key_has_action = false;
  size_t key_end = 0;       ///< column just past the key's text (its closing quote included)
  size_t value_column = 0;  ///< where the inline value starts on `line` (end of line: none)
  std::string value;        ///< inline value text, right-trimmed ("" when the value is a block)
  bool value_has_action = false;
  bool block_scalar = false;  ///< `|` or `>`: the lines below are text, never structure
  /// Children come (partly) from template output: a control line that prints
  /// (`{{- toYaml .Values.x | nindent 4 }}`) sits directly under this node.
  bool generated = false;
  size_t generated_line = 0;
  std::string generated_action;  ///< the printing action's text, e.g. "toYaml .Values.x | nindent 4"
  bool has_control = false;      ///< a control line (if/range/with/end) sits directly under it
  std::vector<OutlineNode> children;
  /// An item's first key shares the dash line; this says the first child is that key.
  bool first_child_on_dash_line = false;
};

/// One document of the file (split at `---` lines at column 0).
struct OutlineDocument {
  size_t first_line = 0, last_line = 0;
  std::vector<OutlineNode> nodes;  ///< the top-level keys
};

struct Outline {
  std::vector<std::string> lines;  ///< the text split at '\n' (without the newline)
  bool ends_with_newline = true;
  std::vector<OutlineDocument> documents;
};

/// Outlines `text`. Template actions may span lines; lines holding only actions are control
/// (or generating) lines.
Outline BuildOutline(std::string_view text);

/// The line again (lines joined with '\n', final newline as the input had it).
std::string JoinLines(const std::vector<std::string>& lines, bool ends_with_newline);

/// The text of `line` with every template action replaced by '\x01' (same length).
std::string MaskActions(std::string_view text);

}  // namespace greenlight::overlay
