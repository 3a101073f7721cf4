// Unit tests for src/cutover/: strict spec loading (errors name file:line:col), impossible plans
// refused, batch splitting to Route 53's request limits, annotation ordering, verify, the
// "no hostname left behind" check, cutover init and the CUT5xx fixtures (one good, one bad each).
#include <gtest/gtest.h>

#include <filesystem>

#include "cutover/cluster.h"
#include "cutover/lint.h"
#include "cutover/plan.h"
#include "cutover/spec.h"
#include "cutover/split.h"
#include "cutover/verify.h"
#include "test_paths.h"

namespace greenlight::cutover {
namespace {

namespace fs = std::filesystem;
using greenlight::testing::ReadFileOrDie;
using greenlight::testing::TestData;

constexpr char kHeader[] =
    "schemaVersion: 1\n"
    "zone: {name: example.com, id: Z0EXAMPLE}\n";

constexpr char kCnameRecord[] =
    "records:\n"
    "  - hostname: app.example.com\n"
    "    type: CNAME\n"
    "    blue: {target: blue.us-east-1.elb.amazonaws.com}\n"
    "    green: {target: green.us-east-1.elb.amazonaws.com}\n";

StatusOr<CutoverSpec> Parse(const std::string& text) { return ParseSpec(text, "cutover.yaml"); }

struct SpecErrorCase {
  const char* name;
  std::string yaml;
  const char* location;  // "cutover.yaml:L:C"
  const char* message_part;
};

TEST(CutoverSpec, ErrorsNameFileLineColumn) {
  const SpecErrorCase cases[] = {
      {"weight above 255",
       std::string(kHeader) + "steps:\n  - {blue: 300, green: 0}\n" + kCnameRecord,
       "cutover.yaml:4:12", "weight 300 is outside 0..255"},
      {"both sides zero", std::string(kHeader) + "steps:\n  - {blue: 0, green: 0}\n" + kCnameRecord,
       "cutover.yaml:4:5", "even split"},
      {"duplicate set identifier",
       std::string(kHeader) + "records:\n  - hostname: app.example.com\n    type: CNAME\n"
                              "    blue: {target: b.example.net, setIdentifier: app}\n"
                              "    green: {target: g.example.net, setIdentifier: app}\n",
       "cutover.yaml:7:12", "same setIdentifier 'app'"},
      {"unknown region without zone id",
       std::string(kHeader) + "records:\n  - hostname: app.example.com\n"
                              "    blue: {target: lb-1.xx-nowhere-9.elb.amazonaws.com}\n"
                              "    green: {target: lb-2.us-east-1.elb.amazonaws.com}\n",
       "cutover.yaml:5:11", "unknown ELB region 'xx-nowhere-9'"},
      {"misspelt key", std::string(kHeader) + "stepz: []\n" + kCnameRecord, "cutover.yaml:3:1",
       "unknown key 'stepz' in cutover spec (did you mean 'steps'?)"},
      {"schema version", "schemaVersion: 2\nzone: {name: example.com, id: Z1}\n",
       "cutover.yaml:1:16", "expected schemaVersion: 1"},
      {"hostname outside the zone",
       std::string(kHeader) +
           "records:\n  - hostname: app.example.org\n    type: CNAME\n"
           "    blue: {target: b.example.net}\n    green: {target: g.example.net}\n",
       "cutover.yaml:4:15", "not inside zone"},
  };
  for (const auto& c : cases) {
    auto spec = Parse(c.yaml);
    ASSERT_FALSE(spec.ok()) << c.name;
    EXPECT_EQ(spec.status().location().value_or(Location{}).ToString(), c.location) << c.name;
    EXPECT_NE(spec.status().message().find(c.message_part), std::string::npos)
        << c.name << ": " << spec.status().ToString();
  }
}

TEST(CutoverSpec, DefaultsAndDerivedValues) {
  auto spec = Parse(std::string(kHeader) + kCnameRecord);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  ASSERT_EQ(spec->steps.size(), 7u);
  EXPECT_EQ(spec->steps[1].blue, 90);
  EXPECT_EQ(spec->steps[1].green, 10);
  EXPECT_EQ(spec->steps.back().green, 100);
  EXPECT_EQ(spec->records[0].blue.set_identifier, "app-blue");
  EXPECT_EQ(spec->records[0].green.set_identifier, "app-green");
  EXPECT_EQ(spec->blue_dns.annotation_prefix, kAnnotationPrefixGa);
  EXPECT_EQ(spec->green_dns.annotation_prefix, kAnnotationPrefixGa);
  EXPECT_EQ(DefaultAnnotationPrefix("v0.21.3"), kAnnotationPrefixAlpha);
  EXPECT_EQ(DefaultAnnotationPrefix("0.22.0"), kAnnotationPrefixGa);
  EXPECT_EQ(ParseDurationSeconds("1h30m").value_or(-1), 5400);
  EXPECT_FALSE(ParseDurationSeconds("10x").has_value());
}

TEST(CutoverSpec, AliasZoneFromRegionTable) {
  auto spec = Parse(std::string(kHeader) +
                    "records:\n  - hostname: api.example.com\n"
                    "    blue: {target: dualstack.k8s-a-1.eu-west-1.elb.amazonaws.com}\n"
                    "    green: {target: k8s-b-2.elb.eu-west-1.amazonaws.com}\n");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->records[0].blue.alias_zone_id, "Z32O12XQLNTSW2");   // ALB/CLB eu-west-1
  EXPECT_EQ(spec->records[0].green.alias_zone_id, "Z2IFOLAFXWLO4F");  // NLB eu-west-1
}

TEST(CutoverPlan, AllZeroStepOnlyWhenAskedFor) {
  auto spec = Parse(std::string(kHeader) +
                    "allowAllZeroWeights: true\nsteps:\n  - {blue: 0, green: 0}\n" + kCnameRecord);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto plan = BuildPlan(*spec, nullptr);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->phases.back().kind, PhaseKind::kTtlRestore);
}

