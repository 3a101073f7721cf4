#include "catalog/api_catalog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "test_paths.h"

namespace greenlight::catalog {
namespace {

using greenlight::testing::TestData;

TEST(ApiCatalogTest, EmbeddedCatalogLoadsWithMetadataAndSources) {
  auto catalog = LoadEmbeddedCatalog();
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  ASSERT_EQ(catalog->files().size(), 1u);
  EXPECT_EQ(catalog->files()[0].schema_version, 1);
  EXPECT_FALSE(catalog->files()[0].data_version.empty());
  EXPECT_GE(catalog->entries().size(), 50u);
  for (const auto& e : catalog->entries()) {
    EXPECT_TRUE(e.source.starts_with("https://")) << e.api_version << " " << e.kind;
    EXPECT_TRUE(e.origin.file.starts_with("embedded:api-catalog/kubernetes.yaml")) << e.origin.ToString();
  }
  // The removals the issue names, with their facts.
  const ApiEntry* cronjob = catalog->Find("batch/v1beta1", "CronJob");
  ASSERT_NE(cronjob, nullptr);
  EXPECT_EQ(cronjob->removed_in->ToString(), "1.25");
  EXPECT_EQ(cronjob->replacement->api_version, "batch/v1");
  const ApiEntry* psp = catalog->Find("policy/v1beta1", "PodSecurityPolicy");
  ASSERT_NE(psp, nullptr);
  EXPECT_FALSE(psp->replacement.has_value());
  const ApiEntry* flow = catalog->Find("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema");
  ASSERT_NE(flow, nullptr);
  EXPECT_EQ(flow->removed_in->ToString(), "1.26");  // pluto says 1.29: the guide says 1.26
  EXPECT_EQ(catalog->Find("apps/v1", "Deployment"), nullptr);
}

TEST(ApiCatalogTest, StatusAtComparesMinors) {
  ApiEntry e;
  e.deprecated_in = Version(1, 21);
  e.removed_in = Version(1, 25);
  EXPECT_EQ(e.StatusAt(Version(1, 20)), ApiEntry::Status::kOk);
  EXPECT_EQ(e.StatusAt(Version(1, 21)), ApiEntry::Status::kDeprecated);
  EXPECT_EQ(e.StatusAt(Version(1, 24, 17)), ApiEntry::Status::kDeprecated);
  EXPECT_EQ(e.StatusAt(Version(1, 25, 0)), ApiEntry::Status::kRemoved);
}

struct BadCatalogCase {
  const char* file;
  const char* expected;  // the whole error text, location included
};

TEST(ApiCatalogTest, StrictLoadingNamesFileLineAndColumn) {
  const std::string dir = TestData("catalog").string();
  for (const auto& c : std::vector<BadCatalogCase>{
           {"bad-unknown-key.yaml",
            "/bad-unknown-key.yaml:9:5: unknown key 'removedin' in catalog entry (did you mean 'removedIn'?)"},
           {"bad-version.yaml",
            "/bad-version.yaml:9:16: 'removedIn': expected a Kubernetes version like 1.29, v1.29 or 1.29.3, got '1.2x'"},
           {"bad-duplicate.yaml",
            "/bad-duplicate.yaml:13:5: duplicate catalog entry example.com/v1beta1 Widget: already defined at "},
       }) {
    ApiCatalog catalog;
    Status s = LoadCatalogPath(dir + "/" + c.file, catalog);
    ASSERT_FALSE(s.ok()) << c.file;
    EXPECT_NE(s.ToString().find(c.expected), std::string::npos) << s.ToString();
  }
}

TEST(ApiCatalogTest, ExtraCatalogAddsAndCollisionNamesBothPlaces) {
  auto catalog = LoadEmbeddedCatalog();
  ASSERT_TRUE(catalog.ok());
  size_t before = catalog->entries().size();
  ASSERT_TRUE(LoadCatalogPath(TestData("catalog/extra-crds.yaml").string(), *catalog).ok());
  EXPECT_GT(catalog->entries().size(), before);
  EXPECT_NE(catalog->Find("cert-manager.io/v1alpha2", "Certificate"), nullptr);  // kind "*"
  EXPECT_EQ(catalog->files().size(), 2u);

  Status s = LoadCatalogPath(TestData("catalog/bad-collision.yaml").string(), *catalog);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.ToString().find("bad-collision.yaml:7:5: duplicate catalog entry batch/v1beta1 CronJob: "
                              "already defined at embedded:api-catalog/kubernetes.yaml:"),
            std::string::npos)
      << s.ToString();
}

TEST(ApiCatalogTest, RejectsWrongSchemaVersionAndMissingFields) {
  ApiCatalog catalog;
  Status s = LoadCatalogText("schemaVersion: 2\ndataVersion: x\napis: []\n", "c.yaml", catalog);
  EXPECT_EQ(s.ToString(), "c.yaml:1:16: unsupported schemaVersion 2 (this greenlight reads 1)");
  s = LoadCatalogText(
      "schemaVersion: 1\ndataVersion: x\napis:\n- apiVersion: a/v1\n  kind: K\n  deprecatedIn: \"1.2\"\n"
      "  source: https://x\n",
      "c.yaml", catalog);
  EXPECT_EQ(s.ToString(),
            "c.yaml:4:3: missing required key 'replacement' in catalog entry (write 'replacement: null' "
            "when nothing replaces the API)");
  s = LoadCatalogText(
      "schemaVersion: 1\ndataVersion: x\napis:\n- apiVersion: a/v1\n  kind: K\n  deprecatedIn: \"1.9\"\n"
      "  removedIn: \"1.8\"\n  replacement: null\n  source: https://x\n",
      "c.yaml", catalog);
  EXPECT_EQ(s.ToString(), "c.yaml:4:3: catalog entry a/v1 K: deprecatedIn 1.9 is after removedIn 1.8");
}

// testdata/api holds one fixture per catalog entry, and nothing else.
TEST(ApiCatalogTest, EveryEntryHasExactlyOneFixture) {
  auto catalog = LoadEmbeddedCatalog();
  ASSERT_TRUE(catalog.ok());
  std::set<std::string> expected, found;
  for (const auto& e : catalog->entries()) {
    std::string group = e.api_version.find('/') == std::string::npos
                            ? "core_" + e.api_version
                            : e.api_version.substr(0, e.api_version.find('/')) + "_" +
                                  e.api_version.substr(e.api_version.find('/') + 1);
    expected.insert(group + "_" + e.kind + ".yaml");
  }
  for (const auto& f : std::filesystem::directory_iterator(TestData("api"))) {
    found.insert(f.path().filename().string());
  }
  EXPECT_EQ(expected, found);
}

}  // namespace
}  // namespace greenlight::catalog
