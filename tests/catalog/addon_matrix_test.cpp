// The add-on matrix at its edges: version parsing (pre-release tags, eksbuild suffixes), range
// bounds (first and last supported versions), each policy, unknown add-ons and versions, the
// strict loader, and the embedded data.
#include "catalog/addon_matrix.h"
#include "catalog/api_catalog.h"

#include <gtest/gtest.h>

namespace greenlight::catalog {
namespace {

AddonVersion V(std::string_view text) {
  auto v = AddonVersion::Parse(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(AddonVersion{});
}

Version K(std::string_view text) { return *Version::Parse(text); }

TEST(AddonVersionTest, ParsesTagsWithPrefixesAndSuffixes) {
  AddonVersion v = V("v1.12.6-eksbuild.2");
  EXPECT_EQ(v.major, 1);
  EXPECT_EQ(v.minor, 12);
  EXPECT_EQ(v.patch, 6);
  EXPECT_EQ(v.eksbuild, 2);
  EXPECT_TRUE(v.prerelease.empty());
  EXPECT_EQ(v.ToString(), "1.12.6-eksbuild.2");
  EXPECT_EQ(V("v1.25.16-minimal-eksbuild.22").eksbuild, 22);
  EXPECT_EQ(V("1.5").ToString(), "1.5");
  EXPECT_EQ(V("v2.0.0-rc.1").prerelease, "rc.1");
  EXPECT_EQ(V("1.12.0-debian-11-r3").build, "debian-11-r3");
  for (std::string_view bad : {"latest", "", "v", "1", "stable-1.2", "1.2x", "sha256:abc"}) {
    EXPECT_FALSE(AddonVersion::Parse(bad).has_value()) << bad;
  }
}

TEST(AddonVersionTest, OrdersPrereleaseBeforeReleaseAndByEksbuild) {
  EXPECT_LT(AddonVersion::Compare(V("2.5.0-rc.1"), V("2.5.0")), 0);
  EXPECT_LT(AddonVersion::Compare(V("2.5.0-alpha.1"), V("2.5.0-beta.1")), 0);
  EXPECT_LT(AddonVersion::Compare(V("v1.11.4-eksbuild.2"), V("v1.11.4-eksbuild.22")), 0);
  EXPECT_GT(AddonVersion::Compare(V("1.10.0"), V("1.9.9")), 0);
}

TEST(VersionSpecTest, RangeEdgesAreInclusive) {
  auto range = VersionSpec::Parse("2.2.0 - 2.3.1");
  ASSERT_TRUE(range.ok());
  EXPECT_FALSE(range->Contains(V("2.1.9")));
  EXPECT_TRUE(range->Contains(V("2.2.0")));  // first
  EXPECT_TRUE(range->Contains(V("2.3.1")));  // last
  EXPECT_FALSE(range->Contains(V("2.3.2")));
  auto minor_end = VersionSpec::Parse("1.19 - 1.22");
  ASSERT_TRUE(minor_end.ok());
  EXPECT_TRUE(minor_end->Contains(V("1.22.17")));  // a minor upper end includes its patches
  EXPECT_FALSE(minor_end->Contains(V("1.23.0")));
  auto at_least = VersionSpec::Parse(">=2.5.0");
  ASSERT_TRUE(at_least.ok());
  EXPECT_FALSE(at_least->Contains(V("2.5.0-rc.1")));  // a pre-release comes before its release
  EXPECT_TRUE(at_least->Contains(V("2.5.0")));
  EXPECT_TRUE(at_least->Contains(V("v2.5.0-eksbuild.1")));
  auto minor = VersionSpec::Parse("1.5");
  ASSERT_TRUE(minor.ok());
  EXPECT_TRUE(minor->Contains(V("1.5.0-rc.1")));
  EXPECT_FALSE(minor->Contains(V("1.50.0")));
  EXPECT_FALSE(VersionSpec::Parse("1.3 - 1.2").ok());
  EXPECT_FALSE(VersionSpec::Parse("latest").ok());
  EXPECT_FALSE(VersionSpec::Parse("1.2.0-rc.1").ok());
}

TEST(KubernetesRangeTest, ParsesBoundsAndUnknown) {
  auto range = KubernetesRange::Parse("1.16 - 1.22");
  ASSERT_TRUE(range.ok());
  EXPECT_FALSE(range->Contains(K("1.15")));
  EXPECT_TRUE(range->Contains(K("1.16")));
  EXPECT_TRUE(range->Contains(K("1.22.9")));
  EXPECT_FALSE(range->Contains(K("1.23")));
  auto unknown = KubernetesRange::Parse("unknown");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->Contains(K("1.25")));
  EXPECT_FALSE(KubernetesRange::Parse("1.22").ok());
  EXPECT_FALSE(KubernetesRange::Parse("1.25 - 1.20").ok());
}

// A test-only add-on: every fact below is this file's, not the embedded data's.
constexpr char kWidgetTable[] = R"(schemaVersion: 1
dataVersion: "t"
date: "2026-01-01"
addon: widget
provider: third-party
policy: table
policySource: https://example.com/widget
recognise:
  images: [acme/widget]
releases:
  - {versions: "1.0", kubernetes: "1.20 - 1.22", source: "https://example.com/1"}
  - {versions: "1.1", kubernetes: "1.22 - 1.25", source: "https://example.com/2"}
  - {versions: "1.2 - 1.3", kubernetes: unknown, source: "https://example.com/3"}
  - {versions: ">=2.0.0", kubernetes: ">=1.27", source: "https://example.com/4"}
)";

TEST(AddonMatrixTest, TablePolicyAtRangeEdges) {
  AddonMatrix matrix;
  ASSERT_TRUE(LoadAddonText(kWidgetTable, "widget.yaml", matrix).ok());
  const AddonSpec* widget = matrix.Find("widget");
  ASSERT_NE(widget, nullptr);
  // First and last supported Kubernetes versions of 1.0.
  EXPECT_EQ(AddonMatrix::Evaluate(*widget, V("1.0.3"), K("1.20")).status, AddonStatus::kOk);
  EXPECT_EQ(AddonMatrix::Evaluate(*widget, V("1.0.3"), K("1.22")).status, AddonStatus::kOk);
  AddonVerdict past = AddonMatrix::Evaluate(*widget, V("1.0.3"), K("1.23"));
  EXPECT_EQ(past.status, AddonStatus::kUpgrade);
  EXPECT_EQ(past.minimum, "1.1");
  EXPECT_EQ(past.recommended, "1.1");
  EXPECT_EQ(past.supported, "1.1");
  EXPECT_EQ(past.source, "https://example.com/1");
  // 1.26: no row covers it -> unsupported.
  EXPECT_EQ(AddonMatrix::Evaluate(*widget, V("1.1.0"), K("1.26")).status,
            AddonStatus::kUnsupported);
  // Rows the project publishes no range for, and versions outside the table: unknown.
  EXPECT_EQ(AddonMatrix::Evaluate(*widget, V("1.2.5"), K("1.22")).status, AddonStatus::kUnknown);
  EXPECT_EQ(AddonMatrix::Evaluate(*widget, V("0.9.0"), K("1.22")).status, AddonStatus::kUnknown);
  // A pre-release of 2.0.0 is not in ">=2.0.0"; the release is, at its first Kubernetes version.
  EXPECT_EQ(AddonMatrix::Evaluate(*widget, V("2.0.0-rc.1"), K("1.27")).status,
            AddonStatus::kUnknown);
  EXPECT_EQ(AddonMatrix::Evaluate(*widget, V("2.0.0"), K("1.27")).status, AddonStatus::kOk);
  // No version (digest-pinned image).
  AddonVerdict no_version = AddonMatrix::Evaluate(*widget, std::nullopt, K("1.22"));
  EXPECT_EQ(no_version.status, AddonStatus::kUnknown);
  EXPECT_EQ(no_version.supported, "1.0, 1.1");
}

TEST(AddonMatrixTest, EmbeddedMatrixCoversTheIssuesAddonsWithSources) {
  auto matrix = LoadEmbeddedAddonMatrix();
  ASSERT_TRUE(matrix.ok()) << matrix.status().ToString();
  for (std::string_view id :
       {"vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver", "cluster-autoscaler",
        "aws-load-balancer-controller", "karpenter", "cert-manager", "ingress-nginx", "istio",
        "metrics-server", "external-dns", "argo-cd"}) {
    const AddonSpec* spec = matrix->Find(id);
    ASSERT_NE(spec, nullptr) << id;
    EXPECT_TRUE(spec->policy_source.starts_with("https://")) << id;
    EXPECT_EQ(spec->file, "embedded:api-catalog/addons/" + std::string(id) + ".yaml");
    for (const auto& row : spec->releases) EXPECT_TRUE(row.source.starts_with("https://")) << id;
    for (const auto& row : spec->documented) EXPECT_TRUE(row.source.starts_with("https://")) << id;
    for (const auto& row : spec->minimums) EXPECT_TRUE(row.source.starts_with("https://")) << id;
  }
  EXPECT_EQ(matrix->addons().size(), 13u);
}

TEST(AddonMatrixTest, KubeProxyFollowsTheClusterMinorWithEksbuildSuffixes) {
  auto matrix = LoadEmbeddedAddonMatrix();
  ASSERT_TRUE(matrix.ok());
  const AddonSpec* kube_proxy = matrix->Find("kube-proxy");
  ASSERT_NE(kube_proxy, nullptr);
  EXPECT_EQ(AddonMatrix::Evaluate(*kube_proxy, V("v1.29.0-minimal-eksbuild.1"), K("1.29")).status,
            AddonStatus::kOk);
  AddonVerdict old = AddonMatrix::Evaluate(*kube_proxy, V("v1.28.15-eksbuild.4"), K("1.29"));
  EXPECT_EQ(old.status, AddonStatus::kUpgrade);
  EXPECT_EQ(old.recommended, "v1.29.11-eksbuild.2");
  const AddonSpec* ca = matrix->Find("cluster-autoscaler");
  ASSERT_NE(ca, nullptr);
  EXPECT_EQ(AddonMatrix::Evaluate(*ca, V("v1.25.3"), K("1.25")).status, AddonStatus::kOk);
  EXPECT_EQ(AddonMatrix::Evaluate(*ca, V("v1.22.2"), K("1.25")).status, AddonStatus::kUpgrade);
}

TEST(AddonMatrixTest, EksDocumentedAndMinimumPolicies) {
  auto matrix = LoadEmbeddedAddonMatrix();
  ASSERT_TRUE(matrix.ok());
  const AddonSpec* coredns = matrix->Find("coredns");
  ASSERT_NE(coredns, nullptr);
  EXPECT_EQ(AddonMatrix::Evaluate(*coredns, V("v1.11.1-eksbuild.4"), K("1.29")).status,
            AddonStatus::kOk);
  EXPECT_EQ(AddonMatrix::Evaluate(*coredns, V("v1.10.1-eksbuild.38"), K("1.29")).status,
            AddonStatus::kUpgrade);
  // 1.24 left the EKS guide's current table; its row is read from the guide's repository at an
  // earlier commit (v1.9.3-eksbuild.19).
  AddonVerdict at_124 = AddonMatrix::Evaluate(*coredns, V("v1.8.7-eksbuild.3"), K("1.24"));
  EXPECT_EQ(at_124.status, AddonStatus::kUpgrade);
  EXPECT_EQ(at_124.recommended, "v1.9.3-eksbuild.19");
  EXPECT_NE(at_124.source.find("awsdocs/amazon-eks-user-guide/blob/"), std::string::npos);
  // No copy of the table documents 1.20: unknown, not invented.
  EXPECT_EQ(AddonMatrix::Evaluate(*coredns, V("v1.8.3-eksbuild.1"), K("1.20")).status,
            AddonStatus::kUnknown);
  const AddonSpec* karpenter = matrix->Find("karpenter");
  ASSERT_NE(karpenter, nullptr);
  EXPECT_EQ(AddonMatrix::Evaluate(*karpenter, V("0.34.0"), K("1.29")).status,
            AddonStatus::kOk);  // first
  EXPECT_EQ(AddonMatrix::Evaluate(*karpenter, V("0.33.9"), K("1.29")).status,
            AddonStatus::kUpgrade);
  EXPECT_EQ(AddonMatrix::Evaluate(*karpenter, V("0.34.0-rc.1"), K("1.29")).status,
            AddonStatus::kUpgrade);
  const AddonSpec* argo = matrix->Find("argo-cd");
  ASSERT_NE(argo, nullptr);
  // Argo CD publishes tested versions only; they are its documented range, worded as tested.
  AddonVerdict argo_28 = AddonMatrix::Evaluate(*argo, V("v2.8.4"), K("1.25"));
  EXPECT_EQ(argo_28.status, AddonStatus::kOk);
  EXPECT_NE(argo_28.reason.find("2.8 is tested on Kubernetes 1.24 - 1.27"), std::string::npos)
      << argo_28.reason;
  EXPECT_EQ(AddonMatrix::Evaluate(*argo, V("v2.8.4"), K("1.28")).status, AddonStatus::kUpgrade);
  // Before 2.6 the installation pages state no versions: unknown, and the reason says so.
  AddonVerdict argo_24 = AddonMatrix::Evaluate(*argo, V("v2.4.7"), K("1.25"));
  EXPECT_EQ(argo_24.status, AddonStatus::kUnknown);
  EXPECT_NE(argo_24.reason.find("state no tested or supported"), std::string::npos)
      << argo_24.reason;
  EXPECT_EQ(matrix->Find("not-an-addon"), nullptr);
}

TEST(AddonMatrixTest, SampleRepoAddonsAt125) {
  auto matrix = LoadEmbeddedAddonMatrix();
  ASSERT_TRUE(matrix.ok());
  auto status = [&](std::string_view id, std::string_view version) {
    return AddonMatrix::Evaluate(*matrix->Find(id), V(version), K("1.25")).status;
  };
  EXPECT_EQ(status("cluster-autoscaler", "v1.22.2"), AddonStatus::kUpgrade);
  EXPECT_EQ(status("cert-manager", "v1.5.3"), AddonStatus::kUpgrade);
  EXPECT_EQ(status("ingress-nginx", "v1.1.1"), AddonStatus::kUpgrade);
  EXPECT_EQ(status("aws-load-balancer-controller", "v2.4.1"), AddonStatus::kOk);
  EXPECT_EQ(status("metrics-server", "v0.5.2"), AddonStatus::kOk);
  EXPECT_EQ(status("external-dns", "v0.13.5"), AddonStatus::kOk);
}

// Issue 20: an open range is capped at the last minor serving the APIs the release uses, from
// the catalog's removals, and the reason says the cap is derived and from what.
TEST(AddonMatrixTest, Issue20_OpenRangesAreCappedByRemovedApis) {
  std::string data = kWidgetTable;
  data.replace(data.find(R"(  - {versions: ">=2.0.0")"), 0,
               R"(  - versions: "1.5"
    kubernetes: ">=1.18"
    source: "https://example.com/5"
    uses: [policy/v1beta1 PodDisruptionBudget, apiextensions.k8s.io/v1beta1 CustomResourceDefinition]
    usesSource: "https://example.com/5/manifest.yaml"
)");
  AddonMatrix matrix;
  ASSERT_TRUE(LoadAddonText(data, "widget.yaml", matrix).ok());
  auto apis = LoadEmbeddedCatalog();
  ASSERT_TRUE(apis.ok());
  ASSERT_TRUE(CapRangesByRemovedApis(matrix, *apis).ok());
  const AddonSpec* widget = matrix.Find("widget");
  // The earliest removal wins: the v1beta1 CRD (removed in 1.22), not the PDB (1.25).
  EXPECT_EQ(AddonMatrix::Evaluate(*widget, V("1.5.0"), K("1.21")).status, AddonStatus::kOk);
  AddonVerdict capped = AddonMatrix::Evaluate(*widget, V("1.5.0"), K("1.22"));
  // Only releases older than 1.5 (1.0, 1.1) support 1.22: no upgrade helps.
  EXPECT_EQ(capped.status, AddonStatus::kUnsupported);
  EXPECT_NE(capped.reason.find("1.5 supports Kubernetes 1.18 - 1.21"), std::string::npos)
      << capped.reason;
  EXPECT_NE(capped.reason.find("capped at 1.21 by greenlight, not by the project"),
            std::string::npos)
      << capped.reason;
  EXPECT_NE(capped.reason.find("apiextensions.k8s.io/v1beta1 CustomResourceDefinition"),
            std::string::npos)
      << capped.reason;
  EXPECT_NE(capped.reason.find("the project documents >=1.18"), std::string::npos)
      << capped.reason;
  // Capping twice is the same as once.
  ASSERT_TRUE(CapRangesByRemovedApis(matrix, *apis).ok());
  EXPECT_EQ(matrix.Find("widget")->releases[3].kubernetes.text, "1.18 - 1.21");

  // An API the catalog records no removal for cannot cap anything: a load error on the row.
  std::string unknown_api = data;
  unknown_api.replace(unknown_api.find("policy/v1beta1 PodDisruptionBudget"), 34,
                      "apps/v1 Deployment");
  AddonMatrix other;
  ASSERT_TRUE(LoadAddonText(unknown_api, "widget.yaml", other).ok());
  Status error = CapRangesByRemovedApis(other, *apis);
  EXPECT_FALSE(error.ok());
  EXPECT_NE(error.ToString().find("widget.yaml:"), std::string::npos) << error.ToString();
  EXPECT_NE(error.ToString().find("apps/v1 Deployment"), std::string::npos) << error.ToString();
  // `uses` without the file that shows it is refused.
  std::string no_source = data;
  const size_t line = no_source.find("    usesSource:");
  no_source.erase(line, no_source.find('\n', line) + 1 - line);
  AddonMatrix third;
  EXPECT_FALSE(LoadAddonText(no_source, "widget.yaml", third).ok());
}

// An add-on newer than the target cluster: only older releases support it, so no upgrade helps.
TEST(AddonMatrixTest, Issue20_OnlyOlderReleasesSupportingTheTargetIsNotAnUpgrade) {
  AddonMatrix matrix;
  ASSERT_TRUE(LoadAddonText(kWidgetTable, "widget.yaml", matrix).ok());
  AddonVerdict v = AddonMatrix::Evaluate(*matrix.Find("widget"), V("1.1.0"), K("1.21"));
  EXPECT_EQ(v.status, AddonStatus::kUnsupported);
  EXPECT_NE(v.reason.find("only older releases (1.0) support 1.21"), std::string::npos) << v.reason;
}

TEST(AddonMatrixTest, Issue20_EmbeddedRowsCiteACommitOrAPublishedPage) {
  auto matrix = LoadEmbeddedAddonMatrix();
  ASSERT_TRUE(matrix.ok()) << matrix.status().ToString();
  size_t capped = 0;
  for (const AddonSpec& spec : matrix->addons()) {
    for (const AddonRelease& row : spec.releases) {
      if (!row.cap_note.empty()) ++capped;
      if (!row.uses.empty()) {
        EXPECT_TRUE(row.uses_source.starts_with("https://")) << spec.id;
      }
    }
  }
  EXPECT_EQ(capped, 2u);  // EBS CSI 0.9-0.10 and 1.0-1.5
  // AWS LBC 2.0.0-2.1.3 lists its v1beta1 APIs too; the project's own bound (1.21) already
  // agrees, so its reason carries no cap.
  const AddonSpec* lbc = matrix->Find("aws-load-balancer-controller");
  AddonVerdict v = AddonMatrix::Evaluate(*lbc, V("v2.1.3"), K("1.22"));
  EXPECT_EQ(v.status, AddonStatus::kUpgrade);
  EXPECT_NE(v.reason.find("supports Kubernetes 1.15 - 1.21"), std::string::npos) << v.reason;
  EXPECT_EQ(v.reason.find("capped"), std::string::npos) << v.reason;
}

TEST(AddonMatrixLoaderTest, RejectsUnknownKeysBadRangesAndDuplicates) {
  AddonMatrix matrix;
  std::string typo = kWidgetTable;
  typo.replace(typo.find("policySource"), 12, "policySorce");
  Status s = LoadAddonText(typo, "typo.yaml", matrix);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.ToString().find("typo.yaml:"), std::string::npos) << s.ToString();
  EXPECT_NE(s.ToString().find("policySource"), std::string::npos) << s.ToString();

  std::string bad_range = kWidgetTable;
  bad_range.replace(bad_range.find("1.20 - 1.22"), 11, "1.22 - 1.20");
  EXPECT_FALSE(LoadAddonText(bad_range, "range.yaml", matrix).ok());

  std::string bad_policy = kWidgetTable;
  bad_policy.replace(bad_policy.find("policy: table"), 13, "policy: tabel");
  EXPECT_FALSE(LoadAddonText(bad_policy, "policy.yaml", matrix).ok());

  ASSERT_TRUE(LoadAddonText(kWidgetTable, "a.yaml", matrix).ok());
  Status duplicate = LoadAddonText(kWidgetTable, "b.yaml", matrix);
  EXPECT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.ToString().find("a.yaml"), std::string::npos);
}

}  // namespace
}  // namespace greenlight::catalog
