// File: tests/render/process_test.cpp
// Running a renderer as a child process: output capture, exit codes, working directory,
// environment, the wall-clock limit and the cancel flag (both kill the whole process group).
#include "render/process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "render/render_test_util.h"

namespace greenlight::render {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Generous: the kill must happen near the limit, but a loaded CI machine is slow.
constexpr auto kKilledWellBefore = std::chrono::seconds(10);

StatusOr<ProcessResult> Shell(const std::string& script, const ProcessOptions& options = {}) {
  return RunProcess({"/bin/sh", "-c", script}, options);
}

// True once `pid` no longer runs (gone, or a zombie waiting for a reaper that is not us).
bool ProcessEnded(pid_t pid) {
  for (int i = 0; i < 50; ++i) {
    if (kill(pid, 0) != 0 && errno == ESRCH) return true;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string pid_field, comm, state;
    if (stat >> pid_field >> comm >> state && state == "Z") return true;
    std::this_thread::sleep_for(milliseconds(100));
  }
  return false;
}

TEST(RenderProcessTest, CapturesStdoutStderrAndExitCode) {
  auto result = Shell("echo to-out; echo to-err >&2; exit 3");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->out, "to-out\n");
  EXPECT_EQ(result->err, "to-err\n");
  EXPECT_EQ(result->exit_code, 3);
  EXPECT_FALSE(result->timed_out);
  EXPECT_FALSE(result->cancelled);
}

TEST(RenderProcessTest, SuccessIsExitCodeZero) {
  auto result = Shell("printf 'a\\nb'");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->exit_code, 0);
  EXPECT_EQ(result->out, "a\nb");
  EXPECT_TRUE(result->err.empty());
}

TEST(RenderProcessTest, ArgumentsArePassedWithoutAShell) {
  // argv goes to the program as is: spaces and quotes are not split or interpreted.
  auto result = RunProcess({"/bin/sh", "-c", "printf '[%s]' \"$@\"", "sh", "a b", "'q'", "$HOME"}, {});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->out, "[a b]['q'][$HOME]");
}

TEST(RenderProcessTest, LargeOutputOnBothStreamsIsReadCompletely) {
  // More than a pipe buffer on each stream: the parent must drain both while the child writes.
  auto result = Shell("head -c 300000 /dev/zero | tr '\\0' o; head -c 200000 /dev/zero | tr '\\0' e >&2");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->exit_code, 0);
  EXPECT_EQ(result->out.size(), 300000u);
  EXPECT_EQ(result->err.size(), 200000u);
  EXPECT_EQ(result->out.find_first_not_of('o'), std::string::npos);
}

TEST(RenderProcessTest, StdinIsEmpty) {
  auto result = Shell("cat; echo done");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->out, "done\n");
}

TEST(RenderProcessTest, MissingProgramIsNotFound) {
  auto result = RunProcess({"greenlight-no-such-program-7f3a"}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_NE(result.status().message().find("greenlight-no-such-program-7f3a"), std::string::npos);
}

TEST(RenderProcessTest, EmptyArgvIsAnError) {
  auto result = RunProcess({}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
}

TEST(RenderProcessTest, WorkingDirectoryIsHonoured) {
  testing::TempDir dir("process-cwd");
  dir.Write("marker.txt", "here\n");
  ProcessOptions options;
  options.working_dir = dir.path().string();
  auto result = Shell("pwd -P; cat marker.txt", options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->out, fs::canonical(dir.path()).string() + "\nhere\n");
  EXPECT_EQ(result->exit_code, 0);
}

TEST(RenderProcessTest, MissingWorkingDirectoryIsAnErrorNotACrash) {
  ProcessOptions options;
  options.working_dir = "/nonexistent/greenlight-render-test";
  auto result = Shell("echo should-not-run", options);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("sh"), std::string::npos) << result.status().ToString();
}

TEST(RenderProcessTest, ExtraEnvironmentIsVisibleWithTheInheritedOne) {
  ASSERT_NE(std::getenv("PATH"), nullptr);
  ProcessOptions options;
  options.env = {"GREENLIGHT_TEST_EXTRA=green value", "GREENLIGHT_TEST_OTHER=2"};
  auto result = Shell("echo \"$GREENLIGHT_TEST_EXTRA|$GREENLIGHT_TEST_OTHER|${PATH:+has-path}\"", options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->out, "green value|2|has-path\n");
}

// The extra entries are meant to win (tools.cpp points helm at private HELM_*_HOME folders);
// getenv() and Go's os.Getenv both return the FIRST entry of a duplicated name.
TEST(RenderProcessTest, ExtraEnvironmentOverridesAnInheritedVariable) {
  ASSERT_EQ(setenv("GREENLIGHT_TEST_DUPLICATE", "inherited", 1), 0);
  ProcessOptions options;
  options.env = {"GREENLIGHT_TEST_DUPLICATE=extra"};
  auto result = RunProcess({"printenv", "GREENLIGHT_TEST_DUPLICATE"}, options);
  unsetenv("GREENLIGHT_TEST_DUPLICATE");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->out, "extra\n");
}

