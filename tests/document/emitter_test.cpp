// The emitter writes what it was given: every value read back through the parser equals the
// tree that was emitted (strings that look like numbers, booleans or nulls stay strings).
#include "document/emitter.h"

#include <gtest/gtest.h>

#include "document/parser.h"
#include "document/stream_layout.h"

namespace greenlight::document {
namespace {

Value Reparse(const std::string& text, bool json = false) {
  ParsedStream s = ParseStream(text, "emitted.yaml", json);
  EXPECT_TRUE(s.errors.empty()) << (s.errors.empty() ? "" : s.errors[0].ToString()) << "\n" << text;
  EXPECT_EQ(s.documents.size(), 1u) << text;
  return s.documents.empty() ? Value() : ValueFromNode(s.documents[0].root());
}

TEST(EmitterTest, TrickyStringsReadBackAsTheSameStrings) {
  const char* strings[] = {"80",      "0755",          "yes",          "on",      "null",
                           "~",       "true",          "1e3",          "",        " lead",
                           "trail ",  "a: b",          "a #b",         "#x",      "- item",
                           "-x",      "--flag",        "*/30 * * * *", "@daily",  "'q'",
                           "\"dq\"",  "multi\nline\n", "no-nl\nend",   "tab\tin", "x\r\ny",
                           "---",     "...",           "{a}",          "[b]",     "key:",
                           "ünïcödé", "%pct",          "!tag",         "&anchor", "|pipe",
                           ">fold",   "1:30",          "0x1F",         ".inf",    "a\n\n\nb\n\n",
                           "\n lead"};
  Value root = Value::Mapping();
  Value list = Value::Sequence();
  for (const char* s : strings) {
    root.Set(std::string("k") + s, Value::String(s));
    list.Append(Value::String(s));
  }
  root.Set("list", list);
  std::string yaml = EmitYaml(root);
  EXPECT_EQ(Reparse(yaml), root) << yaml;
  EXPECT_EQ(Reparse(EmitJson(root), true), root);
}

// Found by the document fuzzer on a real chart (defaultMode: 0777): JSON has no octal, hex or
// YAML 1.1 float spellings, and writing them as strings made an int field a string.
TEST(EmitterTest, JsonWritesYaml11NumbersAsTheNumbersKubernetesReads) {
  Value root = Reparse("mode: 0777\nhex: 0x1F\nbin: 0b11\nplus: +12\nsep: 1_000\nbase60: 1:30\n"
                       "half: .5\nneg: -1_000.25\nexp: 1.e+3\nzero: -0\ninf: .inf\nnan: .NaN\n"
                       "huge: 0x1FFFFFFFFFFFFFFFFF\ntagged: !!int abc\n");
  Value json = Reparse(EmitJson(root), true);
  auto number = [&](const char* key) { return json.Get(key) ? json.Get(key)->text() : "(missing)"; };
  EXPECT_EQ(number("mode"), "511");
  EXPECT_TRUE(json.Get("mode")->IsInt());
  EXPECT_EQ(number("hex"), "31");
  EXPECT_EQ(number("bin"), "3");
  EXPECT_EQ(number("plus"), "12");
  EXPECT_EQ(number("sep"), "1000");
  EXPECT_EQ(number("base60"), "90");
  EXPECT_EQ(number("half"), "0.5");
  EXPECT_EQ(json.Get("half")->scalar_type(), ScalarType::kFloat);
  EXPECT_EQ(number("neg"), "-1000.25");
  EXPECT_EQ(number("exp"), "1.0e+3");
  EXPECT_EQ(number("zero"), "-0");
  // JSON has no infinity, NaN or integers past 64 bits: those stay strings, never invalid JSON.
  EXPECT_TRUE(json.Get("inf")->IsString());
  EXPECT_TRUE(json.Get("nan")->IsString());
  EXPECT_EQ(number("huge"), "0x1FFFFFFFFFFFFFFFFF");
  EXPECT_EQ(number("tagged"), "abc");
}

// Found by the document fuzzer on a mutated chart (failurePolicy: TRUE): JSON spells a bool only
// as true or false; a !!bool tag on another word is written as the string it is, never guessed.
TEST(EmitterTest, JsonWritesEveryYamlBoolSpellingAsTrueOrFalse) {
  Value root = Reparse("a: TRUE\nb: yes\nc: On\nd: False\ne: NO\nf: off\ng: !!bool y\nh: !!bool N\n"
                       "tagged: !!bool yak\nempty: !!bool ''\n");
  Value json = Reparse(EmitJson(root), true);
  for (const char* key : {"a", "b", "c", "g"}) {
    ASSERT_NE(json.Get(key), nullptr) << key;
    EXPECT_EQ(json.Get(key)->scalar_type(), ScalarType::kBool) << key;
    EXPECT_EQ(json.Get(key)->text(), "true") << key;
  }
  for (const char* key : {"d", "e", "f", "h"}) {
    ASSERT_NE(json.Get(key), nullptr) << key;
    EXPECT_EQ(json.Get(key)->scalar_type(), ScalarType::kBool) << key;
    EXPECT_EQ(json.Get(key)->text(), "false") << key;
  }
  EXPECT_TRUE(json.Get("tagged")->IsString());
  EXPECT_EQ(json.Get("tagged")->text(), "yak");
  EXPECT_TRUE(json.Get("empty")->IsString());
}

TEST(EmitterTest, NonStringScalarsKeepTheirSpelling) {
  Value root = Value::Mapping();
  root.Set("int", Value::Int(42));
  root.Set("neg", Value::Int(-7));
  root.Set("bool", Value::Bool(false));
  root.Set("null", Value::Null());
  root.Set("float", Value::Scalar("1.5", ScalarType::kFloat));
  root.Set("empty_map", Value::Mapping());
  root.Set("empty_list", Value::Sequence());
  std::string yaml = EmitYaml(root);
  EXPECT_EQ(
      yaml,
      "int: 42\nneg: -7\nbool: false\n\"null\": null\nfloat: 1.5\nempty_map: {}\nempty_list: []\n");
  EXPECT_EQ(Reparse(yaml), root);
}

TEST(EmitterTest, NestedSequencesAndMappingsIndentUnderTheirKey) {
  Value root = Value::Mapping();
  Value containers = Value::Sequence();
  Value c = Value::Mapping();
  c.Set("name", Value::String("web"));
  Value args = Value::Sequence();
  args.Append(Value::String("--port"));
  args.Append(Value::String("80"));
  c.Set("args", args);
  containers.Append(c);
  Value nested = Value::Sequence();
  nested.Append(Value::Int(1));
  containers.Append(nested);
  root.Set("containers", containers);
  std::string yaml = EmitYaml(root);
  EXPECT_EQ(
      yaml,
      "containers:\n  - name: web\n    args:\n      - --port\n      - \"80\"\n  -\n    - 1\n");
  EXPECT_EQ(Reparse(yaml), root);
}

TEST(EmitterTest, QuotesOfTheInputAreKept) {
  ParsedStream s = ParseStream("a: 'single'\nb: \"double\"\nc: plain\n", "in.yaml");
  ASSERT_EQ(s.documents.size(), 1u);
  EXPECT_EQ(EmitYaml(ValueFromNode(s.documents[0].root())),
            "a: 'single'\nb: \"double\"\nc: plain\n");
}

TEST(StreamLayoutTest, RangesMatchTheParsersDocuments) {
  const std::string text =
      "# header\n\n--- # first\na: 1\n# tail of first\n...\n# between\n---\nb: 2\n---\n---\nc: |\n "
      " x\n";
  ParsedStream parsed = ParseStream(text, "in.yaml");
  auto ranges = LayoutStream(text, false, "in.yaml");
  ASSERT_TRUE(ranges.ok());
  ASSERT_EQ(static_cast<int>(ranges->size()), parsed.document_count);
  for (const Document& doc : parsed.documents) {
    const DocumentRange& r = (*ranges)[static_cast<size_t>(doc.index())];
    EXPECT_EQ(r.start_line, doc.start_line());
  }
  const DocumentRange& first = (*ranges)[0];
  // The header before the first marker belongs to no document (it is kept as a gap).
  EXPECT_EQ(text.substr(0, first.begin), "# header\n\n");
  EXPECT_EQ(text.substr(first.begin, first.body_begin - first.begin), "--- # first\n");
  EXPECT_EQ(text.substr(first.body_begin, first.body_end - first.body_begin), "a: 1\n");
  EXPECT_EQ(text.substr(first.body_end, first.end - first.body_end), "# tail of first\n...\n");
  const DocumentRange& empty = (*ranges)[2];
  EXPECT_EQ(empty.body_begin, empty.body_end);
  const DocumentRange& last = (*ranges)[3];
  EXPECT_EQ(text.substr(last.body_begin, last.body_end - last.body_begin), "c: |\n  x\n");
}

TEST(StreamLayoutTest, ConcatenatedJsonIsRefusedWithALocation) {
  auto ranges = LayoutStream("{\"a\": 1}\n{\"b\": 2}\n", true, "two.json");
  ASSERT_FALSE(ranges.ok());
  EXPECT_EQ(ranges.status().location()->file, "two.json");
  auto one = LayoutStream("{\"a\": 1}\n", true, "one.json");
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].body_end, 9u);
}

}  // namespace
}  // namespace greenlight::document
