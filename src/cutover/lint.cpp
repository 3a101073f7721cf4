#include "cutover/lint.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace greenlight::cutover {
namespace {

const ExternalDnsDeployment* TheExternalDns(const ClusterManifests& cluster) {
  return cluster.external_dns.empty() ? nullptr : &cluster.external_dns.front();
}

bool AtLeastV022(const std::string& version) {
  return !version.empty() && DefaultAnnotationPrefix(version) == kAnnotationPrefixGa;
}

std::string ObjectName(const HostnameSource& s) {
  return s.kind + " " + s.namespace_name + "/" + s.name;
}

class Linter {
 public:
  Linter(const ClusterManifests& blue, const ClusterManifests& green)
      : blue_(blue), green_(green) {}

  std::vector<LintIssue> Run() {
    SharedSetIdentifier();
    SharedOwnerId();
    for (const ClusterManifests* cluster : {&blue_, &green_}) {
      PrefixNotRead(*cluster);
      DeploymentFlags(*cluster);
      TtlOnAlias(*cluster);
    }
    RecordModeMismatch();
    std::sort(issues_.begin(), issues_.end(), [](const LintIssue& a, const LintIssue& b) {
      return std::tie(a.cluster, a.location.file, a.location.line, a.location.column, a.rule_id,
                      a.message) < std::tie(b.cluster, b.location.file, b.location.line,
                                            b.location.column, b.rule_id, b.message);
    });
    return std::move(issues_);
  }

 private:
  struct Target {
    std::string kind, namespace_name, name;
  };
  static Target Of(const HostnameSource& s) { return {s.kind, s.namespace_name, s.name}; }
  static Target Of(const ExternalDnsDeployment& d) {
    return {"Deployment", d.namespace_name, d.name};
  }

  void Add(const char* id, bool error, const ClusterManifests& cluster, const Target& target,
           const Location& where, std::string message, std::string help) {
    const char* name = "";
    for (const auto& rule : CutoverLintRules()) {
      if (std::string_view(rule.id) == id) name = rule.name;
    }
    issues_.push_back({id, name, error, cluster.name, std::move(message), std::move(help), where,
                       target.kind, target.namespace_name, target.name});
  }

  // CUT501: one hostname, one set identifier in both clusters: the second owner never publishes.
  void SharedSetIdentifier() {
    std::set<std::pair<std::string, std::string>> reported;
    for (const auto& g : green_.hostnames) {
      const auto* gid = g.Find("set-identifier");
      if (gid == nullptr) continue;
      for (const auto& b : blue_.hostnames) {
        const auto* bid = b.Find("set-identifier");
        if (bid == nullptr || b.hostname != g.hostname || bid->value != gid->value) continue;
        if (!reported.insert({g.hostname, gid->value}).second) continue;
        Add("CUT501", true, green_, Of(g), gid->location,
            "set identifier '" + gid->value + "' for " + g.hostname + " is also used by blue's " +
                ObjectName(b) + " (" + bid->location.ToString() +
                "): the two owners collide on one record set and one side is never published",
            "Give each cluster its own set identifier, e.g. <app>-blue and <app>-green.");
      }
    }
  }

  // CUT502: a shared (or default) --txt-owner-id makes each external-dns delete the other's
  // records.
  void SharedOwnerId() {
    const auto* b = TheExternalDns(blue_);
    const auto* g = TheExternalDns(green_);
    if (b == nullptr || g == nullptr) return;
    std::string bid = b->txt_owner_id.value_or("default");
    std::string gid = g->txt_owner_id.value_or("default");
    if (bid != gid) return;
    Add("CUT502", true, green_, Of(*g), g->location,
        "blue and green external-dns both use --txt-owner-id=" + gid +
            (g->txt_owner_id ? "" : " (the default)") +
            ": each treats the other's records as its own and deletes them",
        "Set a distinct, stable --txt-owner-id per cluster, e.g. eks-prod-blue and "
        "eks-prod-green.");
  }

  // CUT503: annotations under a prefix the deployed external-dns does not read are ignored.
  void PrefixNotRead(const ClusterManifests& cluster) {
    const auto* dns = TheExternalDns(cluster);
    if (dns == nullptr) return;
    std::string reads = dns->EffectivePrefix();
    std::set<std::string> reported;
    for (const auto& source : cluster.hostnames) {
      for (const auto& annotation : source.annotations) {
        if (annotation.prefix.empty() || annotation.prefix == reads) continue;
        if (!reported.insert(annotation.location.ToString()).second) continue;
        Add("CUT503", true, cluster, Of(source), annotation.location,
            annotation.prefix + annotation.key + " on " + ObjectName(source) +
                " is ignored: " + cluster.name + "'s external-dns " +
                (dns->version.empty() ? "" : dns->version + " ") + "reads only " + reads,
            "Write the annotation as " + reads + annotation.key +
                ", or pin --annotation-prefix on external-dns (v0.20+).");
      }
    }
  }

