#include "checks/rule_info.h"

namespace greenlight::checks {

namespace {
// Rule documentation ships in the repository (rules/README.md); the API rules link to the
// official deprecation guide that their facts come from.
constexpr char kDeprecationGuide[] =
    "https://kubernetes.io/docs/reference/using-api/deprecation-guide/";
}

const std::vector<RuleInfo>& BuiltinRules() {
  static const std::vector<RuleInfo> kRules = {
      {"API101", "removed-api-version", Severity::kError, "api",
       "Object uses an API version that the target Kubernetes version no longer serves.",
       "The API server of the target version rejects the object: kubectl apply, Helm and Argo CD "
       "fail, and the green cluster comes up without it.",
       "Move the object to the replacement API version named in the finding.",
       kDeprecationGuide},
      {"API102", "deprecated-api-version", Severity::kWarning, "api",
       "Object uses an API version that is deprecated at the target Kubernetes version.",
       "Deprecated versions are still served but will be removed in a later release; moving now "
       "keeps the next upgrade a one-hop upgrade.",
       "Move the object to the replacement API version before the removal release.",
       kDeprecationGuide},
      {"ADD201", "addon-incompatible", Severity::kError, "addon",
       "A cluster add-on runs a version that does not support the target Kubernetes version.",
       "Add-ons such as cluster-autoscaler, cert-manager or ingress-nginx break in ways the API "
       "server does not reject: the green cluster comes up and then fails to scale, issue "
       "certificates or route traffic.",
       "Upgrade the add-on to the version named in the finding before the upgrade (greenlight addons).",
       "https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html"},
      {"ADD202", "addon-compatibility-unknown", Severity::kInfo, "addon",
       "A cluster add-on was found whose version, or whose compatibility with the target, is unknown.",
       "Digest-pinned images and versions outside the projects' published tables cannot be checked.",
       "Check the add-on's own compatibility table, or pin a tag so greenlight can check it.",
       ""},
      {"GL001", "invalid-yaml", Severity::kError, "input",
       "A document could not be parsed as YAML or JSON.",
       "An unparsable document is not checked, so whatever it holds would go unreported.",
       "Fix the syntax at the location shown; every other document is still checked.",
       ""},
      {"GL002", "unreadable-file", Severity::kError, "input",
       "A file could not be read or decoded (missing, dangling symlink, not UTF-8/UTF-16).",
       "An unreadable file is not checked.",
       "Make the file readable and UTF-8 (or UTF-16 with a byte-order mark).",
       ""},
      {"GL003", "unrendered-helm-template", Severity::kInfo, "input",
       "A Helm template document is not YAML until it is rendered.",
       "Its objects are only known after rendering. Until then only its literal apiVersion and "
       "kind lines are checked, by a heuristic that reports every .Capabilities branch; names, "
       "namespaces and computed apiVersions stay unknown.",
       "Scan the output of helm template (or the rendered manifests) for this chart.",
       ""},
      {"GL005", "render-failed", Severity::kError, "input",
       "A Helm chart or kustomization (scan --render) could not be rendered.",
       "Its objects are unknown, so whatever they hold would go unreported; Argo CD would fail "
       "to sync the same unit.",
       "Fix what the tool's message names (a missing dependency under charts/, a value file, a "
       "template error, a missing resource); raise --render-timeout for slow charts. Meanwhile "
       "a chart's templates are checked unrendered and a kustomization's files as plain YAML.",
       ""},
      {"GL006", "not-rendered", Severity::kInfo, "input",
       "A render unit or Argo CD source was found but not rendered, on purpose.",
       "greenlight renders offline and for one Kubernetes version: charts from Helm repositories, "
       "sources outside the scanned repository and per-version variants of other versions are "
       "left out, and this says which.",
       "Map other repositories to folders with --repo-map URL=DIR; vendor charts under charts/; "
       "scan with --target set to the variant's version to check it.",
       ""},
      {"GL007", "file-skipped", Severity::kInfo, "input",
       "A file under the inputs was not read: an upper-case extension (.YAML), or a symlink to a "
       "folder, which the walk does not enter.",
       "Nothing in it is checked, so it is said, never skipped silently (scan's coverage line and "
       "--explain-coverage list every file's disposition).",
       "Rename it to a lower-case .yaml, .yml or .json, or name the folder on the command line.",
       ""},
      {"GL008", "nothing-scanned", Severity::kError, "input",
       "An input holds files but no Kubernetes object was read from it: everything was excluded, "
       "skipped, not a manifest, or failed.",
       "A scan that read nothing reports no finding; taken as clean, it would let an upgrade "
       "through that nobody checked.",
       "Check the path, --include/--exclude and --render (charts and kustomizations need it); "
       "--explain-coverage says where every file went.",
       ""},
      {"GL010", "unreadable-cluster-record", Severity::kError, "input",
       "A record in a cluster dump could not be read: a last-applied-configuration annotation that "
       "is not JSON, or a Helm release record that does not decode.",
       "What the record holds is what the next kubectl apply or helm upgrade sends; unread, an API "
       "it names would go unreported. The live object itself is still checked.",
       "Take the dump again with kubectl get -o yaml or -o json (records are never edited by hand); "
       "for a release, check it with helm history and helm get manifest.",
       ""},
      {"GL011", "tiller-release-unsupported", Severity::kError, "input",
       "A Helm 2 (Tiller) release record was found; greenlight reads Helm 3 releases only.",
       "Helm 2 stores releases as protobuf and has been unsupported since 2020; its manifest is not "
       "checked, so the release is not reported clean either.",
       "Migrate the release to Helm 3 (the helm-2to3 plugin), then scan again; meanwhile check "
       "helm get manifest of the release with greenlight scan -.",
       ""},
      {"GL004", "unknown-suppression-id", Severity::kWarning, "input",
       "A greenlight.io/ignore annotation or # greenlight:ignore comment names an unknown rule.",
       "A mistyped id silences nothing, so the finding it was meant for is still reported and "
       "the suppression hides a typo.",
       "Use a rule id or name from 'greenlight rules list' (or the built-in GL/API ids).",
       ""},
  };
  return kRules;
}

namespace {
std::vector<RuleInfo>& LintRules() {
  static std::vector<RuleInfo> rules;
  return rules;
}
}  // namespace

const RuleInfo* FindRule(std::string_view id_or_name) {
  for (const auto& rule : BuiltinRules()) {
    if (rule.id == id_or_name || rule.name == id_or_name) return &rule;
  }
  for (const auto& rule : LintRules()) {
    if (rule.id == id_or_name || rule.name == id_or_name) return &rule;
  }
  return nullptr;
}

void RegisterLintRules(std::vector<RuleInfo> rules) { LintRules() = std::move(rules); }

void AddLintRules(const std::vector<RuleInfo>& rules) {
  for (const RuleInfo& rule : rules) {
    if (FindRule(rule.id) == nullptr) LintRules().push_back(rule);
  }
}

std::vector<RuleInfo> AllRules() {
  std::vector<RuleInfo> out = BuiltinRules();
  out.insert(out.end(), LintRules().begin(), LintRules().end());
  return out;
}

}  // namespace greenlight::checks
