#include "document/object.h"

namespace greenlight::document {

std::string_view Gvk::group() const {
  size_t slash = api_version.rfind('/');
  return slash == std::string::npos ? std::string_view() : std::string_view(api_version).substr(0, slash);
}

std::string_view Gvk::version() const {
  size_t slash = api_version.rfind('/');
  return slash == std::string::npos ? std::string_view(api_version)
                                    : std::string_view(api_version).substr(slash + 1);
}

const Node* FindPath(const Node* node, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    if (node == nullptr || !node->IsMapping()) return nullptr;
    node = node->Get(key);
  }
  return node;
}

bool IsObject(const Node* node) {
  if (node == nullptr || !node->IsMapping()) return false;
  const Node* api_version = node->Get("apiVersion");
  const Node* kind = node->Get("kind");
  return api_version && kind && api_version->IsString() && kind->IsString() &&
         !api_version->scalar().empty() && !kind->scalar().empty();
}

namespace {

std::string_view StringAt(const Node* node, std::initializer_list<std::string_view> path) {
  const Node* v = FindPath(node, path);
  return v && v->IsScalar() && !v->IsNull() ? std::string_view(v->scalar()) : std::string_view();
}

Object MakeObject(const Node* node, const Document& doc, int item) {
  Object o;
  o.node = node;
  o.api_version_node = node->Get("apiVersion");
  o.api_version = o.api_version_node->scalar();
  o.kind = node->Get("kind")->scalar();
  o.name = StringAt(node, {"metadata", "name"});
  o.namespace_name = StringAt(node, {"metadata", "namespace"});
  o.document = doc.index();
  o.item = item;
  o.helm_source = doc.helm_source();
  return o;
}

}  // namespace

std::vector<Object> ExtractObjects(const Document& doc) {
  std::vector<Object> out;
  const Node* root = doc.root();
  if (!IsObject(root)) return out;
  const Node* items = root->Get("items");
  bool is_list = root->Get("kind")->scalar().ends_with("List") && items && items->IsSequence();
  if (!is_list) {
    out.push_back(MakeObject(root, doc, -1));
    return out;
  }
  int index = 0;
  for (const Node* item : items->items()) {
    if (IsObject(item)) out.push_back(MakeObject(item, doc, index));
    ++index;
  }
  return out;
}

}  // namespace greenlight::document
