// Tests of reading revisions straight from git object databases (source/git_repository.h) and of
// pull-request comparisons built on them, against real repositories made at test time.
#include "source/git_repository.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "catalog/api_catalog.h"
#include "config/baseline.h"
#include "scan/scanner.h"
#include "source/git_test_repo.h"

namespace greenlight::source {
namespace {

namespace fs = std::filesystem;
using testing::GitTestRepo;

constexpr char kIngress[] = R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
)";
constexpr char kPdb[] = R"(apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: db
  namespace: data
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: db
)";
constexpr char kCron[] = R"(apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
  namespace: ops
spec:
  schedule: "0 3 * * *"
)";
constexpr char kHpa[] = R"(apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  maxReplicas: 5
)";
constexpr char kConfigMap[] = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
)";

// The history every test reads:
//   c1 (tag v1)  ingress, db PDB (removed in 1.25), CronJob (removed in 1.25), README
//   c2 (main)    PDB renamed to apps/database/ with lines moved, CronJob deleted
//   c3 (feature, from c2)  adds an autoscaling/v2beta2 HPA (deprecated in 1.23)
//   c4 (main, after c2)    adds a ConfigMap; main is HEAD
class GitRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("greenlight-git-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    repo_ = std::make_unique<GitTestRepo>(root_ / "work");
    c1_ = repo_->Commit("main", "", {{"apps/web/ingress.yaml", kIngress}, {"apps/db/pdb.yaml", kPdb},
                                     {"old/cron.yaml", kCron}, {"README.md", "# shop\n"}}, "initial");
    repo_->Tag("v1", c1_);
    c2_ = repo_->Commit("main", "", {{"apps/web/ingress.yaml", kIngress},
                                     {"apps/database/pdb.yaml", std::string("# moved\n\n") + kPdb},
                                     {"README.md", "# shop\n"}}, "move db, drop cron");
    c3_ = repo_->Commit("feature", c2_, {{"apps/web/ingress.yaml", kIngress},
                                         {"apps/database/pdb.yaml", std::string("# moved\n\n") + kPdb},
                                         {"apps/web/hpa.yaml", kHpa}, {"README.md", "# shop\n"}},
                        "autoscale web");
    c4_ = repo_->Commit("main", "", {{"apps/web/ingress.yaml", kIngress},
                                     {"apps/database/pdb.yaml", std::string("# moved\n\n") + kPdb},
                                     {"apps/web/configmap.yaml", kConfigMap}, {"README.md", "# shop\n"}},
                        "settings");
    // A working tree that differs from every commit: scanning a revision must not look at it.
    fs::create_directories(root_ / "work" / "apps" / "web");
    std::ofstream(root_ / "work" / "apps" / "web" / "ingress.yaml") << "apiVersion: extensions/v1beta1\nkind: Ingress\n";
    std::ofstream(root_ / "work" / "untracked.yaml") << "kind: Secret\n";
  }
  void TearDown() override { fs::remove_all(root_); }

  std::shared_ptr<GitRepository> Open(const fs::path& path) {
    auto repo = GitRepository::Open(path.string());
    EXPECT_TRUE(repo.ok()) << repo.status().ToString();
    return repo.ok() ? *repo : nullptr;
  }

  scan::ScanResult ScanAt(GitRepository& repo, const std::string& rev, const TreeListOptions& options = {}) {
    static const catalog::ApiCatalog catalog = *catalog::LoadEmbeddedCatalog();
    auto inputs = repo.ListTree(rev, options);
    EXPECT_TRUE(inputs.ok()) << inputs.status().ToString();
    scan::ScanOptions scan_options;
    scan_options.target = *Version::Parse("1.25");
    scan_options.jobs = 2;
    return scan::Scan(*inputs, catalog, scan_options);
  }

  static std::vector<std::string> Describe(const std::vector<checks::Finding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) {
      out.push_back(f.rule_id + " " + f.kind + " " + f.name + " @" + f.location.ToString());
    }
    return out;
  }

  fs::path root_;
  std::unique_ptr<GitTestRepo> repo_;
  std::string c1_, c2_, c3_, c4_;
};

