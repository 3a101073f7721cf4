// Golden tests of the CLI: each testdata/golden/<command>/<case>/ holds `args` (one argument per
// line), optionally `stdin`, and the expected `stdout`, `stderr` and `exit`. The real binary runs
// from the repository root. GREENLIGHT_UPDATE_SNAPSHOTS=1 rewrites the expectations; review the
// diff like code.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_paths.h"

namespace greenlight {
namespace {

namespace fs = std::filesystem;
using greenlight::testing::ReadFileOrDie;
using greenlight::testing::SourceDir;

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct RunResult {
  std::string out;
  std::string err;
  int exit_code;
};

RunResult RunCase(const fs::path& dir) {
  std::string command = "cd " + ShellQuote(SourceDir().string()) + " && env -u CLICOLOR_FORCE NO_COLOR=1 " +
                        ShellQuote(GREENLIGHT_BINARY);
  std::istringstream args(ReadFileOrDie(dir / "args"));
  for (std::string arg; std::getline(args, arg);) {
    if (!arg.empty()) command += " " + ShellQuote(arg);
  }
  fs::path err_file = fs::temp_directory_path() / ("greenlight-golden-" + std::to_string(::getpid()));
  command += fs::exists(dir / "stdin") ? " < " + ShellQuote((dir / "stdin").string()) : " < /dev/null";
  command += " 2> " + ShellQuote(err_file.string());
  RunResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::array<char, 4096> buffer;
  for (size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) result.out.append(buffer.data(), n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = ReadFileOrDie(err_file);
  fs::remove(err_file);
  return result;
}

void Expect(const fs::path& file, const std::string& actual, bool update) {
  if (update) {
    std::ofstream(file, std::ios::binary) << actual;
    return;
  }
  std::string expected = fs::exists(file) ? ReadFileOrDie(file) : std::string();
  EXPECT_EQ(actual, expected) << "differs from " << file << " (GREENLIGHT_UPDATE_SNAPSHOTS=1 rewrites it)";
}

TEST(CliGoldenTest, EveryCaseMatchesItsSnapshot) {
  const bool update = std::getenv("GREENLIGHT_UPDATE_SNAPSHOTS") != nullptr;
  int cases = 0;
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::recursive_directory_iterator(SourceDir() / "testdata/golden/cli")) {
    if (entry.is_regular_file() && entry.path().filename() == "args") dirs.push_back(entry.path().parent_path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    RunResult r = RunCase(dir);
    Expect(dir / "stdout", r.out, update);
    Expect(dir / "stderr", r.err, update);
    Expect(dir / "exit", std::to_string(r.exit_code) + "\n", update);
    ++cases;
  }
  EXPECT_GE(cases, 8);
}

}  // namespace
}  // namespace greenlight
