// File: src/base/file_io.h
// Reading a whole file the user named, with an error that names it. Every module that reads a
// file from disk (inputs, catalogs, rules, config, specs) goes through here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
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

/// A file, FIFO or standard input read a chunk at a time under ReadLimits: how a scan reads a
/// big input, so that only the part being checked is in memory.
class ChunkReader {
 public:
  /// Opens `path` as ReadFileToString does (same errors; a regular file larger than the limit
  /// is refused here, before anything is read).
  static StatusOr<std::unique_ptr<ChunkReader>> OpenFile(const std::filesystem::path& path,
                                                         const std::string& display_path,
                                                         const ReadLimits& limits = {});
  /// Reads `fd` (standard input, say), which it does not close.
  static std::unique_ptr<ChunkReader> ForFd(int fd, const std::string& display_path, uint64_t max_bytes);
  ~ChunkReader();
  ChunkReader(const ChunkReader&) = delete;
  ChunkReader& operator=(const ChunkReader&) = delete;

  /// Appends up to `max` bytes to `out` and says how many; 0 at the end. kDataLoss on a read
  /// error, or once the input runs past the size limit (too_large() then says so; the bytes
  /// past the limit are not appended).
  StatusOr<size_t> Read(std::string& out, size_t max);
  bool too_large() const { return too_large_; }
  uint64_t max_bytes() const { return max_bytes_; }
  uint64_t bytes_read() const { return bytes_read_; }
  /// The size of a regular file (0 for a stream), to reserve its buffer once.
  uint64_t size_hint() const { return size_hint_; }

 private:
  ChunkReader(int fd, bool owns_fd, std::string display_path, uint64_t max_bytes, uint64_t size_hint);

  int fd_;
  bool owns_fd_;
  std::string display_path_;
  uint64_t max_bytes_;
  uint64_t size_hint_;
  uint64_t bytes_read_ = 0;
  bool too_large_ = false;
};

/// The error of an input larger than `max_bytes` of which nothing was scanned.
Status InputTooLarge(uint64_t max_bytes, const std::string& display_path);

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
