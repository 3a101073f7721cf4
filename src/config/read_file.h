// File: src/config/read_file.h
// Reading a settings file the user named (config, baseline) whole, with an error naming it.
#pragma once

#include <string>

#include "base/status.h"

namespace greenlight::config {

StatusOr<std::string> ReadWholeFile(const std::string& path);

}  // namespace greenlight::config
