// File: src/overlay/text_patch.h
// Replaying a conversion's edit script (value_diff.h) on source text: a plain manifest document
// or a Helm template. Only the lines whose content changes are rewritten; comments, key order,
// quoting, blank lines, template actions, control blocks and chomping markers stay as written.
// In a template one node may stand for many rendered ones (a range loop), so the edits of every
// rendered instance are merged per node, and a node whose instances disagree is not guessed at.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document/value.h"
#include "overlay/value_diff.h"
#include "overlay/yaml_lines.h"

namespace greenlight::overlay {

/// Lines [begin, end) of the file replaced by `text` (each line ending with '\n'); begin == end
/// inserts before line `begin`.
struct LineEdit {
  LineEdit() = default;
  LineEdit(size_t b, size_t e, std::string t, std::string key = "")
      : begin(b), end(e), text(std::move(t)), insert_key(std::move(key)) {}
  size_t begin = 0, end = 0;
  std::string text;
  /// An insert's key: two inserts of one key at one place must agree (range-loop instances).
  std::string insert_key;
  bool operator==(const LineEdit&) const = default;
};

/// An edit the patcher could not make, with where and why.
struct PatchProblem {
  size_t line = 0;  ///< 0-based line of the node concerned
  std::string path;  ///< the field path, as rendered
  std::string what;  ///< what stands in the way and what to do
  /// The edit lands inside content a template action prints (values-driven); the action.
  std::string generated_action;
  /// With generated_action: how many steps of the path lead to the printed content.
  size_t generated_depth = 0;
};

/// Edits to one file, gathered from any number of objects, applied at once.
class TextPatcher {
 public:
  /// `templated`: sequence positions in the text need not match rendered ones (range loops).
  TextPatcher(std::string_view text, bool templated);

  const Outline& outline() const { return outline_; }

  /// Replays `edits` (from DiffValues(before, after)) on the documents of the file whose `kind`
  /// matches (all of them when the kind is written by an action). `skip_api_version`: the
  /// apiVersion field is the caller's business (helpers, values).
  std::vector<PatchProblem> Apply(const std::vector<TreeEdit>& edits, const document::Value& before,
                                  std::string_view kind, bool skip_api_version);

  /// Replays `edits` on every document of the file, whatever its kind (values files).
  std::vector<PatchProblem> ApplyToAll(const std::vector<TreeEdit>& edits, const document::Value& before);

  /// Adds one line edit directly (the caller's apiVersion fixes); false when it overlaps another.
  bool AddEdit(LineEdit edit);

  /// Lines [begin, end) with the edits that lie inside them applied; inserts exactly at `begin`
  /// or `end` are included as the flags say.
  std::string ResultRange(size_t begin, size_t end, bool inserts_at_begin, bool inserts_at_end) const;

  /// The patched text and whether anything changed. Conflicting edits were reported by Apply.
  std::string Result() const;
  bool changed() const { return !edits_.empty(); }
  const std::vector<LineEdit>& edits() const { return edits_; }

 private:
  std::vector<PatchProblem> ApplyOne(const TreeEdit& edit, const document::Value& before,
                                     const std::vector<const OutlineNode*>& roots);
  std::optional<LineEdit> EditFor(const TreeEdit& edit, const OutlineNode& node,
                                  const OutlineNode* parent, std::string& why) const;

  /// The one node at `path` from the current document's top (nullptr: none, or several).
  const OutlineNode* FindUnique(const FieldPath& path) const;

  Outline outline_;
  bool templated_;
  const std::vector<const OutlineNode*>* current_roots_ = nullptr;
  const document::Value* current_before_ = nullptr;
  std::vector<LineEdit> edits_;
};

/// Rewrites one plain manifest document (`text`, no '---' marker) from `before` to `after`
/// keeping every untouched line; nullopt when the text cannot be edited that way (flow style,
/// anchors, a shape the outline does not follow) or the result does not read back as `after`.
std::optional<std::string> PatchManifestDocument(std::string_view text,
                                                 const document::Value& before,
                                                 const document::Value& after);

/// Control actions that open a block (if/range/with/define/block) minus `end`s on lines
/// [first, last]; 0 when the range is balanced.
int ControlBalance(const Outline& outline, size_t first, size_t last);

/// Writes `value` as YAML lines for key `key` at `column` (first line prefixed by `first_prefix`).
std::string EmitKeyAt(std::string_view key, const document::Value& value, size_t column,
                      std::string_view first_prefix);

/// The scalar as it should be written in place of `old_raw` (keeping its quote style when it
/// still reads back as the same string).
std::string ScalarSource(const document::Value& value, std::string_view old_raw);

}  // namespace greenlight::overlay
