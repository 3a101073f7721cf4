// File: src/document/node.h
// The document model: a YAML/JSON tree with a source position on every node. It is what every
// check, rule, overlay and cutover module reads; the parser behind it (libyaml's event API on
// the hot path, yaml-cpp as the reference implementation) is an implementation detail of
// src/document/ and can be swapped without changing a finding.
//
// Nodes live in an arena owned by their Document; aliases share the anchored node (the tree is
// a DAG), and merge keys (<<) are resolved when the mapping is built.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace greenlight::document {

enum class NodeType : uint8_t { kScalar, kMapping, kSequence };

enum class ScalarStyle : uint8_t { kPlain, kSingleQuoted, kDoubleQuoted, kLiteral, kFolded };

/// What a scalar means under the YAML 1.1 core resolver that Kubernetes' YAML reader and
/// PyYAML use: `yes`, `on` and `~` are not strings when plain; any quoted scalar is a string.
enum class ScalarType : uint8_t { kNull, kBool, kInt, kFloat, kString };

/// 1-based line and column (in characters) in the file's UTF-8 text.
struct Mark {
  uint32_t line = 0;
  uint32_t column = 0;
};

class Node {
 public:
  using Entry = std::pair<const Node*, const Node*>;

  NodeType type() const { return type_; }
  bool IsScalar() const { return type_ == NodeType::kScalar; }
  bool IsMapping() const { return type_ == NodeType::kMapping; }
  bool IsSequence() const { return type_ == NodeType::kSequence; }

  const Mark& mark() const { return mark_; }
  /// The explicit tag ("tag:yaml.org,2002:str", "!foo"), empty when none was written.
  const std::string& tag() const { return tag_; }

  // Scalars.
  const std::string& scalar() const { return scalar_; }
  ScalarStyle style() const { return style_; }
  /// The resolved type (plain scalars by the YAML 1.1 rules, explicit tags honoured).
  ScalarType scalar_type() const;
  /// True for a scalar that resolves to a non-empty string.
  bool IsString() const { return IsScalar() && scalar_type() == ScalarType::kString; }
  bool IsNull() const { return IsScalar() && scalar_type() == ScalarType::kNull; }

  // Mappings: entries in document order, merge keys already applied. Lookups return the
  // last entry with that key (YAML readers that accept duplicates keep the last one).
  const std::vector<Entry>& entries() const { return entries_; }
  const Node* Get(std::string_view key) const;
  /// The key node of the entry Get(key) would return (for the key's own position).
  const Node* GetKey(std::string_view key) const;

  // Sequences.
  const std::vector<const Node*>& items() const { return items_; }

  /// Size for both containers (entries or items); 0 for scalars.
  size_t size() const { return IsMapping() ? entries_.size() : items_.size(); }

 private:
  friend class DocumentBuilder;
  friend class Document;

  void Reset();  // back to a fresh node, keeping small buffers for reuse

  NodeType type_ = NodeType::kScalar;
  ScalarStyle style_ = ScalarStyle::kPlain;
  Mark mark_;
  std::string tag_;
  std::string scalar_;
  std::vector<Entry> entries_;
  std::vector<const Node*> items_;
  uint64_t expanded_size_ = 1;  // nodes reachable with aliases expanded (alias-bomb guard)
};

/// Resolves a plain scalar by the YAML 1.1 implicit rules (PyYAML's resolver).
ScalarType ResolvePlainScalar(std::string_view text);

/// One YAML document of a stream, with its own node arena.
class Document {
 public:
  Document() = default;
  Document(Document&& other) noexcept;
  Document& operator=(Document&& other) noexcept;
  ~Document();

  /// The root node; nullptr for an empty document.
  const Node* root() const { return root_; }
  /// 0-based index in the stream, counted like PyYAML's load_all.
  int index() const { return index_; }
  /// 1-based line where the document starts (its '---' line, or its first line).
  uint32_t start_line() const { return start_line_; }
  /// The Helm template this document was rendered from ("# Source: chart/templates/x.yaml").
  const std::string& helm_source() const { return helm_source_; }
  /// Nodes built for the document (aliases share theirs, so they add none).
  size_t node_count() const;

 private:
  friend class DocumentBuilder;

  /// A new node in the arena. Nodes come in fixed blocks from a per-thread pool that a
  /// dropped Document gives its blocks back to (nodes reset, small buffers kept), so that in a
  /// scan's steady state a document costs no allocation for its nodes, its short scalars or its
  /// containers, and addresses stay stable (nodes point at each other).
  Node& NewNode();
  void Release();

  std::vector<Node*> blocks_;
  size_t last_block_used_ = 0;
  const Node* root_ = nullptr;
  int index_ = 0;
  uint32_t start_line_ = 1;
  std::string helm_source_;
};

}  // namespace greenlight::document
