#include "document/parser.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "document/object.h"
#include "test_paths.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace greenlight::document {
namespace {

ParsedStream Parse(std::string_view text, bool json = false, ParserBackend b = ParserBackend::kFast) {
  return ParseStream(text, "in.yaml", json, b);
}

const Node* Root(const ParsedStream& s, size_t i = 0) {
  EXPECT_LT(i, s.documents.size());
  return i < s.documents.size() ? s.documents[i].root() : nullptr;
}

TEST(ParserTest, CountsDocumentsLikePyYamlLoadAll) {
  struct Case { const char* text; int documents; };
  for (const auto& c : std::vector<Case>{
           {"a: 1\n", 1},
           {"# only a comment\n", 0},
           {"# header\n---\na: 1\n", 1},
           {"a: 1\n---\nb: 2\n", 2},
           {"a: 1\n---\n", 2},              // a trailing '---' is an empty document
           {"---\n---\na: 1\n", 2},
           {"# c\n---\na: 1\n...\n# x\n---\nb: 2\n", 2},
           {"a: 1\n...\nb: 2\n", 2},         // content after '...' starts a new document
           {"", 0}}) {
    ParsedStream s = Parse(c.text);
    EXPECT_EQ(s.document_count, c.documents) << c.text;
    EXPECT_TRUE(s.errors.empty()) << c.text;
  }
}

TEST(ParserTest, MarksAreOneBasedAndCountFromTheFileStart) {
  ParsedStream s = Parse("a: 1\n---\n# c\nkind: Deployment\napiVersion: apps/v1\n");
  ASSERT_EQ(s.documents.size(), 2u);
  const Node* api = Root(s, 1)->Get("apiVersion");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->mark().line, 5u);
  EXPECT_EQ(api->mark().column, 13u);
  EXPECT_EQ(s.documents[1].index(), 1);
  EXPECT_EQ(s.documents[1].start_line(), 2u);
}

TEST(ParserTest, ABrokenDocumentHidesNothingElse) {
  ParsedStream s = Parse("a: 1\n---\nmetadata:\n  name: {{ .Values.name }}\n---\nkind: x\napiVersion: v1\n");
  EXPECT_EQ(s.document_count, 3);
  ASSERT_EQ(s.errors.size(), 1u);
  ASSERT_EQ(s.documents.size(), 2u);
  EXPECT_EQ(s.documents[1].index(), 2);
  const auto& where = *s.errors[0].location();
  EXPECT_EQ(where.file, "in.yaml");
  EXPECT_EQ(where.document, 1);
  EXPECT_EQ(where.line, 4u);
  EXPECT_NE(s.errors[0].message().find("used as a mapping key"), std::string::npos) << s.errors[0].message();
}

TEST(ParserTest, SyntaxErrorNamesLineAndColumn) {
  ParsedStream s = Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n    bad: indent\n");
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.errors[0].location()->line, 5u);
  EXPECT_EQ(s.errors[0].location()->column, 8u);
  EXPECT_EQ(s.errors[0].ToString(),
            "in.yaml:5:8: mapping values are not allowed in this context");
}

TEST(ParserTest, AnchorsAliasesAndMergeKeys) {
  ParsedStream s = Parse(
      "base: &base {app: web, tier: front}\n"
      "labels:\n  <<: *base\n  tier: back\n"
      "many:\n  <<: [{a: 1, b: 1}, {a: 2, c: 2}]\n"
      "copy: *base\n");
  ASSERT_TRUE(s.errors.empty()) << s.errors[0].ToString();
  const Node* labels = Root(s)->Get("labels");
  EXPECT_EQ(labels->Get("app")->scalar(), "web");
  EXPECT_EQ(labels->Get("tier")->scalar(), "back");  // explicit key wins over the merge
  EXPECT_EQ(labels->size(), 2u);                     // no duplicate "tier" entry
  const Node* many = Root(s)->Get("many");
  EXPECT_EQ(many->Get("a")->scalar(), "1");          // earlier merge source wins
  EXPECT_EQ(many->Get("c")->scalar(), "2");
  EXPECT_EQ(Root(s)->Get("copy"), Root(s)->Get("base"));  // aliases share the node
}

