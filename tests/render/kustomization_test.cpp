// File: tests/render/kustomization_test.cpp
// What a kustomization reads from the repository: its file, the folders and files it builds on,
// the charts its helmCharts inflate, and remote resources an offline render cannot use.
#include "render/kustomization.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "render/render_test_util.h"

namespace greenlight::render {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

bool Contains(const std::vector<fs::path>& paths, const fs::path& wanted) {
  return std::find(paths.begin(), paths.end(), wanted.lexically_normal()) != paths.end();
}

std::string Join(const std::vector<fs::path>& paths) {
  std::string out;
  for (const fs::path& p : paths) out += p.string() + "\n";
  return out;
}

TEST(KustomizationTest, FindsEachFileName) {
  TempDir dir("kustomize-find");
  for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
    fs::path folder = dir.MakeDir(std::string("k-") + name);
    dir.Write(std::string("k-") + name + "/" + name, "resources: []\n");
    std::optional<fs::path> file = FindKustomizationFile(folder);
    ASSERT_TRUE(file.has_value()) << name;
    EXPECT_EQ(file->filename(), name);
    EXPECT_EQ(file->parent_path(), folder);
  }
}

TEST(KustomizationTest, NoKustomizationFile) {
  TempDir dir("kustomize-none");
  dir.Write("app/deployment.yaml", "kind: Deployment\n");
  dir.MakeDir("app/kustomization.yaml.d");  // a folder with a similar name is not a file
  dir.MakeDir("app/kustomization.yml");     // nor is a folder with the exact name
  EXPECT_FALSE(FindKustomizationFile(dir.path() / "app").has_value());
  EXPECT_FALSE(FindKustomizationFile(dir.path() / "missing").has_value());
  auto refs = ReadKustomization(dir.path() / "app");
  ASSERT_FALSE(refs.ok());
  EXPECT_EQ(refs.status().code(), StatusCode::kNotFound);
}

TEST(KustomizationTest, PrefersKustomizationYamlWhenSeveralExist) {
  TempDir dir("kustomize-order");
  dir.Write("k/kustomization.yml", "resources: []\n");
  dir.Write("k/kustomization.yaml", "resources: []\n");
  auto file = FindKustomizationFile(dir.path() / "k");
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(file->filename(), "kustomization.yaml");
}

TEST(KustomizationTest, ResourcesSplitIntoFoldersAndFiles) {
  TempDir dir("kustomize-resources");
  dir.Write("base/kustomization.yaml", "resources: [deployment.yaml]\n");
  dir.Write("base/deployment.yaml", "kind: Deployment\n");
  dir.Write("components/monitoring/kustomization.yaml", "kind: Component\n");
  dir.Write("legacy-base/kustomization.yaml", "resources: []\n");
  dir.Write("overlays/green/pdb.yaml", "kind: PodDisruptionBudget\n");
  dir.Write("overlays/green/kustomization.yaml", R"(apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
  - pdb.yaml
  - ./extra/../service.yaml
bases:
  - ../../legacy-base
components:
  - ../../components/monitoring
crds:
  - crds/widget.yaml
)");
  fs::path green = dir.path() / "overlays/green";
  auto refs = ReadKustomization(green);
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  EXPECT_EQ(refs->file, green / "kustomization.yaml");
  EXPECT_EQ(refs->folders.size(), 3u) << Join(refs->folders);
  EXPECT_TRUE(Contains(refs->folders, dir.path() / "base")) << Join(refs->folders);
  EXPECT_TRUE(Contains(refs->folders, dir.path() / "legacy-base")) << Join(refs->folders);
  EXPECT_TRUE(Contains(refs->folders, dir.path() / "components/monitoring")) << Join(refs->folders);
  // Files are listed whether or not they exist (a missing one is kustomize's error to report).
  EXPECT_TRUE(Contains(refs->files, green / "pdb.yaml")) << Join(refs->files);
  EXPECT_TRUE(Contains(refs->files, green / "service.yaml")) << Join(refs->files);
  EXPECT_TRUE(Contains(refs->files, green / "crds/widget.yaml")) << Join(refs->files);
  EXPECT_EQ(refs->files.size(), 3u) << Join(refs->files);
  for (const fs::path& p : refs->files) EXPECT_EQ(p, p.lexically_normal());
  EXPECT_TRUE(refs->helm_charts.empty());
  EXPECT_TRUE(refs->remote.empty());
}

