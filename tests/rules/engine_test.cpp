// The rule engine on in-memory rules and manifests: field paths, every operator, condition
// groups, `each`, target-version ranges, message templates and finding positions.
#include <gtest/gtest.h>

#include "rules/field_path.h"
#include "rules/rule_test_util.h"

namespace greenlight::rules {
namespace {

using testing::LoadTestRule;
using testing::RuleText;
using testing::RunRules;

std::vector<checks::Finding> RunRule(const std::string& body, std::string_view manifest,
                                 std::string_view message = "found {value} at {path}",
                                 Version target = Version(1, 30)) {
  RuleSet rules;
  Status status = LoadTestRule(RuleText(body, message), rules);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return RunRules(rules, manifest, target);
}

std::vector<std::string> Messages(const std::vector<checks::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.message);
  return out;
}

constexpr char kDeployment[] = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    kubernetes.io/ingress.class: nginx
    ttl: "300"
    short: 5m
spec:
  template:
    metadata:
      annotations:
        container.seccomp.security.alpha.kubernetes.io/app: runtime/default
    spec:
      containers:
        - name: app
          image: nginx:latest
          env:
            - {name: CLUSTER_NAME, value: blue}
            - {name: OTHER, value: x}
        - name: side
          image: envoy:v1.29.1
)";

TEST(FieldPathTest, ParsesKeysQuotedKeysIndexesAndWildcards) {
  auto path = FieldPath::Parse(R"(metadata.annotations["a.b/c"].x[*][2])");
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  ASSERT_EQ(path->steps().size(), 6u);
  EXPECT_EQ(path->steps()[1].key, "annotations");
  EXPECT_EQ(path->steps()[2].key, "a.b/c");
  EXPECT_EQ(path->steps()[3].key, "x");
  EXPECT_EQ(path->steps()[4].kind, PathStep::Kind::kEach);
  EXPECT_EQ(path->steps()[5].kind, PathStep::Kind::kIndex);
  EXPECT_EQ(path->steps()[5].index, 2u);
  EXPECT_EQ(FieldPath::Parse("$podspec.containers")->root(), PathRoot::kPodSpec);
}

TEST(FieldPathTest, RejectsMalformedPaths) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "empty field path"},
      {"a.", "expected a key after '.' at offset 1"},
      {"a[", "expected *, a number or a quoted key after '[' at offset 1"},
      {"a[*", "expected ']' at offset 3"},
      {"a['x", "unterminated quoted key at offset 1"},
      {"a['']", "empty quoted key at offset 1"},
      {"a b", "unexpected ' ' at offset 1"},
      {"$pod.x", "unknown path root '$pod'"},
  };
  for (const auto& [text, error] : cases) {
    auto path = FieldPath::Parse(text);
    ASSERT_FALSE(path.ok()) << text;
    EXPECT_NE(path.status().message().find(error), std::string::npos) << text << ": " << path.status().message();
  }
}

TEST(RuleEngineTest, ExistsQuotesTheValueAndPointsAtTheKey) {
  auto findings = RunRule(
      "match: {kinds: [Deployment]}\nwhen:\n  - {path: 'metadata.annotations[\"kubernetes.io/ingress.class\"]', op: exists}\n",
      kDeployment, "{kind} {name} has '{value}' at {path}");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "Deployment web has 'nginx' at metadata.annotations[\"kubernetes.io/ingress.class\"]");
  EXPECT_EQ(findings[0].location.line, 6u);
  EXPECT_EQ(findings[0].location.column, 5u);
  EXPECT_EQ(findings[0].rule_id, "TST101");
  EXPECT_EQ(findings[0].severity, checks::Severity::kWarning);
}

