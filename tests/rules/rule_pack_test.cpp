// The shipped rule pack (rules/*.yaml): one test per rule runs its fixtures (every object in
// fires.yaml is flagged by that rule, nothing in passes.yaml is), a metadata lint checks each
// rule's file name, docs sections and citations, and the generated rules/README.md must match
// the rule files.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "checks/rule_check.h"
#include "document/object.h"
#include "document/parser.h"
#include "rules/loader.h"
#include "rules/rule_docs.h"
#include "test_paths.h"

namespace greenlight::rules {
namespace {

using testing::ReadFileOrDie;
using testing::SourceDir;

const RuleSet& Pack() {
  static const RuleSet* pack = [] {
    auto loaded = LoadEmbeddedRules();
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status().ToString();
      return new RuleSet();
    }
    return new RuleSet(std::move(loaded).value());
  }();
  return *pack;
}

std::vector<std::string> PackIds() {
  std::vector<std::string> ids;
  for (const auto& rule : Pack().rules()) ids.push_back(rule->id);
  return ids;
}

// A target inside the rule's range, so the fixture is judged where the rule applies.
Version TargetFor(const Rule& rule) {
  if (rule.target_from) return rule.target_from->Minor();
  if (rule.target_until) return rule.target_until->PreviousMinor();
  return Version(1, 30);
}

struct FixtureRun {
  size_t objects = 0;
  std::set<std::pair<int, int>> flagged;  // (document, item) of objects with a finding
  std::vector<checks::Finding> findings;
};

FixtureRun RunOnly(const Rule& rule, const std::string& relative) {
  std::set<std::string> others;
  for (const auto& r : Pack().rules()) {
    if (r->id != rule.id) others.insert(r->id);
  }
  checks::RuleCheck check(Pack(), TargetFor(rule), others);
  std::string text = ReadFileOrDie(SourceDir() / relative);
  document::ParsedStream stream = document::ParseStream(text, relative);
  EXPECT_TRUE(stream.errors.empty()) << relative;
  FixtureRun run;
  for (const auto& doc : stream.documents) {
    for (const auto& object : document::ExtractObjects(doc)) {
      ++run.objects;
      size_t before = run.findings.size();
      check.Run(object, checks::CheckContext{relative, text}, run.findings);
      if (run.findings.size() > before) run.flagged.insert({object.document, object.item});
    }
  }
  return run;
}

class RulePackTest : public ::testing::TestWithParam<std::string> {};

TEST_P(RulePackTest, FiresOnEveryObjectOfItsFixtureAndPassesTheOther) {
  const Rule* rule = Pack().Find(GetParam());
  ASSERT_NE(rule, nullptr);
  FixtureRun fires = RunOnly(*rule, rule->example_fires);
  ASSERT_GT(fires.objects, 0u) << rule->example_fires;
  EXPECT_EQ(fires.flagged.size(), fires.objects) << rule->id << ": every object in " << rule->example_fires
                                                 << " must be flagged";
  for (const auto& f : fires.findings) {
    EXPECT_EQ(f.rule_id, rule->id);
    EXPECT_GT(f.location.line, 0u);
    EXPECT_EQ(f.message.find('{'), std::string::npos) << "unfilled placeholder: " << f.message;
  }
  FixtureRun passes = RunOnly(*rule, rule->example_passes);
  ASSERT_GT(passes.objects, 0u) << rule->example_passes;
  for (const auto& f : passes.findings) ADD_FAILURE() << rule->example_passes << ": unexpected " << f.message;
}

TEST_P(RulePackTest, MetadataIsComplete) {
  const Rule* rule = Pack().Find(GetParam());
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->file, "embedded:rules/" + rule->id + "-" + rule->name + ".yaml");
  EXPECT_TRUE(rule->id.starts_with("REL4") || rule->id.starts_with("SEC3")) << rule->id;
  EXPECT_EQ(rule->example_fires, "testdata/rules/" + rule->id + "/fires.yaml");
  EXPECT_EQ(rule->example_passes, "testdata/rules/" + rule->id + "/passes.yaml");
  const RuleDocs& d = rule->docs;
  for (const auto& [section, text] : {std::pair{"what", d.what}, {"why", d.why}, {"example", d.example},
                                      {"use_instead", d.use_instead}, {"fix_safety", d.fix_safety}}) {
    EXPECT_FALSE(text.empty()) << rule->id << ": docs." << section << " is empty";
  }
  EXPECT_TRUE(!rule->help.empty() && rule->help.back() == '.') << rule->id << ": help must end with a period";
  EXPECT_TRUE(!rule->title.empty() && rule->title.back() != '.') << rule->id;
  // Every fact cites its source: the docs cite [1] at least, and every [n] has a reference.
  ASSERT_FALSE(d.references.empty()) << rule->id;
  const std::string text = d.what + d.why + d.fix_safety;
  EXPECT_NE(text.find("[1]"), std::string::npos) << rule->id << ": docs cite no reference";
  std::regex cite(R"(\[(\d+)\])");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), cite); it != std::sregex_iterator(); ++it) {
    EXPECT_LE(std::stoul((*it)[1]), d.references.size()) << rule->id << " cites " << it->str();
  }
  for (const auto& ref : d.references) EXPECT_TRUE(ref.url.starts_with("https://")) << ref.url;
}

INSTANTIATE_TEST_SUITE_P(Rules, RulePackTest, ::testing::ValuesIn(PackIds()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(RulePackInventoryTest, FixtureDirectoriesEqualTheRuleList) {
  std::set<std::string> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(testing::TestData("rules"))) {
    if (entry.is_directory()) dirs.insert(entry.path().filename().string());
  }
  std::vector<std::string> ids = PackIds();
  EXPECT_EQ(dirs, std::set<std::string>(ids.begin(), ids.end()));
  EXPECT_GE(ids.size(), 25u);
}

TEST(RulePackInventoryTest, EmbeddedRulesEqualTheRuleFilesOnDisk) {
  RuleSet on_disk;
  Status status = LoadRulePath((SourceDir() / "rules").string(), on_disk);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(on_disk.Names(), Pack().Names()) << "rebuild: the binary embeds an older rules/";
}

TEST(RulePackInventoryTest, GeneratedReadmeIsUpToDate) {
  RuleSet on_disk;
  ASSERT_TRUE(LoadRulePath((SourceDir() / "rules").string(), on_disk).ok());
  const std::string generated = RenderRulesMarkdown(on_disk);
  const std::string committed = ReadFileOrDie(SourceDir() / "rules/README.md");
  if (generated == committed) return;
  // Name the first line that differs instead of printing two whole documents.
  size_t line = 1, i = 0;
  for (; i < generated.size() && i < committed.size() && generated[i] == committed[i]; ++i) line += generated[i] == '\n';
  ADD_FAILURE() << "rules/README.md is out of date (first difference at line " << line
                << "); run: greenlight rules list --format markdown > rules/README.md";
}

}  // namespace
}  // namespace greenlight::rules