TEST(CutoverPlan, RefusesForeignMemberAndOversizedGroup) {
  auto spec = Parse(std::string(kHeader) + kCnameRecord);
  ASSERT_TRUE(spec.ok());
  RecordSet foreign{"app.example.com.",  "CNAME", "legacy", 5,    60,
                    {"old.example.net"}, {},      "",       false};
  std::vector<RecordSet> live = {foreign};
  auto plan = BuildPlan(*spec, &live);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("legacy"), std::string::npos);

  live = {{"app.example.com", "A", "app-blue", 100, 60, {"10.0.0.1"}, {}, "", false}};
  plan = BuildPlan(*spec, &live);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("conflicts with the planned CNAME"), std::string::npos);

  live.clear();
  for (int i = 0; i < 99; ++i) {
    live.push_back({"app.example.com",
                    "CNAME",
                    "m" + std::to_string(i),
                    1,
                    60,
                    {"x.example.net"},
                    {},
                    "",
                    false});
  }
  plan = BuildPlan(*spec, &live);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("101 weighted members"), std::string::npos)
      << plan.status().message();
}

TEST(CutoverPlan, ConversionDeletesTheExactLiveRecordAfterTheTtlStep) {
  auto spec = Parse(std::string(kHeader) + kCnameRecord);
  ASSERT_TRUE(spec.ok());
  RecordSet simple{"app.example.com.",
                   "CNAME",
                   "",
                   std::nullopt,
                   300,
                   {"blue.us-east-1.elb.amazonaws.com"},
                   {},
                   "",
                   false};
  std::vector<RecordSet> live = {simple};
  auto plan = BuildPlan(*spec, &live);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_GE(plan->phases.size(), 3u);
  EXPECT_EQ(plan->phases[0].kind, PhaseKind::kTtlLower);
  EXPECT_EQ(plan->phases[0].wait_seconds, 360);  // old TTL 300 + 60 s propagation
  const Phase& convert = plan->phases[1];
  ASSERT_EQ(convert.kind, PhaseKind::kConvert);
  ASSERT_EQ(convert.batches.size(), 1u);
  const auto& changes = convert.batches[0].changes;
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].action, ChangeAction::kDelete);
  EXPECT_EQ(changes[0].record.ttl.value_or(0), 60);  // lowered by the TTL step
  EXPECT_TRUE(changes[0].record.set_identifier.empty());
  EXPECT_EQ(changes[1].action, ChangeAction::kCreate);
  EXPECT_EQ(changes[1].record.weight.value_or(-1), 100);
  EXPECT_EQ(changes[2].record.weight.value_or(-1), 0);
}

