// File: tests/fuzz/fuzz_support.h
// Shared by the libFuzzer targets (tests/fuzz/*_fuzzer.cpp). A target turns the fuzzer's bytes
// into what one reader takes, runs it, and checks what must hold for any input: no crash, no
// escaping exception (the sanitizers and libFuzzer turn both into findings), and every error a
// Status with a location naming the input. A broken invariant aborts with the reason, so
// libFuzzer keeps the input as a crasher.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/status.h"

namespace greenlight::fuzz {

inline std::string Bytes(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

[[noreturn]] inline void Fail(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "fuzz invariant broken: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline void Require(bool condition, std::string_view what, std::string_view detail = {}) {
  if (!condition) Fail(what, detail);
}

/// Errors about the input must say where: the file at least, as the location or in the message.
inline void RequireNamesFile(const Status& status, std::string_view file) {
  if (status.ok()) return;
  bool located = status.location().has_value() && status.location()->file == file;
  Require(located || status.message().find(file) != std::string::npos, "error does not name the input file",
          status.ToString());
}

}  // namespace greenlight::fuzz
