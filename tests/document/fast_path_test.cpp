// The fast parse path (issue 16) against libyaml and yaml-cpp: every construct it takes must give
// the tree libyaml gives, node for node (type, style, tag, value, line and column), and what it
// does not take must be declined, not guessed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "document/parser.h"
#include "test_paths.h"

namespace greenlight::document {
namespace {

std::string Describe(const Node* n) {
  if (n == nullptr) return "null";
  return std::to_string(n->mark().line) + ":" + std::to_string(n->mark().column);
}

// Exact equality: what libyaml gives is what the fast path must give.
void ExpectIdentical(const Node* a, const Node* b, const std::string& path) {
  ASSERT_EQ(a == nullptr, b == nullptr) << path;
  if (a == nullptr) return;
  ASSERT_EQ(a->type(), b->type()) << path;
  EXPECT_EQ(a->mark().line, b->mark().line) << path;
  EXPECT_EQ(a->mark().column, b->mark().column) << path << " fast " << Describe(a) << " libyaml " << Describe(b);
  EXPECT_EQ(a->tag(), b->tag()) << path;
  if (a->IsScalar()) {
    EXPECT_EQ(a->scalar(), b->scalar()) << path;
    EXPECT_EQ(a->style(), b->style()) << path << " '" << a->scalar() << "'";
    return;
  }
  ASSERT_EQ(a->size(), b->size()) << path;
  if (a->IsMapping()) {
    for (size_t i = 0; i < a->entries().size(); ++i) {
      const std::string key = a->entries()[i].first->scalar();
      ExpectIdentical(a->entries()[i].first, b->entries()[i].first, path + ".<key " + key + ">");
      ExpectIdentical(a->entries()[i].second, b->entries()[i].second, path + "." + key);
    }
  } else {
    for (size_t i = 0; i < a->items().size(); ++i) {
      ExpectIdentical(a->items()[i], b->items()[i], path + "[" + std::to_string(i) + "]");
    }
  }
}

// Parses `text` both ways and compares; returns the fast path's statistics.
FastPathStats ExpectSameAsLibyaml(std::string_view text, const std::string& what, bool json = false) {
  ParsedStream fast = ParseStream(text, what, json, ParserBackend::kFast);
  ParsedStream reference = ParseStream(text, what, json, ParserBackend::kLibyaml);
  EXPECT_EQ(fast.document_count, reference.document_count) << what;
  EXPECT_EQ(fast.errors.size(), reference.errors.size()) << what;
  for (size_t i = 0; i < std::min(fast.errors.size(), reference.errors.size()); ++i) {
    EXPECT_EQ(fast.errors[i].message(), reference.errors[i].message()) << what;
    EXPECT_EQ(fast.errors[i].location()->line, reference.errors[i].location()->line) << what;
  }
  EXPECT_EQ(fast.documents.size(), reference.documents.size()) << what;
  for (size_t i = 0; i < std::min(fast.documents.size(), reference.documents.size()); ++i) {
    EXPECT_EQ(fast.documents[i].index(), reference.documents[i].index()) << what;
    EXPECT_EQ(fast.documents[i].start_line(), reference.documents[i].start_line()) << what;
    EXPECT_EQ(fast.documents[i].helm_source(), reference.documents[i].helm_source()) << what;
    ExpectIdentical(fast.documents[i].root(), reference.documents[i].root(), what + "#" + std::to_string(i));
  }
  return fast.fast_path;
}

bool TakenByFastPath(std::string_view text) {
  return ParseStream(text, "in.yaml", false, ParserBackend::kFast).fast_path.fast == 1;
}

// Constructs manifests use: each is taken by the fast path and gives libyaml's tree.
TEST(FastPathTest, TakesWhatManifestsUseAndMatchesLibyaml) {
  const std::vector<std::string> cases = {
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {a: b, 'c': \"d\"}\n",
      "---\n# Source: chart/templates/a.yaml\napiVersion: v1\nkind: Service\n",
      "--- # a comment on the marker\na: 1\n...\n",
      "a:\n- 1\n-\n- - \n  x: y\n",  // '- -' is declined below; here "- " then a mapping
      "a:\n  - x\n  - y: 1\n    z: 2\n  -\n  - ''\nb: c\n",
      "key:\nother: 1\nlast:",
      "k: v # comment\n  # indented comment\nk2: 'it''s' # c\nk3: \"tab\\there \\u00e9 \\x41 \\U0001F600\"\n",
      "a: |\n  line 1\n\n  line 3\n\nb: >\n  folded\n  text\n\n  para\n   more indented\n  back\nc: |-\n  strip\n\n",
      "a: |+\n  keep\n\n\nb: >-\n  x\nc: |2\n   two spaces kept\nd: >+\n\n  lead\n",
      "s: |\n    deeper first\n  # not a comment: less indented ends it\n",
      "- |\n  in a list\n- >\n  folded\n  in a list\n-   spaced: item\n    next: 1\n",
      "url: http://example.com:8080/a#b\ntime: 12:30\nk:v: x\nempty_flow: []\nmap: {}\n",
      "args: [\"--a=1\", '--b', c d, [nested, {k: v}], ]\n",
      "ünïcödé: välüé\nnext: {ä: ö}\nlist:\n- ✓ done: yes\n",
      "a: 1\r\nb:\r\n  - x\r\n  - |\r\n    crlf\r\n",
      "key :  spaced colon\n\"quoted key\": 1\n'single': 2\n",
      "  indented: root\n  second: 2\n",
      "just a scalar\n",
      "<<: {a: 1}\nb: 2\n",
      "dup: 1\ndup: 2\n",
      "a: -1\nb: - \n",  // an error: declined, libyaml reports it
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    ExpectSameAsLibyaml(cases[i], "case " + std::to_string(i) + ": " + cases[i]);
  }
  for (size_t i : {0, 1, 2, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}) {
    EXPECT_TRUE(TakenByFastPath(cases[i])) << cases[i];
  }
}

// What the fast path leaves to libyaml, and the reason it gives.
TEST(FastPathTest, DeclinesWhatItDoesNotTake) {
  struct Case {
    const char* text;
    FastPathDecline why;
  };
  for (const Case& c : std::vector<Case>{
           {"a: &x 1\nb: *x\n", FastPathDecline::kPropertiesOrAliases},
           {"a: !!str 1\n", FastPathDecline::kPropertiesOrAliases},
           {"? complex\n: key\n", FastPathDecline::kOther},
           {"a: multi\n  line plain\n", FastPathDecline::kMultiLineScalar},
           {"a: 'multi\n  line'\n", FastPathDecline::kMultiLineScalar},
           {"a: [1,\n  2]\n", FastPathDecline::kFlowOverLines},
           {"{\n  \"a\": 1\n}\n", FastPathDecline::kFlowOverLines},
           {"a:\tb\n", FastPathDecline::kCharacters},
           {"a: b\rc\n", FastPathDecline::kCharacters},
           {"a: \"\\N\"\n", FastPathDecline::kRareSpelling},
           {"a: {\"b\":1}\n", FastPathDecline::kRareSpelling},
           {"--- {a: 1}\n", FastPathDecline::kDirectiveOrEmpty},
           {"---\n# nothing\n", FastPathDecline::kDirectiveOrEmpty},
           {"a: b: c\n", FastPathDecline::kOther},
           {"a:\n  b: 1\n   c: 2\n", FastPathDecline::kMultiLineScalar},
       }) {
    ParsedStream fast = ParseStream(c.text, "in.yaml", false, ParserBackend::kFast);
    EXPECT_EQ(fast.fast_path.fast, 0u) << c.text;
    EXPECT_EQ(fast.fast_path.declined[static_cast<int>(c.why)], 1u) << c.text << " declined as other reasons";
    ExpectSameAsLibyaml(c.text, c.text);
  }
}

void CompareFilesUnder(const std::filesystem::path& root, FastPathStats& stats, size_t& files) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string path = entry.path().string();
    if (!entry.is_regular_file() || !(path.ends_with(".yaml") || path.ends_with(".yml") || path.ends_with(".json"))) {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    auto text = DecodeToUtf8(std::string(std::istreambuf_iterator<char>(in), {}), path);
    if (!text.ok()) continue;
    stats.Add(ExpectSameAsLibyaml(*text, path, path.ends_with(".json")));
    ++files;
  }
}

// Every document of testdata/ gives libyaml's tree (the hand-made fixtures hold the odd cases).
TEST(FastPathTest, MatchesLibyamlOnTestdata) {
  FastPathStats stats;
  size_t files = 0;
  CompareFilesUnder(testing::SourceDir() / "testdata", stats, files);
  EXPECT_GT(files, 100u);
  EXPECT_GT(stats.fast, 500u);
}

// Every document of the real-repository corpus gives libyaml's tree (and so, by the backend
// test in parser_test.cpp, yaml-cpp's), and the fast path takes nearly all of them.
TEST(FastPathTest, MatchesLibyamlOnTheSharedCorpus) {
  auto shared = testing::SharedDir();
  if (shared.empty()) GTEST_SKIP() << "../shared is not beside this checkout (a user's clone has none)";
  auto dir = std::filesystem::temp_directory_path() / ("greenlight-fastpath-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string command = "tar -xJf '" + (shared / "corpus/corpus.tar.xz").string() + "' -C '" + dir.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  FastPathStats stats;
  size_t files = 0;
  CompareFilesUnder(dir / "corpus/manifests", stats, files);
  std::filesystem::remove_all(dir);
  uint64_t declined = 0;
  for (uint64_t n : stats.declined) declined += n;
  EXPECT_GT(files, 1000u);
  // Most real documents are plain block YAML; the rest (JSON, anchors, multi-line scalars,
  // broken templates) go to libyaml.
  EXPECT_GT(stats.fast, 9 * declined) << stats.fast << " fast, " << declined << " declined";
}

}  // namespace
}  // namespace greenlight::document
