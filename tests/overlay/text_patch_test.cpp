// The text-preserving editor: edit scripts from converted objects (value_diff), the outline of
// templates and manifests (yaml_lines) and the replay on text (text_patch).
#include "overlay/text_patch.h"

#include <gtest/gtest.h>

#include "catalog/api_catalog.h"
#include "document/parser.h"
#include "overlay/conversion.h"
#include "overlay/value_diff.h"
#include "overlay/yaml_lines.h"

namespace greenlight::overlay {
namespace {

using document::Value;

Value Parse(std::string_view text) {
  document::ParsedStream parsed = document::ParseStream(text, "test.yaml", false);
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.documents.size(), 1u);
  return document::ValueFromNode(parsed.documents.front().root());
}

Value Convert(const Value& object, std::string_view target, bool ingress_class = false) {
  static const auto catalog = catalog::LoadEmbeddedCatalog();
  ConvertOptions options;
  options.target = *Version::Parse(target);
  options.ingress_class_field = ingress_class;
  ConvertedObject c = ConvertObject(object, *catalog, options);
  EXPECT_TRUE(c.object.has_value());
  return c.object ? *c.object : object;
}

TEST(ValueDiffTest, BackendBecomesInsertWithMovedLeaves) {
  Value before = Parse("backend:\n  serviceName: web\n  servicePort: 80\n");
  Value after = Parse("backend:\n  service:\n    name: web\n    port:\n      number: 80\n");
  std::vector<TreeEdit> edits = DiffValues(before, after);
  ASSERT_EQ(edits.size(), 3u);
  EXPECT_EQ(edits[0].op, TreeEdit::Op::kDelete);
  EXPECT_EQ(PathText(edits[0].path), "backend.serviceName");
  EXPECT_EQ(edits[2].op, TreeEdit::Op::kInsert);
  EXPECT_EQ(edits[2].key, "service");
  ASSERT_EQ(edits[2].moves.size(), 2u);
  EXPECT_EQ(PathText(edits[2].moves[0].in_value), "name");
  EXPECT_EQ(PathText(edits[2].moves[0].from), "serviceName");
  EXPECT_EQ(PathText(edits[2].moves[1].from), "servicePort");
}

TEST(ValueDiffTest, UnchangedSubtreeUnderNewKeyIsARename) {
  Value before = Parse("topology:\n  rack: r1\n");
  Value after = Parse("deprecatedTopology:\n  rack: r1\n");
  std::vector<TreeEdit> edits = DiffValues(before, after);
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(edits[0].op, TreeEdit::Op::kRename);
  EXPECT_EQ(edits[0].key, "deprecatedTopology");
}

TEST(OutlineTest, ControlLinesAndGeneratedContentAreTold) {
  Outline o = BuildOutline(
      "metadata:\n"
      "  labels:\n"
      "    {{- include \"x.labels\" . | nindent 4 }}\n"
      "spec:\n"
      "  {{- range .Values.hosts }}\n"
      "  - host: {{ . }}\n"
      "  {{- end }}\n"
      "  script: |\n"
      "    key: not structure\n");
  ASSERT_EQ(o.documents.size(), 1u);
  const auto& nodes = o.documents[0].nodes;
  ASSERT_EQ(nodes.size(), 2u);
  const OutlineNode& labels = nodes[0].children.at(0);
  EXPECT_TRUE(labels.generated);
  EXPECT_EQ(labels.generated_line, 2u);
  EXPECT_EQ(labels.generated_action, "include \"x.labels\" . | nindent 4");
  const OutlineNode& spec = nodes[1];
  EXPECT_TRUE(spec.has_control);
  ASSERT_EQ(spec.children.size(), 2u);
  EXPECT_EQ(spec.children[0].shape, OutlineNode::Shape::kItem);
  EXPECT_TRUE(spec.children[0].first_child_on_dash_line);
  EXPECT_TRUE(spec.children[0].children.at(0).value_has_action);
  EXPECT_TRUE(spec.children[1].block_scalar);
  EXPECT_TRUE(spec.children[1].children.empty());  // the text below is not structure
}

// Found by the chart_template fuzzer: a template ending without a newline got its closing
// `{{- end }}` glued to its last line ("replicaCount:{{- end }}").
TEST(TextPatcherTest, InsertAfterALastLineWithoutNewlineStartsALine) {
  TextPatcher patcher("a: 1\nb: 2", true);
  ASSERT_TRUE(patcher.AddEdit(LineEdit{0, 0, "{{- if true }}\n"}));
  ASSERT_TRUE(patcher.AddEdit(LineEdit{2, 2, "{{- end }}\n"}));
  EXPECT_EQ(patcher.Result(), "{{- if true }}\na: 1\nb: 2\n{{- end }}\n");
  TextPatcher untouched("a: 1\nb: 2", true);
  EXPECT_EQ(untouched.Result(), "a: 1\nb: 2");  // no edit: the file is kept as it was
}

TEST(PatchManifestTest, OnlyConvertedLinesChange) {
  const char* text =
      "# The public entry point.\n"
      "apiVersion: extensions/v1beta1\n"
      "kind: Ingress\n"
      "metadata:\n"
      "  name: 'web'   # quoted on purpose\n"
      "spec:\n"
      "  rules:\n"
      "    - host: web.example.com\n"
      "\n"
      "      http:\n"
      "        paths:\n"
      "          - path: /\n"
      "            backend:\n"
      "              serviceName: web  # the Service\n"
      "              servicePort: 80\n";
  Value before = Parse(text);
  Value after = Convert(before, "1.22");
  std::optional<std::string> patched = PatchManifestDocument(text, before, after);
  ASSERT_TRUE(patched.has_value());
  EXPECT_EQ(*patched,
            "# The public entry point.\n"
            "apiVersion: networking.k8s.io/v1\n"
            "kind: Ingress\n"
            "metadata:\n"
            "  name: 'web'   # quoted on purpose\n"
            "spec:\n"
            "  rules:\n"
            "    - host: web.example.com\n"
            "\n"
            "      http:\n"
            "        paths:\n"
            "          - path: /\n"
            "            pathType: ImplementationSpecific\n"
            "            backend:\n"
            "              service:\n"
            "                name: web  # the Service\n"
            "                port:\n"
            "                  number: 80\n");
}

TEST(PatchManifestTest, FlowStyleFallsBackToNothing) {
  const char* text = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: web}\n"
                     "spec: {backend: {serviceName: web, servicePort: 80}}\n";
  Value before = Parse(text);
  EXPECT_FALSE(PatchManifestDocument(text, before, Convert(before, "1.22")).has_value());
}

