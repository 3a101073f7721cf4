// Golden tests of `overlay`: for every testdata/overlay/<case>/, the files layout of input/
// must equal expected/ byte for byte and the report must equal report.txt. The case's
// case.yaml names the target and options. GREENLIGHT_UPDATE_SNAPSHOTS=1 rewrites expected/ and
// report.txt (review the diff like code).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "catalog/api_catalog.h"
#include "document/field_reader.h"
#include "document/parser.h"
#include "overlay/overlay.h"
#include "overlay/report_text.h"
#include "test_paths.h"

namespace greenlight::overlay {
namespace {
namespace fs = std::filesystem;

struct Case {
  std::string name;
  fs::path dir;
  OverlayOptions options;
};

Case LoadCase(const fs::path& dir) {
  Case c{dir.filename().string(), dir, {}};
  fs::path spec = dir / "case.yaml";
  auto doc = document::ParseSingleDocument(testing::ReadFileOrDie(spec), spec.string());
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  if (!doc.ok()) return c;
  document::MappingReader reader(doc->root(), spec.string());
  auto target = reader.RequiredString("target");
  c.options.convert.include_deprecated = reader.OptionalBool("deprecated").value_or(false);
  c.options.convert.ingress_class_field = reader.OptionalBool("ingressClassName").value_or(false);
  std::string layout = reader.OptionalString("layout").value_or("files");
  c.options.layout = layout == "kustomize" ? Layout::kKustomize : Layout::kFiles;
  Status finished = reader.Finish();
  EXPECT_TRUE(finished.ok()) << finished.ToString();
  auto version = Version::Parse(target.value_or(""));
  EXPECT_TRUE(version.ok()) << spec;
  if (version.ok()) c.options.convert.target = *version;
  return c;
}

std::vector<SourceFile> ReadTree(const fs::path& root) {
  std::vector<SourceFile> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string relative = entry.path().lexically_relative(root).generic_string();
    std::string display = (fs::path("input") / relative).generic_string();
    files.push_back(SourceFile{relative, display, testing::ReadFileOrDie(entry.path()),
                               relative.ends_with(".json"), false});
  }
  std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) {
    return a.relative_path < b.relative_path;
  });
  return files;
}

std::vector<fs::path> CaseDirs() {
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(testing::TestData("overlay"))) {
    if (entry.is_directory() && fs::exists(entry.path() / "case.yaml"))
      dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

void WriteFile(const fs::path& path, const std::string& contents) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << contents;
}

const catalog::ApiCatalog& Catalog() {
  static const catalog::ApiCatalog* catalog = [] {
    auto loaded = catalog::LoadEmbeddedCatalog();
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    return new catalog::ApiCatalog(loaded.ok() ? std::move(*loaded) : catalog::ApiCatalog());
  }();
  return *catalog;
}

TEST(OverlayGoldenTest, EveryCaseMatchesItsExpectedTreeAndReport) {
  std::vector<fs::path> dirs = CaseDirs();
  ASSERT_GE(dirs.size(), 12u) << "the golden cases are missing";
  bool update = std::getenv("GREENLIGHT_UPDATE_SNAPSHOTS") != nullptr;
  for (const fs::path& dir : dirs) {
    SCOPED_TRACE(dir.filename().string());
    Case c = LoadCase(dir);
    OverlayResult result = BuildOverlay(ReadTree(dir / "input"), Catalog(), c.options);
    std::string report = FormatReport(result);
    fs::path expected = dir / "expected";
    if (update) {
      fs::remove_all(expected);
      for (const OutputFile& f : result.files) WriteFile(expected / f.relative_path, f.contents);
      WriteFile(dir / "report.txt", report);
      continue;
    }
    EXPECT_EQ(report, testing::ReadFileOrDie(dir / "report.txt"));
    std::set<std::string> expected_files;
    for (const auto& entry : fs::recursive_directory_iterator(expected)) {
      if (entry.is_regular_file())
        expected_files.insert(entry.path().lexically_relative(expected).generic_string());
    }
    std::set<std::string> produced;
    for (const OutputFile& f : result.files) {
      produced.insert(f.relative_path);
      if (!fs::exists(expected / f.relative_path)) continue;
      EXPECT_EQ(f.contents, testing::ReadFileOrDie(expected / f.relative_path)) << f.relative_path;
    }
    EXPECT_EQ(produced, expected_files);
    // The case's conversions really happened (a case that converts nothing proves nothing).
    EXPECT_FALSE(result.conversions.empty());
  }
}

// Overlaying the overlay changes nothing: converted objects are at the target already, and
// every other byte was kept.
TEST(OverlayGoldenTest, OverlayOfTheOutputIsTheOutput) {
  for (const fs::path& dir : CaseDirs()) {
    SCOPED_TRACE(dir.filename().string());
    Case c = LoadCase(dir);
    if (c.options.layout != Layout::kFiles) continue;
    std::vector<SourceFile> once_inputs = ReadTree(dir / "input");
    OverlayResult once = BuildOverlay(once_inputs, Catalog(), c.options);
    std::vector<SourceFile> twice_inputs;
    for (const OutputFile& f : once.files) {
      twice_inputs.push_back(SourceFile{f.relative_path, f.relative_path, f.contents,
                                        f.relative_path.ends_with(".json"), false});
    }
    OverlayResult twice = BuildOverlay(twice_inputs, Catalog(), c.options);
    ASSERT_EQ(once.files.size(), twice.files.size());
    for (size_t i = 0; i < once.files.size(); ++i) {
      EXPECT_EQ(once.files[i].contents, twice.files[i].contents) << once.files[i].relative_path;
    }
    // Only objects that were left for a person to convert may be reported again.
    for (const ObjectConversion& conv : twice.conversions) {
      EXPECT_FALSE(conv.written) << conv.kind << "/" << conv.name << " converted twice";
    }
  }
}

// Every converted file parses, so the overlay never writes YAML that kubectl cannot read.
TEST(OverlayGoldenTest, EveryOutputParses) {
  for (const fs::path& dir : CaseDirs()) {
    Case c = LoadCase(dir);
    OverlayResult result = BuildOverlay(ReadTree(dir / "input"), Catalog(), c.options);
    for (const OutputFile& f : result.files) {
      document::ParsedStream parsed =
          document::ParseStream(f.contents, f.relative_path, f.relative_path.ends_with(".json"));
      EXPECT_TRUE(parsed.errors.empty())
          << dir.filename() << "/" << f.relative_path << ": "
          << (parsed.errors.empty() ? "" : parsed.errors[0].ToString());
    }
  }
}

}  // namespace
}  // namespace greenlight::overlay
