#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/atomic_file.h"
#include "base/edit_distance.h"
#include "base/glob.h"
#include "test_paths.h"

namespace greenlight {
namespace {

namespace fs = std::filesystem;

TEST(GlobTest, SegmentsAndDoubleStar) {
  struct Case { const char* pattern; const char* path; bool match; };
  for (const auto& c : std::vector<Case>{
           {"*.yaml", "a/b/c.yaml", true},           // no '/': matches the name at any depth
           {"*.yaml", "a/b/c.json", false},
           {"apps/*.yaml", "apps/web.yaml", true},
           {"apps/*.yaml", "apps/web/deploy.yaml", false},  // '*' stays in its segment
           {"apps/**", "apps/web/deploy.yaml", true},
           {"**/tests/**", "charts/x/tests/t.yaml", true},
           {"**/tests/**", "tests/t.yaml", true},    // '**/' also matches zero folders
           {"kustomize/**/pdb.yaml", "kustomize/pdb.yaml", true},
           {"charts/", "charts/a/b.yaml", true},     // a folder covers what is below it
           {"values-1.2?.yaml", "values-1.25.yaml", true},
           {"values-1.[0-2]*.yaml", "values-1.25.yaml", true},
           {"values-1.[!2]*.yaml", "values-1.25.yaml", false},
       }) {
    EXPECT_EQ(GlobMatch(c.pattern, c.path), c.match) << c.pattern << " vs " << c.path;
  }
}

TEST(EditDistanceTest, SuggestsTheNearestOnlyWhenClose) {
  EXPECT_EQ(EditDistance("scna", "scan"), 2);
  EXPECT_EQ(ClosestMatch("jsn", {"text", "json", "sarif"}), "json");
  EXPECT_EQ(ClosestMatch("removedin", {"deprecatedIn", "removedIn"}), "removedIn");
  EXPECT_EQ(ClosestMatch("xyzzy", {"scan", "catalog"}), std::nullopt);
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("greenlight-test-" + std::to_string(::getpid()) + "-" +
                                                 std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST(AtomicFileTest, ReplacesWholeAndLeavesNoTempFile) {
  TempDir dir;
  fs::path out = dir.path() / "report.json";
  ASSERT_TRUE(WriteFileAtomically(out, "first").ok());
  ASSERT_TRUE(WriteFileAtomically(out, "second").ok());
  EXPECT_EQ(testing::ReadFileOrDie(out), "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
  Status s = WriteFileAtomically(dir.path() / "missing-dir" / "x", "y");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cannot create"), std::string::npos) << s.message();
}

TEST(AtomicFileTest, ResolveInsideRefusesEscapes) {
  TempDir dir;
  fs::create_directories(dir.path() / "1.25");
  fs::create_directory_symlink("/tmp", dir.path() / "escape");
  EXPECT_TRUE(ResolveInside(dir.path(), "1.25/ingress.yaml").ok());
  for (const char* bad : {"../x.yaml", "1.25/../../x.yaml", "/etc/passwd", "escape/x.yaml"}) {
    auto r = ResolveInside(dir.path(), bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
}

}  // namespace
}  // namespace greenlight
