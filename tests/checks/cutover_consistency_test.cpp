// CUT5xx issues as Findings: rule metadata for every cutover rule, severities, object identity
// and fingerprints that tell two issues on different objects apart.
#include "checks/cutover_consistency.h"

#include <gtest/gtest.h>

namespace greenlight::checks {
namespace {

TEST(CutoverConsistency, RuleInfoForEveryCutoverRule) {
  auto infos = CutoverRuleInfos();
  ASSERT_EQ(infos.size(), cutover::CutoverLintRules().size());
  for (const auto& info : infos) {
    EXPECT_EQ(info.id.rfind("CUT5", 0), 0u) << info.id;
    EXPECT_EQ(info.category, "cutover");
    EXPECT_FALSE(info.description.empty()) << info.id;
    ASSERT_FALSE(info.help.empty()) << info.id;
    EXPECT_EQ(info.help.back(), '.') << info.id;
  }
  EXPECT_EQ(infos[5].id, "CUT506");
  EXPECT_EQ(infos[5].severity, Severity::kWarning);
  EXPECT_EQ(infos[0].severity, Severity::kError);
}

TEST(CutoverConsistency, FindingsKeepLocationObjectAndDistinctFingerprints) {
  cutover::LintIssue a{
      "CUT506",      "ttl-on-alias-record",           true,      "blue", "ttl on an alias",
      "Drop the ttl.", Location{"blue.yaml", 31, 5, 1}, "Service", "shop", "web"};
  cutover::LintIssue b = a;
  b.name = "api";
  b.error = false;
  auto findings = CutoverFindings({a, b});
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].location.ToString(), "blue.yaml:31:5");
  EXPECT_EQ(findings[0].kind, "Service");
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[1].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].notes.front(), "cluster: blue");
  EXPECT_NE(findings[0].fingerprint, findings[1].fingerprint);
}

}  // namespace
}  // namespace greenlight::checks