TEST(RuleEngineTest, WildcardsReportEveryMatchWithItsOwnFingerprint) {
  auto findings = RunRule("match: {kinds: ['*']}\nwhen:\n  - {path: '$podspec.containers[*].image', op: matches, value: ':'}\n",
                      kDeployment);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].message, "found nginx:latest at spec.template.spec.containers[0].image");
  EXPECT_EQ(findings[1].message, "found envoy:v1.29.1 at spec.template.spec.containers[1].image");
  EXPECT_NE(findings[0].fingerprint, findings[1].fingerprint);
  EXPECT_EQ(findings[1].location.line, 22u);
}

TEST(RuleEngineTest, Operators) {
  struct Case {
    const char* condition;
    size_t expected;
  };
  const Case cases[] = {
      {"{path: metadata.name, op: equals, value: web}", 1},
      {"{path: metadata.name, op: equals, value: Web}", 0},
      {"{path: metadata.name, op: one-of, values: [api, web]}", 1},
      {"{path: metadata.name, op: absent}", 0},
      {"{path: metadata.labels, op: absent}", 1},
      {"{path: 'metadata.annotations[\"ttl\"]', op: gt, value: 60}", 1},
      {"{path: 'metadata.annotations[\"ttl\"]', op: le, value: 299}", 0},
      {"{path: 'metadata.annotations[\"ttl\"]', op: ge, value: 300}", 1},
      {"{path: 'metadata.annotations.short', op: gt, value: 299}", 1},   // 5m = 300 s
      {"{path: 'metadata.annotations.short', op: lt, value: 300}", 0},
      {"{path: metadata.name, op: gt, value: 1}", 0},                      // not a number: no match
      {"{path: '$podspec.containers[*].image', op: matches, value: '^envoy:'}", 1},
      {"{path: 'metadata.annotations[*]', on: key, op: matches, value: '^kubernetes\\.io/'}", 1},
      {"{path: '$podmeta.annotations[*]', on: key, op: matches, value: 'seccomp'}", 1},
  };
  for (const auto& c : cases) {
    auto findings = RunRule("match: {kinds: [Deployment]}\nwhen:\n  - " + std::string(c.condition) + "\n", kDeployment);
    EXPECT_EQ(findings.size(), c.expected) << c.condition;
  }
}

TEST(RuleEngineTest, VersionComparisons) {
  constexpr char kImages[] = R"(apiVersion: v1
kind: ConfigMap
metadata: {name: versions}
data: {old: v0.13.5, new: "0.22.0", broken: latest}
)";
  const std::pair<const char*, size_t> cases[] = {
      {"{path: 'data[*]', op: version-lt, value: '0.20'}", 1},
      {"{path: 'data[*]', op: version-ge, value: '0.20'}", 1},
      {"{path: 'data[*]', op: version-gt, value: '1.0'}", 0},
      {"{path: 'data[*]', op: version-le, value: '0.22.0'}", 2},
  };
  for (const auto& [condition, expected] : cases) {
    auto findings = RunRule("match: {kinds: [ConfigMap]}\nwhen:\n  - " + std::string(condition) + "\n", kImages);
    EXPECT_EQ(findings.size(), expected) << condition;
  }
}

TEST(RuleEngineTest, GroupsAnyAllNot) {
  const std::pair<const char*, size_t> cases[] = {
      {"  - any:\n      - {path: metadata.nope, op: exists}\n      - {path: metadata.name, op: exists}\n", 1},
      {"  - all:\n      - {path: metadata.nope, op: exists}\n      - {path: metadata.name, op: exists}\n", 0},
      {"  - not: {path: metadata.nope, op: exists}\n", 1},
      {"  - not: {path: metadata.name, op: exists}\n", 0},
  };
  for (const auto& [when, expected] : cases) {
    auto findings = RunRule("match: {kinds: [Deployment]}\nwhen:\n" + std::string(when), kDeployment);
    EXPECT_EQ(findings.size(), expected) << when;
  }
}

