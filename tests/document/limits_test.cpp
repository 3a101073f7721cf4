// The bounds of document/limits.h, on both parser backends: each is a located error for the
// document that passes it, the stream's other documents still parse, and what stays under a
// bound is accepted (alias expansion counts aliases only, not nodes written out).
#include "document/limits.h"

#include <gtest/gtest.h>

#include <string>

#include "document/parser.h"

namespace greenlight::document {
namespace {

class LimitsTest : public ::testing::TestWithParam<ParserBackend> {
 protected:
  ParsedStream Parse(const std::string& text, bool json = false) {
    return ParseStream(text, "in.yaml", json, GetParam());
  }
};

std::string Nested(const std::string& open, const std::string& close, size_t depth) {
  std::string out;
  for (size_t i = 0; i < depth; ++i) out += open;
  out += "1";
  for (size_t i = 0; i < depth; ++i) out += close;
  return out + "\n";
}

TEST_P(LimitsTest, NestingDeeperThanTheLimitIsALocatedError) {
  if (GetParam() == ParserBackend::kYamlCpp) {
    GTEST_SKIP() << "yaml-cpp stops at its own, lower recursion limit before the shared bound";
  }
  ParsedStream ok = Parse(Nested("[", "]", kMaxNestingDepth - 1));
  EXPECT_TRUE(ok.errors.empty()) << ok.errors[0].ToString();
  // 40,000-deep flow mappings took 26 s (quadratic in depth); now they stop at the bound.
  ParsedStream deep = Parse("a: 1\n---\n" + Nested("{a: ", "}", 40000) + "---\nb: 2\n");
  ASSERT_EQ(deep.errors.size(), 1u);
  EXPECT_NE(deep.errors[0].message().find("nesting deeper than 1000"), std::string::npos) << deep.errors[0].ToString();
  EXPECT_EQ(deep.errors[0].location()->file, "in.yaml");
  EXPECT_EQ(deep.errors[0].location()->line, 3u);
  EXPECT_EQ(deep.errors[0].location()->document, 1);
  EXPECT_EQ(deep.documents.size(), 2u);  // the documents around it still count
  std::string block;
  for (size_t i = 0; i <= kMaxNestingDepth; ++i) block += std::string(i, ' ') + "k:\n";
  ParsedStream deep_block = Parse(block);
  ASSERT_EQ(deep_block.errors.size(), 1u);
  EXPECT_NE(deep_block.errors[0].message().find("nesting deeper"), std::string::npos);
}

TEST_P(LimitsTest, AliasExpansionCountsAliasesOnly) {
  if (GetParam() == ParserBackend::kYamlCpp) {
    GTEST_SKIP() << "yaml-cpp does not say which nodes are aliases, so the reference path builds a "
                    "node per alias use and bounds the total (written + expanded) instead";
  }
  // Many nodes written out and a modest alias fan-out: before, every node counted towards the
  // alias limit, so large alias-free files were refused as "alias bombs".
  std::string text = "items:\n";
  for (int i = 0; i < 300000; ++i) text += "- v" + std::to_string(i) + "\n";
  text += "anchor: &a [" + std::string("x,", 0) + "1";
  for (int i = 0; i < 999; ++i) text += ",1";
  text += "]\nuses: [";
  for (int i = 0; i < 3000; ++i) text += std::string(i ? "," : "") + "*a";  // 3,000 x 1,001 nodes
  text += "]\n";
  ParsedStream ok = Parse(text);
  EXPECT_TRUE(ok.errors.empty()) << ok.errors[0].ToString();
  // The classic bomb: each level multiplies by ten.
  std::string bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? "," : "") + "*" + static_cast<char>(c - 1);
    bomb += "]\n";
  }
  ParsedStream refused = Parse(bomb);
  ASSERT_EQ(refused.errors.size(), 1u);
  EXPECT_NE(refused.errors[0].message().find("alias"), std::string::npos) << refused.errors[0].ToString();
  EXPECT_GT(refused.errors[0].location()->line, 1u);
}

TEST_P(LimitsTest, OverlongLineIsAnErrorForItsDocumentOnly) {
  std::string text = "a: 1\n---\nb: " + std::string(kMaxLineBytes + 1, 'x') + "\n---\nc: 3\n";
  ParsedStream stream = Parse(text);
  ASSERT_EQ(stream.errors.size(), 1u);
  EXPECT_NE(stream.errors[0].message().find("line longer"), std::string::npos);
  EXPECT_EQ(stream.errors[0].location()->line, 3u);
  EXPECT_EQ(stream.documents.size(), 2u);
}

TEST_P(LimitsTest, TooManyDocumentsStopsTheStreamWithAnError) {
  std::string text;
  for (size_t i = 0; i < kMaxDocumentsPerStream + 5; ++i) text += "---\n";
  ParsedStream stream = Parse(text);
  ASSERT_EQ(stream.errors.size(), 1u);
  EXPECT_NE(stream.errors[0].message().find("more than 1000000 documents"), std::string::npos);
  EXPECT_EQ(stream.errors[0].location()->line, kMaxDocumentsPerStream + 1);
  EXPECT_EQ(stream.document_count, static_cast<int>(kMaxDocumentsPerStream));
}

TEST_P(LimitsTest, TooManyNodesIsRefusedToBoundMemory) {
  if (GetParam() == ParserBackend::kYamlCpp) GTEST_SKIP() << "yaml-cpp builds its own tree of the whole text first";
  std::string text = "[";
  for (uint64_t i = 0; i < kMaxNodesPerStream + 10; ++i) text += i ? ",1" : "1";
  text += "]\n";
  ParsedStream stream = Parse(text);
  ASSERT_EQ(stream.errors.size(), 1u);
  EXPECT_NE(stream.errors[0].message().find("nodes"), std::string::npos) << stream.errors[0].ToString();
}

INSTANTIATE_TEST_SUITE_P(Backends, LimitsTest, ::testing::Values(ParserBackend::kLibyaml, ParserBackend::kYamlCpp),
                         [](const auto& info) { return info.param == ParserBackend::kLibyaml ? "libyaml" : "yamlcpp"; });

}  // namespace
}  // namespace greenlight::document
