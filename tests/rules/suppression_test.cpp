// Suppressions written in manifests: the greenlight.io/ignore annotation and the
// "# greenlight:ignore" comment silence findings of every check (API findings too), are counted
// in the summary, and an unknown id is itself a GL004 finding.
#include "rules/suppression.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "checks/rule_check.h"
#include "checks/rule_info.h"
#include "rules/loader.h"
#include "scan/scanner.h"
#include "test_paths.h"

namespace greenlight::rules {
namespace {

TEST(SuppressionParseTest, SplitsIdsAndNamesWithColumns) {
  auto tokens = SplitIgnoreList("REL401, latest-image-tag,API101", 3, 10);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].text, "REL401");
  EXPECT_EQ(tokens[0].column, 10u);
  EXPECT_EQ(tokens[1].text, "latest-image-tag");
  EXPECT_EQ(tokens[1].column, 18u);
  EXPECT_EQ(tokens[2].text, "API101");
  EXPECT_EQ(tokens[2].line, 3u);
}

TEST(SuppressionParseTest, CommentDirectivesCoverTheirLineOrTheNextNonCommentLine) {
  constexpr char kText[] =
      "# greenlight:ignore REL401\n"          // 1 -> covers 3 (2 is a comment)
      "# why: legacy controller\n"            // 2
      "apiVersion: v1\n"                      // 3
      "  image: x  # greenlight:ignore=REL427,REL426 -- pinned later\n"  // 4 -> covers 4
      "  url: http://h/#greenlight:ignore X\n"  // 5: not a comment ('#' inside a word)
      "# greenlight:ignorex REL401\n";        // 6: another keyword
  auto directives = FindCommentDirectives(kText);
  ASSERT_EQ(directives.size(), 3u);
  EXPECT_EQ(directives[0].target_line, 3u);
  EXPECT_EQ(directives[0].token.text, "REL401");
  EXPECT_EQ(directives[0].token.line, 1u);
  EXPECT_EQ(directives[0].token.column, 21u);
  EXPECT_EQ(directives[1].target_line, 4u);
  EXPECT_EQ(directives[1].token.text, "REL427");
  EXPECT_EQ(directives[2].token.text, "REL426");
  EXPECT_TRUE(FindCommentDirectives("apiVersion: v1\nkind: Pod\n").empty());
}

class SuppressionScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto rules = LoadEmbeddedRules();
    ASSERT_TRUE(rules.ok());
    rules_ = std::move(rules).value();
    checks::RegisterLintRules(checks::LintRuleInfos(rules_));
    auto catalog = catalog::LoadEmbeddedCatalog();
    ASSERT_TRUE(catalog.ok());
    catalog_ = std::move(catalog).value();
  }

  scan::ScanResult ScanText(const std::string& text) {
    checks::RuleCheck check(rules_, Version(1, 25));
    scan::ScanOptions options;
    options.target = Version(1, 25);
    options.extra_checks.push_back(&check);
    source::InputFile file;
    file.display_path = "in.yaml";
    file.load = [text] { return StatusOr<std::string>(text); };
    scan::ScanResult result = scan::ScanFile(file, catalog_, options);
    std::stable_sort(result.findings.begin(), result.findings.end(), checks::FindingLess);
    return result;
  }

  static std::vector<std::string> Ids(const scan::ScanResult& r) {
    std::vector<std::string> out;
    for (const auto& f : r.findings) out.push_back(f.rule_id + "@" + std::to_string(f.location.line));
    return out;
  }

  RuleSet rules_;
  catalog::ApiCatalog catalog_;
};

