#include "test_paths.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace greenlight::testing {

std::filesystem::path SourceDir() { return GREENLIGHT_SOURCE_DIR; }

std::filesystem::path TestData(const std::string& relative) { return SourceDir() / "testdata" / relative; }

std::filesystem::path SharedDir() {
  auto shared = SourceDir().parent_path() / "shared";
  return std::filesystem::is_directory(shared) ? shared : std::filesystem::path();
}

std::string ReadFileOrDie(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace greenlight::testing
