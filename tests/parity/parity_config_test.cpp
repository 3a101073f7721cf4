// The `parity:` section is loaded strictly: typos and wrong types are errors with file:line:col,
// a file without the section is an empty config, and field globs match across dots and slashes.
#include "parity/parity_config.h"

#include <gtest/gtest.h>

#include "config/config.h"

namespace greenlight::parity {
namespace {

TEST(ParityConfigTest, ReadsClusterValuesAndIgnoreEntries) {
  auto config = ParseParityConfig(R"(target: "1.25"
parity:
  clusterValues:
    - {blue: eks-blue, green: eks-green}
  ignore:
    - spec.replicas
    - field: "metadata.annotations[*weight]"
      kinds: [Service]
    - objects: ["ops/*"]
)",
                                  "cfg.yaml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_EQ(config->cluster_values.size(), 1u);
  EXPECT_EQ(config->cluster_values[0].blue, "eks-blue");
  EXPECT_EQ(config->cluster_values[0].where.line, 4u);
  ASSERT_EQ(config->ignore.size(), 3u);
  EXPECT_EQ(config->ignore[0].field, "spec.replicas");
  EXPECT_EQ(config->ignore[1].kinds, std::vector<std::string>{"Service"});
  EXPECT_EQ(config->ignore[2].objects, std::vector<std::string>{"ops/*"});
}

TEST(ParityConfigTest, FileWithoutSectionIsEmpty) {
  auto config = ParseParityConfig("target: \"1.25\"\n", "cfg.yaml");
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config->cluster_values.empty());
  EXPECT_TRUE(config->ignore.empty());
}

TEST(ParityConfigTest, UnknownKeyIsAnErrorWithLocationAndSuggestion) {
  auto config =
      ParseParityConfig("parity:\n  clusterValue:\n    - {blue: a, green: b}\n", "cfg.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().location()->line, 2u);
  EXPECT_NE(config.status().message().find("clusterValues"), std::string::npos)
      << config.status().ToString();
}

TEST(ParityConfigTest, BadEntriesAreErrors) {
  EXPECT_FALSE(ParseParityConfig("parity:\n  clusterValues:\n    - {blue: a}\n", "c.yaml").ok());
  EXPECT_FALSE(
      ParseParityConfig("parity:\n  clusterValues:\n    - {blue: a, green: a}\n", "c.yaml").ok());
  auto duplicate = ParseParityConfig(
      "parity:\n  clusterValues:\n    - {blue: a, green: b}\n    - {blue: a, green: c}\n",
      "c.yaml");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.status().location()->line, 4u);
  EXPECT_FALSE(ParseParityConfig("parity:\n  ignore:\n    - {kinds: []}\n", "c.yaml").ok());
  EXPECT_FALSE(ParseParityConfig("parity: [1]\n", "c.yaml").ok());
}

TEST(ParityConfigTest, FieldGlobs) {
  EXPECT_TRUE(FieldGlobMatch("metadata.annotations[*]",
                             "metadata.annotations[external-dns.alpha.kubernetes.io/aws-weight]"));
  EXPECT_TRUE(FieldGlobMatch("*.image", "spec.template.spec.containers[web].image"));
  EXPECT_TRUE(FieldGlobMatch("spec.replicas", "spec.replicas"));
  EXPECT_FALSE(FieldGlobMatch("spec.replicas", "spec.replicasX"));
  EXPECT_TRUE(FieldGlobMatch("spec.replica?", "spec.replicas"));
  EXPECT_FALSE(FieldGlobMatch("*.env[*]", "spec.template.spec.containers[web].image"));
}

TEST(ParityConfigTest, IgnoreMatchesKindsAndObjects) {
  IgnoreEntry entry{"spec.replicas", {"Deployment"}, {"shop/*"}, {}};
  EXPECT_TRUE(IgnoreMatches(entry, "Deployment", "shop", "web", "spec.replicas"));
  EXPECT_FALSE(IgnoreMatches(entry, "StatefulSet", "shop", "web", "spec.replicas"));
  EXPECT_FALSE(IgnoreMatches(entry, "Deployment", "ops", "web", "spec.replicas"));
  EXPECT_FALSE(IgnoreMatches(entry, "Deployment", "shop", "web", ""));  // never the whole object
  IgnoreEntry cluster_scoped{"", {}, {"view"}, {}};
  EXPECT_TRUE(IgnoreMatches(cluster_scoped, "ClusterRole", "", "view", ""));
}

TEST(ParityConfigTest, TheScanConfigAcceptsTheParitySection) {
  // One .greenlight.yaml serves scan and parity: scan's strict loader leaves the section to us.
  auto scan_config =
      config::ParseConfig("target: \"1.25\"\nparity:\n  ignore: [spec.replicas]\n", "c.yaml", "");
  ASSERT_TRUE(scan_config.ok()) << scan_config.status().ToString();
  EXPECT_FALSE(config::ParseConfig("parityy: {}\n", "c.yaml", "").ok());
}

}  // namespace
}  // namespace greenlight::parity
