#include "render/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "base/timings.h"

extern char** environ;

namespace greenlight::render {

namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
  int read_end = -1, write_end = -1;
  bool Open() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return false;
    read_end = fds[0];
    write_end = fds[1];
    return true;
  }
  void CloseAll() {
    if (read_end >= 0) close(read_end);
    if (write_end >= 0) close(write_end);
    read_end = write_end = -1;
  }
};

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// The inherited environment with `extra` replacing any entry of the same name (getenv and Go's
// os.Getenv take the first match, so a duplicate would not override).
std::vector<std::string> ChildEnvironment(const std::vector<std::string>& extra) {
  auto name_of = [](std::string_view entry) { return entry.substr(0, entry.find('=')); };
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    bool overridden = std::any_of(extra.begin(), extra.end(),
                                  [&](const std::string& x) { return name_of(x) == name_of(entry); });
    if (!overridden) env.emplace_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

// Reads whatever is ready on the two pipes; returns false once both are closed.
bool DrainReady(Pipe& out, Pipe& err, ProcessResult& result, int wait_ms) {
  pollfd fds[2] = {{out.read_end, POLLIN, 0}, {err.read_end, POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int* ends[2] = {&out.read_end, &err.read_end};
  if (poll(fds, 2, wait_ms) < 0 && errno != EINTR) return false;
  char buffer[65536];
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
    ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
    if (n > 0) {
      sinks[i]->append(buffer, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      close(*ends[i]);
      *ends[i] = -1;
    }
  }
  return out.read_end >= 0 || err.read_end >= 0;
}

// The stage a run of `argv` counts under in --timings: "helm template", "kubectl kustomize".
std::string TimingStage(const std::vector<std::string>& argv) {
  std::string stage = std::filesystem::path(argv[0]).filename().string();
  if (argv.size() > 1 && !argv[1].starts_with('-')) stage += " " + argv[1];
  return stage;
}

}  // namespace

std::string FindOnPath(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = (end > start ? dirs.substr(start, end - start) : ".") + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate)) {
      return candidate;
    }
    start = end + 1;
  }
  return "";
}

StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options) {
  if (argv.empty()) return InvalidArgument("no program to run");
  timings::Scope timing(timings::Enabled() ? TimingStage(argv) : std::string());
  std::string program = FindOnPath(argv[0]);
  if (program.empty()) return NotFound(argv[0] + " was not found on PATH");
  Pipe out, err;
  if (!out.Open() || !err.Open()) {
    out.CloseAll();
    return Internal(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write_end, 1);
  posix_spawn_file_actions_adddup2(&actions, err.write_end, 2);
  if (!options.working_dir.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, options.working_dir.c_str());
  }
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so a timeout kills the tool and anything it started (kustomize runs
  // helm), and the terminal's Ctrl-C reaches us first and we decide.
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<std::string> args = argv;
  std::vector<std::string> env = ChildEnvironment(options.env);
  std::vector<char*> c_args = CStrings(args), c_env = CStrings(env);
  pid_t pid = -1;
  int spawn_error = posix_spawn(&pid, program.c_str(), &actions, &attributes, c_args.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(out.write_end);
  close(err.write_end);
  out.write_end = err.write_end = -1;
  if (spawn_error != 0) {
    out.CloseAll();
    err.CloseAll();
    return Internal("cannot start " + program + ": " + std::strerror(spawn_error));
  }
  ProcessResult result;
  const Clock::time_point deadline = Clock::now() + options.timeout;
  bool killed = false;
  // Kills the process group once the deadline passes or the cancel flag is raised.
  auto enforce_limits = [&] {
    if (killed) return;
    if (options.cancel != nullptr && options.cancel->load()) {
      result.cancelled = killed = true;
    } else if (options.timeout.count() > 0 && Clock::now() >= deadline) {
      result.timed_out = killed = true;
    }
    if (killed) kill(-pid, SIGKILL);
  };
  while (DrainReady(out, err, result, 100)) enforce_limits();
  // A tool may close its output and still run: keep enforcing the limits until it exits.
  int status = 0;
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    enforce_limits();
    std::this_thread::sleep_for(std::chrono::milliseconds(killed ? 5 : 20));
  }
  if (!killed && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace greenlight::render
