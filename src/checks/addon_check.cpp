#include "checks/addon_check.h"

#include <algorithm>

#include "checks/rule_info.h"
#include "document/field_reader.h"
#include "document/parser.h"

namespace greenlight::checks {
using catalog::AddonSpec;
using catalog::AddonVersion;
using document::Node;

ImageReference ImageReference::Parse(std::string_view image) {
  ImageReference ref;
  if (size_t at = image.find('@'); at != std::string_view::npos) {
    ref.digest = std::string(image.substr(at + 1));
    image = image.substr(0, at);
  }
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    ref.tag = std::string(image.substr(colon + 1));
    image = image.substr(0, colon);
  }
  size_t first = image.find('/');
  if (first != std::string_view::npos) {
    std::string_view head = image.substr(0, first);
    if (head.find('.') != std::string_view::npos || head.find(':') != std::string_view::npos ||
        head == "localhost") {
      ref.registry = std::string(head);
      image = image.substr(first + 1);
    }
  }
  ref.path = std::string(image);
  return ref;
}

bool ImagePathMatches(std::string_view path, std::string_view pattern) {
  if (path == pattern) return true;
  return path.size() > pattern.size() && path.ends_with(pattern) &&
         path[path.size() - pattern.size() - 1] == '/';
}

namespace {

bool IsWorkloadKind(std::string_view kind) {
  for (std::string_view k :
       {"Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job", "CronJob", "Pod"}) {
    if (kind == k) return true;
  }
  return false;
}

// What a cluster dump holds but nothing runs: ReplicaSets a Deployment scaled to zero (its
// earlier revisions, kept for rollback) and Pods that have finished. Manifests in a repository
// never carry these states, so they only matter for dumps (scan --cluster).
bool RunsNothing(const document::Object& object) {
  if (object.kind == "ReplicaSet") {
    const Node* replicas = document::FindPath(object.node, {"spec", "replicas"});
    return replicas != nullptr && replicas->IsScalar() && replicas->scalar() == "0";
  }
  if (object.kind == "Pod") {
    const Node* phase = document::FindPath(object.node, {"status", "phase"});
    return phase != nullptr && phase->IsScalar() && (phase->scalar() == "Succeeded" || phase->scalar() == "Failed");
  }
  return false;
}

// The pod spec of a workload (CronJob: spec.jobTemplate.spec.template.spec).
const Node* PodSpec(const document::Object& object) {
  if (object.kind == "Pod") return document::FindPath(object.node, {"spec"});
  if (object.kind == "CronJob") {
    return document::FindPath(object.node, {"spec", "jobTemplate", "spec", "template", "spec"});
  }
  return document::FindPath(object.node, {"spec", "template", "spec"});
}

const Node* PodLabels(const document::Object& object) {
  if (object.kind == "Pod") return nullptr;
  if (object.kind == "CronJob") {
    return document::FindPath(object.node,
                              {"spec", "jobTemplate", "spec", "template", "metadata", "labels"});
  }
  return document::FindPath(object.node, {"spec", "template", "metadata", "labels"});
}

// A label of the object's metadata, else of its pod template.
const Node* Label(const document::Object& object, std::string_view key) {
  for (const Node* labels :
       {document::FindPath(object.node, {"metadata", "labels"}), PodLabels(object)}) {
    if (labels == nullptr || !labels->IsMapping()) continue;
    const Node* value = labels->Get(key);
    if (value != nullptr && value->IsString()) return value;
  }
  return nullptr;
}

// "cert-manager-v1.5.3" -> {"cert-manager", "v1.5.3"}: the version is the part after the last
// dash that is followed by a version.
std::pair<std::string, std::string> SplitChartLabel(std::string_view chart) {
  for (size_t dash = chart.rfind('-'); dash != std::string_view::npos && dash > 0;
       dash = chart.rfind('-', dash - 1)) {
    std::string_view rest = chart.substr(dash + 1);
    if (AddonVersion::Parse(rest)) return {std::string(chart.substr(0, dash)), std::string(rest)};
  }
  return {std::string(chart), ""};
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

Location LocationAt(const Node* node, const document::Object& object, std::string_view file) {
  const Node* at = node != nullptr ? node : object.api_version_node;
  return Location{std::string(file), at->mark().line, at->mark().column, object.document};
}

// Versions from labels when the image gave none: app.kubernetes.io/version, then the chart's
// version where the chart versions the add-on itself.
void VersionFromLabels(const document::Object& object, const AddonSpec& spec, AddonSighting& s) {
  if (const Node* label = Label(object, "app.kubernetes.io/version")) {
    if (auto v = AddonVersion::Parse(label->scalar())) {
      s.version = v;
      s.evidence += "; version from label app.kubernetes.io/version";
      return;
    }
  }
  if (!spec.chart_version_is_app_version) return;
  if (const Node* chart = Label(object, "helm.sh/chart")) {
    auto [name, version] = SplitChartLabel(chart->scalar());
    if (Contains(spec.helm_charts, name)) {
      if (auto v = AddonVersion::Parse(version)) {
        s.version = v;
        s.evidence += "; version from label helm.sh/chart";
      }
    }
  }
}

// The version an image reference carries, or why it carries none.
void VersionFromImage(const ImageReference& ref, AddonSighting& s) {
  s.version = AddonVersion::Parse(ref.tag);
  if (s.version) return;
  s.version_note = ref.tag.empty() && !ref.digest.empty()
                       ? "image pinned by digest only (" + ref.digest.substr(0, 19) +
                             "...): the version cannot be read from a digest"
                   : ref.tag.empty() ? "image has no tag"
                                     : "tag '" + ref.tag + "' is not a version";
}

// Each container (init containers first) with its image, for the add-on's image repositories
// or, when `by_name`, for container names the add-on's app.kubernetes.io/name values give (a
// mirror that renamed the repository, an image pinned by digest under another path).
std::optional<AddonSighting> FromContainers(const document::Object& object, const Node* pod_spec,
                                            const AddonSpec& spec, std::string_view file,
                                            bool by_name) {
  std::optional<AddonSighting> best;
  for (std::string_view list : {"initContainers", "containers"}) {
    const Node* containers =
        pod_spec != nullptr && pod_spec->IsMapping() ? pod_spec->Get(list) : nullptr;
    if (containers == nullptr || !containers->IsSequence()) continue;
    for (const Node* container : containers->items()) {
      const Node* image = container->IsMapping() ? container->Get("image") : nullptr;
      if (image == nullptr || !image->IsString()) continue;
      ImageReference ref = ImageReference::Parse(image->scalar());
      AddonSighting s;
      s.addon = spec.id;
      if (by_name) {
        const Node* name = container->Get("name");
        if (name == nullptr || !name->IsString() || !Contains(spec.names, name->scalar())) continue;
        s.evidence = "container name " + name->scalar() + ", image " + image->scalar();
      } else {
        bool match = std::any_of(spec.images.begin(), spec.images.end(), [&](const std::string& p) {
          return ImagePathMatches(ref.path, p);
        });
        if (!match) continue;
        s.evidence = "image " + image->scalar();
      }
      s.location = LocationAt(image, object, file);
      VersionFromImage(ref, s);
      if (!best || (!best->version && s.version)) best = std::move(s);
    }
  }
  return best;
}

std::optional<AddonSighting> FromLabels(const document::Object& object, const AddonSpec& spec,
                                        std::string_view file) {
  const Node* name = Label(object, "app.kubernetes.io/name");
  if (name != nullptr && Contains(spec.names, name->scalar())) {
    AddonSighting s;
    s.addon = spec.id;
    s.evidence = "label app.kubernetes.io/name=" + name->scalar();
    s.location = LocationAt(name, object, file);
    return s;
  }
  const Node* chart = Label(object, "helm.sh/chart");
  if (chart != nullptr && Contains(spec.helm_charts, SplitChartLabel(chart->scalar()).first)) {
    AddonSighting s;
    s.addon = spec.id;
    s.evidence = "label helm.sh/chart=" + chart->scalar();
    s.location = LocationAt(chart, object, file);
    return s;
  }
  return std::nullopt;
}

}  // namespace

std::vector<AddonSighting> DetectAddons(const document::Object& object, std::string_view file,
                                        const catalog::AddonMatrix& matrix) {
  std::vector<AddonSighting> out;
  if (!IsWorkloadKind(object.kind) || RunsNothing(object)) return out;
  const Node* pod_spec = PodSpec(object);
  for (const AddonSpec& spec : matrix.addons()) {
    std::optional<AddonSighting> s = FromContainers(object, pod_spec, spec, file, false);
    if (!s) s = FromLabels(object, spec, file);
    if (!s) s = FromContainers(object, pod_spec, spec, file, true);
    if (!s) continue;
    if (!s->version) {
      VersionFromLabels(object, spec, *s);
      if (s->version) {
        s->version_note.clear();
      } else if (s->version_note.empty()) {
        s->version_note = "no version in the image tag or labels";
      }
    }
    s->kind = std::string(object.kind);
    s->namespace_name = std::string(object.namespace_name);
    s->name = std::string(object.name);
    out.push_back(std::move(*s));
  }
  return out;
}

// ---- findings ---------------------------------------------------------------------------------

std::optional<Finding> AddonCheck::FindingFor(const AddonSighting& s) const {
  const AddonSpec* spec = matrix_.Find(s.addon);
  if (spec == nullptr) return std::nullopt;
  catalog::AddonVerdict verdict = catalog::AddonMatrix::Evaluate(*spec, s.version, target_);
  if (verdict.status == catalog::AddonStatus::kOk) return std::nullopt;
  bool incompatible = verdict.status == catalog::AddonStatus::kUpgrade ||
                      verdict.status == catalog::AddonStatus::kUnsupported;
  const RuleInfo* rule = FindRule(incompatible ? kRuleAddonIncompatible : kRuleAddonUnknown);
  Finding f;
  f.rule_id = rule->id;
  f.rule_name = rule->name;
  f.severity = rule->severity;
  f.location = s.location;
  f.kind = s.kind;
  f.namespace_name = s.namespace_name;
  f.name = s.name;
  std::string subject =
      spec->display_name + " " + (s.version ? s.version->ToString() : "(version unknown)");
  const std::string target = target_.Minor().ToString();
  if (verdict.status == catalog::AddonStatus::kUpgrade) {
    f.message = subject + " does not support Kubernetes " + target + " (" + verdict.reason +
                "); upgrade to " +
                (verdict.minimum.empty() ? verdict.recommended : ">= " + verdict.minimum);
    f.help = "Upgrade " + spec->display_name + " to " + verdict.recommended +
             " before the upgrade to " + target + ".";
  } else if (verdict.status == catalog::AddonStatus::kUnsupported) {
    f.message = subject + " does not support Kubernetes " + target + " (" + verdict.reason + ")";
    f.help = rule->help;
  } else {
    f.message = subject + ": compatibility with Kubernetes " + target + " unknown (" +
                (s.version ? verdict.reason : s.version_note) + ")";
    f.help = rule->help;
  }
  f.notes.push_back("found by " + s.evidence);
  if (!verdict.source.empty()) f.notes.push_back("source: " + verdict.source);
  f.fingerprint = ComputeFingerprint(f);
  return f;
}

void AddonCheck::Run(const document::Object& object, const CheckContext& context,
                     std::vector<Finding>& out) const {
  for (const AddonSighting& s : DetectAddons(object, context.file, matrix_)) {
    if (auto f = FindingFor(s)) {
      Finding finding = std::move(*f);
      finding.item = object.item;
      finding.helm_source = std::string(object.helm_source);
      finding.api_version = std::string(object.api_version);
      finding.fingerprint = ComputeFingerprint(finding);
      out.push_back(std::move(finding));
    }
  }
}

void AddonCollector::Run(const document::Object& object, const CheckContext& context,
                         std::vector<Finding>&) const {
  auto found = DetectAddons(object, context.file, matrix_);
  if (found.empty()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& s : found) sightings_.push_back(std::move(s));
}

std::vector<AddonSighting> AddonCollector::Sightings() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<AddonSighting> out = sightings_;
  std::sort(out.begin(), out.end(), [](const AddonSighting& a, const AddonSighting& b) {
    return std::tie(a.addon, a.location.file, a.location.line, a.location.column) <
           std::tie(b.addon, b.location.file, b.location.line, b.location.column);
  });
  return out;
}

