// File: src/base/atomic_file.h
// Writing the user's files safely: outputs appear whole or not at all (temp file in the same
// directory, fsync, rename), and never outside the directory the user named.
#pragma once

#include <filesystem>
#include <string_view>

#include "base/status.h"

namespace greenlight {

/// Writes `contents` to `path` atomically: a sibling temp file is written, flushed and renamed
/// over `path`. On failure (read-only folder, full disk) the previous file (if any) is
/// untouched and no temp file is left. SIGINT, SIGTERM and SIGHUP are held back meanwhile and
/// delivered once the temp file is gone, so an interrupted write leaves no partial file either.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents);

/// Joins `relative` under `root` and refuses any result that would leave `root` (absolute
/// paths, "..", symlinked parents pointing elsewhere). Returns the joined path.
StatusOr<std::filesystem::path> ResolveInside(const std::filesystem::path& root,
                                              const std::filesystem::path& relative);

}  // namespace greenlight