  // CUT504 / CUT505: flags of the external-dns Deployment itself that break a cutover.
  void DeploymentFlags(const ClusterManifests& cluster) {
    for (const auto& dns : cluster.external_dns) {
      if (AtLeastV022(dns.version) && !dns.policy) {
        Add("CUT504", true, cluster, Of(dns), dns.location,
            "external-dns " + dns.version + " in " + dns.namespace_name + "/" + dns.name +
                " has no --policy; since v0.22.0 it is required and has no default",
            "Add --policy=upsert-only (or sync, with distinct owner ids).");
      }
      if (dns.migrate_from_txt_owner) {
        Add("CUT505", true, cluster, Of(dns), dns.location,
            "external-dns " + dns.namespace_name + "/" + dns.name +
                " runs with --migrate-from-txt-owner during a cutover: with another cluster on "
                "the same zone it can take over and delete that cluster's records",
            "Remove --migrate-from-txt-owner until the cutover is finished.");
      }
    }
  }

  // CUT506: external-dns drops the ttl annotation on alias records; it changes nothing.
  void TtlOnAlias(const ClusterManifests& cluster) {
    const auto* dns = TheExternalDns(cluster);
    if (dns == nullptr || dns->prefer_cname) return;
    for (const auto& source : cluster.hostnames) {
      const auto* ttl = source.Find("ttl");
      if (ttl == nullptr) continue;
      const auto* target = source.Find("target");
      std::string value =
          target ? target->value
                 : (source.load_balancers.empty() ? "" : source.load_balancers.front());
      bool ip_target = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':' || c == ',';
      });
      if (ip_target || source.kind == "DNSEndpoint") continue;
      Add("CUT506", false, cluster, Of(source), ttl->location,
          "ttl on " + ObjectName(source) + " is ignored: " + cluster.name +
              "'s external-dns writes an alias record for " + source.hostname +
              ", which always answers with the load balancer's 60 s TTL",
          "Drop the ttl annotation, or run both clusters' external-dns with --aws-prefer-cname.");
    }
  }

  // CUT508: a CNAME on one side and A/AAAA aliases on the other cannot share a name.
  void RecordModeMismatch() {
    const auto* b = TheExternalDns(blue_);
    const auto* g = TheExternalDns(green_);
    if (b == nullptr || g == nullptr || b->prefer_cname == g->prefer_cname) return;
    auto mode = [](const ExternalDnsDeployment* d) {
      return d->prefer_cname ? "CNAME (--aws-prefer-cname)" : "alias";
    };
    Add("CUT508", true, green_, Of(*g), g->location,
        std::string("green's external-dns writes ") + mode(g) + " records, blue's writes " +
            mode(b) + ": Route 53 refuses a CNAME beside A/AAAA records of the same name",
        "Run both clusters in the same mode: both with or both without --aws-prefer-cname.");
  }

  const ClusterManifests& blue_;
  const ClusterManifests& green_;
  std::vector<LintIssue> issues_;
};

}  // namespace

const std::vector<LintRule>& CutoverLintRules() {
  static const std::vector<LintRule> kRules = {
      {"CUT501", "set-identifier-shared-across-clusters",
       "Blue and green use the same set identifier for one hostname."},
      {"CUT502", "txt-owner-id-shared",
       "Both clusters' external-dns use the same or the default --txt-owner-id."},
      {"CUT503", "annotation-prefix-not-read",
       "An external-dns annotation uses a prefix the deployed external-dns does not read."},
      {"CUT504", "external-dns-policy-missing", "external-dns v0.22+ runs without --policy."},
      {"CUT505", "migrate-txt-owner-during-cutover",
       "external-dns runs with --migrate-from-txt-owner."},
      {"CUT506", "ttl-on-alias-record",
       "A ttl annotation on a record external-dns writes as an alias."},
      // CUT507 (weight-not-an-integer) is retired: a single object's weight is rule REL421.
      {"CUT508", "record-mode-mismatch", "CNAME mode on one cluster and alias mode on the other."},
  };
  return kRules;
}

std::vector<LintIssue> LintClusters(const ClusterManifests& blue, const ClusterManifests& green) {
  return Linter(blue, green).Run();
}

}  // namespace greenlight::cutover
