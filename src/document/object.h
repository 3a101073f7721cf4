// File: src/document/object.h
// Kubernetes objects found in parsed documents. An object is a mapping whose apiVersion and kind
// are non-empty strings; anything else (Chart.yaml, values.yaml, CI files, a manifest quoted in a
// ConfigMap value) is a document but not an object. A *List whose items is a list stands for its
// items, each located where it is written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "document/node.h"

namespace greenlight::document {

/// Group/version/kind of an object, as written ("apps/v1" + "Deployment").
struct Gvk {
  std::string api_version;
  std::string kind;

  std::string_view group() const;    ///< "" for the core group ("v1")
  std::string_view version() const;  ///< the part after the last '/'
  friend bool operator==(const Gvk&, const Gvk&) = default;
  friend auto operator<=>(const Gvk&, const Gvk&) = default;
};

/// One object. Views point into the Document's nodes: an Object lives no longer than its Document.
struct Object {
  const Node* node = nullptr;          ///< the object's mapping
  const Node* api_version_node = nullptr;
  std::string_view api_version;
  std::string_view kind;
  std::string_view name;               ///< metadata.name, "" when absent
  std::string_view namespace_name;     ///< metadata.namespace, "" when absent
  int document = 0;                    ///< index of the document in its stream
  int item = -1;                       ///< index in the List's items, -1 when not from a List
  std::string_view helm_source;        ///< "# Source:" template path, "" when none

  Gvk gvk() const { return Gvk{std::string(api_version), std::string(kind)}; }
};

/// The objects in `doc`, in document order.
std::vector<Object> ExtractObjects(const Document& doc);

/// True for kinds whose objects have no namespace: the built-in cluster-scoped kinds of the
/// Kubernetes API (`kubectl api-resources --namespaced=false`) and those of common add-ons
/// (cert-manager, Karpenter, Kyverno, External Secrets, Gatekeeper). Any other kind, a custom
/// resource included, counts as namespaced, as most are.
bool IsClusterScopedKind(std::string_view api_version, std::string_view kind);

/// True if `node` is a Kubernetes object (a mapping with string apiVersion and kind).
bool IsObject(const Node* node);

/// Follows a dotted path of mapping keys ("metadata.name"); nullptr when any step is missing.
const Node* FindPath(const Node* node, std::initializer_list<std::string_view> keys);

}  // namespace greenlight::document