TEST(RuleEngineTest, AbsenceOnlyRulesPointAtApiVersion) {
  auto findings = RunRule("match: {kinds: [Deployment]}\nwhen:\n  - {path: spec.replicas, op: absent}\n", kDeployment,
                      "{kind} {name} in {namespace} has no replicas");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message, "Deployment web in <none> has no replicas");
  EXPECT_EQ(findings[0].location.line, 1u);
  EXPECT_EQ(findings[0].location.column, 13u);
}

TEST(RuleEngineTest, EachCorrelatesFieldsOfOneItem) {
  const std::string body =
      "match: {kinds: [Deployment]}\neach: '$podspec.containers[*].env[*]'\nwhen:\n"
      "  - {path: value, op: exists}\n  - {path: name, op: equals, value: CLUSTER_NAME}\n";
  auto findings = RunRule(body, kDeployment);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message, "found blue at spec.template.spec.containers[0].env[0].value");
  // OTHER=x has a value but another name; nothing in a different item can pair with it.
  auto none = RunRule("match: {kinds: [Deployment]}\neach: '$podspec.containers[*].env[*]'\nwhen:\n"
                  "  - {path: value, op: equals, value: x}\n  - {path: name, op: equals, value: CLUSTER_NAME}\n",
                  kDeployment);
  EXPECT_TRUE(none.empty());
}

TEST(RuleEngineTest, KindsApiVersionsAndTargetRange) {
  const std::string when = "when:\n  - {path: metadata.name, op: exists}\n";
  EXPECT_EQ(RunRule("match: {kinds: [Service]}\n" + when, kDeployment).size(), 0u);
  EXPECT_EQ(RunRule("match: {kinds: [Deployment], apiVersions: ['apps/*']}\n" + when, kDeployment).size(), 1u);
  EXPECT_EQ(RunRule("match: {kinds: [Deployment], apiVersions: ['extensions/*']}\n" + when, kDeployment).size(), 0u);
  const std::string ranged = "match: {kinds: [Deployment]}\ntargetVersions: {from: '1.25', until: '1.30'}\n" + when;
  EXPECT_EQ(RunRule(ranged, kDeployment, "x", Version(1, 24)).size(), 0u);
  EXPECT_EQ(RunRule(ranged, kDeployment, "x", Version(1, 25)).size(), 1u);
  EXPECT_EQ(RunRule(ranged, kDeployment, "x", Version(1, 29, 4)).size(), 1u);
  EXPECT_EQ(RunRule(ranged, kDeployment, "x", Version(1, 30)).size(), 0u);
}

TEST(RuleEngineTest, PodTemplateRootsFollowTheKind) {
  constexpr char kKinds[] = R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: a, image: "a:latest"}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: a, image: "a:latest"}]}}}}}
---
apiVersion: v1
kind: PodTemplate
metadata: {name: t}
template: {spec: {containers: [{name: a, image: "a:latest"}]}}
)";
  auto findings = RunRule("match: {kinds: ['*']}\nwhen:\n  - {path: '$podspec.containers[*].image', op: exists}\n", kKinds,
                      "{kind} {path}");
  EXPECT_EQ(Messages(findings), (std::vector<std::string>{
                                    "Pod spec.containers[0].image",
                                    "CronJob spec.jobTemplate.spec.template.spec.containers[0].image",
                                    "PodTemplate template.spec.containers[0].image"}));
}

TEST(RuleEngineTest, DisabledRulesDoNotRun) {
  RuleSet rules;
  ASSERT_TRUE(LoadTestRule(RuleText("match: {kinds: ['*']}\nwhen:\n  - {path: metadata.name, op: exists}\n"), rules).ok());
  checks::RuleCheck on(rules, Version(1, 30));
  checks::RuleCheck off(rules, Version(1, 30), {"TST101"});
  EXPECT_EQ(on.active_rules(), 1u);
  EXPECT_EQ(off.active_rules(), 0u);
}

}  // namespace
}  // namespace greenlight::rules
