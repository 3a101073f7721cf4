// File: src/base/timings.h
// Where a run's time goes (`scan --timings`): stages add their wall-clock time under a name as
// they finish, from any thread; the CLI prints the totals. Off by default, and then a stage
// costs one relaxed atomic load. Stages that run in parallel (helm runs with --jobs > 1) add up
// to more than the wall time that elapsed; the count says how many times a stage ran.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace greenlight::timings {

struct Entry {
  std::string stage;
  double seconds = 0;
  uint64_t count = 0;
};

void Enable();
bool Enabled();
/// Adds one run of `stage` that took `seconds` (thread-safe; ignored unless enabled).
void Add(const std::string& stage, double seconds);
/// Every stage so far, in the order each first finished.
std::vector<Entry> Snapshot();

/// Adds the time from its construction to its destruction under `stage`.
class Scope {
 public:
  explicit Scope(std::string stage);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  std::string stage_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace greenlight::timings
