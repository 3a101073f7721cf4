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

}  // namespace

Status InputTooLarge(uint64_t max_bytes, const std::string& display_path) {
  return DataLoss("input is larger than the --max-input-size limit of " + FormatByteSize(max_bytes) +
                      "; nothing of it was scanned (raise the limit with --max-input-size)",
                  Location{display_path});
}


ChunkReader::ChunkReader(int fd, bool owns_fd, std::string display_path, uint64_t max_bytes, uint64_t size_hint)
    : fd_(fd), owns_fd_(owns_fd), display_path_(std::move(display_path)), max_bytes_(max_bytes), size_hint_(size_hint) {}

ChunkReader::~ChunkReader() {
  if (owns_fd_) ::close(fd_);
}

std::unique_ptr<ChunkReader> ChunkReader::ForFd(int fd, const std::string& display_path, uint64_t max_bytes) {
  struct stat info {};
  uint64_t size = 0;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) size = static_cast<uint64_t>(info.st_size);
  return std::unique_ptr<ChunkReader>(new ChunkReader(fd, /*owns_fd=*/false, display_path, max_bytes, size));
}

StatusOr<std::unique_ptr<ChunkReader>> ChunkReader::OpenFile(const std::filesystem::path& path,
                                                             const std::string& display_path,
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
  std::unique_ptr<ChunkReader> reader = ForFd(fd, display_path, limits.max_bytes);
  reader->owns_fd_ = true;
  if (reader->size_hint_ > limits.max_bytes) {
    reader->too_large_ = true;
    return InputTooLarge(limits.max_bytes, display_path);
  }
  return reader;
}

StatusOr<size_t> ChunkReader::Read(std::string& out, size_t max) {
  // Through a buffer on the stack: growing `out` by `max` first would cost an allocation and a
  // fill for every small file, and most files are small.
  char buffer[1 << 16];
  ssize_t n;
  do {
    n = ::read(fd_, buffer, std::min(max, sizeof buffer));
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    return DataLoss(std::string("cannot read file: ") + std::strerror(errno), Location{display_path_});
  }
  const auto count = static_cast<size_t>(n);
  // Checked before keeping the bytes, so a never-ending stream costs at most max_bytes.
  if (bytes_read_ + count > max_bytes_) {
    too_large_ = true;
    return DataLoss("input is larger than the --max-input-size limit of " + FormatByteSize(max_bytes_) +
                        "; what follows its first " + FormatByteSize(bytes_read_) +
                        " was not read (raise the limit with --max-input-size)",
                    Location{display_path_});
  }
  out.append(buffer, count);
  bytes_read_ += count;
  return count;
}

namespace {

StatusOr<std::string> ReadAll(ChunkReader& reader, const std::string& display_path, uint64_t max_bytes) {
  std::string bytes;
  if (reader.size_hint() > 0) bytes.reserve(static_cast<size_t>(reader.size_hint()));
  for (;;) {
    StatusOr<size_t> n = reader.Read(bytes, size_t{1} << 16);
    if (!n.ok()) return reader.too_large() ? InputTooLarge(max_bytes, display_path) : n.status();
    if (*n == 0) return bytes;
  }
}

}  // namespace

StatusOr<std::string> ReadFdToString(int fd, const std::string& display_path, uint64_t max_bytes) {
  std::unique_ptr<ChunkReader> reader = ChunkReader::ForFd(fd, display_path, max_bytes);
  if (reader->size_hint() > max_bytes) return InputTooLarge(max_bytes, display_path);
  return ReadAll(*reader, display_path, max_bytes);
}

StatusOr<std::string> ReadFileToString(const std::filesystem::path& path, const std::string& display_path,
                                       const ReadLimits& limits) {
  GL_ASSIGN_OR_RETURN(std::unique_ptr<ChunkReader> reader, ChunkReader::OpenFile(path, display_path, limits));
  return ReadAll(*reader, display_path, limits.max_bytes);
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