// A range loop: one template node stands for every rendered path; each rendered instance asks
// for the same edit, made once, with the template's own actions moved into the new fields.
TEST(TemplatePatchTest, RangeLoopEditedOnceKeepingActions) {
  const char* source =
      "apiVersion: extensions/v1beta1\n"
      "kind: Ingress\n"
      "spec:\n"
      "  rules:\n"
      "    {{- range .Values.hosts }}\n"
      "    - host: {{ .host | quote }}\n"
      "      http:\n"
      "        paths:\n"
      "          {{- range .paths }}\n"
      "          - path: {{ . }}\n"
      "            backend:\n"
      "              serviceName: {{ $fullName }}\n"
      "              servicePort: {{ $port }}\n"
      "          {{- end }}\n"
      "    {{- end }}\n";
  Value rendered = Parse(
      "apiVersion: extensions/v1beta1\nkind: Ingress\nspec:\n  rules:\n"
      "    - host: a\n      http:\n        paths:\n"
      "          - path: /\n            backend: {serviceName: web, servicePort: 8080}\n"
      "          - path: /x\n            backend: {serviceName: web, servicePort: 8080}\n"
      "    - host: b\n      http:\n        paths:\n"
      "          - path: /\n            backend: {serviceName: web, servicePort: 8080}\n");
  TextPatcher patcher(source, true);
  std::vector<PatchProblem> problems =
      patcher.Apply(DiffValues(rendered, Convert(rendered, "1.22")), rendered, "Ingress", true);
  EXPECT_TRUE(problems.empty()) << problems.front().what;
  EXPECT_EQ(patcher.Result(),
            "apiVersion: extensions/v1beta1\n"  // the caller's business (helpers, values)
            "kind: Ingress\n"
            "spec:\n"
            "  rules:\n"
            "    {{- range .Values.hosts }}\n"
            "    - host: {{ .host | quote }}\n"
            "      http:\n"
            "        paths:\n"
            "          {{- range .paths }}\n"
            "          - path: {{ . }}\n"
            "            pathType: ImplementationSpecific\n"
            "            backend:\n"
            "              service:\n"
            "                name: {{ $fullName }}\n"
            "                port:\n"
            "                  number: {{ $port }}\n"
            "          {{- end }}\n"
            "    {{- end }}\n");
}

