#include "base/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace greenlight {

StatusOr<std::string> ReadFileToString(const std::filesystem::path& path, const std::string& display_path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int error = errno;
    std::string message = std::string("cannot read file: ") + std::strerror(error);
    return error == ENOENT ? NotFound(message, Location{display_path}) : DataLoss(message, Location{display_path});
  }
  std::string bytes;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
    bytes.reserve(static_cast<size_t>(info.st_size));
  }
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      return DataLoss(std::string("cannot read file: ") + std::strerror(error), Location{display_path});
    }
    if (n == 0) break;
    bytes.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return bytes;
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
