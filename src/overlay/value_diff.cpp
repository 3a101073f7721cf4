#include "overlay/value_diff.h"

#include <algorithm>

namespace greenlight::overlay {

using document::Value;

std::string PathText(const FieldPath& path) {
  std::string out;
  for (const PathStep& step : path) {
    if (step.index >= 0) {
      out += "[" + std::to_string(step.index) + "]";
      continue;
    }
    if (!out.empty()) out += ".";
    out += step.key;
  }
  return out;
}

const Value* ValueAt(const Value& root, const FieldPath& path) {
  const Value* at = &root;
  for (const PathStep& step : path) {
    if (step.index >= 0) {
      if (!at->IsSequence() || static_cast<size_t>(step.index) >= at->items().size()) return nullptr;
      at = &at->items()[static_cast<size_t>(step.index)];
    } else {
      if (!at->IsMapping()) return nullptr;
      at = at->Get(step.key);
      if (at == nullptr) return nullptr;
    }
  }
  return at;
}

bool SameContent(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  if (a.IsScalar()) return a.scalar_type() == b.scalar_type() && a.text() == b.text();
  if (a.IsSequence()) {
    if (a.items().size() != b.items().size()) return false;
    for (size_t i = 0; i < a.items().size(); ++i) {
      if (!SameContent(a.items()[i], b.items()[i])) return false;
    }
    return true;
  }
  if (a.entries().size() != b.entries().size()) return false;
  for (const auto& [key, value] : a.entries()) {
    const Value* other = b.Get(key);
    if (other == nullptr || !SameContent(value, *other)) return false;
  }
  return true;
}

namespace {

FieldPath Child(const FieldPath& path, PathStep step) {
  FieldPath out = path;
  out.push_back(std::move(step));
  return out;
}

// Scalar leaves of the deleted fields of one mapping, each usable once as a move source.
struct DeletedLeaf {
  FieldPath from;  // relative to the mapping
  const Value* value;
  bool used = false;
};

void CollectLeaves(const Value& value, const FieldPath& at, std::vector<DeletedLeaf>& out) {
  if (value.IsScalar()) {
    if (!value.IsNull()) out.push_back({at, &value});
  } else if (value.IsMapping()) {
    for (const auto& [key, child] : value.entries()) CollectLeaves(child, Child(at, {key}), out);
  }
  // Sequence items are not move sources: their position carries meaning.
}

void FindMoves(const Value& value, const FieldPath& in_value, std::vector<DeletedLeaf>& deleted,
               std::vector<MovedLeaf>& moves) {
  if (value.IsScalar()) {
    for (DeletedLeaf& leaf : deleted) {
      if (leaf.used || leaf.value->scalar_type() != value.scalar_type() ||
          leaf.value->text() != value.text()) {
        continue;
      }
      leaf.used = true;
      moves.push_back({in_value, leaf.from});
      return;
    }
  } else if (value.IsMapping()) {
    for (const auto& [key, child] : value.entries())
      FindMoves(child, Child(in_value, {key}), deleted, moves);
  }
}

void Diff(const Value& before, const Value& after, const FieldPath& path,
          std::vector<TreeEdit>& out) {
  if (before.kind() != after.kind() ||
      (before.IsSequence() && before.items().size() != after.items().size())) {
    out.push_back(TreeEdit{TreeEdit::Op::kSet, path, "", "", after, {}});
    return;
  }
  if (before.IsScalar()) {
    if (before.scalar_type() != after.scalar_type() || before.text() != after.text())
      out.push_back(TreeEdit{TreeEdit::Op::kSet, path, "", "", after, {}});
    return;
  }
  if (before.IsSequence()) {
    for (size_t i = 0; i < before.items().size(); ++i)
      Diff(before.items()[i], after.items()[i], Child(path, {"", static_cast<int>(i)}), out);
    return;
  }
  // Mappings: deletes (or renames) first, then changes, then inserts in `after` order.
  std::vector<std::string> deleted_keys;
  for (const auto& [key, value] : before.entries()) {
    if (!after.Has(key)) deleted_keys.push_back(key);
  }
  std::vector<std::string> renamed_from;
  std::vector<const Value::Entry*> inserted;
  for (const Value::Entry& entry : after.entries()) {
    if (before.Has(entry.first)) continue;
    // A whole value that a deleted key held, unchanged: a rename of the key.
    auto same = std::find_if(deleted_keys.begin(), deleted_keys.end(), [&](const std::string& k) {
      return std::find(renamed_from.begin(), renamed_from.end(), k) == renamed_from.end() &&
             SameContent(*before.Get(k), entry.second);
    });
    if (same != deleted_keys.end() && !entry.second.IsScalar()) {
      renamed_from.push_back(*same);
      out.push_back(TreeEdit{TreeEdit::Op::kRename, Child(path, {*same}), entry.first, "", {}, {}});
      continue;
    }
    inserted.push_back(&entry);
  }
  std::vector<DeletedLeaf> leaves;
  for (const std::string& key : deleted_keys) {
    if (std::find(renamed_from.begin(), renamed_from.end(), key) != renamed_from.end()) continue;
    out.push_back(TreeEdit{TreeEdit::Op::kDelete, Child(path, {key}), "", "", {}, {}});
    CollectLeaves(*before.Get(key), {{key}}, leaves);
  }
  for (const auto& [key, value] : before.entries()) {
    if (const Value* now = after.Get(key)) Diff(value, *now, Child(path, {key}), out);
  }
  for (const Value::Entry* entry : inserted) {
    TreeEdit edit{TreeEdit::Op::kInsert, path, entry->first, "", entry->second, {}};
    // Follow the nearest key before it that the mapping already had.
    for (const Value::Entry& e : after.entries()) {
      if (&e == entry) break;
      if (before.Has(e.first)) edit.after_key = e.first;
    }
    FindMoves(entry->second, {}, leaves, edit.moves);
    out.push_back(std::move(edit));
  }
}

}  // namespace

// Leaves of inserts no sibling explains may come from a field deleted elsewhere in the object.
void FindDistantMoves(const Value& before, std::vector<TreeEdit>& edits) {
  std::vector<DeletedLeaf> leaves;
  for (const TreeEdit& e : edits) {
    if (e.op != TreeEdit::Op::kDelete) continue;
    if (const Value* gone = ValueAt(before, e.path)) CollectLeaves(*gone, e.path, leaves);
  }
  // Leaves already moved within their mapping are taken.
  for (const TreeEdit& e : edits) {
    for (const MovedLeaf& m : e.moves) {
      FieldPath absolute = e.path;
      absolute.insert(absolute.end(), m.from.begin(), m.from.end());
      for (DeletedLeaf& leaf : leaves) {
        if (leaf.from == absolute) leaf.used = true;
      }
    }
  }
  for (TreeEdit& e : edits) {
    if (e.op != TreeEdit::Op::kInsert) continue;
    std::vector<MovedLeaf> found;
    std::vector<FieldPath> taken;
    for (const MovedLeaf& m : e.moves) taken.push_back(m.in_value);
    // Only leaves not moved locally: collect into a scratch list, then keep the new ones.
    std::vector<MovedLeaf> distant;
    FindMoves(e.value, {}, leaves, distant);
    for (MovedLeaf& m : distant) {
      if (std::find(taken.begin(), taken.end(), m.in_value) != taken.end()) continue;
      m.absolute = true;
      e.moves.push_back(std::move(m));
    }
  }
}

std::vector<TreeEdit> DiffValues(const Value& before, const Value& after) {
  std::vector<TreeEdit> out;
  Diff(before, after, {}, out);
  FindDistantMoves(before, out);
  return out;
}

}  // namespace greenlight::overlay