TEST(ParserTest, BlockScalarsQuotedKeysAndFlowStyle) {
  ParsedStream s = Parse(
      "\"quoted key\": 'single'\n"
      "data:\n  policy.yaml: |\n    apiVersion: policy/v1beta1\n    kind: PodSecurityPolicy\n"
      "folded: >\n  a\n  b\n"
      "flow: {x: [1, 2], \"y\": null}\n");
  ASSERT_TRUE(s.errors.empty());
  const Node* root = Root(s);
  EXPECT_EQ(root->Get("quoted key")->scalar(), "single");
  EXPECT_EQ(root->Get("data")->Get("policy.yaml")->scalar(),
            "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\n");
  EXPECT_EQ(root->Get("folded")->scalar(), "a b\n");
  EXPECT_EQ(root->Get("flow")->Get("x")->items().size(), 2u);
  EXPECT_TRUE(root->Get("flow")->Get("y")->IsNull());
}

TEST(ParserTest, CrlfLineEndsKeepLinesAndValues) {
  ParsedStream s = Parse("apiVersion: v1\r\nkind: ConfigMap\r\n---\r\napiVersion: batch/v1beta1\r\nkind: CronJob\r\n");
  ASSERT_EQ(s.documents.size(), 2u);
  EXPECT_EQ(Root(s, 1)->Get("apiVersion")->scalar(), "batch/v1beta1");
  EXPECT_EQ(Root(s, 1)->Get("apiVersion")->mark().line, 4u);
}

TEST(ParserTest, JsonDocumentsAndStreams) {
  ParsedStream one = Parse("{\"apiVersion\":\"v1\",\n \"kind\":\t\"ConfigMap\"}", true);
  ASSERT_TRUE(one.errors.empty()) << one.errors[0].ToString();
  EXPECT_EQ(Root(one)->Get("kind")->scalar(), "ConfigMap");
  ParsedStream stream = Parse("{\"kind\": \"A\", \"apiVersion\": \"v1\"}\n{\"kind\": \"B\",\n\"apiVersion\": \"v1\"}\n", true);
  ASSERT_EQ(stream.documents.size(), 2u);
  EXPECT_EQ(Root(stream, 1)->Get("kind")->scalar(), "B");
  EXPECT_EQ(Root(stream, 1)->Get("apiVersion")->mark().line, 3u);
}

TEST(ParserTest, RefusesAliasBombs) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'i'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = c;
  }
  ParsedStream s = Parse(bomb);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_NE(s.errors[0].message().find("alias"), std::string::npos) << s.errors[0].message();
}

TEST(ParserTest, UndefinedAliasIsAnError) {
  ParsedStream s = Parse("a: *nowhere\n");
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.errors[0].location()->line, 1u);
}

TEST(ScalarTypeTest, ResolvesLikeYaml11) {
  EXPECT_EQ(ResolvePlainScalar(""), ScalarType::kNull);
  EXPECT_EQ(ResolvePlainScalar("~"), ScalarType::kNull);
  for (const char* b : {"yes", "No", "ON", "off", "true", "False"}) EXPECT_EQ(ResolvePlainScalar(b), ScalarType::kBool) << b;
  for (const char* i : {"0", "12", "-3", "0x1F", "017", "0b101", "1_000", "1:30"}) EXPECT_EQ(ResolvePlainScalar(i), ScalarType::kInt) << i;
  for (const char* f : {"1.5", "1.", ".5", "-1.5e+3", ".inf", "-.Inf", ".nan"}) EXPECT_EQ(ResolvePlainScalar(f), ScalarType::kFloat) << f;
  for (const char* s : {"v1", "apps/v1", "1e3", "y", "n", "1.2.3", "-.5", "0x", "web-1"}) EXPECT_EQ(ResolvePlainScalar(s), ScalarType::kString) << s;
}

