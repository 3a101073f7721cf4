// Add-on detection in manifests (image repositories behind ECR and mirrors, labels, digests),
// the ADD2xx findings, the inventory formats, and the EKS calendar.
#include <gtest/gtest.h>

#include "catalog/eks_calendar.h"
#include "checks/addon_check.h"
#include "document/object.h"
#include "document/parser.h"

namespace greenlight::checks {
namespace {

std::vector<AddonSighting> Detect(const std::string& yaml, const catalog::AddonMatrix& matrix) {
  auto doc = document::ParseSingleDocument(yaml, "m.yaml");
  EXPECT_TRUE(doc.ok());
  std::vector<AddonSighting> out;
  for (const auto& object : document::ExtractObjects(*doc)) {
    for (auto& s : DetectAddons(object, "m.yaml", matrix)) out.push_back(std::move(s));
  }
  return out;
}

std::string Deployment(const std::string& image, const std::string& labels = "") {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n  namespace: ns\n" +
         (labels.empty() ? std::string() : "  labels:\n" + labels) +
         "spec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: " +
         image + "\n";
}

TEST(ImageReferenceTest, SplitsRegistryPathTagAndDigest) {
  auto ref = ImageReference::Parse(
      "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.9.3-eksbuild.3");
  EXPECT_EQ(ref.registry, "602401143452.dkr.ecr.us-west-2.amazonaws.com");
  EXPECT_EQ(ref.path, "eks/coredns");
  EXPECT_EQ(ref.tag, "v1.9.3-eksbuild.3");
  auto digest = ImageReference::Parse("localhost:5000/karpenter/controller@sha256:abc");
  EXPECT_EQ(digest.registry, "localhost:5000");
  EXPECT_EQ(digest.tag, "");
  EXPECT_EQ(digest.digest, "sha256:abc");
  EXPECT_EQ(ImageReference::Parse("coredns/coredns:1.8.0").registry, "");
  EXPECT_TRUE(ImagePathMatches("quay/jetstack/cert-manager-controller",
                               "jetstack/cert-manager-controller"));
  EXPECT_FALSE(ImagePathMatches("acme/not-cert-manager-controller", "cert-manager-controller"));
}

TEST(AddonDetectionTest, FindsAddonsBehindMirrorsAndNotesDigests) {
  auto matrix = catalog::LoadEmbeddedAddonMatrix();
  ASSERT_TRUE(matrix.ok());
  auto mirrored = Detect(
      Deployment("mirror.example.com/registry.k8s.io/autoscaling/cluster-autoscaler:v1.26.2"),
      *matrix);
  ASSERT_EQ(mirrored.size(), 1u);
  EXPECT_EQ(mirrored[0].addon, "cluster-autoscaler");
  EXPECT_EQ(mirrored[0].version->ToString(), "1.26.2");
  EXPECT_EQ(mirrored[0].location.line, 11u);  // the image line

  auto digest = Detect(Deployment("public.ecr.aws/karpenter/controller@sha256:0123"), *matrix);
  ASSERT_EQ(digest.size(), 1u);
  EXPECT_FALSE(digest[0].version.has_value());
  EXPECT_EQ(digest[0].version_note,
            "image pinned by digest only (sha256:0123...): the version cannot be read from a digest");

  // Issue 20: a mirror that renamed the repository, pinned by digest, no labels: the container
  // name still says which add-on it is; the sighting is kept with its reason.
  std::string renamed = Deployment("mirror.example.com/platform/dns@sha256:89ab");
  renamed.replace(renamed.find("- name: c\n"), 10, "- name: coredns\n");
  auto by_name = Detect(renamed, *matrix);
  ASSERT_EQ(by_name.size(), 1u) << renamed;
  EXPECT_EQ(by_name[0].addon, "coredns");
  EXPECT_FALSE(by_name[0].version.has_value());
  EXPECT_NE(by_name[0].evidence.find("container name coredns"), std::string::npos);
  EXPECT_NE(by_name[0].version_note.find("cannot be read from a digest"), std::string::npos);

  // Digest-pinned image, version from the chart label for charts that version the add-on.
  auto chart = Detect(Deployment("quay.io/jetstack/cert-manager-controller@sha256:0123",
                                 "    helm.sh/chart: cert-manager-v1.11.5\n"),
                      *matrix);
  ASSERT_EQ(chart.size(), 1u);
  EXPECT_EQ(chart[0].version->ToString(), "1.11.5");

  // Label-only recognition with app.kubernetes.io/version.
  auto labels = Detect(
      Deployment(
          "registry.internal/platform/dns-sync:3",
          "    app.kubernetes.io/name: external-dns\n    app.kubernetes.io/version: 0.14.0\n"),
      *matrix);
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_EQ(labels[0].addon, "external-dns");
  EXPECT_EQ(labels[0].version->ToString(), "0.14.0");

  EXPECT_TRUE(Detect(Deployment("nginx:1.25"), *matrix).empty());
  // Not a workload: a Service labelled like an add-on is not an installation.
  EXPECT_TRUE(Detect("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels:\n"
                     "    app.kubernetes.io/name: cert-manager\n",
                     *matrix)
                  .empty());
}

TEST(AddonCheckTest, ReportsIncompatibleAndUnknownAddons) {
  auto matrix = catalog::LoadEmbeddedAddonMatrix();
  ASSERT_TRUE(matrix.ok());
  AddonCheck check(*matrix, *Version::Parse("1.29"));
  auto doc = document::ParseSingleDocument(
      Deployment("registry.k8s.io/ingress-nginx/controller:v1.8.1"), "m.yaml");
  ASSERT_TRUE(doc.ok());
  std::vector<Finding> out;
  for (const auto& object : document::ExtractObjects(*doc)) check.Run(object, {"m.yaml", ""}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rule_id, "ADD201");
  EXPECT_EQ(out[0].severity, Severity::kError);
  EXPECT_NE(out[0].message.find("upgrade to >= 1.9.6"), std::string::npos) << out[0].message;

  AddonSighting digest{"karpenter",         std::nullopt, "image x", "image pinned by digest only",
                       {"m.yaml", 3, 1, 0}, "",           "",        ""};
  auto unknown = check.FindingFor(digest);
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(unknown->rule_id, "ADD202");
  EXPECT_NE(unknown->message.find("digest"), std::string::npos);

  AddonSighting fine{
      "ingress-nginx", catalog::AddonVersion::Parse("v1.10.1"), "image x", "", {}, "", "", ""};
  EXPECT_FALSE(check.FindingFor(fine).has_value());
}

TEST(AddonInventoryTest, ReadsDescribeAddonJsonAndYamlLists) {
  auto aws = ParseAddonInventory(R"({"addon": {"addonName": "coredns", "clusterName": "blue",
      "addonVersion": "v1.10.1-eksbuild.2", "status": "ACTIVE"}})",
                                 "describe.json");
  ASSERT_TRUE(aws.ok()) << aws.status().ToString();
  ASSERT_EQ(aws->size(), 1u);
  EXPECT_EQ((*aws)[0].addon, "coredns");
  EXPECT_EQ((*aws)[0].version->eksbuild, 2);
  EXPECT_EQ((*aws)[0].location.file, "describe.json");

  auto list = ParseAddonInventory(
      "- name: kube-proxy\n  version: v1.29.0-eksbuild.1\n- name: custom-thing\n", "list.yaml");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].addon, "custom-thing");
  EXPECT_FALSE((*list)[1].version.has_value());
  EXPECT_EQ((*list)[1].location.line, 3u);

  auto bad = ParseAddonInventory("addons:\n  - name: coredns\n    version: latest\n", "bad.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("bad.yaml:3"), std::string::npos)
      << bad.status().ToString();
}

