// Tests of the CI report writers (SARIF, JUnit, GitHub workflow commands, Markdown) on one shared
// set of findings, including hostile strings a pull-request author controls.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "checks/rule_info.h"
#include "report/report.h"
#include "test_paths.h"

namespace greenlight::report {
namespace {

using checks::Finding;

std::vector<Finding> SampleFindings() {
  Finding removed;
  removed.rule_id = "API101";
  removed.rule_name = "removed-api-version";
  removed.severity = checks::Severity::kError;
  removed.message = "Ingress extensions/v1beta1 was removed in 1.22; use networking.k8s.io/v1";
  removed.help = "Move to networking.k8s.io/v1.";
  removed.location = Location{"apps/web/ingress.yaml", 12, 13, 1};
  removed.api_version = "extensions/v1beta1";
  removed.kind = "Ingress";
  removed.namespace_name = "shop";
  removed.name = "web";
  removed.excerpt = "apiVersion: extensions/v1beta1";
  removed.fingerprint = "00000000000000a1";

  Finding hostile;  // every special character of every format in one place
  hostile.rule_id = "API102";
  hostile.rule_name = "deprecated-api-version";
  hostile.severity = checks::Severity::kWarning;
  hostile.message = "100% <b>bad</b> | pipe, comma: colon\r\nline two & more";
  hostile.location = Location{"odd dir/a,b:c.yaml", 3, 1, 0};
  hostile.api_version = "autoscaling/v2beta2";
  hostile.kind = "HorizontalPodAutoscaler";
  hostile.name = "x|y<z>";
  hostile.fingerprint = "00000000000000b2";

  Finding parse_error;  // no object: an input problem
  parse_error.rule_id = "GL001";
  parse_error.rule_name = "invalid-yaml";
  parse_error.severity = checks::Severity::kError;
  parse_error.message = "did not find expected key";
  parse_error.location = Location{"broken.yaml", 4, 2, 0};
  parse_error.fingerprint = "00000000000000c3";
  return {removed, hostile, parse_error};
}

ReportContext SampleContext() {
  ReportContext context;
  context.tool_version = "0.1.0";
  context.catalog_version = "2026.11.0";
  context.target = "1.25";
  context.summary.files = 3;
  context.summary.objects = 3;
  context.summary.documents = 4;
  return context;
}

TEST(SarifTest, RulesResultsRegionsAndFingerprints) {
  auto sarif = nlohmann::json::parse(WriteSarif(SampleFindings(), SampleContext()));
  EXPECT_EQ(sarif["version"], "2.1.0");
  const auto& run = sarif["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 3u);  // one descriptor per rule seen
  const checks::RuleInfo* api101 = checks::FindRule("API101");
  EXPECT_EQ(rules[0]["id"], "API101");
  EXPECT_EQ(rules[0]["shortDescription"]["text"], api101->summary);
  EXPECT_EQ(rules[0]["fullDescription"]["text"], api101->description);
  EXPECT_EQ(rules[0]["helpUri"], api101->help_uri);
  EXPECT_NE(rules[0]["help"]["text"].get<std::string>().find(api101->help), std::string::npos);
  EXPECT_FALSE(rules[2].contains("helpUri"));  // GL001 has no link: no empty URI either

  const auto& results = run["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["ruleId"], "API101");
  EXPECT_EQ(results[0]["ruleIndex"], 0);
  EXPECT_EQ(results[0]["level"], "error");
  EXPECT_EQ(results[1]["level"], "warning");
  const auto& location = results[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"], "apps/web/ingress.yaml");
  EXPECT_EQ(location["region"]["startLine"], 12);
  EXPECT_EQ(location["region"]["startColumn"], 13);
  EXPECT_EQ(results[0]["partialFingerprints"]["greenlight/v1"], "00000000000000a1");
  EXPECT_EQ(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "odd%20dir/a%2Cb%3Ac.yaml");
}

// The JSON report writes findings with its own serializer; its bytes must be what nlohmann's
// dump(2) of the same document gives (the golden reports rely on it), also for control
// characters, quotes, backslashes, DEL, UTF-8, invalid UTF-8 (replaced), nested values and an
// empty list.
TEST(JsonTest, FindingsAreLaidOutAsNlohmannDumpsThem) {
  std::vector<Finding> findings = SampleFindings();
  Finding odd = findings[1];
  odd.message = std::string("tab\tquote\"back\\slash\x01\x1f\x7f bell\b feed\f end");
  odd.name = "caf\xc3\xa9-\xe2\x9c\x93";                // valid UTF-8
  odd.namespace_name = std::string("bad\xff\xfeutf8");  // invalid: replaced by U+FFFD
  odd.render_unit = "chart charts/web";
  odd.render_values = {"values.yaml", "--set a=\"b\""};
  odd.api = checks::ApiDetails{"1.23", "1.26", "autoscaling/v2", "", "1.23", "notes\n2", "https://x", "", "from"};
  odd.helm_release = checks::HelmReleaseRef{"web", "shop", 3, "deployed", "", "1.0", "", "secret", "sh.helm.release.v1.web.v3"};
  odd.recorded_in = "helm-release";
  findings.push_back(odd);
  Finding empty_values = odd;
  empty_values.render_values.clear();
  empty_values.helm_release.reset();
  empty_values.item = 4;
  empty_values.location.column = 0;
  findings.push_back(empty_values);
  for (const std::vector<Finding>& list : {findings, std::vector<Finding>{}}) {
    const std::string text = WriteJson(list, SampleContext());
    const auto parsed = nlohmann::ordered_json::parse(text);
    EXPECT_EQ(text, parsed.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    EXPECT_EQ(parsed["findings"].size(), list.size());
  }
  const auto parsed = nlohmann::ordered_json::parse(WriteJson(findings, SampleContext()));
  EXPECT_EQ(parsed["findings"][3]["message"], odd.message);
  EXPECT_EQ(parsed["findings"][3]["name"], odd.name);
  EXPECT_EQ(parsed["findings"][3]["namespace"], "bad\xef\xbf\xbd\xef\xbf\xbdutf8");
  EXPECT_EQ(parsed["findings"][3]["helmRelease"]["revision"], 3);
  EXPECT_EQ(parsed["findings"][4]["valuesFiles"], nlohmann::ordered_json::array());
  EXPECT_TRUE(parsed["findings"][4]["column"].is_null());
}

TEST(SarifTest, NoFindingsIsAValidEmptyRun) {
  auto sarif = nlohmann::json::parse(WriteSarif({}, SampleContext()));
  EXPECT_TRUE(sarif["runs"][0]["results"].empty());
  EXPECT_TRUE(sarif["runs"][0]["tool"]["driver"]["rules"].empty());
}

TEST(GithubTest, WorkflowCommandsEscapeDataAndProperties) {
  std::string out = WriteGithub(SampleFindings(), SampleContext());
  EXPECT_NE(out.find("::error file=apps/web/ingress.yaml,line=12,col=13,title=API101 removed-api-version::"
                     "Ingress extensions/v1beta1 was removed in 1.22; use networking.k8s.io/v1%0AMove to "
                     "networking.k8s.io/v1.\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("::warning file=odd dir/a%2Cb%3Ac.yaml,line=3,col=1,title=API102 deprecated-api-version::"
                     "100%25 <b>bad</b> | pipe, comma: colon%0D%0Aline two & more\n"),
            std::string::npos)
      << out;
  // One line per command: the CR/LF in the message did not split it.
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 4);
  EXPECT_NE(out.find("::notice title=greenlight::greenlight: 3 findings at target 1.25"), std::string::npos);
}

TEST(MarkdownTest, SummaryTableLinksAndEscaping) {
  ReportContext context = SampleContext();
  ReportContext::Comparison comparison;
  comparison.against = "merge base 1234567890ab of main";
  comparison.new_count = 3;
  comparison.fixed_count = 1;
  comparison.unchanged_count = 5;
  Finding gone = SampleFindings()[0];
  gone.name = "legacy";
  comparison.fixed.push_back(gone);
  context.comparison = comparison;
  std::string md = WriteMarkdown(SampleFindings(), context, {"https://github.com/o/r/blob/abc"});
  EXPECT_TRUE(md.starts_with("### **greenlight** (target Kubernetes 1.25): ❌ 3 new findings (2 error, 1 "
                             "warning, 0 info) · 1 fixed · 5 unchanged\n"))
      << md;
  EXPECT_NE(md.find("[apps/web/ingress.yaml:12](https://github.com/o/r/blob/abc/apps/web/ingress.yaml#L12)"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("(https://github.com/o/r/blob/abc/odd%20dir/a,b:c.yaml#L3)"), std::string::npos) << md;
  // The hostile message stays inside its cell: pipes escaped, HTML neutralised, no line break.
  EXPECT_NE(md.find("100% &lt;b&gt;bad&lt;/b&gt; \\| pipe, comma: colon  line two &amp; more |"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("<b>"), std::string::npos);
  EXPECT_NE(md.find("<details><summary>Details</summary>"), std::string::npos);
  EXPECT_NE(md.find("</details>"), std::string::npos);
  EXPECT_NE(md.find("<code>API101</code> <code>extensions/v1beta1 Ingress</code> shop/legacy"), std::string::npos)
      << md;
}

TEST(MarkdownTest, LongTablesAreCutToFitAComment) {
  std::vector<Finding> many(250, SampleFindings()[0]);
  std::string md = WriteMarkdown(many, SampleContext(), {});
  size_t rows = 0;
  for (size_t pos = 0; (pos = md.find("\n| 🔴", pos)) != std::string::npos; ++pos) ++rows;
  EXPECT_EQ(rows, 100u);
  EXPECT_NE(md.find("150 more not shown"), std::string::npos);
  EXPECT_TRUE(md.starts_with("### **greenlight** (target Kubernetes 1.25): ❌ 250 findings")) << md.substr(0, 200);
}

TEST(MarkdownTest, CleanScanSaysSo) {
  std::string md = WriteMarkdown({}, SampleContext(), {});
  EXPECT_TRUE(md.starts_with("### **greenlight** (target Kubernetes 1.25): ✅ no findings\n")) << md;
  EXPECT_EQ(md.find("| Severity"), std::string::npos);
}

TEST(JUnitTest, OneTestCasePerObjectAndFailuresForFindings) {
  std::vector<CheckedObject> objects = {
      {Location{"apps/web/ingress.yaml", 1, 13, 0}, -1, "v1", "Service", "shop", "web"},
      {Location{"apps/web/ingress.yaml", 12, 13, 1}, -1, "extensions/v1beta1", "Ingress", "shop", "web"},
      {Location{"odd dir/a,b:c.yaml", 3, 13, 0}, -1, "autoscaling/v2beta2", "HorizontalPodAutoscaler", "", "x|y<z>"},
  };
  std::string xml = WriteJUnit(SampleFindings(), objects, SampleContext());
  EXPECT_NE(xml.find("<testsuites name=\"greenlight scan --target 1.25\" tests=\"4\" failures=\"2\" errors=\"1\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"apps/web/ingress.yaml\" name=\"v1 Service shop/web (line 1)\" "
                     "file=\"apps/web/ingress.yaml\" line=\"1\"/>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<failure type=\"API101 removed-api-version\""), std::string::npos);
  EXPECT_NE(xml.find("<error type=\"GL001 invalid-yaml\""), std::string::npos);
  EXPECT_NE(xml.find("100% &lt;b&gt;bad&lt;/b&gt; | pipe, comma: colon&#13;&#10;line two &amp; more"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("name=\"autoscaling/v2beta2 HorizontalPodAutoscaler x|y&lt;z&gt; (line 3)\""),
            std::string::npos)
      << xml;
}

// Snapshots of every CI writer on the shared findings (style R8): a change in any format shows
// up as a reviewable diff. GREENLIGHT_UPDATE_SNAPSHOTS=1 rewrites testdata/golden/ci-formats/.
TEST(CiFormatsGoldenTest, EveryWriterMatchesItsSnapshot) {
  ReportContext context = SampleContext();
  ReportContext::Comparison comparison;
  comparison.against = "merge base 1234567890ab of main";
  comparison.new_count = 3;
  comparison.fixed_count = 1;
  comparison.unchanged_count = 2;
  comparison.fixed.push_back(SampleFindings()[0]);
  comparison.fixed.back().name = "legacy";
  context.comparison = comparison;
  std::vector<CheckedObject> objects = {
      {Location{"apps/web/ingress.yaml", 1, 13, 0}, -1, "v1", "Service", "shop", "web"},
      {Location{"apps/web/ingress.yaml", 12, 13, 1}, -1, "extensions/v1beta1", "Ingress", "shop", "web"},
  };
  const std::vector<std::pair<std::string, std::string>> outputs = {
      {"expected.sarif", WriteSarif(SampleFindings(), context)},
      {"expected.xml", WriteJUnit(SampleFindings(), objects, context)},
      {"expected.github", WriteGithub(SampleFindings(), context)},
      {"expected.md", WriteMarkdown(SampleFindings(), context, {"https://github.com/o/r/blob/abc"})},
  };
  const auto dir = testing::TestData("golden/ci-formats");
  const char* update = std::getenv("GREENLIGHT_UPDATE_SNAPSHOTS");
  for (const auto& [name, actual] : outputs) {
    if (update != nullptr && std::string(update) == "1") {
      std::filesystem::create_directories(dir);
      std::ofstream(dir / name, std::ios::binary) << actual;
      continue;
    }
    EXPECT_EQ(actual, testing::ReadFileOrDie(dir / name))
        << (dir / name) << " differs (GREENLIGHT_UPDATE_SNAPSHOTS=1 rewrites it)";
  }
}

}  // namespace
}  // namespace greenlight::report