TEST(DecodeTest, StripsBomAndConvertsUtf16) {
  EXPECT_EQ(*DecodeToUtf8("\xEF\xBB\xBFkind: A\n", "f"), "kind: A\n");
  std::string le = std::string("\xFF\xFE", 2) + std::string("k\0:\0 \0\xE9\0\n\0", 10);
  EXPECT_EQ(*DecodeToUtf8(le, "f"), "k: \xC3\xA9\n");
  std::string be = std::string("\xFE\xFF", 2) + std::string("\0k\0:\0 \0x", 8);
  EXPECT_EQ(*DecodeToUtf8(be, "f"), "k: x");
}

TEST(DecodeTest, ALoneCarriageReturnIsALineBreakAsInYaml) {
  EXPECT_EQ(*DecodeToUtf8("a: 1\rb: 2\r\nc: 3\r", "f"), "a: 1\nb: 2\r\nc: 3\n");
  std::string utf16 = std::string("\xFF\xFE", 2) + std::string("a\0\r\0b\0", 6);
  EXPECT_EQ(*DecodeToUtf8(utf16, "f"), "a\nb");
  // The parser and every line count agree: the error sits on the third line of three.
  ParsedStream stream = ParseStream(*DecodeToUtf8("a: 1\rb: 2\rc: [\r", "f"), "f");
  ASSERT_EQ(stream.errors.size(), 1u);
  EXPECT_LE(stream.errors[0].location()->line, 4u);
  EXPECT_GE(stream.errors[0].location()->line, 3u);
}

TEST(DecodeTest, InvalidUtf8NamesLineAndColumn) {
  auto r = DecodeToUtf8("apiVersion: v1\nkind: Con\xFF" "fig\n", "bad.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ToString(),
            "bad.yaml:2:10: invalid UTF-8 byte 0xFF (the file must be UTF-8, or UTF-16 with a byte-order mark)");
}

TEST(ObjectTest, ListsExpandAndHelmSourceIsKept) {
  ParsedStream s = Parse(
      "---\n# Source: shop/templates/pdb.yaml\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\n"
      "metadata: {name: web, namespace: shop}\n"
      "---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n"
      "- not-an-object\n- apiVersion: extensions/v1beta1\n  kind: Ingress\n  metadata: {name: b}\n"
      "---\napiVersion: v1\nkind: ConfigMapList\nitems:\n"
      "---\nname: values-like\n---\napiVersion: 1.0\nkind: NotAString\n");
  ASSERT_EQ(s.documents.size(), 5u);
  auto pdb = ExtractObjects(s.documents[0]);
  ASSERT_EQ(pdb.size(), 1u);
  EXPECT_EQ(pdb[0].helm_source, "shop/templates/pdb.yaml");
  EXPECT_EQ(pdb[0].namespace_name, "shop");
  auto list = ExtractObjects(s.documents[1]);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].item, 2);
  EXPECT_EQ(list[1].kind, "Ingress");
  EXPECT_EQ(list[1].api_version_node->mark().line, 14u);
  auto null_list = ExtractObjects(s.documents[2]);  // items: null -> the List itself is the object
  ASSERT_EQ(null_list.size(), 1u);
  EXPECT_EQ(null_list[0].kind, "ConfigMapList");
  EXPECT_TRUE(ExtractObjects(s.documents[3]).empty());
  EXPECT_TRUE(ExtractObjects(s.documents[4]).empty());  // apiVersion 1.0 is a float
}

