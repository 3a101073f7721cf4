// The unrendered-template heuristic: which objects a Helm template's text shows, where.
#include "document/template_heuristic.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace greenlight::document {
namespace {

std::vector<std::string> Texts(const std::vector<TemplateLiteral>& literals) {
  std::vector<std::string> out;
  for (const auto& l : literals) out.push_back(l.text);
  return out;
}

using Strings = std::vector<std::string>;

TEST(TemplateHeuristicTest, LiteralLinesMakeOneObjectAtTheApiVersionValue) {
  auto guesses = GuessTemplateObjects(
      "apiVersion: batch/v1beta1\n"
      "kind: CronJob\n"
      "metadata:\n"
      "  name: {{ include \"reports.fullname\" . }}-nightly\n"
      "spec:\n"
      "  schedule: {{ .Values.schedule | quote }}\n");
  ASSERT_EQ(guesses.size(), 1u);
  EXPECT_EQ(guesses[0].document, 0);
  EXPECT_EQ(Texts(guesses[0].api_versions), Strings{"batch/v1beta1"});
  EXPECT_EQ(Texts(guesses[0].kinds), Strings{"CronJob"});
  EXPECT_EQ(guesses[0].api_versions[0].mark.line, 1u);
  EXPECT_EQ(guesses[0].api_versions[0].mark.column, 13u);
  EXPECT_EQ(guesses[0].kinds[0].mark.line, 2u);
  EXPECT_EQ(guesses[0].condition, "");
}

TEST(TemplateHeuristicTest, QuotedValuesAreUnquotedAndMarkedAtTheQuote) {
  auto guesses =
      GuessTemplateObjects("kind: 'Deployment'  # the app\napiVersion: \"extensions/v1beta1\"\n");
  ASSERT_EQ(guesses.size(), 1u);
  EXPECT_EQ(Texts(guesses[0].api_versions), Strings{"extensions/v1beta1"});
  EXPECT_EQ(Texts(guesses[0].kinds), Strings{"Deployment"});
  EXPECT_EQ(guesses[0].api_versions[0].mark.line, 2u);
  EXPECT_EQ(guesses[0].api_versions[0].mark.column, 13u);
}

TEST(TemplateHeuristicTest, CapabilitiesBlockSwitchYieldsBothBranches) {
  auto guesses = GuessTemplateObjects(
      "{{- if .Values.podDisruptionBudget.enabled }}\n"
      "{{- if .Capabilities.APIVersions.Has \"policy/v1/PodDisruptionBudget\" }}\n"
      "apiVersion: policy/v1\n"
      "{{- else }}\n"
      "apiVersion: policy/v1beta1\n"
      "{{- end }}\n"
      "kind: PodDisruptionBudget\n"
      "metadata:\n"
      "  name: {{ include \"shop-web.fullname\" . }}\n"
      "{{- end }}\n");
  ASSERT_EQ(guesses.size(), 1u);
  EXPECT_EQ(Texts(guesses[0].api_versions), (Strings{"policy/v1", "policy/v1beta1"}));
  EXPECT_EQ(Texts(guesses[0].kinds), Strings{"PodDisruptionBudget"});
  EXPECT_EQ(guesses[0].api_versions[1].mark.line, 5u);
  EXPECT_EQ(guesses[0].api_versions[1].mark.column, 13u);
  EXPECT_EQ(guesses[0].condition,
            ".Capabilities.APIVersions.Has \"policy/v1/PodDisruptionBudget\"");
}

TEST(TemplateHeuristicTest, CapabilitiesInlineSwitchYieldsBothBranchesWithTheirColumns) {
  const std::string line =
      "apiVersion: {{ if .Capabilities.APIVersions.Has \"policy/v1\" }}policy/v1{{ else "
      "}}policy/v1beta1{{ end }}";
  auto guesses = GuessTemplateObjects(line + "\nkind: PodDisruptionBudget\n");
  ASSERT_EQ(guesses.size(), 1u);
  EXPECT_EQ(Texts(guesses[0].api_versions), (Strings{"policy/v1", "policy/v1beta1"}));
  EXPECT_EQ(guesses[0].api_versions[0].mark.column, line.find("policy/v1{{") + 1);
  EXPECT_EQ(guesses[0].api_versions[1].mark.column, line.find("policy/v1beta1") + 1);
  EXPECT_EQ(guesses[0].condition, ".Capabilities.APIVersions.Has \"policy/v1\"");
}

TEST(TemplateHeuristicTest, KubeVersionInlineSwitchInQuotesYieldsBothBranches) {
  auto guesses = GuessTemplateObjects(
      "apiVersion: \"{{- if semverCompare \">=1.21-0\" .Capabilities.KubeVersion.GitVersion "
      "-}}batch/v1"
      "{{- else -}}batch/v1beta1{{- end }}\"\nkind: CronJob\n");
  ASSERT_EQ(guesses.size(), 1u);
  EXPECT_EQ(Texts(guesses[0].api_versions), (Strings{"batch/v1", "batch/v1beta1"}));
}

TEST(TemplateHeuristicTest, CommentedLinesAreIgnored) {
  auto guesses = GuessTemplateObjects(
      "{{/* apiVersion: extensions/v1beta1 */}}\n"
      "{{- /*\n"
      "apiVersion: extensions/v1beta1\n"
      "kind: Ingress\n"
      "*/ -}}\n"
      "# apiVersion: extensions/v1beta1\n"
      "apiVersion: networking.k8s.io/v1 # was extensions/v1beta1\n"
      "#kind: Foo\n"
      "kind: Ingress\n");
  ASSERT_EQ(guesses.size(), 1u);
  EXPECT_EQ(Texts(guesses[0].api_versions), Strings{"networking.k8s.io/v1"});
  EXPECT_EQ(Texts(guesses[0].kinds), Strings{"Ingress"});
  EXPECT_EQ(guesses[0].api_versions[0].mark.line, 7u);
}

TEST(TemplateHeuristicTest, DocumentsAreCountedAsTheParserCountsThem) {
  auto guesses = GuessTemplateObjects(
      "---\n"
      "apiVersion: v1\n"
      "kind: ServiceAccount\n"
      "---\n"
      "{{- range .Values.jobs }}\n"
      "---\n"
      "apiVersion: batch/v1beta1\n"
      "kind: CronJob\n"
      "{{- end }}\n");
  ASSERT_EQ(guesses.size(), 2u);
  EXPECT_EQ(guesses[0].document, 0);
  EXPECT_EQ(Texts(guesses[0].kinds), Strings{"ServiceAccount"});
  EXPECT_EQ(guesses[1].document, 2);  // the range line is a document of its own
  EXPECT_EQ(Texts(guesses[1].api_versions), Strings{"batch/v1beta1"});
}

TEST(TemplateHeuristicTest, WholeObjectSwitchedByBlocksIsTwoObjects) {
  auto guesses = GuessTemplateObjects(
      "{{- if .Capabilities.APIVersions.Has \"networking.k8s.io/v1/Ingress\" }}\n"
      "apiVersion: networking.k8s.io/v1\n"
      "kind: Ingress\n"
      "{{- else }}\n"
      "apiVersion: extensions/v1beta1\n"
      "kind: Ingress\n"
      "{{- end }}\n"
      "metadata:\n"
      "  name: web\n");
  ASSERT_EQ(guesses.size(), 2u);
  EXPECT_EQ(Texts(guesses[0].api_versions), Strings{"networking.k8s.io/v1"});
  EXPECT_EQ(Texts(guesses[1].api_versions), Strings{"extensions/v1beta1"});
  EXPECT_EQ(Texts(guesses[1].kinds), Strings{"Ingress"});
}

TEST(TemplateHeuristicTest, NestedApiVersionLinesAreNotObjects) {
  auto guesses = GuessTemplateObjects(
      "apiVersion: autoscaling/v2beta2\n"
      "kind: HorizontalPodAutoscaler\n"
      "spec:\n"
      "  scaleTargetRef:\n"
      "    apiVersion: apps/v1\n"
      "    kind: Deployment\n");
  ASSERT_EQ(guesses.size(), 1u);
  EXPECT_EQ(Texts(guesses[0].api_versions), Strings{"autoscaling/v2beta2"});
}

TEST(TemplateHeuristicTest, ComputedApiVersionGuessesNothing) {
  EXPECT_TRUE(GuessTemplateObjects(
                  "apiVersion: {{ include \"common.capabilities.ingress.apiVersion\" . }}\n"
                  "kind: Ingress\n")
                  .empty());
  EXPECT_TRUE(
      GuessTemplateObjects("apiVersion: {{ .Values.apiVersion }}\nkind: Ingress\n").empty());
  EXPECT_TRUE(GuessTemplateObjects("{{- define \"x.labels\" }}\napp: x\n{{- end }}\n").empty());
  EXPECT_TRUE(GuessTemplateObjects("kind: Ingress\nmetadata:\n  name: x\n").empty());
}

TEST(TemplateHeuristicTest, ActionsSpanningLinesKeepTheBlocksBalanced) {
  auto guesses = GuessTemplateObjects(
      "{{- if and .Values.enabled\n"
      "      .Values.legacy }}\n"
      "apiVersion: extensions/v1beta1\n"
      "kind: Deployment\n"
      "{{- end }}\n");
  ASSERT_EQ(guesses.size(), 1u);
  EXPECT_EQ(guesses[0].api_versions[0].mark.line, 3u);
  EXPECT_EQ(guesses[0].condition, "and .Values.enabled .Values.legacy");
}

TEST(TemplateHeuristicTest, ColumnsCountCharactersNotBytes) {
  // "é" is two bytes but one column; the comment before the value is not part of it.
  auto guesses = GuessTemplateObjects("apiVersion: {{/* é */}} v1\nkind: Pod\n");
  ASSERT_EQ(guesses.size(), 1u);
  EXPECT_EQ(Texts(guesses[0].api_versions), Strings{"v1"});
  EXPECT_EQ(guesses[0].api_versions[0].mark.column, 25u);
}

}  // namespace
}  // namespace greenlight::document
