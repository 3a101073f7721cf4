// Issue 18: blue and green on different external-dns versions. `cutover init` applies
// external-dns's per-record type rules and takes the live type from a listing; each cluster has
// its own version and annotation prefix and every patch is in the prefix its cluster reads;
// green's patches carry what green needs to publish; previews include the TXT ownership records;
// the decommission phase deletes exactly what is live (or removes annotations under sync).
#include <gtest/gtest.h>

#include <algorithm>

#include "cutover/cluster.h"
#include "cutover/ownership.h"
#include "cutover/plan.h"
#include "cutover/spec.h"

namespace greenlight::cutover {
namespace {

constexpr char kBlueLb[] = "k8s-blue-web-0123456789.us-east-1.elb.amazonaws.com";
constexpr char kGreenLb[] = "k8s-green-web-9876543210.us-east-1.elb.amazonaws.com";

std::string ExternalDns(const std::string& version, const std::string& owner,
                        const std::string& extra_args) {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: external-dns, namespace: dns}\n"
         "spec:\n  template:\n    spec:\n      containers:\n        - name: external-dns\n"
         "          image: registry.k8s.io/external-dns/external-dns:" +
         version + "\n          args: [--provider=aws, --txt-owner-id=" + owner + extra_args +
         "]\n";
}

std::string Service(const std::string& name, const std::string& annotations,
                    const std::string& lb) {
  return "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: " + name +
         "\n  namespace: shop\n  annotations: {" + annotations +
         "}\nspec: {type: LoadBalancer}\nstatus: {loadBalancer: {ingress: [{hostname: " + lb +
         "}]}}\n";
}

ClusterManifests Read(const std::string& name, const std::string& text) {
  auto cluster = ReadClusterManifests(name, {{name + ".yaml", text, false}});
  EXPECT_TRUE(cluster.ok()) << cluster.status().ToString();
  return cluster.ok() ? *cluster : ClusterManifests{};
}

// Blue: v0.14 in CNAME mode, one Service forcing an alias; green: v0.22 without annotations.
struct MixedClusters {
  ClusterManifests blue = Read(
      "blue",
      ExternalDns("v0.14.2", "eks-blue",
                      ", --aws-prefer-cname, --policy=upsert-only, --txt-prefix=edns-") +
          Service("web",
                  "external-dns.alpha.kubernetes.io/hostname: web.example.com, "
                  "external-dns.alpha.kubernetes.io/alias: 'true'",
                  kBlueLb) +
          Service("api", "external-dns.alpha.kubernetes.io/hostname: api.example.com", kBlueLb));
  ClusterManifests green = Read(
      "green", ExternalDns("v0.22.0", "eks-green", ", --aws-prefer-cname, --policy=sync") +
                   Service("web", "", kGreenLb) + Service("api", "", kGreenLb));
};

StatusOr<CutoverSpec> Derive(const MixedClusters& clusters, const std::vector<RecordSet>* live) {
  auto yaml = DeriveSpecYaml(clusters.blue, clusters.green,
                             {"example.com", "Z0EXAMPLE", "external-dns", live});
  if (!yaml.ok()) return yaml.status();
  return ParseSpec(*yaml, "derived.yaml");
}

const RecordSpec* Find(const CutoverSpec& spec, const std::string& hostname) {
  for (const auto& record : spec.records) {
    if (record.hostname == hostname) return &record;
  }
  return nullptr;
}

TEST(CutoverMixedVersions, Issue18_LegacyTxtBesideACnameIsRefused) {
  MixedClusters clusters;
  auto spec = Derive(clusters, nullptr);
  ASSERT_TRUE(spec.ok());
  spec->blue_dns.txt_prefix.clear();  // v0.14 then writes a TXT named like the CNAME itself
  auto plan = BuildPlan(*spec, nullptr);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("--txt-prefix"), std::string::npos)
      << plan.status().ToString();
}

TEST(CutoverMixedVersions, Issue18_InitAppliesThePerRecordAliasRule) {
  MixedClusters clusters;
  auto spec = Derive(clusters, nullptr);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  // --aws-prefer-cname, but the object's alias annotation overrides it for that record.
  EXPECT_EQ(Find(*spec, "web.example.com")->kind, RecordKind::kAlias);
  EXPECT_EQ(Find(*spec, "api.example.com")->kind, RecordKind::kCname);
}

TEST(CutoverMixedVersions, Issue18_InitTakesTheLiveTypeAndTtl) {
  MixedClusters clusters;
  std::vector<RecordSet> live = {
      {"api.example.com.", "A", "", std::nullopt, std::nullopt, {},
       AliasTarget{"Z35SXDOTRQ7X7K", kBlueLb, true}, "", false},
      {"api.example.com.", "AAAA", "", std::nullopt, std::nullopt, {},
       AliasTarget{"Z35SXDOTRQ7X7K", kBlueLb, true}, "", false},
      {"web.example.com.", "CNAME", "", std::nullopt, 900, {kBlueLb}, std::nullopt, "", false},
  };
  auto spec = Derive(clusters, &live);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(Find(*spec, "api.example.com")->kind, RecordKind::kAlias);
  EXPECT_EQ(Find(*spec, "web.example.com")->kind, RecordKind::kCname);
  EXPECT_EQ(spec->current_ttl, 900);
  auto plan = BuildPlan(*spec, &live);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();  // no CNAME vs A conflict
}

