#include "source/input.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

namespace greenlight::source {
namespace {

namespace fs = std::filesystem;

class InputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("greenlight-input-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    for (const char* f : {"apps/web.yaml", "apps/web.yml", "apps/list.json", "apps/README.md",
                          "apps/UPPER.YAML", ".git/config.yaml", "charts/shop/Chart.yaml",
                          "charts/shop/templates/deploy.yaml", "charts/shop/values.yaml",
                          "other/templates/not-helm.yaml", "apps/.hidden.yaml"}) {
      fs::create_directories((root_ / f).parent_path());
      std::ofstream(root_ / f) << "kind: x\n";
    }
    fs::create_directory_symlink(root_, root_ / "apps" / "loop");  // a loop back to the root
    fs::create_symlink(root_ / "apps" / "web.yaml", root_ / "linked.yaml");
    fs::create_symlink(root_ / "nowhere.yaml", root_ / "dangling.yaml");
  }
  void TearDown() override { fs::remove_all(root_); }

  std::vector<std::string> Names(const InputList& list) {
    std::vector<std::string> out;
    for (const auto& f : list.files) out.push_back(fs::path(f.display_path).lexically_relative(root_).string());
    return out;
  }

  fs::path root_;
};

TEST_F(InputTest, WalksManifestsSkipsGitAndNeverLoops) {
  InputList list = ListInputs({root_.string()}, {});
  EXPECT_TRUE(list.errors.empty());
  EXPECT_EQ(Names(list), (std::vector<std::string>{
                             "apps/.hidden.yaml", "apps/list.json", "apps/web.yaml", "apps/web.yml",
                             "charts/shop/Chart.yaml", "charts/shop/templates/deploy.yaml",
                             "charts/shop/values.yaml", "dangling.yaml", "linked.yaml",
                             "other/templates/not-helm.yaml"}));
  for (const auto& f : list.files) {
    bool is_template = f.display_path.ends_with("charts/shop/templates/deploy.yaml");
    EXPECT_EQ(f.helm_template, is_template) << f.display_path;
  }
  auto dangling = std::find_if(list.files.begin(), list.files.end(),
                               [](const InputFile& f) { return f.display_path.ends_with("dangling.yaml"); });
  auto bytes = dangling->load();
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.status().ToString().find("dangling.yaml: cannot read file: No such file"), std::string::npos)
      << bytes.status().ToString();
}

TEST_F(InputTest, IncludeAndExcludeGlobsAreRelativeToTheDirectory) {
  InputList list = ListInputs({root_.string()}, {{"apps/**", "charts/**"}, {"**/templates/**", "*.json"}});
  EXPECT_EQ(Names(list), (std::vector<std::string>{"apps/.hidden.yaml", "apps/web.yaml", "apps/web.yml",
                                                   "charts/shop/Chart.yaml", "charts/shop/values.yaml"}));
}

TEST_F(InputTest, NamedFilesAreReadWhateverTheirExtensionAndMissingOnesAreErrors) {
  InputList list = ListInputs({(root_ / "apps/README.md").string(), (root_ / "nope").string()}, {});
  ASSERT_EQ(list.files.size(), 1u);
  EXPECT_EQ(*list.files[0].load(), "kind: x\n");
  ASSERT_EQ(list.errors.size(), 1u);
  EXPECT_EQ(list.errors[0].message(), "no such file or directory");
}

TEST(HelmTemplatePathTest, NeedsAChartYamlBesideTemplates) {
  auto charts = [](std::string_view dir) { return dir == "charts/shop" || dir.empty(); };
  EXPECT_TRUE(IsHelmTemplatePath("charts/shop/templates/a.yaml", charts));
  EXPECT_TRUE(IsHelmTemplatePath("templates/a.yaml", charts));
  EXPECT_TRUE(IsHelmTemplatePath("charts/shop/templates/sub/a.yaml", charts));
  EXPECT_FALSE(IsHelmTemplatePath("other/templates/a.yaml", charts));
  EXPECT_FALSE(IsHelmTemplatePath("charts/shop/mytemplates/a.yaml", charts));
}

TEST_F(InputTest, WalkReadsRegularFilesOnlyAndNamesWhatItRefuses) {
  ASSERT_EQ(::mkfifo((root_ / "apps" / "pipe.yaml").c_str(), 0600), 0);
  fs::create_symlink("/dev/zero", root_ / "apps" / "zero.yaml");
  InputList list = ListInputs({root_.string()}, {});
  std::map<std::string, Status> loaded;
  for (const auto& f : list.files) loaded.emplace(fs::path(f.display_path).filename().string(), f.load().status());
  ASSERT_TRUE(loaded.count("pipe.yaml") && loaded.count("zero.yaml"));
  EXPECT_NE(loaded.at("pipe.yaml").message().find("FIFO"), std::string::npos) << loaded.at("pipe.yaml").ToString();
  EXPECT_NE(loaded.at("zero.yaml").message().find("character device"), std::string::npos);
  EXPECT_EQ(loaded.at("zero.yaml").location()->file, (root_ / "apps" / "zero.yaml").string());
  EXPECT_TRUE(loaded.at("web.yaml").ok());  // the rest is read as before
}

TEST_F(InputTest, NamedFifoIsReadAndBoundedBySize) {
  const fs::path pipe = root_ / "rendered";
  ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
  WalkOptions options;
  options.max_input_bytes = 64;
  InputList list = ListInputs({pipe.string()}, options);
  ASSERT_EQ(list.files.size(), 1u);
  std::thread writer([&] { std::ofstream(pipe) << std::string(100, 'x'); });
  StatusOr<std::string> read = list.files[0].load();
  writer.join();
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("64 bytes"), std::string::npos) << read.status().ToString();
  std::thread small_writer([&] { std::ofstream(pipe) << "kind: x\n"; });
  StatusOr<std::string> small = list.files[0].load();
  small_writer.join();
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  EXPECT_EQ(*small, "kind: x\n");
}

}  // namespace
}  // namespace greenlight::source
