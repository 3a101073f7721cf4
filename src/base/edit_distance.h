// File: src/base/edit_distance.h
// "Did you mean" for unknown subcommands, formats, rule ids and config keys (ninja's
// SpellcheckStringV): the closest candidate within a small edit distance.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace greenlight {

/// Levenshtein distance; stops early and returns max_distance + 1 once it is exceeded.
int EditDistance(std::string_view a, std::string_view b, int max_distance = 1 << 20);

/// The candidate nearest to `word` if it is within max(2, |word|/3) edits, else nullopt.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates);

}  // namespace greenlight
