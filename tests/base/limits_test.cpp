// Byte budgets: UTF-8-safe truncation, size flags, and bounded reads of files, FIFOs and devices.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/file_io.h"
#include "base/utf8.h"

namespace greenlight {
namespace {

namespace fs = std::filesystem;

TEST(Utf8PrefixTest, NeverEndsInsideACharacter) {
  const std::string text = "ab\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";  // a b é € 😀 z
  EXPECT_EQ(Utf8Prefix(text, 100), text);
  EXPECT_EQ(Utf8Prefix(text, 2), "ab");
  EXPECT_EQ(Utf8Prefix(text, 3), "ab");                  // inside é
  EXPECT_EQ(Utf8Prefix(text, 4), "ab\xc3\xa9");
  EXPECT_EQ(Utf8Prefix(text, 6), "ab\xc3\xa9");          // inside €
  EXPECT_EQ(Utf8Prefix(text, 9), "ab\xc3\xa9\xe2\x82\xac");  // inside 😀 (4 bytes)
  EXPECT_EQ(Utf8Prefix(text, 11), "ab\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  std::string accents = "x";
  for (int i = 0; i < 300; ++i) accents += "\xc3\xa9";
  TruncateUtf8(accents, 400);
  EXPECT_EQ(accents.size(), 399u);  // 'x' + 199 whole é
}

TEST(ByteSizeTest, ParsesSuffixesAndRefusesNonsense) {
  EXPECT_EQ(ParseByteSize("64M").value(), uint64_t{64} << 20);
  EXPECT_EQ(ParseByteSize("2k").value(), 2048u);
  EXPECT_EQ(ParseByteSize("1GiB").value(), uint64_t{1} << 30);
  EXPECT_EQ(ParseByteSize("1000").value(), 1000u);
  EXPECT_FALSE(ParseByteSize("").ok());
  EXPECT_FALSE(ParseByteSize("lots").ok());
  EXPECT_FALSE(ParseByteSize("0").ok());
  EXPECT_FALSE(ParseByteSize("12T").ok());
  EXPECT_FALSE(ParseByteSize("99999999999G").ok());
  EXPECT_EQ(FormatByteSize(uint64_t{64} << 20), "64 MiB");
  EXPECT_EQ(FormatByteSize(1536), "1536 bytes");
}

class BoundedReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("greenlight-limits-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(BoundedReadTest, FileLargerThanTheLimitIsAnErrorNamingTheLimit) {
  std::ofstream(dir_ / "big.yaml") << std::string(5000, 'x');
  auto read = ReadFileToString(dir_ / "big.yaml", "big.yaml", ReadLimits{4096, false});
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().location()->file, "big.yaml");
  EXPECT_NE(read.status().message().find("4 KiB"), std::string::npos) << read.status().ToString();
  EXPECT_TRUE(ReadFileToString(dir_ / "big.yaml", "big.yaml", ReadLimits{5000, false}).ok());
}

TEST_F(BoundedReadTest, EndlessDeviceStopsAtTheLimit) {
  auto read = ReadFileToString("/dev/zero", "zero", ReadLimits{1 << 20, false});
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("--max-input-size"), std::string::npos);
}

TEST_F(BoundedReadTest, WalkModeRefusesFifosAndDevicesWithoutBlocking) {
  ASSERT_EQ(::mkfifo((dir_ / "pipe.yaml").c_str(), 0600), 0);
  auto fifo = ReadFileToString(dir_ / "pipe.yaml", "pipe.yaml", ReadLimits{1 << 20, true});  // would block if opened blocking
  ASSERT_FALSE(fifo.ok());
  EXPECT_NE(fifo.status().message().find("FIFO"), std::string::npos) << fifo.status().ToString();
  fs::create_symlink("/dev/zero", dir_ / "zero.yaml");
  auto device = ReadFileToString(dir_ / "zero.yaml", "zero.yaml", ReadLimits{1 << 20, true});
  ASSERT_FALSE(device.ok());
  EXPECT_NE(device.status().message().find("character device"), std::string::npos);
}

}  // namespace
}  // namespace greenlight