TEST(EksCalendarTest, EmbeddedCalendarAndPhases) {
  auto calendar = catalog::LoadEmbeddedEksCalendar();
  ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
  const catalog::EksVersion* v125 = calendar->Find(*Version::Parse("1.25"));
  ASSERT_NE(v125, nullptr);
  EXPECT_EQ(v125->end_of_standard.ToString(), "2024-05-01");
  EXPECT_EQ(v125->end_of_extended.ToString(), "2025-05-01");
  EXPECT_TRUE(v125->source.starts_with("https://docs.aws.amazon.com/eks/"));
  EXPECT_EQ(catalog::PhaseOn(*v125, *catalog::Day::Parse("2023-02-21")),
            catalog::SupportPhase::kNotYetReleased);
  EXPECT_EQ(catalog::PhaseOn(*v125, *catalog::Day::Parse("2024-04-30")),
            catalog::SupportPhase::kStandard);
  EXPECT_EQ(catalog::PhaseOn(*v125, *catalog::Day::Parse("2024-05-01")),
            catalog::SupportPhase::kExtended);
  EXPECT_EQ(catalog::PhaseOn(*v125, *catalog::Day::Parse("2025-05-01")),
            catalog::SupportPhase::kEnded);
  EXPECT_EQ(calendar->Find(*Version::Parse("1.99")), nullptr);
  EXPECT_FALSE(catalog::Day::Parse("2024-02-30").has_value());
  EXPECT_EQ(catalog::Day::Parse("2024-03-01")->days - catalog::Day::Parse("2024-02-28")->days, 2);

  catalog::EksCalendar bad;
  Status s = catalog::LoadEksCalendarText(
      "schemaVersion: 1\ndataVersion: x\ndate: x\nversions:\n  - version: '1.30'\n    eksRelease: "
      "2024-05-23\n"
      "    endOfStandardSupport: 2024-02-01\n    endOfExtendedSupport: 2026-07-23\n    source: "
      "https://x\n",
      "bad.yaml", bad);
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace greenlight::checks
