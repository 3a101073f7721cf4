#include "checks/api_check.h"

#include <gtest/gtest.h>

#include "document/parser.h"

namespace greenlight::checks {
namespace {

catalog::ApiCatalog TestCatalog() {
  catalog::ApiCatalog c;
  Status s = catalog::LoadCatalogText(
      "schemaVersion: 1\ndataVersion: t\napis:\n"
      "- {apiVersion: batch/v1beta1, kind: CronJob, deprecatedIn: \"1.21\", removedIn: \"1.25\",\n"
      "   replacement: {apiVersion: batch/v1, since: \"1.21\"}, notes: n, source: https://s}\n"
      "- {apiVersion: policy/v1beta1, kind: PodSecurityPolicy, deprecatedIn: \"1.21\", removedIn: \"1.25\",\n"
      "   replacement: null, source: https://s}\n"
      "- {apiVersion: v1, kind: Endpoints, deprecatedIn: \"1.33\", replacement: {apiVersion: discovery.k8s.io/v1,\n"
      "   kind: EndpointSlice, since: \"1.21\"}, source: https://s}\n",
      "test-catalog.yaml", c);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return c;
}

std::vector<Finding> Check(const std::string& manifest, Version target, std::optional<Version> from) {
  auto catalog = TestCatalog();
  auto stream = document::ParseStream(manifest, "m.yaml");
  std::vector<Finding> out;
  ApiCheck check(catalog, target, from);
  for (const auto& doc : stream.documents) {
    for (const auto& object : document::ExtractObjects(doc)) check.Run(object, {"m.yaml", manifest}, out);
  }
  return out;
}

const char kCronJob[] = "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: nightly, namespace: jobs}\n";

TEST(ApiCheckTest, RemovedIsAnErrorWithReplacementAndLocation) {
  auto f = Check(kCronJob, Version(1, 25), std::nullopt);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule_id, "API101");
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_EQ(f[0].message, "CronJob batch/v1beta1 was removed in 1.25; use batch/v1 (served since 1.21)");
  EXPECT_EQ(f[0].location.ToString(), "m.yaml:1:13");
  EXPECT_EQ(f[0].api->replacement, "batch/v1");
  EXPECT_EQ(f[0].api->breaks_at, "");
  EXPECT_EQ(f[0].namespace_name, "jobs");
  EXPECT_FALSE(f[0].fingerprint.empty());
}

TEST(ApiCheckTest, FromSaysWhereOnTheUpgradePathItBreaks) {
  auto hop = Check(kCronJob, Version(1, 25), Version(1, 22));
  ASSERT_EQ(hop.size(), 1u);
  EXPECT_EQ(hop[0].api->breaks_at, "1.25");
  EXPECT_NE(hop[0].message.find("breaks on the upgrade to 1.25"), std::string::npos);
  auto already = Check(kCronJob, Version(1, 26), Version(1, 25));
  ASSERT_EQ(already.size(), 1u);
  EXPECT_EQ(already[0].api->breaks_at, "from");
  EXPECT_NE(already[0].message.find("already not served by 1.25"), std::string::npos);
}

TEST(ApiCheckTest, DeprecatedIsAWarningAndNothingBeforeDeprecation) {
  auto warn = Check(kCronJob, Version(1, 23), std::nullopt);
  ASSERT_EQ(warn.size(), 1u);
  EXPECT_EQ(warn[0].rule_id, "API102");
  EXPECT_EQ(warn[0].message,
            "CronJob batch/v1beta1 is deprecated since 1.21 and removed in 1.25; use batch/v1 (served since 1.21)");
  EXPECT_TRUE(Check(kCronJob, Version(1, 20), std::nullopt).empty());
}

TEST(ApiCheckTest, NoReplacementAndKindChangesAreSpelledOut) {
  auto psp = Check("apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\n", Version(1, 25), {});
  ASSERT_EQ(psp.size(), 1u);
  EXPECT_EQ(psp[0].message, "PodSecurityPolicy policy/v1beta1 was removed in 1.25; nothing replaces it");
  auto endpoints = Check("apiVersion: v1\nkind: Endpoints\nmetadata: {name: e}\n", Version(1, 33), {});
  ASSERT_EQ(endpoints.size(), 1u);
  EXPECT_EQ(endpoints[0].message,
            "Endpoints v1 is deprecated since 1.33; use discovery.k8s.io/v1 EndpointSlice (served since 1.21)");
}

TEST(ApiCheckTest, FingerprintIgnoresLinesAndFiles) {
  auto a = Check(kCronJob, Version(1, 25), std::nullopt);
  auto b = Check(std::string("# moved down\n\n") + kCronJob, Version(1, 25), std::nullopt);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_NE(a[0].location.line, b[0].location.line);
  EXPECT_EQ(a[0].fingerprint, b[0].fingerprint);
  auto other = Check("apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: other, namespace: jobs}\n",
                     Version(1, 25), std::nullopt);
  EXPECT_NE(a[0].fingerprint, other[0].fingerprint);
}

}  // namespace
}  // namespace greenlight::checks
