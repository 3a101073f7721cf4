// File: tests/render/served_apis_test.cpp
// The API set passed to `helm template --api-versions`: what the embedded catalog says the
// target Kubernetes minor serves (policy/v1 PodDisruptionBudget since 1.21, the v1beta1 ones
// removed in 1.25).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "catalog/api_catalog.h"

namespace greenlight::catalog {
namespace {

class ServedApiVersionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = LoadEmbeddedCatalog();
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    catalog_ = new ApiCatalog(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete catalog_;
    catalog_ = nullptr;
  }

  static std::vector<std::string> At(const std::string& version) {
    auto v = Version::Parse(version);
    EXPECT_TRUE(v.ok()) << version;
    if (catalog_ == nullptr || !v.ok()) return {};
    return ServedApiVersions(*catalog_, *v);
  }
  static bool Has(const std::vector<std::string>& served, const std::string& api) {
    return std::find(served.begin(), served.end(), api) != served.end();
  }

  static ApiCatalog* catalog_;
};

ApiCatalog* ServedApiVersionsTest::catalog_ = nullptr;

TEST_F(ServedApiVersionsTest, At125TheReplacementsAreServedAndTheRemovedAreNot) {
  const auto served = At("1.25");
  EXPECT_TRUE(Has(served, "policy/v1/PodDisruptionBudget"));
  EXPECT_TRUE(Has(served, "policy/v1"));
  EXPECT_TRUE(Has(served, "batch/v1/CronJob"));
  EXPECT_TRUE(Has(served, "batch/v1"));
  EXPECT_FALSE(Has(served, "policy/v1beta1/PodDisruptionBudget"));
  EXPECT_FALSE(Has(served, "batch/v1beta1/CronJob"));
  EXPECT_FALSE(Has(served, "policy/v1beta1/PodSecurityPolicy"));
}

TEST_F(ServedApiVersionsTest, At120OnlyTheBetaPodDisruptionBudgetIsServed) {
  const auto served = At("1.20");
  EXPECT_TRUE(Has(served, "policy/v1beta1/PodDisruptionBudget"));
  EXPECT_TRUE(Has(served, "policy/v1beta1"));
  EXPECT_TRUE(Has(served, "batch/v1beta1/CronJob"));
  EXPECT_FALSE(Has(served, "policy/v1/PodDisruptionBudget"));  // policy/v1 since 1.21
  EXPECT_FALSE(Has(served, "batch/v1/CronJob"));                // batch/v1 CronJob since 1.21
}

TEST_F(ServedApiVersionsTest, At121BothPodDisruptionBudgetVersionsAreServed) {
  const auto served = At("1.21");
  EXPECT_TRUE(Has(served, "policy/v1/PodDisruptionBudget"));
  EXPECT_TRUE(Has(served, "policy/v1beta1/PodDisruptionBudget"));
}

TEST_F(ServedApiVersionsTest, PatchVersionsCountAsTheirMinor) {
  EXPECT_EQ(At("1.25.7"), At("1.25"));
  EXPECT_EQ(At("v1.20.3"), At("1.20"));
}

TEST_F(ServedApiVersionsTest, SortedAndWithoutDuplicates) {
  const auto served = At("1.25");
  EXPECT_FALSE(served.empty());
  EXPECT_TRUE(std::is_sorted(served.begin(), served.end()));
  EXPECT_EQ(std::adjacent_find(served.begin(), served.end()), served.end());
  for (const std::string& api : served) EXPECT_EQ(api.find(' '), std::string::npos) << api;
}

}  // namespace
}  // namespace greenlight::catalog