TEST(CutoverSplit, KeepsGroupsTogetherAndCountsUpsertTwice) {
  ChangeBatch batch{"big", {}};
  for (int i = 0; i < 600; ++i) {
    RecordSet rs{
        "h" + std::to_string(i) + ".example.com", "A", "s", 1, 60, {"10.0.0.1"}, {}, "", false};
    batch.changes.push_back({ChangeAction::kUpsert, rs, i / 2});
  }
  auto parts = SplitToRequestLimits(batch);
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 2u);  // 1,200 counted elements
  EXPECT_EQ((*parts)[0].changes.size(), 500u);
  EXPECT_EQ((*parts)[0].comment, "big (part 1 of 2)");
  EXPECT_NE((*parts)[0].changes.back().group, (*parts)[1].changes.front().group);

  ChangeBatch chars{"chars", {}};
  RecordSet wide{"t.example.com",          "TXT", "", std::nullopt, 60,
                 {std::string(3000, 'x')}, {},    "", false};
  for (int i = 0; i < 6; ++i) chars.changes.push_back({ChangeAction::kUpsert, wide, i});
  parts = SplitToRequestLimits(chars);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->size(), 2u);  // 36,000 counted characters

  ChangeBatch one_group{"atomic", {}};
  for (int i = 0; i < 501; ++i)
    one_group.changes.push_back({ChangeAction::kUpsert, batch.changes[0].record, 0});
  EXPECT_FALSE(SplitToRequestLimits(one_group).ok());
}

TEST(CutoverPatches, GainingSideFirstInStepsAndRollbacks) {
  auto spec = ParseSpec(ReadFileOrDie(TestData("cutover/shop/cutover.yaml")), "cutover.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto plan = BuildPlan(*spec, nullptr);
  ASSERT_TRUE(plan.ok());
  for (const auto& phase : plan->phases) {
    if (phase.kind != PhaseKind::kStep || phase.step < 2) continue;
    ASSERT_FALSE(phase.patches.empty());
    EXPECT_EQ(phase.patches.front().cluster, "green") << phase.title;  // green gains on the way out
    for (const auto& rollback : phase.rollbacks) {
      EXPECT_EQ(rollback.patches.front().cluster, "blue") << rollback.title;  // blue gains back
    }
  }
  const Phase& convert = plan->phases.front();
  ASSERT_EQ(convert.kind, PhaseKind::kConvert);
  EXPECT_EQ(convert.patches.front().cluster, "blue");  // blue weighted before green is annotated
  EXPECT_EQ(convert.patches.front().annotations.front().first,
            "external-dns.alpha.kubernetes.io/aws-weight");
}

std::vector<RecordSet> StepListing(const CutoverSpec& spec, int blue, int green, int ttl) {
  std::vector<RecordSet> out;
  for (const auto& record : spec.records) {
    auto members = MemberRecords(record, blue, green, ttl);
    out.insert(out.end(), members.begin(), members.end());
  }
  return out;
}

TEST(CutoverVerify, AcceptsThePlannedStateAndNamesEachDifference) {
  auto spec = Parse(std::string(kHeader) + kCnameRecord);
  ASSERT_TRUE(spec.ok());
  auto listing = StepListing(*spec, 90, 10, 60);
  auto ok = VerifyListing(*spec, listing, "2");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->empty());

  auto tampered = listing;
  tampered[1].weight = 0;
  tampered[0].weight = 0;
  tampered.push_back(
      {"app.example.com", "CNAME", "stray", 3, 60, {"x.example.net"}, {}, "", false});
  tampered.push_back({"app.example.com", "A", "", std::nullopt, 60, {"10.0.0.1"}, {}, "", false});
  auto diffs = VerifyListing(*spec, tampered, "2");
  ASSERT_TRUE(diffs.ok());
  std::string all;
  for (const auto& d : *diffs) all += d + "\n";
  EXPECT_NE(all.find("CNAME and A/AAAA records both exist"), std::string::npos) << all;
  EXPECT_NE(all.find("[stray]: extra member"), std::string::npos) << all;
  EXPECT_NE(all.find("[app-green]: weight is 0, step 2 expects 10"), std::string::npos) << all;

  auto zero = StepListing(*spec, 0, 0, 60);
  diffs = VerifyListing(*spec, zero, "1");
  ASSERT_TRUE(diffs.ok());
  ASSERT_FALSE(diffs->empty());
  EXPECT_NE((*diffs)[0].find("every weight is 0"), std::string::npos);

  EXPECT_FALSE(VerifyListing(*spec, listing, "12").ok());
}

StatusOr<ClusterManifests> ReadCluster(const std::string& name,
                                       const std::vector<fs::path>& paths) {
  std::vector<ManifestText> texts;
  for (const auto& path : paths) {
    texts.push_back({fs::relative(path, greenlight::testing::SourceDir()).generic_string(),
                     ReadFileOrDie(path), false});
  }
  return ReadClusterManifests(name, texts);
}

