// File: src/document/internal/builder.h
// Builds a Document's node arena. Shared by every parser backend so that the tree (merge keys,
// alias sharing, key rules) and the bounds of document/limits.h (nesting depth, node count,
// scalar size, alias expansion) are identical whichever parser produced it.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "document/limits.h"
#include "document/node.h"

namespace greenlight::document {

class DocumentBuilder {
 public:
  // Values are copied into the node (whose buffer a pooled node may already have).
  Node* NewScalar(Mark mark, std::string_view value, ScalarStyle style, std::string_view tag);
  Node* NewMapping(Mark mark, std::string_view tag);
  Node* NewSequence(Mark mark, std::string_view tag);

  /// Appends to a container. Keys must be scalars (Kubernetes objects are JSON: string keys).
  /// Errors past kMaxNodesPerStream nodes or a scalar past kMaxScalarBytes.
  Status AddEntry(Node* mapping, const Node* key, const Node* value);
  Status AddItem(Node* sequence, const Node* value);
  /// Backends call these around each mapping or sequence they open and close: errors past
  /// kMaxNestingDepth open containers, before anything deeper is parsed.
  Status EnterContainer();
  void LeaveContainer() { --depth_; }
  /// Backends call this for each alias (*name) before attaching `anchored`: errors once the
  /// nodes reached through aliases pass kMaxAliasExpansion. Nodes written out do not count.
  Status UseAlias(const Node* anchored);
  /// Applies merge keys (<<) once all entries are in, PyYAML's way: explicit keys win, then
  /// earlier merge sources over later ones.
  Status FinishMapping(Node* mapping);

  Status SetRoot(const Node* root);
  void SetIndex(int index) { doc_.index_ = index; }
  void SetStartLine(uint32_t line) { doc_.start_line_ = line; }
  void SetHelmSource(std::string source) { doc_.helm_source_ = std::move(source); }

  Document Take() { return std::move(doc_); }

  /// Sets where a finished document stood in its stream.
  static void Annotate(Document& doc, int index, uint32_t start_line, std::string helm_source) {
    doc.index_ = index;
    doc.start_line_ = start_line;
    doc.helm_source_ = std::move(helm_source);
  }

 private:
  Status Grow(Node* container, const Node* child);
  Document doc_;
  size_t depth_ = 0;
  uint64_t alias_expansion_ = 0;
};

}  // namespace greenlight::document
