// File: src/base/file_io.h
// Reading a whole file the user named, with an error that names it. Every module that reads a
// file from disk (inputs, catalogs, rules, config, specs) goes through here.
#pragma once

#include <filesystem>
#include <string>

#include "base/status.h"

namespace greenlight {

/// The file's bytes. Errors are kDataLoss (or kNotFound) with `display_path` as the location.
StatusOr<std::string> ReadFileToString(const std::filesystem::path& path, const std::string& display_path);

}  // namespace greenlight