// ---- inventory --------------------------------------------------------------------------------

namespace {

Status ReadInventoryEntry(const Node* item, const std::string& file,
                          std::vector<AddonSighting>& out) {
  if (item->IsMapping() && item->Get("addon") != nullptr && item->Get("addon")->IsMapping()) {
    item = item->Get("addon");  // aws eks describe-addon wraps the add-on in {"addon": {...}}
  }
  if (!item->IsMapping()) {
    return InvalidArgument(
        "inventory entry must be a mapping, found " + document::DescribeNode(item),
        document::LocationOf(item, file));
  }
  const bool aws = item->Get("addonName") != nullptr;
  const Node* name = item->Get(aws ? "addonName" : "name");
  const Node* version = item->Get(aws ? "addonVersion" : "version");
  if (name == nullptr || !name->IsString()) {
    return InvalidArgument("inventory entry needs 'name' (or 'addonName') as a string",
                           document::LocationOf(item, file));
  }
  AddonSighting s;
  s.addon = name->scalar();
  s.location = document::LocationOf(name, file);
  s.evidence = aws ? "inventory (aws eks describe-addon)" : "inventory";
  if (version != nullptr && version->IsScalar() && !version->IsNull()) {
    s.version = AddonVersion::Parse(version->scalar());
    if (!s.version) {
      return InvalidArgument("'" + version->scalar() + "' is not a version like v1.12.6-eksbuild.2",
                             document::LocationOf(version, file));
    }
  } else {
    s.version_note = "no version in the inventory";
  }
  if (const Node* cluster = item->Get("clusterName"); cluster != nullptr && cluster->IsString()) {
    s.name = cluster->scalar();
    s.kind = "EKS add-on";
  }
  out.push_back(std::move(s));
  return Status::Ok();
}

}  // namespace

StatusOr<std::vector<AddonSighting>> ParseAddonInventory(std::string bytes,
                                                         std::string_view display_path) {
  const std::string file(display_path);
  GL_ASSIGN_OR_RETURN(document::Document doc,
                      document::ParseSingleDocument(std::move(bytes), file));
  const Node* root = doc.root();
  if (root == nullptr) return InvalidArgument("inventory is empty", Location{file});
  const Node* list = root;
  if (root->IsMapping() && root->Get("addons") != nullptr) list = root->Get("addons");
  std::vector<AddonSighting> out;
  if (list->IsSequence()) {
    for (const Node* item : list->items()) GL_RETURN_IF_ERROR(ReadInventoryEntry(item, file, out));
  } else {
    GL_RETURN_IF_ERROR(ReadInventoryEntry(list, file, out));
  }
  return out;
}

}  // namespace greenlight::checks
