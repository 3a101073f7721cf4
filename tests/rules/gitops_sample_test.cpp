// Every rule of the pack against testdata/gitops-sample (the blue 1.22 -> green 1.25 GitOps
// repository): the planted lint problems are found where they are, and the sample's correct
// patterns (cluster name from a ConfigMap, TTL 60 on green, PSP text inside a ConfigMap) are not
// reported.
#include <gtest/gtest.h>

#include <filesystem>

#include "checks/rule_check.h"
#include "checks/rule_info.h"
#include "rules/loader.h"
#include "scan/scanner.h"
#include "test_paths.h"

namespace greenlight::rules {
namespace {

struct Seen {
  std::string rule, file, message;
  uint32_t line;
};

std::vector<Seen> LintFindings() {
  auto rules = LoadEmbeddedRules();
  EXPECT_TRUE(rules.ok());
  checks::RegisterLintRules(checks::LintRuleInfos(*rules));
  auto catalog = catalog::LoadEmbeddedCatalog();
  EXPECT_TRUE(catalog.ok());
  checks::RuleCheck check(*rules, Version(1, 25));
  scan::ScanOptions options;
  options.target = Version(1, 25);
  options.jobs = 1;
  options.extra_checks.push_back(&check);
  source::InputList inputs = source::ListInputs({testing::TestData("gitops-sample").string()}, {});
  scan::ScanResult result = scan::Scan(inputs, *catalog, options);
  std::vector<Seen> out;
  for (const auto& f : result.findings) {
    if (f.rule_id.starts_with("REL") || f.rule_id.starts_with("SEC") || f.rule_id == "GL004") {
      out.push_back(Seen{f.rule_id, f.location.file, f.message, f.location.line});
    }
  }
  return out;
}

bool Has(const std::vector<Seen>& seen, std::string_view rule, std::string_view file_suffix, uint32_t line) {
  for (const auto& s : seen) {
    if (s.rule == rule && s.file.ends_with(file_suffix) && s.line == line) return true;
  }
  return false;
}

size_t Count(const std::vector<Seen>& seen, std::string_view rule) {
  return static_cast<size_t>(std::count_if(seen.begin(), seen.end(), [&](const Seen& s) { return s.rule == rule; }));
}

TEST(GitopsSampleTest, RulePackFindsThePlantedProblems) {
  if (!std::filesystem::is_directory(testing::TestData("gitops-sample"))) GTEST_SKIP() << "no gitops-sample";
  std::vector<Seen> seen = LintFindings();
  std::string all;
  for (const auto& s : seen) all += s.rule + " " + s.file + ":" + std::to_string(s.line) + " " + s.message + "\n";

  // The Ingress class annotation in the reports-portal base.
  EXPECT_TRUE(Has(seen, "REL401", "kustomize/base/ingress.yaml", 10)) << all;
  // The blue reports-portal record is weighted with ttl "300"; green uses 60.
  EXPECT_TRUE(Has(seen, "REL419", "kustomize/overlays/blue/ingress-dns.yaml", 10)) << all;
  EXPECT_EQ(Count(seen, "REL419"), 1u) << all;
  // ingress-nginx's LoadBalancer Service publishes no external-dns hostname.
  EXPECT_TRUE(Has(seen, "REL415", "platform/ingress-nginx/controller.yaml", 51)) << all;

  // Correct patterns stay quiet: cluster names come from per-cluster ConfigMaps ($(CLUSTER_NAME)),
  // every weighted record has both set-identifier and weight, every image is tagged.
  for (const char* quiet : {"REL417", "REL418", "REL421", "REL422", "REL423", "REL426", "REL427", "GL004"}) {
    EXPECT_EQ(Count(seen, quiet), 0u) << quiet << "\n" << all;
  }
  // The PodSecurityPolicy quoted inside a ConfigMap is text, not an object.
  for (const auto& s : seen) EXPECT_FALSE(s.file.ends_with("legacy-psp-archive.yaml")) << s.message;
}

}  // namespace
}  // namespace greenlight::rules
