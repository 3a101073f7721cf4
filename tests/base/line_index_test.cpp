#include "base/line_index.h"

#include <gtest/gtest.h>

#include <string>

namespace greenlight {
namespace {

TEST(LineIndexTest, FindsEveryLineWithoutItsBreak) {
  std::string text = "one\r\ntwo\n\nfour";
  LineIndex lines(text);
  EXPECT_EQ(lines.Line(1), "one");
  EXPECT_EQ(lines.Line(2), "two");
  EXPECT_EQ(lines.Line(3), "");
  EXPECT_EQ(lines.Line(4), "four");
  EXPECT_EQ(lines.Line(5), "");
  EXPECT_EQ(lines.Line(0), "");
  EXPECT_FALSE(lines.Covers(5));
}

TEST(LineIndexTest, APieceKnowsItsFirstLineNumber) {
  std::string text = "a\nb\nc\nd\n";
  LineIndex piece(std::string_view(text).substr(4), 3);  // "c\nd\n"
  EXPECT_FALSE(piece.Covers(2));
  EXPECT_TRUE(piece.Covers(3));
  EXPECT_EQ(piece.Line(3), "c");
  EXPECT_EQ(piece.Line(4), "d");
  EXPECT_FALSE(piece.Covers(5));
}

TEST(LineIndexTest, ExcerptsAreCutBetweenCharacters) {
  std::string text = "ab" + std::string("\xC3\xA9") + "cd\n";  // "abécd"
  LineIndex lines(text);
  EXPECT_EQ(lines.Excerpt(1, 3), "ab");  // not half of the é
  EXPECT_EQ(lines.Excerpt(1, 4), "ab\xC3\xA9");
  EXPECT_EQ(lines.Excerpt(1), "ab\xC3\xA9" "cd");
}

}  // namespace
}  // namespace greenlight