TEST(CutoverLint, EveryRuleFiresOnItsBadFixtureOnly) {
  for (const auto& rule : CutoverLintRules()) {
    for (const char* kind : {"good", "bad"}) {
      fs::path dir = TestData(std::string("cutover/lint/") + rule.id + "/" + kind);
      auto blue = ReadCluster("blue", {dir / "blue.yaml"});
      auto green = ReadCluster("green", {dir / "green.yaml"});
      ASSERT_TRUE(blue.ok() && green.ok()) << dir;
      auto issues = LintClusters(*blue, *green);
      bool fired = std::any_of(issues.begin(), issues.end(),
                               [&](const LintIssue& i) { return i.rule_id == rule.id; });
      if (std::string(kind) == "bad") {
        EXPECT_TRUE(fired) << rule.id << " does not fire on " << dir;
        for (const auto& issue : issues) {
          EXPECT_EQ(issue.rule_id, rule.id) << "unexpected " << issue.rule_id << " in " << dir;
          EXPECT_GT(issue.location.line, 0u);
        }
      } else {
        EXPECT_TRUE(issues.empty()) << rule.id << ": " << (issues.empty() ? "" : issues[0].message);
      }
    }
  }
}

TEST(CutoverLint, ShopClustersAreClean) {
  auto blue = ReadCluster("blue", {TestData("cutover/shop/blue/external-dns.yaml"),
                                   TestData("cutover/shop/blue/shop.yaml")});
  auto green = ReadCluster("green", {TestData("cutover/shop/green/external-dns.yaml"),
                                     TestData("cutover/shop/green/shop.yaml")});
  ASSERT_TRUE(blue.ok() && green.ok());
  EXPECT_TRUE(LintClusters(*blue, *green).empty());
  ASSERT_EQ(blue->external_dns.size(), 1u);
  EXPECT_EQ(blue->external_dns[0].version, "v0.22.0");
  EXPECT_EQ(blue->external_dns[0].txt_owner_id.value_or(""), "eks-prod-blue");
  EXPECT_EQ(blue->external_dns[0].EffectivePrefix(), kAnnotationPrefixAlpha);
}

TEST(CutoverCluster, ReadsEveryHostnameSourceAndExternalDnsFlags) {
  const char* manifests = R"(apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: docs
  namespace: web
  annotations:
    external-dns.kubernetes.io/set-identifier: web-docs-blue
spec:
  hostnames: [docs.example.com, Blog.Example.com.]
---
apiVersion: externaldns.k8s.io/v1alpha1
kind: DNSEndpoint
metadata: {name: legacy, namespace: web}
spec:
  endpoints:
    - dnsName: legacy.example.com
      recordType: CNAME
      setIdentifier: legacy-blue
      providerSpecific: [{name: aws/weight, value: "7"}]
      targets: [old-lb.us-east-1.elb.amazonaws.com]
---
apiVersion: v1
kind: Service
metadata:
  name: multi
  annotations: {external-dns.kubernetes.io/hostname: "a.example.com, b.example.com"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: external-dns, namespace: kube-system}
spec:
  template:
    spec:
      containers:
        - name: external-dns
          image: registry.k8s.io/external-dns/external-dns:v0.21.0@sha256:abc
          args: [--txt-owner-id, blue-owner, --aws-prefer-cname, --migrate-from-txt-owner=old]
)";
  auto cluster = ReadClusterManifests("blue", {{"m.yaml", manifests, false}});
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  std::vector<std::string> names;
  for (const auto& source : cluster->hostnames) names.push_back(source.hostname + "/" + source.via);
  EXPECT_EQ(names,
            (std::vector<std::string>{"docs.example.com/route", "blog.example.com/route",
                                      "legacy.example.com/dnsendpoint", "a.example.com/annotation",
                                      "b.example.com/annotation"}));
  EXPECT_EQ(cluster->hostnames[0].Find("set-identifier")->value, "web-docs-blue");
  EXPECT_EQ(cluster->hostnames[2].Find("aws-weight")->value, "7");
  EXPECT_EQ(cluster->hostnames[2].load_balancers.front(), "old-lb.us-east-1.elb.amazonaws.com");
  ASSERT_EQ(cluster->external_dns.size(), 1u);
  const auto& dns = cluster->external_dns[0];
  EXPECT_EQ(dns.version, "v0.21.0");
  EXPECT_EQ(dns.txt_owner_id.value_or(""), "blue-owner");
  EXPECT_TRUE(dns.prefer_cname);
  EXPECT_TRUE(dns.migrate_from_txt_owner);
  EXPECT_FALSE(dns.policy.has_value());
  EXPECT_EQ(dns.EffectivePrefix(), kAnnotationPrefixAlpha);

  auto broken = ReadClusterManifests("blue", {{"bad.yaml", "kind: [unclosed\n", false}});
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().location().value_or(Location{}).file, "bad.yaml");
}

