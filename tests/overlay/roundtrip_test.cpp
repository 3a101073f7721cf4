// The round trip the issue asks for: the overlay of the sample GitOps repo (its plain YAML:
// kustomize/ and platform/), scanned at the target, has no removed-API findings, while the
// sample itself has some.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "catalog/api_catalog.h"
#include "checks/rule_info.h"
#include "overlay/overlay.h"
#include "scan/scanner.h"
#include "source/input.h"
#include "test_paths.h"

namespace greenlight::overlay {
namespace {
namespace fs = std::filesystem;

int RemovedApiFindings(const fs::path& dir, const catalog::ApiCatalog& catalog,
                       const Version& target) {
  scan::ScanOptions options;
  options.target = target;
  options.jobs = 1;
  scan::ScanResult result = scan::Scan(source::ListInputs({dir.string()}, {}), catalog, options);
  int removed = 0;
  for (const auto& f : result.findings) {
    if (f.rule_id == checks::kRuleRemovedApi) ++removed;
  }
  return removed;
}

TEST(OverlayRoundTripTest, GitopsSampleOverlayHasNoRemovedApis) {
  fs::path sample = testing::TestData("gitops-sample");
  if (!fs::exists(sample / "kustomize") || !fs::exists(sample / "platform")) {
    GTEST_SKIP() << "testdata/gitops-sample is not there yet";
  }
  auto catalog = catalog::LoadEmbeddedCatalog();
  ASSERT_TRUE(catalog.ok());
  std::vector<SourceFile> inputs;
  for (const char* part : {"kustomize", "platform"}) {
    source::InputList list = source::ListInputs({(sample / part).string()}, {});
    ASSERT_TRUE(list.errors.empty());
    for (const source::InputFile& f : list.files) {
      auto bytes = f.load();
      ASSERT_TRUE(bytes.ok());
      std::string relative = fs::path(f.display_path).lexically_relative(sample).generic_string();
      inputs.push_back(SourceFile{relative, f.display_path, *bytes, f.is_json(), f.helm_template});
    }
  }
  ASSERT_FALSE(inputs.empty());
  // Unique per process: other build directories run this test at the same time.
  fs::path tmp =
      fs::temp_directory_path() / ("greenlight-overlay-roundtrip-" + std::to_string(::getpid()));
  int targets_with_removals = 0;
  for (const char* target_text : {"1.22", "1.25", "1.26", "1.29", "1.32"}) {
    SCOPED_TRACE(target_text);
    Version target = *Version::Parse(target_text);
    fs::remove_all(tmp);
    fs::create_directories(tmp / "input");
    for (const SourceFile& f : inputs) {
      fs::create_directories((tmp / "input" / f.relative_path).parent_path());
      std::ofstream(tmp / "input" / f.relative_path, std::ios::binary) << f.bytes;
    }
    if (RemovedApiFindings(tmp / "input", *catalog, target) > 0) ++targets_with_removals;
    OverlayOptions options;
    options.convert.target = target;
    OverlayResult result = BuildOverlay(inputs, *catalog, options);
    EXPECT_TRUE(result.errors.empty()) << result.errors[0].ToString();
    ASSERT_TRUE(WriteOverlay(result, tmp / "out", false).ok());
    EXPECT_EQ(RemovedApiFindings(tmp / "out", *catalog, target), 0);
  }
  EXPECT_GT(targets_with_removals, 0)
      << "the sample no longer uses removed APIs: the test proves nothing";
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace greenlight::overlay
