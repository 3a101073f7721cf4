// File: tests/test_paths.h
// Where tests find the repository's data and the shared corpora (../shared beside the checkout,
// absent in a user's clone: tests that need it skip and say why).
#pragma once

#include <filesystem>
#include <string>

namespace greenlight::testing {

std::filesystem::path SourceDir();
std::filesystem::path TestData(const std::string& relative);
/// ../shared beside the checkout, or empty when it is not there.
std::filesystem::path SharedDir();
std::string ReadFileOrDie(const std::filesystem::path& path);

}  // namespace greenlight::testing
