// File: tests/render/rendered_output_test.cpp
// Turning helm's and kustomize's output into per-file documents that name the repository file
// they come from and the line of its apiVersion.
#include "render/rendered_output.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "render/render_test_util.h"

namespace greenlight::render {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

DisplayName RelativeTo(const fs::path& root) {
  return [root](const fs::path& local) { return local.lexically_relative(root).generic_string(); };
}

std::vector<std::string> Paths(const std::vector<RenderedFile>& files) {
  std::vector<std::string> out;
  for (const RenderedFile& f : files) out.push_back(f.display_path);
  return out;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(RenderedHelmSubchartTest, AliasedAndPackagedSubchartsMapToTheirRealFiles) {
  TempDir dir("alias");
  dir.Write("shop/Chart.yaml",
            "apiVersion: v2\nname: shop\nversion: 1.0.0\ndependencies:\n"
            "  - {name: redis-lite, alias: cache, version: 1.0.0}\n  - {name: db, version: 2.0.0}\n");
  dir.Write("shop/charts/redis-lite/Chart.yaml", "apiVersion: v2\nname: redis-lite\nversion: 1.0.0\n");
  dir.Write("shop/charts/redis-lite/templates/service.yaml", "# cache\napiVersion: v1\nkind: Service\n");
  dir.Write("shop/charts/db-2.0.0.tgz", "");
  RenderUnit unit;
  unit.root = dir.path().string();
  unit.path = "shop";
  const std::string output =
      "---\n# Source: shop/charts/cache/templates/service.yaml\napiVersion: v1\nkind: Service\n"
      "metadata:\n  name: shop-cache\n"
      "---\n# Source: shop/charts/db/templates/statefulset.yaml\napiVersion: apps/v1\nkind: StatefulSet\n"
      "metadata:\n  name: shop-db\n";
  auto files = SplitHelmOutput(output, unit, RelativeTo(dir.path()));
  ASSERT_EQ(files.size(), 2u);
  // The alias "cache" is the folder charts/redis-lite; its apiVersion is on line 2 there.
  EXPECT_EQ(files[0].display_path, "shop/charts/redis-lite/templates/service.yaml");
  EXPECT_EQ(files[0].source_lines, std::vector<uint32_t>{2});
  // A packaged dependency is named by its archive.
  EXPECT_EQ(files[1].display_path, "shop/charts/db-2.0.0.tgz");
  EXPECT_EQ(files[1].source_lines, std::vector<uint32_t>{1});
}

// --- SplitHelmOutput ---------------------------------------------------------------------------

class RenderedHelmOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("payments/Chart.yaml", "apiVersion: v2\nname: payments\nversion: 0.1.0\n");
    dir_.Write("payments/templates/deployment.yaml", R"(# the API and its worker
apiVersion: apps/v1
kind: Deployment
metadata:
  name: rel-payments
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: rel-payments-worker
)");
    dir_.Write("payments/templates/pdb.yaml", R"({{- if .Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget" }}
apiVersion: policy/v1
{{- else }}
apiVersion: policy/v1beta1
{{- end }}
kind: PodDisruptionBudget
metadata:
  name: {{ .Release.Name }}-payments
)");
    dir_.Write("payments/charts/redis-lite/Chart.yaml", "apiVersion: v2\nname: redis-lite\nversion: 1.0.0\n");
    dir_.Write("payments/charts/redis-lite/templates/x.yaml", R"(# cache service
# (a subchart)
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-redis-lite
)");
    unit_.tool = UnitTool::kHelm;
    unit_.root = dir_.path().string();
    unit_.path = "payments";
    unit_.label = "chart payments";
  }

  TempDir dir_{"render-helm"};
  RenderUnit unit_;
};

const char* kHelmOutput = R"(---
# Source: payments/charts/redis-lite/templates/x.yaml
apiVersion: v1
kind: Service
metadata:
  name: rel-redis-lite
spec:
  ports:
    - port: 6379
---
# Source: payments/templates/pdb.yaml
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: rel-payments
spec:
  minAvailable: 1