TEST(CutoverMixedVersions, Issue18_InitReadsEachClustersDeployment) {
  MixedClusters clusters;
  auto spec = Derive(clusters, nullptr);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->blue_dns.version, "v0.14.2");
  EXPECT_EQ(spec->blue_dns.annotation_prefix, kAnnotationPrefixAlpha);
  EXPECT_EQ(spec->blue_dns.policy, "upsert-only");
  EXPECT_TRUE(spec->blue_dns.prefer_cname);
  EXPECT_EQ(spec->green_dns.version, "v0.22.0");
  EXPECT_EQ(spec->green_dns.annotation_prefix, kAnnotationPrefixGa);
  EXPECT_EQ(spec->green_dns.policy, "sync");
}

TEST(CutoverMixedVersions, Issue18_EveryPatchInItsClustersPrefixWithWhatItNeedsToPublish) {
  MixedClusters clusters;
  auto spec = Derive(clusters, nullptr);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto plan = BuildPlan(*spec, nullptr);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  size_t patches = 0;
  for (const auto& phase : plan->phases) {
    for (const auto& patch : phase.patches) {
      const std::string& prefix = DnsOf(*spec, patch.cluster).annotation_prefix;
      for (const auto& [key, value] : patch.annotations) {
        EXPECT_EQ(key.rfind(prefix, 0), 0u) << patch.cluster << " " << key << " in " << phase.id;
      }
      for (const auto& key : patch.remove) EXPECT_EQ(key.rfind(prefix, 0), 0u) << key;
      ++patches;
    }
  }
  EXPECT_GT(patches, 10u);
  const Phase& convert = plan->phases[1];
  ASSERT_EQ(convert.kind, PhaseKind::kConvert);
  auto green_web = std::find_if(convert.patches.begin(), convert.patches.end(), [](const auto& p) {
    return p.cluster == "green" && p.resource.name == "web";
  });
  ASSERT_NE(green_web, convert.patches.end());
  std::vector<std::pair<std::string, std::string>> expected = {
      {"external-dns.kubernetes.io/alias", "true"},  // alias record, green runs prefer-cname
      {"external-dns.kubernetes.io/aws-weight", "0"},
      {"external-dns.kubernetes.io/hostname", "web.example.com"},
      {"external-dns.kubernetes.io/set-identifier", "shop-web-green"}};
  EXPECT_EQ(green_web->annotations, expected);
  auto green_api = std::find_if(convert.patches.begin(), convert.patches.end(), [](const auto& p) {
    return p.cluster == "green" && p.resource.name == "api";
  });
  ASSERT_NE(green_api, convert.patches.end());
  EXPECT_NE(std::find(green_api->annotations.begin(), green_api->annotations.end(),
                      std::pair<std::string, std::string>{"external-dns.kubernetes.io/ttl", "60"}),
            green_api->annotations.end());
}

TEST(CutoverMixedVersions, Issue18_TxtOwnershipNamesFollowTheVersion) {
  auto dns = [](const char* version, const char* txt_prefix) {
    ClusterDns out;
    out.version = version;
    out.txt_prefix = txt_prefix;
    return out;
  };
  ClusterDns v22 = dns("v0.22.0", ""), v21 = dns("v0.21.0", "");
  ClusterDns v14 = dns("v0.14.2", "edns-"), templated = dns("v0.14.2", "%{record_type}.");
  using Names = std::vector<std::string>;
  EXPECT_EQ(TxtOwnershipNames(v22, "app.example.com", "A", true), Names{"a-app.example.com"});
  EXPECT_EQ(TxtOwnershipNames(v21, "app.example.com", "A", true), Names{"cname-app.example.com"});
  EXPECT_EQ(TxtOwnershipNames(v22, "app.example.com", "AAAA", true),
            Names{"aaaa-app.example.com"});
  EXPECT_EQ(TxtOwnershipNames(v14, "app.example.com", "CNAME", false),
            (Names{"edns-cname-app.example.com", "edns-app.example.com"}));
  EXPECT_EQ(TxtOwnershipNames(v14, "app.example.com", "AAAA", true),
            Names{"edns-aaaa-app.example.com"});
  EXPECT_EQ(TxtOwnershipNames(templated, "app.example.com", "CNAME", false),
            Names{"cname.app.example.com"});
}

