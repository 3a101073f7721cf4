// Helm templates scanned without rendering: guessed objects meet the API catalog check with the
// template's own positions, every .Capabilities branch is judged, and an object that parses as
// YAML is reported once (by the YAML path), never again by the heuristic.
#include "scan/unrendered_template.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "catalog/api_catalog.h"
#include "checks/rule_info.h"
#include "scan/scanner.h"
#include "test_paths.h"

namespace greenlight::scan {
namespace {

using checks::Finding;

class UnrenderedTemplateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = catalog::LoadEmbeddedCatalog();
    ASSERT_TRUE(loaded.ok());
    catalog_ = new catalog::ApiCatalog(std::move(loaded).value());
  }

  // Scans one chart folder of the sample repository (its templates are marked as such by the
  // directory walk) and keeps the findings of `file`.
  std::vector<Finding> ScanChart(const std::string& chart, const std::string& file,
                                 const char* target, const char* from = nullptr) {
    source::InputList inputs =
        source::ListInputs({greenlight::testing::TestData(chart).string()}, {});
    ScanOptions options;
    options.target = *Version::Parse(target);
    if (from != nullptr) options.from = *Version::Parse(from);
    options.jobs = 1;
    std::vector<Finding> out;
    for (auto& f : Scan(inputs, *catalog_, options).findings) {
      if (f.location.file.ends_with(file)) out.push_back(std::move(f));
    }
    return out;
  }

  // Scans `text` as if it were chart template `name`.
  ScanResult ScanTemplate(std::string text, const char* target) {
    source::InputFile file;
    file.display_path = "chart/templates/t.yaml";
    file.origin = "file";
    file.helm_template = true;
    file.load = [text] { return StatusOr<std::string>(text); };
    ScanOptions options;
    options.target = *Version::Parse(target);
    ScanResult r = ScanFile(file, *catalog_, options);
    std::stable_sort(r.findings.begin(), r.findings.end(), checks::FindingLess);  // as Scan does
    return r;
  }

  static std::vector<const Finding*> WithRule(const std::vector<Finding>& findings,
                                              const char* rule) {
    std::vector<const Finding*> out;
    for (const auto& f : findings) {
      if (f.rule_id == rule) out.push_back(&f);
    }
    return out;
  }

  static inline catalog::ApiCatalog* catalog_ = nullptr;
};

TEST_F(UnrenderedTemplateTest, HardCodedRemovedCronJobIsCaughtUnrenderedAt125) {
  auto findings = ScanChart("gitops-sample/charts/reports", "charts/reports/templates/cronjob.yaml",
                            "1.25", "1.22");
  auto removed = WithRule(findings, checks::kRuleRemovedApi);
  ASSERT_EQ(removed.size(), 1u);
  const Finding& f = *removed[0];
  EXPECT_EQ(f.api_version, "batch/v1beta1");
  EXPECT_EQ(f.kind, "CronJob");
  EXPECT_EQ(f.location.line, 1u);
  EXPECT_EQ(f.location.column, 13u);
  EXPECT_EQ(f.location.document, 0);
  EXPECT_TRUE(f.unrendered_template);
  EXPECT_TRUE(f.message.ends_with("breaks on the upgrade to 1.25 (unrendered template, heuristic)"))
      << f.message;
  EXPECT_EQ(f.excerpt, "apiVersion: batch/v1beta1");
  ASSERT_TRUE(f.api.has_value());
  EXPECT_EQ(f.api->replacement, "batch/v1");
  // The file is still said to be unrendered.
  EXPECT_EQ(WithRule(findings, checks::kRuleUnrenderedTemplate).size(), 1u);
  // One minor before the removal it is a deprecation warning, as a parsed CronJob would be.
  auto at_124 =
      ScanChart("gitops-sample/charts/reports", "charts/reports/templates/cronjob.yaml", "1.24");
  ASSERT_EQ(WithRule(at_124, checks::kRuleDeprecatedApi).size(), 1u);
  EXPECT_TRUE(WithRule(at_124, checks::kRuleRemovedApi).empty());
}

