// File: src/render/process.h
// Runs a rendering tool (helm, kubectl) as a child process: argv only (no shell, so paths with
// spaces or quotes are safe), its own working directory, stdout and stderr captured, a wall-clock
// limit after which the whole process group is killed, and a cancel flag checked while waiting so
// Ctrl-C stops every render promptly.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "base/status.h"

namespace greenlight::render {

struct ProcessResult {
  int exit_code = -1;      ///< the exit status, or -1 when killed or not started
  bool timed_out = false;  ///< killed after the time limit
  bool cancelled = false;  ///< killed because the cancel flag was raised
  std::string out, err;
};

struct ProcessOptions {
  std::string working_dir;  ///< "" = the current directory
  std::chrono::milliseconds timeout{0};  ///< 0 = no limit
  const std::atomic<bool>* cancel = nullptr;
  /// Extra environment entries ("NAME=value"), added to the inherited environment.
  std::vector<std::string> env;
};

/// Starts argv[0] (looked up on PATH when it has no '/') and waits for it. The Status is an error
/// only when the process could not be started; a non-zero exit is reported in the result.
StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options);

/// The program a bare name resolves to on PATH, or "" when there is none.
std::string FindOnPath(const std::string& name);

}  // namespace greenlight::render