---
# Source: payments/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: rel-payments
---
# Source: payments/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: rel-payments-worker
)";

TEST_F(RenderedHelmOutputTest, GroupsDocumentsByTemplateInOutputOrder) {
  auto files = SplitHelmOutput(kHelmOutput, unit_, RelativeTo(dir_.path()));
  EXPECT_EQ(Paths(files), (std::vector<std::string>{"payments/charts/redis-lite/templates/x.yaml",
                                                    "payments/templates/pdb.yaml",
                                                    "payments/templates/deployment.yaml"}));
  ASSERT_EQ(files.size(), 3u);
  for (const RenderedFile& f : files) EXPECT_EQ(f.unit_label, "chart payments");
  EXPECT_EQ(files[0].source_lines.size(), 1u);
  EXPECT_EQ(files[1].source_lines.size(), 1u);
  EXPECT_EQ(files[2].source_lines.size(), 2u);
}

TEST_F(RenderedHelmOutputTest, SubchartTemplateMapsToTheFileUnderCharts) {
  auto files = SplitHelmOutput(kHelmOutput, unit_, [](const fs::path& local) { return local.string(); });
  ASSERT_FALSE(files.empty());
  fs::path expected = fs::absolute(dir_.path() / "payments/charts/redis-lite/templates/x.yaml").lexically_normal();
  EXPECT_EQ(files[0].display_path, expected.string());
  EXPECT_TRUE(fs::exists(files[0].display_path));
}

TEST_F(RenderedHelmOutputTest, SourceLinesPointAtTheTemplatesApiVersionLine) {
  auto files = SplitHelmOutput(kHelmOutput, unit_, RelativeTo(dir_.path()));
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].source_lines, (std::vector<uint32_t>{3}));  // after the two comment lines
  // The Capabilities switch rendered policy/v1beta1: its branch, not the first apiVersion line.
  EXPECT_EQ(files[1].source_lines, (std::vector<uint32_t>{4}));
  // Two Deployments in one template, told apart by name.
  EXPECT_EQ(files[2].source_lines, (std::vector<uint32_t>{2, 7}));
}

TEST_F(RenderedHelmOutputTest, TextKeepsSourceLinesAndSeparatesDocuments) {
  auto files = SplitHelmOutput(kHelmOutput, unit_, RelativeTo(dir_.path()));
  ASSERT_EQ(files.size(), 3u);
  const std::string& deployments = files[2].text;
  EXPECT_EQ(Count(deployments, "# Source: payments/templates/deployment.yaml\n"), 2u) << deployments;
  EXPECT_EQ(Count(deployments, "---\n"), 1u) << deployments;
  EXPECT_EQ(deployments.rfind("# Source: payments/templates/deployment.yaml\napiVersion: apps/v1\n", 0), 0u)
      << deployments;
  EXPECT_NE(deployments.find("  name: rel-payments-worker\n"), std::string::npos) << deployments;
  EXPECT_EQ(deployments.find("PodDisruptionBudget"), std::string::npos) << deployments;
  EXPECT_NE(files[1].text.find("  minAvailable: 1\n"), std::string::npos) << files[1].text;
  EXPECT_EQ(files[0].text.find("---"), std::string::npos) << files[0].text;
}

TEST_F(RenderedHelmOutputTest, EmptyDocumentsAreDropped) {
  std::string output = std::string("---\n# Source: payments/templates/empty.yaml\n---\n\n") + kHelmOutput;
  auto files = SplitHelmOutput(output, unit_, RelativeTo(dir_.path()));
  EXPECT_EQ(files.size(), 3u);
  for (const RenderedFile& f : files) EXPECT_NE(f.display_path, "payments/templates/empty.yaml");
}

TEST_F(RenderedHelmOutputTest, UnknownTemplateFileGetsLineOne) {
  const char* output = R"(---
# Source: payments/templates/generated-elsewhere.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: x
)";
  auto files = SplitHelmOutput(output, unit_, RelativeTo(dir_.path()));
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].display_path, "payments/templates/generated-elsewhere.yaml");
  EXPECT_EQ(files[0].source_lines, (std::vector<uint32_t>{1}));
}