TEST_F(UnrenderedTemplateTest, CapabilitiesElseBranchReportsPolicyV1beta1) {
  auto findings =
      ScanChart("gitops-sample/charts/shop-web", "charts/shop-web/templates/pdb.yaml", "1.25");
  auto removed = WithRule(findings, checks::kRuleRemovedApi);
  ASSERT_EQ(removed.size(), 1u);  // policy/v1 (the if branch) is served at 1.25
  const Finding& f = *removed[0];
  EXPECT_EQ(f.api_version, "policy/v1beta1");
  EXPECT_EQ(f.kind, "PodDisruptionBudget");
  EXPECT_EQ(f.location.line, 5u);
  EXPECT_EQ(f.location.column, 13u);
  EXPECT_TRUE(f.unrendered_template);
  EXPECT_NE(f.message.find("the template picks policy/v1 or policy/v1beta1 at render time: if "
                           ".Capabilities.APIVersions.Has \"policy/v1/PodDisruptionBudget\""),
            std::string::npos)
      << f.message;
  EXPECT_TRUE(WithRule(findings, checks::kRuleDeprecatedApi).empty());
}

TEST_F(UnrenderedTemplateTest, ParsedTemplateObjectIsReportedOnceByTheYamlPath) {
  ScanResult r = ScanTemplate(
      "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: nightly\n", "1.25");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule_id, checks::kRuleRemovedApi);
  EXPECT_EQ(r.findings[0].name, "nightly");
  EXPECT_FALSE(r.findings[0].unrendered_template);
  EXPECT_EQ(r.summary.objects, 1u);
}

TEST_F(UnrenderedTemplateTest, OnlyDocumentsThatDoNotParseAreGuessed) {
  ScanResult r = ScanTemplate(
      "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: parsed\n"
      "---\n"
      "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: {{ .Release.Name "
      "}}\n"
      "  labels:\n    {{- include \"x.labels\" . | nindent 4 }}\n",
      "1.25");
  auto removed = WithRule(r.findings, checks::kRuleRemovedApi);
  ASSERT_EQ(removed.size(), 2u);
  EXPECT_EQ(removed[0]->kind, "Ingress");
  EXPECT_FALSE(removed[0]->unrendered_template);
  EXPECT_EQ(removed[1]->kind, "PodSecurityPolicy");
  EXPECT_EQ(removed[1]->location.line, 6u);
  EXPECT_EQ(removed[1]->location.document, 1);
  EXPECT_TRUE(removed[1]->unrendered_template);
  auto unrendered = WithRule(r.findings, checks::kRuleUnrenderedTemplate);
  ASSERT_EQ(unrendered.size(), 1u);
  EXPECT_EQ(unrendered[0]->location.document, 1);
  EXPECT_EQ(r.summary.objects, 1u);  // guessed objects are not counted as read objects
}

TEST_F(UnrenderedTemplateTest, IgnoreCommentSilencesAGuessedObject) {
  ScanResult r = ScanTemplate(
      "{{- if .Values.legacy }}\n"
      "# greenlight:ignore API101\n"
      "apiVersion: extensions/v1beta1\n"
      "kind: Deployment\n"
      "{{- end }}\n",
      "1.25");
  EXPECT_TRUE(WithRule(r.findings, checks::kRuleRemovedApi).empty());
  EXPECT_EQ(r.summary.suppressed_by_comment, 1u);
  EXPECT_EQ(WithRule(r.findings, checks::kRuleUnrenderedTemplate).size(), 1u);
}

TEST_F(UnrenderedTemplateTest, PlainYamlOutsideChartsIsNeverGuessed) {
  source::InputFile file;
  file.display_path = "k8s/broken.yaml";
  file.origin = "file";
  file.load = [] {
    return StatusOr<std::string>("apiVersion: batch/v1beta1\nkind: CronJob\nspec: {{ oops }}\n");
  };
  ScanOptions options;
  options.target = *Version::Parse("1.25");
  ScanResult r = ScanFile(file, *catalog_, options);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule_id, checks::kRuleInvalidYaml);
}

}  // namespace
}  // namespace greenlight::scan
