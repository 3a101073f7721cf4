// Every catalog entry's fixture is detected at its removal version (error) and not one minor
// before (a warning if deprecated by then, nothing otherwise).
#include <gtest/gtest.h>

#include <filesystem>

#include "catalog/api_catalog.h"
#include "scan/scanner.h"
#include "test_paths.h"

namespace greenlight::scan {
namespace {

std::string FixtureName(const catalog::ApiEntry& e) {
  size_t slash = e.api_version.find('/');
  std::string stem = slash == std::string::npos
                         ? "core_" + e.api_version
                         : e.api_version.substr(0, slash) + "_" + e.api_version.substr(slash + 1);
  return stem + "_" + e.kind + ".yaml";
}

std::vector<checks::Finding> ScanAt(const std::filesystem::path& file, const catalog::ApiCatalog& c,
                                    Version target) {
  source::InputList inputs = source::ListInputs({file.string()}, {});
  ScanOptions options;
  options.target = target;
  options.jobs = 1;
  return Scan(inputs, c, options).findings;
}

TEST(CatalogFixturesTest, DetectedAtRemovalAndNotOneMinorBefore) {
  auto catalog = catalog::LoadEmbeddedCatalog();
  ASSERT_TRUE(catalog.ok());
  int checked = 0;
  for (const auto& e : catalog->entries()) {
    auto fixture = greenlight::testing::TestData("api/" + FixtureName(e));
    SCOPED_TRACE(fixture.string());
    Version removal = e.removed_in ? *e.removed_in : *e.deprecated_in;
    auto at = ScanAt(fixture, *catalog, removal);
    ASSERT_EQ(at.size(), 1u);
    EXPECT_EQ(at[0].rule_id, e.removed_in ? "API101" : "API102");
    EXPECT_EQ(at[0].api_version, e.api_version);
    EXPECT_EQ(at[0].kind, e.kind);
    EXPECT_EQ(at[0].location.line > 0, true);

    auto before = ScanAt(fixture, *catalog, removal.PreviousMinor());
    bool deprecated_before = e.deprecated_in &&
                             Version::CompareMinor(*e.deprecated_in, removal.PreviousMinor()) <= 0;
    if (!e.removed_in || !deprecated_before) {
      EXPECT_TRUE(before.empty()) << "reported one minor before " << removal.ToString();
    } else {
      ASSERT_EQ(before.size(), 1u);
      EXPECT_EQ(before[0].rule_id, "API102");
    }
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(catalog->entries().size()));
}

}  // namespace
}  // namespace greenlight::scan