TEST_F(SuppressionScanTest, AnnotationSilencesLintAndApiFindingsOfThatObjectOnly) {
  const std::string text =
      "apiVersion: extensions/v1beta1\n"
      "kind: Ingress\n"
      "metadata:\n"
      "  name: a\n"
      "  annotations:\n"
      "    greenlight.io/ignore: \"API101, ingress-class-annotation,REL416\"\n"
      "    kubernetes.io/ingress.class: nginx\n"
      "---\n"
      "apiVersion: networking.k8s.io/v1\n"
      "kind: Ingress\n"
      "metadata:\n"
      "  name: b\n"
      "  annotations:\n"
      "    kubernetes.io/ingress.class: nginx\n"
      "spec: {rules: [{host: b.example.com}]}\n";
  scan::ScanResult r = ScanText(text);
  EXPECT_EQ(Ids(r), (std::vector<std::string>{"REL401@14"}));
  EXPECT_EQ(r.summary.suppressed_by_annotation, 3u);
  EXPECT_EQ(r.summary.suppressed_by_comment, 0u);
}

TEST_F(SuppressionScanTest, CommentsAboveTheObjectOrOnTheFlaggedLine) {
  const std::string text =
      "# greenlight:ignore API101\n"
      "apiVersion: extensions/v1beta1\n"
      "kind: Ingress\n"
      "metadata:\n"
      "  name: a\n"
      "  annotations:\n"
      "    kubernetes.io/ingress.class: nginx  # greenlight:ignore REL401\n"
      "spec: {rules: [{host: a.example.com}]}\n"
      "---\n"
      "apiVersion: v1\n"
      "kind: Pod\n"
      "metadata: {name: p}\n"
      "spec:\n"
      "  containers:\n"
      "    # greenlight:ignore latest-image-tag\n"
      "    - image: busybox:latest\n"
      "      name: a\n"
      "    - image: nginx:latest\n"
      "      name: b\n";
  scan::ScanResult r = ScanText(text);
  EXPECT_EQ(Ids(r), (std::vector<std::string>{"REL427@18"}));
  EXPECT_EQ(r.summary.suppressed_by_comment, 3u);
}

TEST_F(SuppressionScanTest, UnknownIdsAreFindingsWithDidYouMean) {
  const std::string text =
      "apiVersion: v1\n"
      "kind: Pod\n"
      "metadata:\n"
      "  name: p\n"
      "  annotations:\n"
      "    greenlight.io/ignore: latest-image-tags\n"
      "spec:\n"
      "  containers:\n"
      "    - image: busybox:latest  # greenlight:ignore REL9999\n"
      "      name: a\n";
  scan::ScanResult r = ScanText(text);
  ASSERT_EQ(Ids(r), (std::vector<std::string>{"GL004@6", "REL427@9", "GL004@9"}));
  EXPECT_EQ(r.findings[0].message,
            "unknown rule 'latest-image-tags' in the greenlight.io/ignore annotation (did you mean 'latest-image-tag'?)");
  EXPECT_EQ(r.findings[0].location.column, 27u);
  EXPECT_EQ(r.findings[0].name, "p");
  EXPECT_EQ(r.findings[2].message, "unknown rule 'REL9999' in a # greenlight:ignore comment");
  EXPECT_EQ(r.findings[2].location.column, 50u);  // the id itself
  EXPECT_EQ(r.summary.suppressed_by_annotation + r.summary.suppressed_by_comment, 0u);
}

TEST_F(SuppressionScanTest, LintRulesAreFindableByReportWriters) {
  const checks::RuleInfo* info = checks::FindRule("ttl-too-high-for-weighted-shift");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->id, "REL419");
  EXPECT_EQ(info->severity, checks::Severity::kWarning);
  EXPECT_EQ(info->category, "blue-green");
  EXPECT_FALSE(info->summary.empty());
  EXPECT_TRUE(info->help_uri.starts_with("https://"));
  EXPECT_NE(checks::FindRule("API101"), nullptr);
  bool listed = false;
  for (const auto& rule : checks::AllRules()) listed |= rule.id == "SEC302";
  EXPECT_TRUE(listed);
}

}  // namespace
}  // namespace greenlight::rules
