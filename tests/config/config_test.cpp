// Tests of .greenlight.yaml loading (strict: unknown keys, wrong types and unknown rules name
// file:line:col) and of applying its rule settings, and of baseline files.
#include "config/config.h"

#include <gtest/gtest.h>

#include "config/baseline.h"

namespace greenlight::config {
namespace {

constexpr char kFull[] = R"(target: "1.29"
from: v1.25
include: ["apps/**"]
exclude: "**/tests/**"
disable: [GL003]
severity:
  deprecated-api-version: error
overrides:
  - paths: ["legacy/**"]
    disable: [API101]
  - paths: "docs/**"
    severity: {API101: info}
extraCatalog: [crds/catalog.yaml]
extraRules: [team-rules/]
)";

TEST(ConfigTest, ReadsEveryKey) {
  auto config = ParseConfig(kFull, ".greenlight.yaml", "repo");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_TRUE(ResolveRuleIds(*config).ok());
  EXPECT_EQ(config->target->ToString(), "1.29");
  EXPECT_EQ(config->from->ToString(), "1.25");
  EXPECT_EQ(config->include, std::vector<std::string>{"apps/**"});
  EXPECT_EQ(config->exclude, std::vector<std::string>{"**/tests/**"});
  ASSERT_EQ(config->rules.disable.size(), 1u);
  EXPECT_EQ(config->rules.disable[0].id, "GL003");
  ASSERT_EQ(config->rules.severity.size(), 1u);
  EXPECT_EQ(config->rules.severity[0].first.id, "API102");  // the name resolved to the id
  ASSERT_EQ(config->overrides.size(), 2u);
  EXPECT_EQ(config->overrides[1].paths, std::vector<std::string>{"docs/**"});
  EXPECT_EQ(config->extra_catalog, std::vector<std::string>{"repo/crds/catalog.yaml"});
  EXPECT_EQ(config->extra_rules, std::vector<std::string>{"repo/team-rules/"});
}

struct BadConfigCase {
  const char* text;
  const char* expected;  // substring of Status::ToString()
};

class BadConfigTest : public ::testing::TestWithParam<BadConfigCase> {};

TEST_P(BadConfigTest, NamesKeyAndLine) {
  auto config = ParseConfig(GetParam().text, ".greenlight.yaml", "");
  Status status = config.ok() ? ResolveRuleIds(*config) : config.status();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.ToString().find(GetParam().expected), std::string::npos) << status.ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Strict, BadConfigTest,
    ::testing::Values(
        BadConfigCase{"target: 1.29\ntargte: 1.30\n", ".greenlight.yaml:2:1: unknown key 'targte'"},
        BadConfigCase{"target: [1]\n", ".greenlight.yaml:1:9: 'target' must be a Kubernetes version"},
        BadConfigCase{"target: 1.2x\n", ".greenlight.yaml:1:9: 'target'"},
        BadConfigCase{"include: {a: b}\n", ".greenlight.yaml:1:10"},
        BadConfigCase{"disable: [API101]\nseverity: {API101: fatal}\n",
                      ".greenlight.yaml:2:20: 'severity.API101' must be error, warning or info, got 'fatal'"},
        BadConfigCase{"disable:\n  - removed-api-verison\n",
                      ".greenlight.yaml:2:5: unknown rule 'removed-api-verison' (did you mean "
                      "'removed-api-version'?)"},
        BadConfigCase{"overrides:\n  - disable: [API101]\n", ".greenlight.yaml:2:5: an override needs 'paths'"},
        BadConfigCase{"overrides:\n  - paths: [a]\n    sevrity: {}\n", ".greenlight.yaml:3:5: unknown key 'sevrity'"},
        BadConfigCase{"target: 1.25\nfrom: 1.29\n", "'from' 1.29 is newer than 'target' 1.25"}));

checks::Finding MakeFinding(const std::string& rule, const std::string& file, checks::Severity severity) {
  checks::Finding f;
  f.rule_id = rule;
  f.location.file = file;
  f.severity = severity;
  f.fingerprint = rule + file;
  return f;
}

