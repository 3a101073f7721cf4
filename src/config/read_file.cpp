#include "config/read_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace greenlight::config {

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFound(std::string("cannot read file: ") + std::strerror(errno), Location{path, 0, 0, -1});
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return DataLoss("cannot read file: I/O error", Location{path, 0, 0, -1});
  return buffer.str();
}

}  // namespace greenlight::config
