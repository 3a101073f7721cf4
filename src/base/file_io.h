// File: src/base/file_io.h
// Reading a whole file the user named, with an error that names it. Every module that reads a
// file from disk (inputs, catalogs, rules, config, specs) goes through here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace greenlight {

/// The default of --max-input-size: no file or stream larger than this is read (a Kubernetes
/// object is at most ~1.5 MiB in etcd; rendered umbrella charts stay far below this).
inline constexpr uint64_t kDefaultMaxInputBytes = uint64_t{64} << 20;

struct ReadLimits {
  /// Reading stops with an error past this many bytes (a device such as /dev/zero never ends).
  uint64_t max_bytes = kDefaultMaxInputBytes;
  /// Refuse anything but a regular file without blocking: what a directory walk meets. A FIFO
  /// would block forever, a device never ends. Paths named by the user may be FIFOs
  /// (`<(helm template ...)`), so this is off by default.
  bool regular_file_only = false;
};

/// The file's bytes. Errors are kDataLoss (or kNotFound) with `display_path` as the location;
/// a file or stream past limits.max_bytes is kDataLoss saying so (nothing of it is returned).
StatusOr<std::string> ReadFileToString(const std::filesystem::path& path, const std::string& display_path,
                                       const ReadLimits& limits = {});

/// Reads `fd` (standard input, say) to its end under the same size bound. Does not close it.
StatusOr<std::string> ReadFdToString(int fd, const std::string& display_path, uint64_t max_bytes);

/// "64 MiB", "512 KiB", "100 bytes": sizes in messages.
std::string FormatByteSize(uint64_t bytes);

/// Parses a size flag: a number of bytes with an optional K, M or G suffix (binary, KiB/MiB/GiB
/// and KB/MB/GB spellings accepted), e.g. "64M", "1G", "500000". Zero is refused.
StatusOr<uint64_t> ParseByteSize(std::string_view text);

/// The data files a --catalog/--rules style PATH names: the file itself, or the *.yaml and *.yml
/// files of a directory (not recursive), sorted. `what` names them in errors ("rule files").
/// Errors: kNotFound when the path does not exist or a directory holds none.
StatusOr<std::vector<std::filesystem::path>> ListYamlFiles(const std::string& path, const std::string& what);

}  // namespace greenlight