// --- SplitKustomizeOutput ----------------------------------------------------------------------

class RenderedKustomizeOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("app/kustomization.yaml", R"(apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [deployment.yaml, service.yaml]
helmCharts:
  - name: redis-lite
    releaseName: cache
)");
    dir_.Write("app/deployment.yaml", "---\n# web\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");
    dir_.Write("app/service.yaml", "apiVersion:  v1\nkind: Service\nmetadata:\n  name: web\n");
    wrapper_ = dir_.MakeDir("wrapper");
    unit_.tool = UnitTool::kKustomize;
    unit_.root = dir_.path().string();
    unit_.path = "app";
    unit_.label = "kustomization app";
  }

  TempDir dir_{"render-kustomize"};
  fs::path wrapper_;
  RenderUnit unit_;
};

const char* kKustomizeOutput = R"(apiVersion: v1
kind: Service
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../app/service.yaml
    team.example.com/owner: payments
  name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../app/deployment.yaml
  labels:
    app: web
  name: web
spec:
  replicas: 2
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  annotations:
    a.example.com/first: "yes"
    config.kubernetes.io/origin: |
      configuredIn: ../app/kustomization.yaml
      configuredBy:
        apiVersion: builtin
        kind: HelmChartInflationGenerator
  name: cache-redis-lite
spec:
  minAvailable: 1
)";

TEST_F(RenderedKustomizeOutputTest, GroupsByOriginPathRelativeToTheWrapper) {
  auto files = SplitKustomizeOutput(kKustomizeOutput, unit_, wrapper_, RelativeTo(dir_.path()));
  EXPECT_EQ(Paths(files), (std::vector<std::string>{"app/service.yaml", "app/deployment.yaml",
                                                    "app/kustomization.yaml"}));
  for (const RenderedFile& f : files) EXPECT_EQ(f.unit_label, "kustomization app");
}

TEST_F(RenderedKustomizeOutputTest, SourceLinesPointIntoTheOriginFiles) {
  auto files = SplitKustomizeOutput(kKustomizeOutput, unit_, wrapper_, RelativeTo(dir_.path()));
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].source_lines, (std::vector<uint32_t>{1}));
  EXPECT_EQ(files[1].source_lines, (std::vector<uint32_t>{3}));
  // Generated by helmCharts: the line of the generator's key in the kustomization.
  EXPECT_EQ(files[2].source_lines, (std::vector<uint32_t>{4}));
}

// Issue 20: a mapped-back object carries the 1-based column of its apiVersion value in the
// origin file (two spaces after the key in service.yaml), and 0 (null in JSON) where the line
// it points at has no apiVersion (a generated object).
TEST_F(RenderedKustomizeOutputTest, Issue20_SourceColumnsAreTheApiVersionValues) {
  auto files = SplitKustomizeOutput(kKustomizeOutput, unit_, wrapper_, RelativeTo(dir_.path()));
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].source_columns, (std::vector<uint32_t>{14}));
  EXPECT_EQ(files[1].source_columns, (std::vector<uint32_t>{13}));
  EXPECT_EQ(files[2].source_columns, (std::vector<uint32_t>{0}));
}

TEST_F(RenderedKustomizeOutputTest, OriginAnnotationIsRemoved) {
  auto files = SplitKustomizeOutput(kKustomizeOutput, unit_, wrapper_, RelativeTo(dir_.path()));
  ASSERT_EQ(files.size(), 3u);
  for (const RenderedFile& f : files) {
    EXPECT_EQ(f.text.find("config.kubernetes.io/origin"), std::string::npos) << f.text;
    EXPECT_EQ(f.text.find("configuredIn"), std::string::npos) << f.text;
    EXPECT_EQ(f.text.find("path: ../app"), std::string::npos) << f.text;
  }
  // The Deployment had no other annotation: the emptied mapping goes too.
  EXPECT_EQ(files[1].text,
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: web\n  name: web\n"
            "spec:\n  replicas: 2\n");
  // Other annotations stay, before or after the origin.
  EXPECT_EQ(files[0].text,
            "apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    team.example.com/owner: payments\n"
            "  name: web\n");
  EXPECT_NE(files[2].text.find("  annotations:\n    a.example.com/first: \"yes\"\n  name: cache-redis-lite\n"),
            std::string::npos)
      << files[2].text;
}

