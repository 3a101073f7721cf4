// Golden tests for `cutover plan`: every file the plan writes (change batches, rollback batches,
// annotation patches, runbook, plan.json) for the testdata cases, compared byte for byte with
// testdata/cutover/<case>/expected/. GREENLIGHT_UPDATE_SNAPSHOTS=1 rewrites the expected files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "cutover/cluster.h"
#include "cutover/plan.h"
#include "cutover/render.h"
#include "cutover/spec.h"
#include "test_paths.h"

namespace greenlight::cutover {
namespace {

namespace fs = std::filesystem;
using greenlight::testing::ReadFileOrDie;
using greenlight::testing::TestData;

void CheckGolden(const std::string& case_name, const std::string& state_file) {
  std::string spec_path = "testdata/cutover/" + case_name + "/cutover.yaml";
  auto spec =
      ParseSpec(ReadFileOrDie(TestData("cutover/" + case_name + "/cutover.yaml")), spec_path);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  std::optional<std::vector<RecordSet>> live;
  if (!state_file.empty()) {
    auto listing = ParseListing(ReadFileOrDie(TestData("cutover/" + case_name + "/" + state_file)),
                                state_file);
    ASSERT_TRUE(listing.ok()) << listing.status().ToString();
    live = *listing;
  }
  auto plan = BuildPlan(*spec, live ? &*live : nullptr);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  fs::path expected_dir = TestData("cutover/" + case_name + "/expected");
  bool update = std::getenv("GREENLIGHT_UPDATE_SNAPSHOTS") != nullptr;
  std::set<std::string> written;
  for (const auto& file : RenderPlanFiles(*spec, *plan)) {
    written.insert(file.path);
    fs::path path = expected_dir / file.path;
    if (update) {
      fs::create_directories(path.parent_path());
      std::ofstream(path, std::ios::binary) << file.contents;
      continue;
    }
    ASSERT_TRUE(fs::exists(path)) << "no golden file " << path
                                  << " (GREENLIGHT_UPDATE_SNAPSHOTS=1)";
    EXPECT_EQ(ReadFileOrDie(path), file.contents) << "differs from " << path;
  }
  for (const auto& entry : fs::recursive_directory_iterator(expected_dir)) {
    if (!entry.is_regular_file()) continue;
    std::string relative = fs::relative(entry.path(), expected_dir).generic_string();
    EXPECT_TRUE(written.count(relative)) << "golden file the plan no longer writes: " << relative;
  }
}

TEST(CutoverGolden, Route53ModeWithConversionAndTtlSteps) {
  CheckGolden("route53", "state-simple.json");
}

TEST(CutoverGolden, ExternalDnsModeAnnotationsPatchesAndRunbook) { CheckGolden("shop", ""); }

}  // namespace
}  // namespace greenlight::cutover
