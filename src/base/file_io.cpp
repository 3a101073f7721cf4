#include "base/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace greenlight {
namespace {

std::string KindOfFile(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISDIR(mode)) return "a directory";
  return "not a regular file";
}

Status NotRegular(mode_t mode, const std::string& display_path) {
  return DataLoss("not read: " + KindOfFile(mode) +
                      ", and directory scans read regular files only (name it on the command line "
                      "to read it)",
                  Location{display_path});
}

Status TooLarge(uint64_t max_bytes, const std::string& display_path) {
  return DataLoss("input is larger than the --max-input-size limit of " + FormatByteSize(max_bytes) +
                      "; nothing of it was scanned (raise the limit with --max-input-size)",
                  Location{display_path});
}

}  // namespace

StatusOr<std::string> ReadFdToString(int fd, const std::string& display_path, uint64_t max_bytes) {
  std::string bytes;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
    if (static_cast<uint64_t>(info.st_size) > max_bytes) return TooLarge(max_bytes, display_path);
    bytes.reserve(static_cast<size_t>(info.st_size));
  }
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return DataLoss(std::string("cannot read file: ") + std::strerror(errno), Location{display_path});
    }
    if (n == 0) break;
    // Checked before appending, so a never-ending stream costs at most max_bytes of memory.
    if (bytes.size() + static_cast<size_t>(n) > max_bytes) return TooLarge(max_bytes, display_path);
    bytes.append(buffer, static_cast<size_t>(n));
  }
  return bytes;
}

StatusOr<std::string> ReadFileToString(const std::filesystem::path& path, const std::string& display_path,
                                       const ReadLimits& limits) {
  // O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; it is only
  // used where FIFOs are refused anyway, and regular files ignore it.
  int flags = O_RDONLY | O_CLOEXEC | (limits.regular_file_only ? O_NONBLOCK : 0);
  int fd = ::open(path.c_str(), flags);
  struct stat info {};
  if (fd < 0) {
    int error = errno;
    if (limits.regular_file_only && ::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
      return NotRegular(info.st_mode, display_path);  // a socket cannot even be opened
    }
    std::string message = std::string("cannot read file: ") + std::strerror(error);
    return error == ENOENT ? NotFound(message, Location{display_path}) : DataLoss(message, Location{display_path});
  }
  if (limits.regular_file_only && (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))) {
    ::close(fd);
    return NotRegular(info.st_mode, display_path);
  }
  StatusOr<std::string> bytes = ReadFdToString(fd, display_path, limits.max_bytes);
  ::close(fd);
  return bytes;
}

std::string FormatByteSize(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"GiB", "MiB", "KiB"};
  for (int i = 0; i < 3; ++i) {
    uint64_t unit = uint64_t{1} << (10 * (3 - i));
    if (bytes >= unit && bytes % unit == 0) return std::to_string(bytes / unit) + " " + kUnits[i];
  }
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

StatusOr<uint64_t> ParseByteSize(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  std::string suffix(text.substr(digits));
  std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return std::toupper(c); });
  int shift = -1;
  if (suffix.empty() || suffix == "B") shift = 0;
  else if (suffix == "K" || suffix == "KB" || suffix == "KIB") shift = 10;
  else if (suffix == "M" || suffix == "MB" || suffix == "MIB") shift = 20;
  else if (suffix == "G" || suffix == "GB" || suffix == "GIB") shift = 30;
  if (digits == 0 || digits > 12 || shift < 0) {
    return InvalidArgument("'" + std::string(text) + "' is not a size: expected a number of bytes with an "
                           "optional K, M or G suffix, e.g. 64M");
  }
  uint64_t number = std::stoull(std::string(text.substr(0, digits)));
  uint64_t value = number << shift;
  if ((value >> shift) != number) return InvalidArgument("'" + std::string(text) + "' is too large a size");
  if (value == 0) return InvalidArgument("a size of 0 bytes would refuse every input; expected e.g. 64M");
  return value;
}

StatusOr<std::vector<std::filesystem::path>> ListYamlFiles(const std::string& path, const std::string& what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && (name.ends_with(".yaml") || name.ends_with(".yml"))) {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) return NotFound("no " + what + " (*.yaml) in directory", Location{path});
  } else if (fs::exists(path, ec)) {
    files.push_back(path);
  } else {
    return NotFound(what + " not found", Location{path});
  }
  return files;
}

}  // namespace greenlight