TEST_F(GitRepositoryTest, ResolvesCommitsBranchesTagsAndExpressions) {
  auto repo = Open(root_ / "work");
  ASSERT_NE(repo, nullptr);
  EXPECT_FALSE(repo->is_bare());
  EXPECT_EQ(*repo->ResolveCommit("main"), c4_);
  EXPECT_EQ(*repo->ResolveCommit("HEAD"), c4_);
  EXPECT_EQ(*repo->ResolveCommit("feature"), c3_);
  EXPECT_EQ(*repo->ResolveCommit("v1"), c1_);  // annotated tag peeled to its commit
  EXPECT_EQ(*repo->ResolveCommit("main~2"), c1_);
  EXPECT_EQ(*repo->ResolveCommit(c2_.substr(0, 10)), c2_);
  auto missing = repo->ResolveCommit("no-such-branch");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("no-such-branch"), std::string::npos);
}

TEST_F(GitRepositoryTest, OpenFailsWithAMessageForAFolderThatIsNoRepository) {
  fs::create_directories(root_ / "plain");
  auto repo = GitRepository::Open((root_ / "plain").string());
  ASSERT_FALSE(repo.ok());
  EXPECT_NE(repo.status().message().find("cannot open git repository"), std::string::npos);
}

TEST_F(GitRepositoryTest, ListsTheManifestsOfARevisionWithRepoRelativePathsAndBlobBytes) {
  auto repo = Open(root_ / "work");
  auto listed = repo->ListTree("v1", {});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  std::vector<std::string> paths;
  for (const auto& f : listed->files) paths.push_back(f.display_path);
  EXPECT_EQ(paths, (std::vector<std::string>{"apps/db/pdb.yaml", "apps/web/ingress.yaml", "old/cron.yaml"}));
  EXPECT_EQ(listed->files[0].origin, "git:" + c1_.substr(0, 12));
  auto bytes = listed->files[1].load();
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, kIngress);  // the committed blob, not the modified working-tree file
}

TEST_F(GitRepositoryTest, FindingsAtEachRevision) {
  auto repo = Open(root_ / "work");
  EXPECT_EQ(Describe(ScanAt(*repo, "v1").findings),
            (std::vector<std::string>{"API101 PodDisruptionBudget db @apps/db/pdb.yaml:1:13",
                                      "API101 CronJob nightly @old/cron.yaml:1:13"}));
  EXPECT_EQ(Describe(ScanAt(*repo, c2_).findings),
            (std::vector<std::string>{"API101 PodDisruptionBudget db @apps/database/pdb.yaml:3:13"}));
  EXPECT_EQ(Describe(ScanAt(*repo, "feature").findings),
            (std::vector<std::string>{"API101 PodDisruptionBudget db @apps/database/pdb.yaml:3:13",
                                      "API102 HorizontalPodAutoscaler web @apps/web/hpa.yaml:1:13"}));
  EXPECT_EQ(ScanAt(*repo, "main").summary.objects, 3u);
}

TEST_F(GitRepositoryTest, RenamedAndReformattedFileKeepsItsFingerprint) {
  auto repo = Open(root_ / "work");
  auto base = ScanAt(*repo, "v1").findings;
  auto head = ScanAt(*repo, c2_).findings;
  config::FindingComparison diff = config::CompareByFingerprint(head, base);
  EXPECT_TRUE(diff.new_findings.empty()) << ::testing::PrintToString(Describe(diff.new_findings));
  EXPECT_EQ(Describe(diff.unchanged),
            (std::vector<std::string>{"API101 PodDisruptionBudget db @apps/database/pdb.yaml:3:13"}));
  EXPECT_EQ(Describe(diff.fixed), (std::vector<std::string>{"API101 CronJob nightly @old/cron.yaml:1:13"}));
}

TEST_F(GitRepositoryTest, PullRequestModeReportsWhatTheBranchAddsOverTheMergeBase) {
  auto repo = Open(root_ / "work");
  auto merge_base = repo->MergeBase("main", "feature");
  ASSERT_TRUE(merge_base.ok()) << merge_base.status().ToString();
  EXPECT_EQ(*merge_base, c2_);  // not main's tip: main moved on after the branch
  auto diff = config::CompareByFingerprint(ScanAt(*repo, "feature").findings,
                                           ScanAt(*repo, *merge_base).findings);
  EXPECT_EQ(Describe(diff.new_findings),
            (std::vector<std::string>{"API102 HorizontalPodAutoscaler web @apps/web/hpa.yaml:1:13"}));
  EXPECT_EQ(diff.unchanged.size(), 1u);
  EXPECT_TRUE(diff.fixed.empty());
}

