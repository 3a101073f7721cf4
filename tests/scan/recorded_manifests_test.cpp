#include "scan/recorded_manifests.h"

#include <gtest/gtest.h>

namespace greenlight::scan {
namespace {

checks::Finding FindingOf(const std::string& release, int revision) {
  checks::Finding f;
  f.rule_id = "API101";
  f.name = release + "-r" + std::to_string(revision);
  size_t slash = release.find('/');
  f.helm_release = checks::HelmReleaseRef{release.substr(slash + 1), release.substr(0, slash), revision, "", "", "", "", "secret", ""};
  return f;
}

// Which revisions keep their findings, for the histories Helm leaves behind.
TEST(RecordedManifestsTest, Issue19_OnlyCurrentRevisionsKeepFindings) {
  struct Case {
    const char* what;
    std::vector<std::pair<int, std::string>> history;  // revision, status
    std::vector<int> current;
  };
  const std::vector<Case> cases = {
      {"superseded is history", {{1, "superseded"}, {2, "deployed"}}, {2}},
      {"newer failed upgrade counts too", {{1, "superseded"}, {2, "deployed"}, {3, "failed"}}, {2, 3}},
      {"older failure is history", {{1, "failed"}, {2, "deployed"}}, {2}},
      {"only the newest of two failures", {{1, "deployed"}, {2, "failed"}, {3, "failed"}}, {1, 3}},
      {"pending install, never deployed", {{1, "pending-install"}}, {1}},
      {"pending rollback", {{4, "deployed"}, {5, "pending-rollback"}}, {4, 5}},
      {"two deployed (a Helm bug pluto documents): the latest", {{6, "deployed"}, {7, "deployed"}}, {7}},
      {"uninstalled with --keep-history runs nothing", {{1, "superseded"}, {2, "uninstalled"}}, {}},
  };
  for (const Case& c : cases) {
    std::vector<ReleaseRevision> revisions;
    std::vector<checks::Finding> findings;
    for (const auto& [revision, status] : c.history) {
      revisions.push_back({"shop/web", revision, status});
      findings.push_back(FindingOf("shop/web", revision));
    }
    findings.push_back(checks::Finding{});  // not from a release: always kept
    checks::ScanSummary summary;
    KeepCurrentReleaseRevisions(revisions, findings, summary);
    std::vector<int> kept;
    for (const auto& f : findings) {
      if (f.helm_release) kept.push_back(f.helm_release->revision);
    }
    EXPECT_EQ(kept, c.current) << c.what;
    EXPECT_EQ(findings.size(), c.current.size() + 1) << c.what;
    EXPECT_EQ(summary.helm_releases, 1u) << c.what;
    EXPECT_EQ(summary.helm_history_revisions, c.history.size() - c.current.size()) << c.what;
  }
}

TEST(RecordedManifestsTest, Issue19_ReleasesAreKeptApartByNamespace) {
  std::vector<ReleaseRevision> revisions = {{"blue/web", 3, "deployed"}, {"green/web", 1, "deployed"},
                                            {"green/web", 3, "superseded"}};
  std::vector<checks::Finding> findings = {FindingOf("blue/web", 3), FindingOf("green/web", 3)};
  checks::ScanSummary summary;
  KeepCurrentReleaseRevisions(revisions, findings, summary);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].helm_release->namespace_name, "blue");
  EXPECT_EQ(summary.helm_releases, 2u);
}

}  // namespace
}  // namespace greenlight::scan
