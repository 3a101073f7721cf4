// File: tests/render/version_pattern_test.cpp
// Per-version layouts: which Kubernetes minor a folder or values file name stands for.
#include "render/version_pattern.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace greenlight::render {
namespace {

std::string Of(std::string_view segment, const std::vector<std::string>& patterns = DefaultVersionPatterns()) {
  std::optional<Version> v = VersionOfSegment(segment, patterns);
  return v ? v->ToString() : "none";
}

std::string OfPath(std::string_view path, const std::vector<std::string>& patterns = DefaultVersionPatterns()) {
  std::optional<Version> v = VersionOfPath(path, patterns);
  return v ? v->ToString() : "none";
}

TEST(VersionPatternTest, DefaultsRecogniseFolderAndValuesFiles) {
  EXPECT_EQ(Of("catalog-api-1.25"), "1.25");
  EXPECT_EQ(Of("values-1.22.yaml"), "1.22");
  EXPECT_EQ(Of("values-1.22.yml"), "1.22");
  EXPECT_EQ(Of("shop-1.30"), "1.30");
}

TEST(VersionPatternTest, DefaultsIgnoreNamesWithoutAVersion) {
  EXPECT_EQ(Of("catalog-api"), "none");
  EXPECT_EQ(Of("values.yaml"), "none");
  EXPECT_EQ(Of("values-green.yaml"), "none");
  EXPECT_EQ(Of("1.25"), "none");  // "*-{version}" needs the dash
  EXPECT_EQ(Of("values-1.22.json"), "none");
  EXPECT_EQ(Of("catalog-api-1.25.3"), "none");  // a patch is not a cluster minor
}

TEST(VersionPatternTest, ChartVersionsAreNotKubernetesVersions) {
  // Kubernetes minors are 1.x; "redis-6.2" is the chart's own version.
  EXPECT_EQ(Of("redis-6.2"), "none");
  EXPECT_EQ(Of("postgres-15.4"), "none");
  EXPECT_EQ(Of("values-2.1.yaml"), "none");
  EXPECT_EQ(Of("app-11.2"), "none");  // "1.2" inside "11.2" is not a version either
}

TEST(VersionPatternTest, CustomPatterns) {
  const std::vector<std::string> chart_v = {"chart-v{version}"};
  EXPECT_EQ(Of("chart-v1.27", chart_v), "1.27");
  EXPECT_EQ(Of("chart-1.27", chart_v), "none");
  EXPECT_EQ(Of("other-v1.27", chart_v), "none");
  const std::vector<std::string> k8s_values = {"k8s-{version}-values.yaml"};
  EXPECT_EQ(Of("k8s-1.24-values.yaml", k8s_values), "1.24");
  EXPECT_EQ(Of("k8s-1.24-values.yml", k8s_values), "none");
  EXPECT_EQ(Of("k8s-1.24.yaml", k8s_values), "none");
  const std::vector<std::string> bare = {"{version}"};
  EXPECT_EQ(Of("1.29", bare), "1.29");
  EXPECT_EQ(Of("v1.29", bare), "none");
}

TEST(VersionPatternTest, AnyPatternOfSeveralMayMatch) {
  const std::vector<std::string> patterns = {"chart-v{version}", "eks-{version}"};
  EXPECT_EQ(Of("chart-v1.26", patterns), "1.26");
  EXPECT_EQ(Of("eks-1.28", patterns), "1.28");
  EXPECT_EQ(Of("catalog-api-1.25", patterns), "none");  // the defaults are not added
}

TEST(VersionPatternTest, PatternWithoutPlaceholderMatchesNothing) {
  EXPECT_EQ(Of("values-1.25.yaml", {"values-*.yaml"}), "none");
}

TEST(VersionPatternTest, VersionOfPathTakesTheLastMatchingSegment) {
  EXPECT_EQ(OfPath("charts/catalog-api-1.25/values-1.22.yaml"), "1.22");
  EXPECT_EQ(OfPath("charts/catalog-api-1.25/templates/deployment.yaml"), "1.25");
  EXPECT_EQ(OfPath("env-1.24/charts/catalog-api-1.26"), "1.26");
  EXPECT_EQ(OfPath("charts/redis-6.2/values.yaml"), "none");
  EXPECT_EQ(OfPath("charts/catalog-api/values.yaml"), "none");
  EXPECT_EQ(OfPath(""), "none");
  EXPECT_EQ(OfPath("catalog-api-1.25/"), "1.25");
}

TEST(VersionPatternTest, ValidateAcceptsOnePlaceholder) {
  EXPECT_TRUE(ValidateVersionPattern("*-{version}").ok());
  EXPECT_TRUE(ValidateVersionPattern("values-{version}.yaml").ok());
  EXPECT_TRUE(ValidateVersionPattern("{version}").ok());
}

TEST(VersionPatternTest, ValidateRejectsBadPatterns) {
  Status none = ValidateVersionPattern("values-*.yaml");
  EXPECT_EQ(none.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(none.message().find("values-*.yaml"), std::string::npos) << none.ToString();
  EXPECT_NE(none.message().find("{version}"), std::string::npos) << none.ToString();

  Status two = ValidateVersionPattern("{version}-{version}");
  EXPECT_EQ(two.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(two.message().find("exactly one"), std::string::npos) << two.ToString();

  Status slash = ValidateVersionPattern("charts/{version}");
  EXPECT_EQ(slash.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(slash.message().find("'/'"), std::string::npos) << slash.ToString();

  EXPECT_FALSE(ValidateVersionPattern("").ok());
  EXPECT_FALSE(ValidateVersionPattern("{Version}").ok());
}

}  // namespace
}  // namespace greenlight::render
