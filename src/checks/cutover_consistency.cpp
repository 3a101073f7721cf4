#include "checks/cutover_consistency.h"

namespace greenlight::checks {
namespace {

// Why each rule matters (../shared/cutover-facts.md sections 1, 2 and 4).
const char* WhyItMatters(std::string_view id) {
  if (id == "CUT501")
    return "Ownership is keyed on name, type and set identifier: with one set identifier the "
           "second cluster's member is never published.";
  if (id == "CUT502")
    return "external-dns only touches records whose TXT owner matches; a shared owner id lets each "
           "cluster delete the other's records.";
  if (id == "CUT503")
    return "external-dns v0.22+ reads only external-dns.kubernetes.io/, earlier versions only "
           "external-dns.alpha.kubernetes.io/; other annotations are ignored.";
  if (id == "CUT504")
    return "Since v0.22.0 --policy has no default; the Deployment does not start without it.";
  if (id == "CUT505")
    return "With sync in a shared zone, --migrate-from-txt-owner can take over and delete the "
           "other cluster's records.";
  if (id == "CUT506")
    return "Alias records answer with the load balancer's 60 s TTL; external-dns drops the ttl "
           "annotation for them.";
  if (id == "CUT508")
    return "A CNAME cannot coexist with A/AAAA records of the same name: the second cluster's "
           "changes fail.";
  return "";
}

const char* HelpFor(std::string_view id) {
  if (id == "CUT501")
    return "Give each cluster its own set identifier, e.g. <app>-blue and <app>-green.";
  if (id == "CUT502") return "Set a distinct, stable --txt-owner-id per cluster.";
  if (id == "CUT503")
    return "Use the prefix the deployed external-dns reads, or pin --annotation-prefix.";
  if (id == "CUT504") return "Add --policy=upsert-only (or sync, with distinct owner ids).";
  if (id == "CUT505") return "Remove --migrate-from-txt-owner until the cutover is finished.";
  if (id == "CUT506")
    return "Drop the ttl annotation, or run both clusters with --aws-prefer-cname.";
  if (id == "CUT508") return "Run both clusters' external-dns in the same record mode.";
  return "";
}

}  // namespace

std::vector<RuleInfo> CutoverRuleInfos() {
  std::vector<RuleInfo> out;
  for (const auto& rule : cutover::CutoverLintRules()) {
    std::string_view id = rule.id;
    Severity severity = id == "CUT506" ? Severity::kWarning : Severity::kError;
    out.push_back({rule.id, rule.name, severity, "cutover", rule.summary, WhyItMatters(id),
                   HelpFor(id),
                   "https://kubernetes-sigs.github.io/external-dns/latest/docs/tutorials/aws/"});
  }
  return out;
}

std::vector<Finding> CutoverFindings(const std::vector<cutover::LintIssue>& issues) {
  std::vector<Finding> out;
  for (const auto& issue : issues) {
    Finding finding;
    finding.rule_id = issue.rule_id;
    finding.rule_name = issue.rule_name;
    finding.severity = issue.error ? Severity::kError : Severity::kWarning;
    finding.message = issue.message;
    finding.help = issue.help;
    finding.location = issue.location;
    finding.kind = issue.kind;
    finding.namespace_name = issue.namespace_name;
    finding.name = issue.name;
    finding.notes.push_back("cluster: " + issue.cluster);
    finding.fingerprint = ComputeFingerprint(finding);
    out.push_back(std::move(finding));
  }
  return out;
}

}  // namespace greenlight::checks
