// File: src/base/glob.h
// Path globs for --include/--exclude and config path overrides: '*' matches within one path
// segment, '**' across segments, '?' one character, '[abc]' a class. Paths use '/'.
// A pattern without '/' matches the file name at any depth (like .gitignore).
#pragma once

#include <string_view>

namespace greenlight {

bool GlobMatch(std::string_view pattern, std::string_view path);

}  // namespace greenlight