TEST(KustomizationTest, PatchPathsAndInlinePatches) {
  TempDir dir("kustomize-patches");
  dir.Write("app/kustomization.yaml", R"(resources: []
patches:
  - path: patches/replicas.yaml
    target: {kind: Deployment}
  - patch: |-
      - op: replace
        path: /spec/replicas
        value: 3
    target: {kind: Deployment, name: web}
patchesStrategicMerge:
  - patches/resources.yaml
  - |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
patchesJson6902:
  - target: {group: apps, version: v1, kind: Deployment, name: web}
    path: patches/json6902.yaml
replacements:
  - path: replacements/image.yaml
)");
  fs::path app = dir.path() / "app";
  auto refs = ReadKustomization(app);
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  EXPECT_TRUE(Contains(refs->files, app / "patches/replicas.yaml")) << Join(refs->files);
  EXPECT_TRUE(Contains(refs->files, app / "patches/resources.yaml")) << Join(refs->files);
  EXPECT_TRUE(Contains(refs->files, app / "patches/json6902.yaml")) << Join(refs->files);
  EXPECT_TRUE(Contains(refs->files, app / "replacements/image.yaml")) << Join(refs->files);
  // The inline patches are YAML text, not paths: nothing else is listed (the JSON patch's
  // "path: /spec/replicas" is inside the patch text, not a patch file).
  EXPECT_EQ(refs->files.size(), 4u) << Join(refs->files);
  EXPECT_TRUE(refs->folders.empty()) << Join(refs->folders);
}

TEST(KustomizationTest, GeneratorInputFiles) {
  TempDir dir("kustomize-generators");
  dir.Write("app/kustomization.yaml", R"(configMapGenerator:
  - name: app-config
    files:
      - config/app.properties
      - nginx.conf=config/nginx-green.conf
    envs:
      - config/app.env
  - name: literal-only
    literals: [A=1]
secretGenerator:
  - name: creds
    files:
      - tls.crt=secrets/tls.crt
    env: secrets/creds.env
)");
  fs::path app = dir.path() / "app";
  auto refs = ReadKustomization(app);
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  EXPECT_TRUE(Contains(refs->files, app / "config/app.properties")) << Join(refs->files);
  EXPECT_TRUE(Contains(refs->files, app / "config/nginx-green.conf")) << Join(refs->files);
  EXPECT_TRUE(Contains(refs->files, app / "config/app.env")) << Join(refs->files);
  EXPECT_TRUE(Contains(refs->files, app / "secrets/tls.crt")) << Join(refs->files);
  EXPECT_TRUE(Contains(refs->files, app / "secrets/creds.env")) << Join(refs->files);
  EXPECT_FALSE(Contains(refs->files, app / "nginx.conf=config/nginx-green.conf")) << Join(refs->files);
  EXPECT_EQ(refs->files.size(), 5u) << Join(refs->files);
}

TEST(KustomizationTest, HelmChartsUseChartHomeDefaultingToCharts) {
  TempDir dir("kustomize-helm");
  dir.Write("default/kustomization.yaml", R"(helmCharts:
  - name: redis-lite
    releaseName: cache
    valuesFile: values/redis.yaml
  - name: metrics
)");
  fs::path def = dir.path() / "default";
  auto refs = ReadKustomization(def);
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  EXPECT_EQ(refs->helm_charts,
            (std::vector<fs::path>{def / "charts/redis-lite", def / "charts/metrics"}));
  EXPECT_TRUE(Contains(refs->files, def / "values/redis.yaml")) << Join(refs->files);

  dir.Write("custom/kustomization.yaml", R"(helmGlobals:
  chartHome: ../vendor/charts
helmCharts:
  - name: redis-lite
)");
  fs::path custom = dir.path() / "custom";
  refs = ReadKustomization(custom);
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  ASSERT_EQ(refs->helm_charts.size(), 1u);
  EXPECT_EQ(refs->helm_charts[0], (dir.path() / "vendor/charts/redis-lite").lexically_normal());
}