TEST(TemplatePatchTest, InstancesThatDisagreeAreReportedNotGuessed) {
  const char* source =
      "kind: Ingress\nspec:\n  rules:\n    {{- range .Values.hosts }}\n    - http:\n        paths:\n"
      "          - path: /\n            pathType: Prefix\n            backend:\n"
      "              serviceName: web\n              servicePort: {{ .port }}\n    {{- end }}\n";
  Value rendered = Parse(
      "apiVersion: extensions/v1beta1\nkind: Ingress\nspec:\n  rules:\n"
      "    - http: {paths: [{path: /, pathType: Prefix, backend: {serviceName: web, servicePort: 80}}]}\n"
      "    - http: {paths: [{path: /, pathType: Prefix, backend: {serviceName: web, servicePort: http}}]}\n");
  TextPatcher patcher(source, true);
  std::vector<PatchProblem> problems =
      patcher.Apply(DiffValues(rendered, Convert(rendered, "1.22")), rendered, "Ingress", true);
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems.front().what.find("need different edits"), std::string::npos);
}

TEST(TemplatePatchTest, ValuesDrivenBlockIsReportedWithItsAction) {
  const char* source =
      "kind: HorizontalPodAutoscaler\nspec:\n  metrics:\n    {{- toYaml .Values.metrics | nindent 4 }}\n";
  Value rendered = Parse(
      "apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nspec:\n  metrics:\n"
      "    - type: Resource\n      resource: {name: cpu, targetAverageUtilization: 70}\n");
  TextPatcher patcher(source, true);
  std::vector<PatchProblem> problems =
      patcher.Apply(DiffValues(rendered, Convert(rendered, "1.25")), rendered,
                    "HorizontalPodAutoscaler", true);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems.front().line, 3u);
  EXPECT_EQ(problems.front().generated_action, "toYaml .Values.metrics | nindent 4");
  EXPECT_FALSE(patcher.changed());
}

TEST(TemplatePatchTest, ChompMarkersAndCommentsStay) {
  const char* source =
      "apiVersion: autoscaling/v2beta1\n"
      "kind: HorizontalPodAutoscaler\n"
      "spec:\n"
      "  metrics:\n"
      "    {{- if .Values.cpu }}\n"
      "    - type: Resource   # cpu\n"
      "      resource:\n"
      "        name: cpu\n"
      "        targetAverageUtilization: {{ .Values.cpu -}}\n"
      "    {{- end }}\n";
  Value rendered = Parse(
      "apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nspec:\n  metrics:\n"
      "    - type: Resource\n      resource: {name: cpu, targetAverageUtilization: 70}\n");
  TextPatcher patcher(source, true);
  EXPECT_TRUE(patcher.Apply(DiffValues(rendered, Convert(rendered, "1.25")), rendered,
                            "HorizontalPodAutoscaler", true)
                  .empty());
  EXPECT_EQ(patcher.Result(),
            "apiVersion: autoscaling/v2beta1\n"
            "kind: HorizontalPodAutoscaler\n"
            "spec:\n"
            "  metrics:\n"
            "    {{- if .Values.cpu }}\n"
            "    - type: Resource   # cpu\n"
            "      resource:\n"
            "        name: cpu\n"
            "        target:\n"
            "          type: Utilization\n"
            "          averageUtilization: {{ .Values.cpu -}}\n"
            "    {{- end }}\n");
}

TEST(ControlBalanceTest, CountsOpenersAndEnds) {
  Outline o = BuildOutline("{{- if .a }}\nx: 1\n{{- range .b }}\n{{- end }}\n");
  EXPECT_EQ(ControlBalance(o, 0, 3), 1);
  EXPECT_EQ(ControlBalance(o, 2, 3), 0);
}

}  // namespace
}  // namespace greenlight::overlay