TEST(RenderProcessTest, FinishingBeforeTheTimeoutIsNotATimeout) {
  ProcessOptions options;
  options.timeout = milliseconds(5000);
  auto result = Shell("echo quick", options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_FALSE(result->timed_out);
  EXPECT_EQ(result->exit_code, 0);
  EXPECT_EQ(result->out, "quick\n");
}

TEST(RenderProcessTest, TimeoutKillsTheProcess) {
  ProcessOptions options;
  options.timeout = milliseconds(300);
  const auto start = Clock::now();
  auto result = Shell("echo started; sleep 30", options);
  const auto elapsed = Clock::now() - start;
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->timed_out);
  EXPECT_FALSE(result->cancelled);
  EXPECT_EQ(result->exit_code, -1);
  EXPECT_EQ(result->out, "started\n");  // what came before the kill is kept
  EXPECT_GE(elapsed, milliseconds(300));
  EXPECT_LT(elapsed, kKilledWellBefore);
}

TEST(RenderProcessTest, TimeoutKillsTheChildsOwnChildren) {
  ProcessOptions options;
  options.timeout = milliseconds(300);
  const auto start = Clock::now();
  auto result = Shell("sleep 30 & echo $!; wait", options);
  const auto elapsed = Clock::now() - start;
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->timed_out);
  EXPECT_LT(elapsed, kKilledWellBefore);
  const pid_t grandchild = static_cast<pid_t>(std::atol(result->out.c_str()));
  ASSERT_GT(grandchild, 0) << result->out;
  EXPECT_TRUE(ProcessEnded(grandchild)) << "sleep " << grandchild << " survived the kill";
}

// A tool that closes its output and then hangs must still be killed at the limit.
TEST(RenderProcessTest, TimeoutKillsAProcessThatClosedItsOutput) {
  ProcessOptions options;
  options.timeout = milliseconds(300);
  const auto start = Clock::now();
  auto result = Shell("exec >/dev/null 2>&1; sleep 20", options);
  const auto elapsed = Clock::now() - start;
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->timed_out);
  EXPECT_LT(elapsed, kKilledWellBefore);
}

TEST(RenderProcessTest, RaisedCancelFlagStopsTheProcess) {
  std::atomic<bool> cancel{false};
  ProcessOptions options;
  options.cancel = &cancel;
  std::thread raiser([&cancel] {
    std::this_thread::sleep_for(milliseconds(200));
    cancel = true;
  });
  const auto start = Clock::now();
  auto result = Shell("sleep 30", options);
  const auto elapsed = Clock::now() - start;
  raiser.join();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->cancelled);
  EXPECT_FALSE(result->timed_out);
  EXPECT_EQ(result->exit_code, -1);
  EXPECT_LT(elapsed, kKilledWellBefore);
}

TEST(RenderProcessTest, CancelFlagAlreadyRaisedStopsAtOnce) {
  std::atomic<bool> cancel{true};
  ProcessOptions options;
  options.cancel = &cancel;
  options.timeout = milliseconds(60000);
  const auto start = Clock::now();
  auto result = Shell("sleep 30", options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->cancelled);
  EXPECT_LT(Clock::now() - start, kKilledWellBefore);
}

TEST(RenderProcessTest, FindOnPathFindsSh) {
  std::string sh = FindOnPath("sh");
  ASSERT_FALSE(sh.empty());
  EXPECT_EQ(fs::path(sh).filename(), "sh");
  EXPECT_EQ(access(sh.c_str(), X_OK), 0) << sh;
  EXPECT_EQ(FindOnPath("greenlight-no-such-program-7f3a"), "");
  EXPECT_EQ(FindOnPath("/bin/sh"), "/bin/sh");  // a path is taken as given
}

TEST(RenderProcessTest, FindOnPathSkipsFoldersAndNonExecutables) {
  testing::TempDir dir("process-path");
  dir.MakeDir("first/tool");                   // a folder named like the program
  dir.Write("second/tool", "#!/bin/sh\n");    // not executable
  fs::path real = dir.Write("third/tool", "#!/bin/sh\necho real\n");
  fs::permissions(real, fs::perms::owner_all);
  const std::string old_path = std::getenv("PATH") ? std::getenv("PATH") : "";
  const std::string path = (dir.path() / "first").string() + ":" + (dir.path() / "second").string() + ":" +
                           (dir.path() / "third").string();
  ASSERT_EQ(setenv("PATH", path.c_str(), 1), 0);
  std::string found = FindOnPath("tool");
  setenv("PATH", old_path.c_str(), 1);
  EXPECT_EQ(found, real.string());
}

}  // namespace
}  // namespace greenlight::render
