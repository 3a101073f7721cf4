// File: tests/render/render_test_util.h
// Helpers shared by the render unit tests: a private temporary folder that is removed again,
// files written into it, and YAML text turned into the document::Value the Argo CD code reads.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "document/parser.h"
#include "document/value.h"

namespace greenlight::render::testing {

/// A fresh folder under the system temp directory, removed when the object goes away.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("greenlight-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  /// Writes `text` to `relative` (parent folders created) and returns the full path.
  std::filesystem::path Write(const std::string& relative, const std::string& text) const {
    std::filesystem::path file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  std::filesystem::path MakeDir(const std::string& relative) const {
    std::filesystem::create_directories(path_ / relative);
    return path_ / relative;
  }

 private:
  std::filesystem::path path_;
};

/// Parses one YAML document into a Value; a parse error fails the calling test.
inline document::Value Yaml(const std::string& text) {
  auto doc = document::ParseSingleDocument(text, "test.yaml");
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  if (!doc.ok()) return document::Value();
  return document::ValueFromNode(doc->root());
}

}  // namespace greenlight::render::testing