TEST(CutoverMixedVersions, Issue18_PreviewsIncludeTheTxtOwnershipRecords) {
  MixedClusters clusters;
  auto spec = Derive(clusters, nullptr);
  ASSERT_TRUE(spec.ok());
  auto plan = BuildPlan(*spec, nullptr);
  ASSERT_TRUE(plan.ok());
  const Phase& step2 = *std::find_if(plan->phases.begin(), plan->phases.end(),
                                     [](const Phase& p) { return p.step == 2; });
  std::vector<std::string> txt;
  for (const auto& batch : step2.batches) {
    for (const auto& change : batch.changes) {
      if (change.record.type != "TXT") continue;
      txt.push_back(change.record.name + " " + change.record.set_identifier + " " +
                    std::to_string(*change.record.weight));
    }
  }
  // blue v0.14 (legacy + new names; its alias A as cname-), green v0.22 (a-, aaaa-).
  EXPECT_NE(std::find(txt.begin(), txt.end(), "edns-cname-api.example.com shop-api-blue 90"),
            txt.end());
  EXPECT_NE(std::find(txt.begin(), txt.end(), "edns-api.example.com shop-api-blue 90"), txt.end());
  EXPECT_NE(std::find(txt.begin(), txt.end(), "a-web.example.com shop-web-green 10"), txt.end());
  EXPECT_NE(std::find(txt.begin(), txt.end(), "aaaa-web.example.com shop-web-green 10"),
            txt.end());
}

std::vector<RecordSet> FinalZone(const CutoverSpec& spec) {
  std::vector<RecordSet> live;
  for (const auto& record : spec.records) {
    for (auto& rs : MemberRecords(record, 0, 100, 300)) live.push_back(rs);
    for (const char* cluster : {"blue", "green"}) {
      for (auto& rs : OwnershipRecords(spec, record, cluster, cluster[0] == 'b' ? 0 : 100))
        live.push_back(rs);
    }
  }
  return live;
}

TEST(CutoverMixedVersions, Issue18_DecommissionDeletesExactlyWhatIsLiveUnderUpsertOnly) {
  MixedClusters clusters;
  auto spec = Derive(clusters, nullptr);
  ASSERT_TRUE(spec.ok());
  auto live = FinalZone(*spec);
  for (auto& rs : live) {
    if (rs.type == "CNAME" && rs.set_identifier == "shop-api-blue") rs.ttl = 123;  // by hand
  }
  auto phase = DecommissionPhase(*spec, live);
  ASSERT_TRUE(phase.ok()) << phase.status().ToString();
  EXPECT_FALSE(phase->preview);  // upsert-only never deletes: these DELETEs are sent
  EXPECT_NE(phase->how.find("upsert-only"), std::string::npos) << phase->how;
  size_t deletes = 0;
  for (const auto& batch : phase->batches) {
    for (const auto& change : batch.changes) {
      EXPECT_EQ(change.action, ChangeAction::kDelete);
      EXPECT_TRUE(std::find(live.begin(), live.end(), change.record) != live.end())
          << "not the live record: " << DescribeRecord(change.record);
      EXPECT_EQ(change.record.set_identifier.find("-blue"), change.record.set_identifier.size() - 5);
      ++deletes;
    }
  }
  // web: A + AAAA members and their TXTs (v0.14: cname- for A, aaaa-, legacy); api: CNAME + 2 TXT.
  EXPECT_EQ(deletes, 2u + 3u + 1u + 2u);
  ASSERT_EQ(phase->patches.size(), 2u);
  EXPECT_EQ(phase->patches[0].cluster, "blue");
  EXPECT_NE(std::find(phase->patches[0].remove.begin(), phase->patches[0].remove.end(),
                      "external-dns.alpha.kubernetes.io/hostname"),
            phase->patches[0].remove.end());
  for (auto& rs : live) {
    if (rs.type == "CNAME" && rs.set_identifier == "shop-api-blue") rs.weight = 5;
  }
  EXPECT_FALSE(DecommissionPhase(*spec, live).ok());  // blue still carries traffic
}

TEST(CutoverMixedVersions, Issue18_DecommissionBySyncRemovesAnnotationsOnly) {
  MixedClusters clusters;
  auto yaml = DeriveSpecYaml(clusters.blue, clusters.green,
                             {"example.com", "Z0EXAMPLE", "external-dns", nullptr});
  ASSERT_TRUE(yaml.ok());
  std::string text = *yaml;
  text.replace(text.find("policy: upsert-only"), 19, "policy: sync");
  auto spec = ParseSpec(text, "derived.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto phase = DecommissionPhase(*spec, FinalZone(*spec));
  ASSERT_TRUE(phase.ok());
  EXPECT_TRUE(phase->preview);
  EXPECT_NE(phase->how.find("annotation removal"), std::string::npos) << phase->how;
  ASSERT_FALSE(phase->batches.empty());
  EXPECT_EQ(phase->batches[0].comment.rfind("PREVIEW", 0), 0u);
  auto plan = BuildPlan(*spec, nullptr);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->phases.back().kind, PhaseKind::kDecommission);
}

}  // namespace
}  // namespace greenlight::cutover