TEST(ConfigTest, AppliesDisabledRulesAndSeverityOverridesPerPath) {
  auto config = ParseConfig(kFull, ".greenlight.yaml", "");
  ASSERT_TRUE(config.ok() && ResolveRuleIds(*config).ok());
  std::vector<checks::Finding> findings = {
      MakeFinding("API101", "apps/a.yaml", checks::Severity::kError),
      MakeFinding("API101", "legacy/old.yaml", checks::Severity::kError),   // disabled there
      MakeFinding("API101", "docs/example.yaml", checks::Severity::kError), // lowered to info
      MakeFinding("API102", "apps/b.yaml", checks::Severity::kWarning),     // raised to error
      MakeFinding("GL003", "charts/x/templates/a.yaml", checks::Severity::kInfo),  // disabled
  };
  EXPECT_EQ(ApplyRuleSettings(*config, findings), 2u);
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].location.file, "apps/a.yaml");
  EXPECT_EQ(findings[0].severity, checks::Severity::kError);
  EXPECT_EQ(findings[1].location.file, "docs/example.yaml");
  EXPECT_EQ(findings[1].severity, checks::Severity::kInfo);
  EXPECT_EQ(findings[2].severity, checks::Severity::kError);
}

TEST(BaselineTest, RoundTripsAndComparesByFingerprint) {
  std::vector<checks::Finding> accepted = {MakeFinding("API101", "b.yaml", checks::Severity::kError),
                                           MakeFinding("API101", "a.yaml", checks::Severity::kError)};
  accepted[0].kind = "Ingress";
  accepted[0].name = "web";
  std::string text = WriteBaseline(accepted, "0.1.0");
  EXPECT_LT(text.find("API101a.yaml"), text.find("API101b.yaml"));  // sorted by fingerprint
  auto loaded = ParseBaseline(text, "baseline.json");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_EQ((*loaded)[1].kind, "Ingress");
  EXPECT_EQ((*loaded)[1].fingerprint, "API101b.yaml");

  std::vector<checks::Finding> now = {MakeFinding("API101", "a.yaml", checks::Severity::kError),
                                      MakeFinding("API102", "c.yaml", checks::Severity::kWarning)};
  FindingComparison split = CompareByFingerprint(now, *loaded);
  ASSERT_EQ(split.new_findings.size(), 1u);
  EXPECT_EQ(split.new_findings[0].location.file, "c.yaml");
  ASSERT_EQ(split.unchanged.size(), 1u);
  ASSERT_EQ(split.fixed.size(), 1u);
  EXPECT_EQ(split.fixed[0].location.file, "b.yaml");
}

TEST(BaselineTest, CopiesInSeveralFoldersCountAsOccurrences) {
  // The same Ingress in dev/, prod/ and test/ shares one fingerprint (no file in it).
  auto copy = [](const std::string& file) {
    checks::Finding f = MakeFinding("API101", file, checks::Severity::kError);
    f.fingerprint = "same";
    return f;
  };
  std::vector<checks::Finding> base = {copy("dev/i.yaml"), copy("prod/i.yaml"), copy("test/i.yaml")};
  FindingComparison removed_two = CompareByFingerprint({copy("prod/i.yaml")}, base);
  EXPECT_TRUE(removed_two.new_findings.empty());
  ASSERT_EQ(removed_two.fixed.size(), 2u);
  EXPECT_EQ(removed_two.fixed[0].location.file, "dev/i.yaml");  // prod matched its own file first
  EXPECT_EQ(removed_two.fixed[1].location.file, "test/i.yaml");
  FindingComparison added_one =
      CompareByFingerprint({copy("dev/i.yaml"), copy("prod/i.yaml"), copy("test/i.yaml"), copy("qa/i.yaml")}, base);
  ASSERT_EQ(added_one.new_findings.size(), 1u);
  EXPECT_EQ(added_one.new_findings[0].location.file, "qa/i.yaml");
  EXPECT_EQ(added_one.unchanged.size(), 3u);
  // A baseline keeps every occurrence.
  auto loaded = ParseBaseline(WriteBaseline(base, "0.1.0"), "b.json");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->size(), 3u);
}

TEST(BaselineTest, StrictLoading) {
  auto bad = ParseBaseline("{\"schemaVersion\": 1, \"findings\": [{\"fingerprint\": \"x\", \"ruleid\": \"A\"}]}",
                           "b.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("b.json:1:"), std::string::npos) << bad.status().ToString();
  auto version = ParseBaseline("{\"schemaVersion\": 7, \"findings\": []}", "b.json");
  ASSERT_FALSE(version.ok());
  EXPECT_NE(version.status().message().find("unsupported baseline schemaVersion 7"), std::string::npos);
}

}  // namespace
}  // namespace greenlight::config
