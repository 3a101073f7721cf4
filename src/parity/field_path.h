// File: src/parity/field_path.h
// Where a difference sits inside an object, as users read and write it in ignore globs:
// "spec.template.spec.containers[web].image", "metadata.annotations[external-dns.alpha.
// kubernetes.io/hostname]". List items are named by their key field (a container's name, a
// rule's host, a port's name) when they have one, so a path survives reordering.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "document/node.h"

namespace greenlight::parity {

class FieldPath {
 public:
  FieldPath() = default;

  /// A mapping key (written ".key", or "[key]" when it holds '.', '/' or is empty).
  FieldPath Key(std::string_view key) const;
  /// The sequence item whose `match_field` is `value` (written "[value]").
  FieldPath Select(std::string_view match_field, std::string_view value) const;
  /// A sequence item by position (written "[3]").
  FieldPath Index(size_t index) const;

  std::string ToString() const;
  bool empty() const { return steps_.empty(); }

  /// The deepest node of `root` the path reaches: the field itself when the original object
  /// has it, else its nearest existing parent (a field the conversion renamed, a field only the
  /// other side has).
  const document::Node* Locate(const document::Node* root) const;

 private:
  struct Step {
    enum class Type { kKey, kSelect, kIndex } type = Type::kKey;
    std::string key;    ///< kKey: the key; kSelect: the matched field
    std::string value;  ///< kSelect: the value it must have
    size_t index = 0;   ///< kIndex
  };
  FieldPath With(Step step) const;
  std::vector<Step> steps_;
};

}  // namespace greenlight::parity