// The reference backend (yaml-cpp) and the fast one (libyaml) must build the same tree.
void ExpectSameTree(const Node* a, const Node* b, const std::string& path) {
  ASSERT_EQ(a == nullptr, b == nullptr) << path;
  if (!a) return;
  ASSERT_EQ(a->type(), b->type()) << path;
  // An empty value has no text to point at: libyaml marks it at the next token, yaml-cpp at its
  // key. Findings point at written text, so only those marks must agree.
  bool empty = a->IsScalar() && a->scalar().empty() && b->scalar().empty();
  if (!empty) {
    EXPECT_EQ(a->mark().line, b->mark().line) << path;
  }
  if (a->IsScalar()) {
    // yaml-cpp does not keep the spelling of a null ("~" or "null"); libyaml does.
    if (!a->IsNull()) {
      EXPECT_EQ(a->scalar(), b->scalar()) << path;
    }
    EXPECT_EQ(a->scalar_type(), b->scalar_type()) << path << " '" << a->scalar() << "'";
    return;
  }
  EXPECT_EQ(a->mark().column, b->mark().column) << path;
  ASSERT_EQ(a->size(), b->size()) << path;
  if (a->IsMapping()) {
    for (size_t i = 0; i < a->entries().size(); ++i) {
      EXPECT_EQ(a->entries()[i].first->scalar(), b->entries()[i].first->scalar()) << path;
      ExpectSameTree(a->entries()[i].second, b->entries()[i].second, path + "." + a->entries()[i].first->scalar());
    }
  } else {
    for (size_t i = 0; i < a->items().size(); ++i) {
      ExpectSameTree(a->items()[i], b->items()[i], path + "[" + std::to_string(i) + "]");
    }
  }
}

TEST(BackendTest, LibyamlAndYamlCppAgreeOnFeatureRichInput) {
  const char* text =
      "# Source: chart/templates/a.yaml\napiVersion: apps/v1\nkind: Deployment\n"
      "metadata: &m\n  name: \"web\"\n  labels: {app: web, 'tier': \"1\"}\n"
      "spec:\n  replicas: 3\n  enabled: yes\n  script: |\n    echo hi\n  other: *m\n"
      "  list:\n  - a\n  - {b: ~}\n---\nkind: x\n";
  ParsedStream fast = Parse(text, false, ParserBackend::kLibyaml);
  ParsedStream reference = Parse(text, false, ParserBackend::kYamlCpp);
  ASSERT_EQ(fast.documents.size(), reference.documents.size());
  for (size_t i = 0; i < fast.documents.size(); ++i) {
    ExpectSameTree(fast.documents[i].root(), reference.documents[i].root(), "doc" + std::to_string(i));
  }
}

// Every document of the real-repository corpus parses to the same tree with both backends, so
// the fast path cannot change a finding.
TEST(BackendTest, LibyamlAndYamlCppAgreeOnTheSharedCorpus) {
  auto shared = greenlight::testing::SharedDir();
  if (shared.empty()) GTEST_SKIP() << "../shared is not beside this checkout (a user's clone has none)";
  auto dir = std::filesystem::temp_directory_path() / ("greenlight-backends-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string command = "tar -xJf '" + (shared / "corpus/corpus.tar.xz").string() + "' -C '" + dir.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  size_t files = 0, documents = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "corpus/manifests")) {
    const std::string path = entry.path().string();
    if (!entry.is_regular_file() || !(path.ends_with(".yaml") || path.ends_with(".yml") || path.ends_with(".json"))) {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    auto text = DecodeToUtf8(std::string(std::istreambuf_iterator<char>(in), {}), path);
    if (!text.ok()) continue;
    bool json = path.ends_with(".json");
    ParsedStream fast = ParseStream(*text, path, json, ParserBackend::kLibyaml);
    ParsedStream reference = ParseStream(*text, path, json, ParserBackend::kYamlCpp);
    ASSERT_EQ(fast.errors.size(), reference.errors.size()) << path;
    ASSERT_EQ(fast.documents.size(), reference.documents.size()) << path;
    for (size_t i = 0; i < fast.documents.size(); ++i) {
      ExpectSameTree(fast.documents[i].root(), reference.documents[i].root(), path + "#" + std::to_string(i));
      ++documents;
    }
    ++files;
  }
  std::filesystem::remove_all(dir);
  EXPECT_GT(files, 1000u);
  EXPECT_GT(documents, 2400u);
}

}  // namespace
}  // namespace greenlight::document
