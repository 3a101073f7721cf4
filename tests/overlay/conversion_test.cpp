// The catalog, not the code, decides what moves at a target: the same object converts or not
// depending on the catalog's removal versions, and chains follow the catalog's replacements.
#include "overlay/conversion.h"

#include <gtest/gtest.h>

#include "document/emitter.h"
#include "document/parser.h"
#include "scan/scanner.h"
#include "source/input.h"
#include "test_paths.h"

namespace greenlight::overlay {
namespace {

catalog::ApiCatalog CatalogFrom(const std::string& yaml) {
  catalog::ApiCatalog c;
  Status s = catalog::LoadCatalogText(yaml, "test-catalog.yaml", c);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return c;
}

document::Value Object(const std::string& yaml) {
  document::ParsedStream s = document::ParseStream(yaml, "obj.yaml");
  EXPECT_EQ(s.documents.size(), 1u);
  return document::ValueFromNode(s.documents[0].root());
}

ConvertOptions At(const char* target, bool deprecated = false) {
  ConvertOptions o;
  o.target = *Version::Parse(target);
  o.include_deprecated = deprecated;
  return o;
}

constexpr char kCronJob[] = "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: j\n";

TEST(ConversionTest, RemovalVersionsComeFromTheCatalog) {
  catalog::ApiCatalog late = CatalogFrom(
      "schemaVersion: 1\ndataVersion: test\ndate: \"2026-01-01\"\ncomponent: kubernetes\napis:\n"
      "  - apiVersion: batch/v1beta1\n    kind: CronJob\n    deprecatedIn: \"1.28\"\n    "
      "removedIn: \"1.30\"\n"
      "    replacement:\n      apiVersion: batch/v1\n      since: \"1.21\"\n    source: "
      "https://example.com\n");
  EXPECT_TRUE(ConvertObject(Object(kCronJob), late, At("1.25")).report.from_api_version.empty());
  EXPECT_TRUE(ConvertObject(Object(kCronJob), late, At("1.29")).report.from_api_version.empty());
  ConvertedObject deprecated = ConvertObject(Object(kCronJob), late, At("1.29", true));
  EXPECT_EQ(deprecated.report.to_api_version, "batch/v1");
  ConvertedObject removed = ConvertObject(Object(kCronJob), late, At("1.30"));
  ASSERT_TRUE(removed.object.has_value());
  EXPECT_EQ(document::EmitYaml(*removed.object),
            "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: j\n");
}

TEST(ConversionTest, ChainsFollowTheCatalogReplacements) {
  auto catalog = catalog::LoadEmbeddedCatalog();
  ASSERT_TRUE(catalog.ok());
  MigrationPlan plan = PlanMigration(*catalog, "flowcontrol.apiserver.k8s.io/v1beta1",
                                     "PriorityLevelConfiguration", At("1.29"));
  ASSERT_GE(plan.hops.size(), 2u);
  EXPECT_EQ(plan.hops.front().from_api_version, "flowcontrol.apiserver.k8s.io/v1beta1");
  EXPECT_EQ(plan.hops.back().to_api_version, "flowcontrol.apiserver.k8s.io/v1");
  MigrationPlan psp =
      PlanMigration(*catalog, "extensions/v1beta1", "PodSecurityPolicy", At("1.25"));
  EXPECT_TRUE(psp.ends_without_replacement);
  MigrationPlan none = PlanMigration(*catalog, "apps/v1", "Deployment", At("1.33"));
  EXPECT_TRUE(none.hops.empty());
  EXPECT_FALSE(none.ends_without_replacement);
}

TEST(ConversionTest, KindChangesAreNeverGuessed) {
  auto catalog = catalog::LoadEmbeddedCatalog();
  ASSERT_TRUE(catalog.ok());
  ConvertedObject endpoints =
      ConvertObject(Object("apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e\nsubsets: []\n"),
                    *catalog, At("1.33", true));
  EXPECT_EQ(endpoints.report.fix.applicability, Applicability::kManual);
  EXPECT_FALSE(endpoints.report.written);
  ASSERT_TRUE(endpoints.object.has_value());
  EXPECT_EQ(document::EmitYaml(*endpoints.object),
            "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e\nsubsets: []\n");
}

}  // namespace
}  // namespace greenlight::overlay