TEST(KustomizationTest, RemoteResourcesAreListedApart) {
  TempDir dir("kustomize-remote");
  dir.Write("app/kustomization.yaml", R"(resources:
  - https://github.com/acme/platform//deploy/base?ref=v1.2.0
  - github.com/acme/platform/deploy/overlays/green?ref=main
  - git@github.com:acme/platform.git/deploy
  - https://raw.githubusercontent.com/acme/platform/main/crd.yaml
  - local.yaml
)");
  fs::path app = dir.path() / "app";
  auto refs = ReadKustomization(app);
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  EXPECT_EQ(refs->remote, (std::vector<std::string>{
                              "https://github.com/acme/platform//deploy/base?ref=v1.2.0",
                              "github.com/acme/platform/deploy/overlays/green?ref=main",
                              "git@github.com:acme/platform.git/deploy",
                              "https://raw.githubusercontent.com/acme/platform/main/crd.yaml"}));
  EXPECT_EQ(refs->files, (std::vector<fs::path>{app / "local.yaml"}));
  EXPECT_TRUE(refs->folders.empty());
}

TEST(KustomizationTest, SyntaxErrorNamesFileLineAndColumn) {
  TempDir dir("kustomize-syntax");
  fs::path file = dir.Write("bad/kustomization.yaml", "resources:\n  - a.yaml\n  - [b.yaml\npatches: []\n");
  auto refs = ReadKustomization(dir.path() / "bad");
  ASSERT_FALSE(refs.ok());
  ASSERT_TRUE(refs.status().location().has_value()) << refs.status().ToString();
  const Location& at = *refs.status().location();
  EXPECT_EQ(at.file, file.string());
  EXPECT_GE(at.line, 3u);
  EXPECT_LE(at.line, 4u);
  EXPECT_GT(at.column, 0u);
  const std::string text = refs.status().ToString();
  EXPECT_EQ(text.rfind(file.string() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ", 0), 0u)
      << text;
}

TEST(KustomizationTest, NonMappingKustomizationHasNoReferences) {
  TempDir dir("kustomize-scalar");
  dir.Write("odd/kustomization.yaml", "- just\n- a list\n");
  auto refs = ReadKustomization(dir.path() / "odd");
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  EXPECT_TRUE(refs->folders.empty());
  EXPECT_TRUE(refs->files.empty());
  EXPECT_EQ(refs->file, dir.path() / "odd/kustomization.yaml");
}

// kustomize also reads transformer and generator configurations (files or kustomization
// folders), `configurations` files and helmCharts[].additionalValuesFiles; they belong to the
// kustomization like its resources and should not be scanned again as plain YAML.
TEST(KustomizationTest, TransformerGeneratorAndConfigurationFilesAreListed) {
  TempDir dir("kustomize-transformers");
  dir.Write("app/kustomization.yaml", R"(resources: []
transformers:
  - transformers/prefix.yaml
generators:
  - generators/configmaps.yaml
configurations:
  - config/name-reference.yaml
helmCharts:
  - name: redis-lite
    valuesFile: values.yaml
    additionalValuesFiles:
      - values-green.yaml
)");
  fs::path app = dir.path() / "app";
  auto refs = ReadKustomization(app);
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  EXPECT_TRUE(Contains(refs->files, app / "transformers/prefix.yaml")) << Join(refs->files);
  EXPECT_TRUE(Contains(refs->files, app / "generators/configmaps.yaml")) << Join(refs->files);
  EXPECT_TRUE(Contains(refs->files, app / "config/name-reference.yaml")) << Join(refs->files);
  EXPECT_TRUE(Contains(refs->files, app / "values-green.yaml")) << Join(refs->files);
}

}  // namespace
}  // namespace greenlight::render
