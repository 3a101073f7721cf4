// Rule-loading errors: every broken rule file in testdata/rules-broken/ must fail with exactly
// this file:line:col and message (rules come from users' repositories; a typo must be named).
#include "rules/loader.h"

#include <gtest/gtest.h>

#include "rules/rule_test_util.h"
#include "test_paths.h"

namespace greenlight::rules {
namespace {

using testing::TestData;

struct BrokenCase {
  const char* file;
  const char* error;  ///< expected Status::ToString() after the file path
};

TEST(RuleLoaderTest, BrokenRuleFilesNameFileLineColumnAndKey) {
  const BrokenCase cases[] = {
      {"unknown-key.yaml", ":5:1: unknown key 'severty' in rule file (did you mean 'severity'?)"},
      {"bad-regex.yaml", ":13:12: invalid regular expression '(unclosed': missing ): (unclosed"},
      {"bad-path.yaml",
       ":11:11: bad field path 'metadata.annotations[\"greenlight.io/x]': unterminated quoted key at offset 20"},
      {"unknown-operator.yaml", ":12:9: unknown operator 'exist' (did you mean 'exists'?)"},
      {"wrong-type.yaml", ":5:11: 'severity' must be a string, found a list"},
      {"bad-severity.yaml", ":5:11: 'severity' must be one of error, warning, info, got 'critical'"},
      {"missing-value.yaml", ":11:5: operator 'equals' needs a scalar 'value'"},
      {"unknown-placeholder.yaml", ":12:10: 'message' uses unknown placeholder {vaule} (did you mean {value}?)"},
      {"bad-id.yaml", ":2:5: 'id' must be 2-5 capital letters and 3 digits like REL401, got 'rel401'"},
      {"reserved-family.yaml",
       ":2:5: 'id' family API is reserved for built-in checks (lint rules use REL4xx, SEC3xx or a family of your own)"},
      {"inverted-versions.yaml", ":10:17: 'targetVersions': from 1.30 must be older than until 1.25"},
      {"not-a-number.yaml", ":13:12: operator 'gt' needs a number as 'value', found a string ('sixty')"},
      {"two-forms.yaml", ":11:5: a condition needs exactly one of 'path', 'all', 'any' or 'not' (found several)"},
      {"key-on-list-item.yaml",
       ":12:9: 'on: key' needs a path that ends at a mapping entry (a key or [*]), got 'spec.ports[0]'"},
      {"future-schema.yaml", ":1:16: unsupported schemaVersion 2 (this greenlight reads 1)"},
      {"one-of-scalar.yaml", ":13:13: 'values' must be a list of strings, found a string ('LoadBalancer')"},
  };
  for (const auto& c : cases) {
    const std::string path = TestData(std::string("rules-broken/") + c.file).generic_string();
    RuleSet rules;
    Status status = LoadRulePath(path, rules);
    ASSERT_FALSE(status.ok()) << c.file;
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << c.file;
    EXPECT_EQ(status.ToString(), path + c.error);
    EXPECT_TRUE(rules.rules().empty()) << c.file << ": a broken rule must not be half-loaded";
  }
}

TEST(RuleLoaderTest, DuplicateIdNamesBothFiles) {
  const std::string dir = TestData("rules-broken/duplicate-id").generic_string();
  RuleSet rules;
  Status status = LoadRulePath(dir, rules);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.ToString(),
            dir + "/b.yaml:2:5: duplicate rule id TST301: already defined in " + dir + "/a.yaml:2:5");
}

TEST(RuleLoaderTest, ExtraRulesCollidingWithEmbeddedOnesNameBothFiles) {
  auto embedded = LoadEmbeddedRules();
  ASSERT_TRUE(embedded.ok()) << embedded.status().ToString();
  std::string text = testing::ReadFileOrDie(testing::SourceDir() / "rules/REL401-ingress-class-annotation.yaml");
  Status status = LoadRuleText(text, "team-rules/REL401.yaml", *embedded);
  EXPECT_EQ(status.ToString(),
            "team-rules/REL401.yaml:2:5: duplicate rule id REL401: already defined in "
            "embedded:rules/REL401-ingress-class-annotation.yaml:2:5");
}

TEST(RuleLoaderTest, MissingPathsAreNotFound) {
  RuleSet rules;
  Status status = LoadRulePath(TestData("rules-broken/absent").string(), rules);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.ToString().find("rules not found"), std::string::npos);
}

TEST(RuleLoaderTest, EmbeddedPackLoadsAtLeastTwentyFiveRules) {
  auto rules = LoadEmbeddedRules();
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  EXPECT_GE(rules->rules().size(), 25u);
  const Rule* rule = rules->Find("latest-image-tag");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->id, "REL427");
  EXPECT_EQ(rules->Find("REL427"), rule);
}

TEST(RuleLoaderTest, ValueOfEveryOperatorIsCheckedAtLoad) {
  struct Case {
    const char* when;
    const char* error;
  };
  const Case cases[] = {
      {"  - {path: a, op: version-lt, value: \"1.x\"}\n", "operator 'version-lt': expected"},
      {"  - {path: a, op: exists, value: x}\n", "operator 'exists' takes no 'value' or 'values'"},
      {"  - {path: a, op: one-of, value: x}\n", "operator 'one-of' takes 'values' (a list), not 'value'"},
      {"  - {path: a, op: equals, values: [x]}\n", "operator 'equals' takes 'value', not 'values'"},
      {"  - {path: $pods.x, op: exists}\n", "unknown path root '$pods' in '$pods.x' (expected $podspec or $podmeta)"},
      {"  - {path: a, op: exists, on: name}\n", "'on' must be value or key, got 'name'"},
      {"  - {not: []}\n", "expected condition to be a mapping"},
      {"  - {any: []}\n", "'any' must be a non-empty list of conditions"},
  };
  for (const auto& c : cases) {
    RuleSet rules;
    Status status = testing::LoadTestRule(testing::RuleText("match: {kinds: [Service]}\nwhen:\n" + std::string(c.when)), rules);
    EXPECT_FALSE(status.ok()) << c.when;
    EXPECT_NE(status.message().find(c.error), std::string::npos) << c.when << " -> " << status.ToString();
    EXPECT_EQ(status.location().value_or(Location{}).file, "test-rule.yaml") << c.when;
  }
}

}  // namespace
}  // namespace greenlight::rules
