// File: tests/render/repo_url_test.cpp
// Repository URLs as Applications write them: which spellings name the same repository.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "render/repository.h"

namespace greenlight::render {
namespace {

void ExpectSame(const std::vector<std::string>& urls) {
  ASSERT_FALSE(urls.empty());
  const std::string first = NormalizeRepoUrl(urls[0]);
  EXPECT_FALSE(first.empty());
  for (const std::string& url : urls) {
    EXPECT_EQ(NormalizeRepoUrl(url), first) << url << " vs " << urls[0];
  }
}

TEST(RepoUrlTest, SchemeGitSuffixAndTrailingSlashDoNotMatter) {
  ExpectSame({"https://github.com/acme/gitops", "http://github.com/acme/gitops",
              "https://github.com/acme/gitops.git", "https://github.com/acme/gitops/",
              "https://github.com/acme/gitops.git/", "ssh://github.com/acme/gitops.git"});
}

TEST(RepoUrlTest, UserAndScpLikeSyntaxDoNotMatter) {
  ExpectSame({"https://github.com/acme/gitops", "git@github.com:acme/gitops.git",
              "git@github.com:acme/gitops", "ssh://git@github.com/acme/gitops.git",
              "https://deploy-bot@github.com/acme/gitops.git"});
}

TEST(RepoUrlTest, HostCaseDoesNotMatter) {
  ExpectSame({"https://GitHub.com/acme/gitops", "https://github.com/acme/gitops", "git@GITHUB.COM:acme/gitops.git"});
}

TEST(RepoUrlTest, NormalFormIsHostAndPath) {
  EXPECT_EQ(NormalizeRepoUrl("git@GitHub.com:acme/gitops.git"), "github.com/acme/gitops");
  EXPECT_EQ(NormalizeRepoUrl("https://gitlab.example.com/group/sub/repo.git"), "gitlab.example.com/group/sub/repo");
}

TEST(RepoUrlTest, DifferentRepositoriesStayDifferent) {
  const std::string base = NormalizeRepoUrl("https://github.com/acme/gitops.git");
  EXPECT_NE(NormalizeRepoUrl("https://github.com/other-org/gitops.git"), base);
  EXPECT_NE(NormalizeRepoUrl("git@github.com:other-org/gitops.git"), base);
  EXPECT_NE(NormalizeRepoUrl("https://github.com/acme/gitops-config.git"), base);
  EXPECT_NE(NormalizeRepoUrl("https://gitlab.com/acme/gitops.git"), base);
  EXPECT_NE(NormalizeRepoUrl("https://github.com/acme/gitops/charts"), base);
  EXPECT_NE(NormalizeRepoUrl("https://github.com/acme"), base);
}

TEST(RepoUrlTest, GitInsideTheNameIsKept) {
  EXPECT_NE(NormalizeRepoUrl("https://github.com/acme/gitops.github"), NormalizeRepoUrl("https://github.com/acme/gitops"));
  EXPECT_EQ(NormalizeRepoUrl("https://github.com/acme/my.git.repo.git"), "github.com/acme/my.git.repo");
}

}  // namespace
}  // namespace greenlight::render