TEST_F(GitRepositoryTest, DiffFollowsRenamesAndListsDeletions) {
  auto repo = Open(root_ / "work");
  auto changes = repo->Diff("v1", c2_);
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[0].kind, ChangedFile::Kind::kRenamed);
  EXPECT_EQ((*changes)[0].old_path, "apps/db/pdb.yaml");
  EXPECT_EQ((*changes)[0].new_path, "apps/database/pdb.yaml");
  EXPECT_EQ((*changes)[1].kind, ChangedFile::Kind::kDeleted);
  EXPECT_EQ((*changes)[1].old_path, "old/cron.yaml");
  EXPECT_EQ((*changes)[1].new_path, "");

  auto added = repo->Diff("main", "feature");
  ASSERT_TRUE(added.ok());
  ASSERT_EQ(added->size(), 2u);  // hpa added on feature, configmap only on main
  EXPECT_EQ((*added)[0].new_path, "");
  EXPECT_EQ((*added)[0].old_path, "apps/web/configmap.yaml");
  EXPECT_EQ((*added)[1].kind, ChangedFile::Kind::kAdded);
  EXPECT_EQ((*added)[1].new_path, "apps/web/hpa.yaml");
}

TEST_F(GitRepositoryTest, ChangedOnlyListingScansJustTheChangedFiles) {
  auto repo = Open(root_ / "work");
  TreeListOptions options;
  options.only_files = std::vector<std::string>{"apps/web/hpa.yaml"};
  auto result = ScanAt(*repo, "feature", options);
  EXPECT_EQ(result.summary.files, 1u);
  EXPECT_EQ(Describe(result.findings),
            (std::vector<std::string>{"API102 HorizontalPodAutoscaler web @apps/web/hpa.yaml:1:13"}));
}

TEST_F(GitRepositoryTest, IncludeExcludeAndPathLimitsUseRepoRelativePaths) {
  auto repo = Open(root_ / "work");
  TreeListOptions options;
  options.paths = {"apps/"};
  options.walk.exclude = {"**/ingress.yaml"};
  auto listed = repo->ListTree("v1", options);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->files.size(), 1u);
  EXPECT_EQ(listed->files[0].display_path, "apps/db/pdb.yaml");
}

TEST_F(GitRepositoryTest, BareCloneReadsTheSameRevisions) {
  repo_->CloneBare(root_ / "bare.git");
  auto bare = Open(root_ / "bare.git");
  ASSERT_NE(bare, nullptr);
  EXPECT_TRUE(bare->is_bare());
  EXPECT_EQ(*bare->ResolveCommit("v1"), c1_);
  EXPECT_EQ(Describe(ScanAt(*bare, "v1").findings),
            (std::vector<std::string>{"API101 PodDisruptionBudget db @apps/db/pdb.yaml:1:13",
                                      "API101 CronJob nightly @old/cron.yaml:1:13"}));
  EXPECT_EQ(*bare->MergeBase("main", "origin/feature"), c2_);
}

TEST_F(GitRepositoryTest, ScanningNeverTouchesTheWorkingTreeOrTheRepository) {
  const std::string before = testing::HashTree(root_ / "work");
  {
    auto repo = Open(root_ / "work");
    ScanAt(*repo, "v1");
    ScanAt(*repo, "feature");
    ASSERT_TRUE(repo->Diff("v1", "feature").ok());
    ASSERT_TRUE(repo->MergeBase("main", "feature").ok());
  }
  EXPECT_EQ(testing::HashTree(root_ / "work"), before);
}

TEST_F(GitRepositoryTest, SymlinksAreFollowedInsideTheTreeAndDanglingOnesFail) {
  std::string c = repo_->Commit("links", c1_, {{"base/pdb.yaml", kPdb},
                                               {"overlay/pdb.yaml", "symlink:../base/pdb.yaml"},
                                               {"overlay/gone.yaml", "symlink:../base/gone.yaml"},
                                               {"overlay/dir.yaml", "symlink:../base"}}, "links");
  auto repo = Open(root_ / "work");
  auto listed = repo->ListTree(c, {});
  ASSERT_TRUE(listed.ok());
  std::vector<std::string> paths;
  for (const auto& f : listed->files) paths.push_back(f.display_path);
  // a symlinked folder is not entered, as in the directory walk
  EXPECT_EQ(paths, (std::vector<std::string>{"base/pdb.yaml", "overlay/gone.yaml", "overlay/pdb.yaml"}));
  EXPECT_EQ(*listed->files[2].load(), kPdb);
  auto dangling = listed->files[1].load();
  ASSERT_FALSE(dangling.ok());
  EXPECT_NE(dangling.status().message().find("dangling symlink"), std::string::npos);
}

}  // namespace
}  // namespace greenlight::source
