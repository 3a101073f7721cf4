#include "document/object.h"

namespace greenlight::document {

bool IsClusterScopedKind(std::string_view api_version, std::string_view kind) {
  // group, kind: from the Kubernetes API reference (each kind's scope) and the add-ons' CRDs.
  static constexpr std::pair<std::string_view, std::string_view> kClusterScoped[] = {
      {"", "Namespace"}, {"", "Node"}, {"", "PersistentVolume"}, {"", "ComponentStatus"},
      {"rbac.authorization.k8s.io", "ClusterRole"}, {"rbac.authorization.k8s.io", "ClusterRoleBinding"},
      {"apiextensions.k8s.io", "CustomResourceDefinition"}, {"apiregistration.k8s.io", "APIService"},
      {"admissionregistration.k8s.io", "MutatingWebhookConfiguration"},
      {"admissionregistration.k8s.io", "ValidatingWebhookConfiguration"},
      {"admissionregistration.k8s.io", "ValidatingAdmissionPolicy"},
      {"admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"},
      {"admissionregistration.k8s.io", "MutatingAdmissionPolicy"},
      {"admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"},
      {"storage.k8s.io", "StorageClass"}, {"storage.k8s.io", "CSIDriver"}, {"storage.k8s.io", "CSINode"},
      {"storage.k8s.io", "VolumeAttachment"}, {"storage.k8s.io", "VolumeAttributesClass"},
      {"scheduling.k8s.io", "PriorityClass"}, {"node.k8s.io", "RuntimeClass"},
      {"networking.k8s.io", "IngressClass"}, {"networking.k8s.io", "IPAddress"},
      {"networking.k8s.io", "ServiceCIDR"}, {"policy", "PodSecurityPolicy"},
      {"extensions", "PodSecurityPolicy"}, {"certificates.k8s.io", "CertificateSigningRequest"},
      {"certificates.k8s.io", "ClusterTrustBundle"}, {"flowcontrol.apiserver.k8s.io", "FlowSchema"},
      {"flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"}, {"resource.k8s.io", "DeviceClass"},
      {"resource.k8s.io", "ResourceSlice"}, {"authentication.k8s.io", "TokenReview"},
      {"authentication.k8s.io", "SelfSubjectReview"}, {"authorization.k8s.io", "SubjectAccessReview"},
      {"authorization.k8s.io", "SelfSubjectAccessReview"}, {"authorization.k8s.io", "SelfSubjectRulesReview"},
      {"storagemigration.k8s.io", "StorageVersionMigration"},
      {"cert-manager.io", "ClusterIssuer"}, {"karpenter.sh", "NodePool"}, {"karpenter.sh", "NodeClaim"},
      {"karpenter.sh", "Provisioner"}, {"karpenter.k8s.aws", "EC2NodeClass"},
      {"karpenter.k8s.aws", "AWSNodeTemplate"}, {"kyverno.io", "ClusterPolicy"},
      {"kyverno.io", "ClusterCleanupPolicy"}, {"wgpolicyk8s.io", "ClusterPolicyReport"},
      {"external-secrets.io", "ClusterSecretStore"}, {"external-secrets.io", "ClusterExternalSecret"},
      {"templates.gatekeeper.sh", "ConstraintTemplate"},
  };
  const size_t slash = api_version.rfind('/');
  const std::string_view group = slash == std::string_view::npos ? std::string_view() : api_version.substr(0, slash);
  if (group == "constraints.gatekeeper.sh") return true;  // every Gatekeeper constraint kind
  for (const auto& [g, k] : kClusterScoped) {
    if (k == kind && g == group) return true;
  }
  return false;
}

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
