#include "base/version.h"

#include <gtest/gtest.h>

namespace greenlight {
namespace {

TEST(VersionTest, ParsesTheFormsUsersType) {
  struct Case { const char* text; int major, minor; std::optional<int> patch; };
  for (const auto& c : std::vector<Case>{{"1.25", 1, 25, {}}, {"v1.25", 1, 25, {}},
                                         {"1.25.3", 1, 25, 3}, {"V1.9.0", 1, 9, 0}}) {
    auto v = Version::Parse(c.text);
    ASSERT_TRUE(v.ok()) << c.text << ": " << v.status().message();
    EXPECT_EQ(v->major(), c.major) << c.text;
    EXPECT_EQ(v->minor(), c.minor) << c.text;
    EXPECT_EQ(v->patch(), c.patch) << c.text;
  }
}

TEST(VersionTest, RejectsWithExpectedAndFound) {
  for (const char* bad : {"", "1", "1.", "1.2x", "x1.2", "1.2.3.4", "1.-2", " 1.2", "1.2 "}) {
    auto v = Version::Parse(bad);
    ASSERT_FALSE(v.ok()) << "'" << bad << "' should not parse";
    EXPECT_EQ(v.status().message(),
              std::string("expected a Kubernetes version like 1.29, v1.29 or 1.29.3, got '") + bad + "'");
  }
}

TEST(VersionTest, ComparesNumericallyNotLexically) {
  EXPECT_LT(*Version::Parse("1.9"), *Version::Parse("1.16"));
  EXPECT_LT(*Version::Parse("1.25"), *Version::Parse("1.25.1"));
  EXPECT_TRUE(Version::CompareMinor(*Version::Parse("1.25.7"), *Version::Parse("v1.25")) == 0);
  EXPECT_EQ(Version::Parse("1.25")->NextMinor().ToString(), "1.26");
}

}  // namespace
}  // namespace greenlight
