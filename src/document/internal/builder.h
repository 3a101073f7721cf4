// File: src/document/internal/builder.h
// Builds a Document's node arena. Shared by both parser backends so that the tree (merge keys,
// alias sharing, the alias-expansion limit, key rules) is identical whichever parser produced it.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "document/node.h"

namespace greenlight::document {

/// Documents that expand past this many nodes through aliases are refused ("billion laughs").
inline constexpr uint64_t kMaxExpandedNodes = 4'000'000;

class DocumentBuilder {
 public:
  // Values are copied into the node (whose buffer a pooled node may already have).
  Node* NewScalar(Mark mark, std::string_view value, ScalarStyle style, std::string_view tag);
  Node* NewMapping(Mark mark, std::string_view tag);
  Node* NewSequence(Mark mark, std::string_view tag);

  /// Appends to a container. Keys must be scalars (Kubernetes objects are JSON: string keys).
  Status AddEntry(Node* mapping, const Node* key, const Node* value);
  Status AddItem(Node* sequence, const Node* value);
  /// Applies merge keys (<<) once all entries are in, PyYAML's way: explicit keys win, then
  /// earlier merge sources over later ones.
  Status FinishMapping(Node* mapping);

  void SetRoot(const Node* root) { doc_.root_ = root; }
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
};

}  // namespace greenlight::document
