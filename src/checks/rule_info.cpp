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
       "Its objects are only known after rendering; checked as written it hides nothing and "
       "proves nothing.",
       "Scan the output of helm template (or the rendered manifests) for this chart.",
       ""},
  };
  return kRules;
}

const RuleInfo* FindRule(std::string_view id_or_name) {
  for (const auto& rule : BuiltinRules()) {
    if (rule.id == id_or_name || rule.name == id_or_name) return &rule;
  }
  return nullptr;
}

}  // namespace greenlight::checks
