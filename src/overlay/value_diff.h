// File: src/overlay/value_diff.h
// What a conversion changed in an object, as a short edit script over field paths: set a scalar,
// delete a field, rename a key, insert a field (whose scalar leaves may carry a value moved from
// a field the same mapping lost). Text editors replay the script on the source text (a manifest
// or a Helm template) instead of re-emitting the object, so everything else stays byte for byte.
#pragma once

#include <string>
#include <vector>

#include "document/value.h"

namespace greenlight::overlay {

/// One step of a field path: a mapping key, or a sequence index (index >= 0).
struct PathStep {
  std::string key;
  int index = -1;
  bool operator==(const PathStep&) const = default;
};
using FieldPath = std::vector<PathStep>;

/// "spec.rules[0].http"
std::string PathText(const FieldPath& path);

/// A scalar leaf of an inserted value whose value is the one a deleted sibling field held
/// (serviceName -> service.name): editors copy the old field's source text, template actions
/// included, instead of writing the rendered value.
struct MovedLeaf {
  FieldPath in_value;  ///< path inside the inserted value
  FieldPath from;      ///< path of the deleted field, relative to the insert's parent mapping
  /// `from` is a path from the object's root: the value moved across mappings
  /// (metadata.annotations[kubernetes.io/ingress.class] -> spec.ingressClassName).
  bool absolute = false;
};

struct TreeEdit {
  enum class Op { kSet, kDelete, kRename, kInsert };
  Op op = Op::kSet;
  /// kSet, kDelete, kRename: the field; kInsert: the parent mapping.
  FieldPath path;
  std::string key;        ///< kRename: the new key; kInsert: the key inserted
  std::string after_key;  ///< kInsert: the existing key it follows ("" = first in the mapping)
  document::Value value;  ///< kSet, kInsert
  std::vector<MovedLeaf> moves;  ///< kInsert
};

/// The edits that turn `before` into `after` (mapping order of `after` decides where inserts go).
/// Sequences of different lengths, and a node that changes kind, are replaced whole (kSet).
std::vector<TreeEdit> DiffValues(const document::Value& before, const document::Value& after);

/// Equal as Kubernetes reads them: mapping key order does not matter, scalars compare by type
/// and text.
bool SameContent(const document::Value& a, const document::Value& b);

/// The value at `path`, nullptr when absent.
const document::Value* ValueAt(const document::Value& root, const FieldPath& path);

}  // namespace greenlight::overlay
