// File: src/base/file_io.h
// Reading a whole file the user named, with an error that names it. Every module that reads a
// file from disk (inputs, catalogs, rules, config, specs) goes through here.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/status.h"

namespace greenlight {

/// The file's bytes. Errors are kDataLoss (or kNotFound) with `display_path` as the location.
StatusOr<std::string> ReadFileToString(const std::filesystem::path& path, const std::string& display_path);

/// The data files a --catalog/--rules style PATH names: the file itself, or the *.yaml and *.yml
/// files of a directory (not recursive), sorted. `what` names them in errors ("rule files").
/// Errors: kNotFound when the path does not exist or a directory holds none.
StatusOr<std::vector<std::filesystem::path>> ListYamlFiles(const std::string& path, const std::string& what);

}  // namespace greenlight