TEST_F(RenderedKustomizeOutputTest, AnnotationsAsLastMetadataKeyIsRemovedWhenEmptied) {
  const char* output = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    config.kubernetes.io/origin: |
      path: ../app/service.yaml
data:
  a: "1"
)";
  auto files = SplitKustomizeOutput(output, unit_, wrapper_, RelativeTo(dir_.path()));
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].text, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: \"1\"\n");
}

TEST_F(RenderedKustomizeOutputTest, DocumentWithoutOriginBelongsToTheKustomization) {
  const char* output = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";
  auto files = SplitKustomizeOutput(output, unit_, wrapper_, RelativeTo(dir_.path()));
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].display_path, "app");
  EXPECT_EQ(files[0].source_lines, (std::vector<uint32_t>{1}));
  EXPECT_EQ(files[0].text, output);
}

// --- FindApiVersionLine ------------------------------------------------------------------------

TEST(RenderedOutputApiVersionLineTest, QuotedValues) {
  const std::string text = "kind: PodDisruptionBudget\n# note\napiVersion: \"policy/v1\"\n";
  EXPECT_EQ(FindApiVersionLine(text, "policy/v1", ""), 3u);
  EXPECT_EQ(FindApiVersionLine("a: 1\napiVersion: 'batch/v1'\n", "batch/v1", ""), 2u);
}

TEST(RenderedOutputApiVersionLineTest, PicksTheMatchingBranch) {
  const std::string text =
      "{{- if .Capabilities.APIVersions.Has \"batch/v1/CronJob\" }}\napiVersion: batch/v1\n{{- else }}\n"
      "apiVersion: batch/v1beta1\n{{- end }}\nkind: CronJob\n";
  EXPECT_EQ(FindApiVersionLine(text, "batch/v1", "x"), 2u);
  EXPECT_EQ(FindApiVersionLine(text, "batch/v1beta1", "x"), 4u);
}

TEST(RenderedOutputApiVersionLineTest, SeveralCandidatesAreToldApartByName) {
  const std::string text =
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n---\n"
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: worker\n";
  EXPECT_EQ(FindApiVersionLine(text, "v1", "api"), 1u);
  EXPECT_EQ(FindApiVersionLine(text, "v1", "worker"), 6u);
  EXPECT_EQ(FindApiVersionLine(text, "v1", "nobody"), 1u);  // no name matches: the first
  EXPECT_EQ(FindApiVersionLine(text, "v1", ""), 1u);
}

// A name must match whole: "name: web" is not the object named "web-canary".
TEST(RenderedOutputApiVersionLineTest, NameMustMatchWholeNotAsPrefix) {
  const std::string text =
      "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web-canary\n---\n"
      "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n";
  EXPECT_EQ(FindApiVersionLine(text, "policy/v1", "web-canary"), 1u);
  EXPECT_EQ(FindApiVersionLine(text, "policy/v1", "web"), 6u);
}

TEST(RenderedOutputApiVersionLineTest, FallsBackToTheFirstApiVersionLine) {
  const std::string text =
      "# templated\napiVersion: {{ include \"pdb.apiVersion\" . }}\nkind: PodDisruptionBudget\n";
  EXPECT_EQ(FindApiVersionLine(text, "policy/v1", "x"), 2u);
  EXPECT_EQ(FindApiVersionLine(text, "", ""), 2u);
}

TEST(RenderedOutputApiVersionLineTest, ZeroWhenThereIsNone) {
  EXPECT_EQ(FindApiVersionLine("", "v1", ""), 0u);
  EXPECT_EQ(FindApiVersionLine("kind: ConfigMap\n# apiVersion: v1\n", "v1", ""), 0u);
  EXPECT_EQ(FindApiVersionLine("data:\n  key: apiVersion: v1\n", "v1", ""), 0u);
}

}  // namespace
}  // namespace greenlight::render
