#include "document/internal/builder.h"

#include <unordered_set>

namespace greenlight::document {
namespace {

bool IsMergeKey(const Node* key) {
  return key->IsScalar() && key->scalar() == "<<" &&
         (key->style() == ScalarStyle::kPlain || key->tag() == "tag:yaml.org,2002:merge");
}

std::string AtLine(const Mark& m) {
  return "line " + std::to_string(m.line) + " column " + std::to_string(m.column);
}

}  // namespace

Node* DocumentBuilder::NewScalar(Mark mark, std::string_view value, ScalarStyle style, std::string_view tag) {
  Node& n = doc_.NewNode();
  n.type_ = NodeType::kScalar;
  n.mark_ = mark;
  n.scalar_.assign(value.data(), value.size());
  n.style_ = style;
  if (!tag.empty()) n.tag_.assign(tag.data(), tag.size());
  return &n;
}

Node* DocumentBuilder::NewMapping(Mark mark, std::string_view tag) {
  Node& n = doc_.NewNode();
  n.type_ = NodeType::kMapping;
  n.mark_ = mark;
  if (!tag.empty()) n.tag_.assign(tag.data(), tag.size());
  return &n;
}

Node* DocumentBuilder::NewSequence(Mark mark, std::string_view tag) {
  Node& n = doc_.NewNode();
  n.type_ = NodeType::kSequence;
  n.mark_ = mark;
  if (!tag.empty()) n.tag_.assign(tag.data(), tag.size());
  return &n;
}

namespace {

std::string MiB(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

Status CheckScalar(const Node* node) {
  if (!node->IsScalar() || node->scalar().size() <= kMaxScalarBytes) return Status::Ok();
  const Mark& m = node->mark();
  return InvalidArgument("scalar of " + std::to_string(node->scalar().size()) + " bytes is longer than the " +
                         MiB(kMaxScalarBytes) + " limit for one value")
      .WithLocation(Location{"", m.line, m.column, -1});
}

}  // namespace

Status DocumentBuilder::Grow(Node* container, const Node* child) {
  // Sizes are summed when a child is attached; a container attached before its children are
  // complete (the usual streaming order) is counted when it closes, by FinishMapping/the caller.
  // The sizes count alias uses once each, so they stay below kMaxNodesPerStream +
  // kMaxAliasExpansion and cannot overflow.
  container->expanded_size_ += child->expanded_size_;
  if (doc_.node_count() > kMaxNodesPerStream) {
    return InvalidArgument("document has more than " + std::to_string(kMaxNodesPerStream) +
                           " nodes (values, mappings, lists); refusing it to bound memory");
  }
  return CheckScalar(child);
}

Status DocumentBuilder::EnterContainer() {
  if (++depth_ > kMaxNestingDepth) {
    return InvalidArgument("nesting deeper than " + std::to_string(kMaxNestingDepth) +
                           " mappings and lists; refusing the document");
  }
  return Status::Ok();
}

Status DocumentBuilder::UseAlias(const Node* anchored) {
  alias_expansion_ += anchored->expanded_size_;
  if (alias_expansion_ > kMaxAliasExpansion) {
    return InvalidArgument("aliases expand to more than " + std::to_string(kMaxAliasExpansion) +
                           " nodes; refusing the document (alias bomb?)");
  }
  return Status::Ok();
}

Status DocumentBuilder::SetRoot(const Node* root) {
  doc_.root_ = root;
  return root != nullptr ? CheckScalar(root) : Status::Ok();
}

Status DocumentBuilder::AddEntry(Node* mapping, const Node* key, const Node* value) {
  if (!key->IsScalar()) {
    return InvalidArgument("found a " + std::string(key->IsMapping() ? "mapping" : "sequence") +
                           " used as a mapping key at " + AtLine(key->mark()) +
                           "; keys must be scalars (an unrendered template's {{ }}?)");
  }
  mapping->entries_.emplace_back(key, value);
  GL_RETURN_IF_ERROR(Grow(mapping, key));
  return Grow(mapping, value);
}

Status DocumentBuilder::AddItem(Node* sequence, const Node* value) {
  sequence->items_.push_back(value);
  return Grow(sequence, value);
}

Status DocumentBuilder::FinishMapping(Node* mapping) {
  bool has_merge = false;
  for (const auto& [key, value] : mapping->entries_) has_merge |= IsMergeKey(key);
  if (!has_merge) return Status::Ok();

  std::vector<Node::Entry> explicit_entries;
  std::vector<const Node*> sources;
  for (const auto& [key, value] : mapping->entries_) {
    if (!IsMergeKey(key)) {
      explicit_entries.emplace_back(key, value);
      continue;
    }
    if (value->IsMapping()) {
      sources.push_back(value);
    } else if (value->IsSequence()) {
      for (const Node* item : value->items()) {
        if (!item->IsMapping()) {
          return InvalidArgument("merge key (<<) at " + AtLine(key->mark()) +
                                 " expects mappings, found a " +
                                 (item->IsScalar() ? "scalar" : "sequence"));
        }
        sources.push_back(item);
      }
    } else {
      return InvalidArgument("merge key (<<) at " + AtLine(key->mark()) +
                             " expects a mapping or a list of mappings");
    }
  }
  // Winner per key: explicit entries, then earlier sources before later ones.
  std::unordered_set<std::string_view> taken;
  for (const auto& [key, value] : explicit_entries) taken.insert(key->scalar());
  std::vector<Node::Entry> merged;
  for (const Node* source : sources) {
    for (const auto& [key, value] : source->entries()) {
      if (taken.insert(key->scalar()).second) merged.emplace_back(key, value);
    }
  }
  merged.insert(merged.end(), explicit_entries.begin(), explicit_entries.end());
  mapping->entries_ = std::move(merged);
  return Status::Ok();
}

}  // namespace greenlight::document