TEST(CutoverHostnames, NoHostnameLeftBehind) {
  auto spec = ParseSpec(ReadFileOrDie(TestData("cutover/shop/cutover.yaml")), "cutover.yaml");
  ASSERT_TRUE(spec.ok());
  auto blue = ReadCluster("blue", {TestData("cutover/shop/blue/shop.yaml")});
  auto green = ReadCluster("green", {TestData("cutover/shop/green/shop.yaml")});
  ASSERT_TRUE(blue.ok() && green.ok());
  EXPECT_TRUE(HostnamesLeftBehind(*spec, *blue, *green, nullptr).empty());

  // A record in the zone that points at blue's web load balancer but is in no manifest.
  std::vector<RecordSet> live = {{"legacy-api.example.com.",
                                  "CNAME",
                                  "",
                                  std::nullopt,
                                  300,
                                  {"k8s-shop-web-0123456789.us-east-1.elb.amazonaws.com"},
                                  {},
                                  "",
                                  false}};
  auto missing = HostnamesLeftBehind(*spec, *blue, *green, &live);
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_NE(missing[0].find("legacy-api.example.com"), std::string::npos);
  EXPECT_NE(missing[0].find("is not in the plan"), std::string::npos);
  EXPECT_NE(missing[1].find("is not served by green"), std::string::npos);

  // Green that does not serve api.example.com.
  auto green_web_only = ReadCluster("green", {TestData("cutover/shop/green/external-dns.yaml")});
  ASSERT_TRUE(green_web_only.ok());
  missing = HostnamesLeftBehind(*spec, *blue, *green_web_only, nullptr);
  EXPECT_EQ(missing.size(), 2u);
}

TEST(CutoverHostnames, Route53ModeRefusesNamesExternalDnsPublishes) {
  std::string text = ReadFileOrDie(TestData("cutover/shop/cutover.yaml"));
  auto external = ParseSpec(text, "cutover.yaml");
  text.replace(text.find("mode: external-dns"), 18, "mode: route53");
  auto route53 = ParseSpec(text, "cutover.yaml");
  ASSERT_TRUE(external.ok() && route53.ok()) << route53.status().ToString();
  auto blue = ReadCluster("blue", {TestData("cutover/shop/blue/external-dns.yaml"),
                                   TestData("cutover/shop/blue/shop.yaml")});
  ASSERT_TRUE(blue.ok());
  EXPECT_TRUE(NamesAlsoPublishedByExternalDns(*external, *blue).empty());
  auto both = NamesAlsoPublishedByExternalDns(*route53, *blue);
  ASSERT_EQ(both.size(), 2u);  // the Service's annotation and the Ingress rule
  EXPECT_EQ(both[0].rfind("shop.example.com: blue's external-dns", 0), 0u) << both[0];
  EXPECT_EQ(both[1].rfind("api.example.com: blue's external-dns", 0), 0u) << both[1];
}

TEST(CutoverInit, DerivedSpecParsesAndMatchesTheClusters) {
  auto blue = ReadCluster("blue", {TestData("cutover/shop/blue/external-dns.yaml"),
                                   TestData("cutover/shop/blue/shop.yaml")});
  auto green = ReadCluster("green", {TestData("cutover/shop/green/external-dns.yaml"),
                                     TestData("cutover/shop/green/shop.yaml")});
  ASSERT_TRUE(blue.ok() && green.ok());
  auto yaml = DeriveSpecYaml(*blue, *green, {"example.com", "Z0EXAMPLE", "external-dns"});
  ASSERT_TRUE(yaml.ok()) << yaml.status().ToString();
  auto spec = ParseSpec(*yaml, "derived.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString() << "\n" << *yaml;
  ASSERT_EQ(spec->records.size(), 2u);
  EXPECT_EQ(spec->records[0].hostname, "shop.example.com");
  EXPECT_EQ(spec->records[0].green.set_identifier, "shop-web-green");
  EXPECT_EQ(spec->records[1].blue.values[0], "k8s-shop-api-1122334455.us-east-1.elb.amazonaws.com");
  EXPECT_EQ(spec->blue_dns.annotation_prefix, kAnnotationPrefixAlpha);
  EXPECT_EQ(spec->green_dns.annotation_prefix, kAnnotationPrefixAlpha);
  EXPECT_EQ(spec->green_dns.txt_owner_id, "eks-prod-green");
}

}  // namespace
}  // namespace greenlight::cutover
