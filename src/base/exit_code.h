// File: src/base/exit_code.h
// The process exit codes, in one place, documented in README and --help. Severity is not
// encoded in the exit code (pluto's 2/3/4 scheme); --fail-on expresses that policy instead.
#pragma once

namespace greenlight {

enum ExitCode : int {
  kExitOk = 0,                 ///< nothing at or above --fail-on
  kExitFindings = 1,           ///< findings at or above --fail-on (default: error)
  kExitUsageOrInputError = 2,  ///< bad flags, or input that could not be read or parsed
  kExitInterrupted = 130,      ///< SIGINT
};

}  // namespace greenlight
