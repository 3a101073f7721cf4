// Writing an overlay safely: names from manifests cannot leave the output folder, a non-empty
// folder is not overwritten without --force, nothing half-written is left behind, and the same
// inputs give the same bytes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "catalog/api_catalog.h"
#include "overlay/overlay.h"
#include "overlay/unified_diff.h"
#include "test_paths.h"

namespace greenlight::overlay {
namespace {
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("greenlight-overlay-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

const catalog::ApiCatalog& Catalog() {
  static const catalog::ApiCatalog* catalog =
      new catalog::ApiCatalog(*catalog::LoadEmbeddedCatalog());
  return *catalog;
}

OverlayOptions At(const char* target, Layout layout = Layout::kFiles) {
  OverlayOptions options;
  options.convert.target = *Version::Parse(target);
  options.layout = layout;
  return options;
}

constexpr char kEscapingIngress[] =
    "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: ../../../etc/x\n  "
    "namespace: /abs\n"
    "spec:\n  backend:\n    serviceName: a\n    servicePort: 80\n";

std::vector<std::string> FilesUnder(const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) out.push_back(e.path().lexically_relative(root).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(OverlayWriteTest, SanitizedNamesCannotLeaveTheFolder) {
  EXPECT_EQ(SanitizeFileName("Ingress-../../x"), "ingress-x");
  EXPECT_EQ(SanitizeFileName("../.."), "object");
  EXPECT_EQ(SanitizeFileName(".hidden"), "hidden");
  EXPECT_EQ(SanitizeFileName("Deployment-app.v2"), "deployment-app.v2");
  EXPECT_EQ(SanitizeFileName("a/b\\c:d"), "a-b-c-d");
  EXPECT_EQ(SanitizeFileName(std::string(300, 'a')).size(), 120u);
  for (std::string_view raw : {"..", "../x", "/etc/passwd", "a/../../b", "....", "C:\\x"}) {
    std::string name = SanitizeFileName(raw);
    EXPECT_EQ(name.find('/'), std::string::npos) << raw;
    EXPECT_EQ(name.find('\\'), std::string::npos) << raw;
    EXPECT_NE(name.front(), '.') << raw;
  }
}

TEST(OverlayWriteTest, KustomizeLayoutWritesEscapingNamesInsideTheFolder) {
  TempDir tmp;
  OverlayResult result =
      BuildOverlay({SourceFile{"in.yaml", "in.yaml", kEscapingIngress, false, false}}, Catalog(),
                   At("1.22", Layout::kKustomize));
  ASSERT_TRUE(result.conflicts.empty());
  fs::path root = tmp.path() / "out" / "1.22";
  ASSERT_TRUE(WriteOverlay(result, root, false).ok());
  EXPECT_EQ(FilesUnder(tmp.path()),
            (std::vector<std::string>{"out/1.22/converted/ingress-abs-etc-x.yaml",
                                      "out/1.22/kustomization.yaml"}));
}

TEST(OverlayWriteTest, OutputPathsThatLeaveTheFolderAreRefused) {
  TempDir tmp;
  for (const char* bad : {"../escape.yaml", "a/../../escape.yaml", "/tmp/abs.yaml"}) {
    OverlayResult result;
    result.files.push_back(OutputFile{bad, "x: 1\n", ""});
    Status s = WriteOverlay(result, tmp.path() / "out", true);
    EXPECT_FALSE(s.ok()) << bad;
  }
  EXPECT_FALSE(fs::exists(tmp.path() / "escape.yaml"));
  // A symlinked folder inside the output that points elsewhere is refused too.
  fs::create_directories(tmp.path() / "out" / "sub");
  fs::create_directories(tmp.path() / "elsewhere");
  fs::create_directory_symlink(tmp.path() / "elsewhere", tmp.path() / "out" / "link");
  OverlayResult via_link;
  via_link.files.push_back(OutputFile{"link/x.yaml", "x: 1\n", ""});
  EXPECT_FALSE(WriteOverlay(via_link, tmp.path() / "out", true).ok());
  EXPECT_TRUE(fs::is_empty(tmp.path() / "elsewhere"));
}

TEST(OverlayWriteTest, NonEmptyFolderNeedsForce) {
  TempDir tmp;
  fs::path root = tmp.path() / "1.25";
  fs::create_directories(root);
  std::ofstream(root / "keep.txt") << "mine\n";
  OverlayResult result = BuildOverlay({SourceFile{"a.yaml", "a.yaml",
                                                  "apiVersion: batch/v1beta1\nkind: CronJob\n"
                                                  "metadata:\n  name: j\n",
                                                  false, false}},
                                      Catalog(), At("1.25"));
  Status refused = WriteOverlay(result, root, false);
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(fs::exists(root / "a.yaml"));
  ASSERT_TRUE(WriteOverlay(result, root, true).ok());
  EXPECT_EQ(testing::ReadFileOrDie(root / "a.yaml"),
            "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: j\n");
  EXPECT_EQ(testing::ReadFileOrDie(root / "keep.txt"), "mine\n");
  // Atomic writes leave no temporary siblings.
  EXPECT_EQ(FilesUnder(root), (std::vector<std::string>{"a.yaml", "keep.txt"}));
}

TEST(OverlayWriteTest, RunningTwiceGivesIdenticalBytes) {
  TempDir tmp;
  std::vector<SourceFile> inputs;
  for (const char* name : {"cronjob.yaml", "ingress.yaml", "pdb.yaml", "deployment.yaml"}) {
    fs::path p = testing::TestData("gitops-sample/kustomize/base") / name;
    if (!fs::exists(p)) GTEST_SKIP() << p << " is not there";
    inputs.push_back(SourceFile{name, name, testing::ReadFileOrDie(p), false, false});
  }
  for (Layout layout : {Layout::kFiles, Layout::kKustomize}) {
    OverlayResult first = BuildOverlay(inputs, Catalog(), At("1.25", layout));
    OverlayResult second = BuildOverlay(inputs, Catalog(), At("1.25", layout));
    ASSERT_TRUE(WriteOverlay(first, tmp.path() / "a", false).ok());
    ASSERT_TRUE(WriteOverlay(second, tmp.path() / "a", true).ok());
    ASSERT_TRUE(WriteOverlay(second, tmp.path() / "b", false).ok());
    EXPECT_EQ(FilesUnder(tmp.path() / "a"), FilesUnder(tmp.path() / "b"));
    for (const std::string& f : FilesUnder(tmp.path() / "a")) {
      EXPECT_EQ(testing::ReadFileOrDie(tmp.path() / "a" / f),
                testing::ReadFileOrDie(tmp.path() / "b" / f))
          << f;
    }
    fs::remove_all(tmp.path() / "a");
    fs::remove_all(tmp.path() / "b");
  }
}

TEST(OverlayWriteTest, KustomizeLayoutRefusesDuplicateObjects) {
  std::string cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\n";
  OverlayResult result = BuildOverlay({SourceFile{"a.yaml", "a.yaml", cm, false, false},
                                       SourceFile{"b.yaml", "b.yaml", cm, false, false}},
                                      Catalog(), At("1.25", Layout::kKustomize));
  ASSERT_EQ(result.conflicts.size(), 1u);
  EXPECT_NE(result.conflicts[0].message().find("a.yaml:1"), std::string::npos)
      << result.conflicts[0].message();
  EXPECT_EQ(result.conflicts[0].location()->file, "b.yaml");
}

// A document that does not parse is kept byte for byte in the files layout (and reported), and
// left out of the kustomize layout, which kustomize could not build with it.
TEST(OverlayWriteTest, UnparsableDocumentsAreKeptInFilesAndLeftOutOfKustomize) {
  std::string text =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\nkey: {{ .Values.x }}\n---\n"
      "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: j\n";
  std::vector<SourceFile> inputs = {SourceFile{"m.yaml", "m.yaml", text, false, false}};
  OverlayResult files = BuildOverlay(inputs, Catalog(), At("1.25"));
  ASSERT_EQ(files.errors.size(), 1u);
  EXPECT_EQ(files.errors[0].location()->line, 6u);
  ASSERT_EQ(files.files.size(), 1u);
  EXPECT_EQ(
      files.files[0].contents,
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\nkey: {{ .Values.x }}\n---\n"
      "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: j\n");
  OverlayResult kustomize = BuildOverlay(inputs, Catalog(), At("1.25", Layout::kKustomize));
  ASSERT_EQ(kustomize.errors.size(), 1u);
  for (const OutputFile& f : kustomize.files) {
    EXPECT_EQ(f.contents.find("{{"), std::string::npos) << f.relative_path;
  }
  EXPECT_EQ(kustomize.files.size(), 3u);  // converted CronJob, kept ConfigMap, kustomization.yaml
}

TEST(UnifiedDiffTest, HunksHaveContextAndCounts) {
  std::string before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
  std::string after = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n";
  EXPECT_EQ(UnifiedDiff(before, after, "a/x", "b/x"),
            "--- a/x\n+++ b/x\n@@ -2,9 +2,10 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n i\n j\n+k\n");
  // Changes further apart than twice the context get hunks of their own (as GNU diff -u does).
  EXPECT_EQ(UnifiedDiff("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n",
                        "A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nN\n", "a/y", "b/y"),
            "--- a/y\n+++ b/y\n@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n@@ -11,4 +11,4 @@\n k\n l\n "
            "m\n-n\n+N\n");
  EXPECT_EQ(UnifiedDiff(before, before, "a", "b"), "");
  EXPECT_EQ(UnifiedDiff("", "x\n", "/dev/null", "b/new"),
            "--- /dev/null\n+++ b/new\n@@ -0,0 +1,1 @@\n+x\n");
}

}  // namespace
}  // namespace greenlight::overlay
