// File: src/parity/cluster_values.h
// Equality that knows the declared per-cluster values: each blue value and its green partner
// stand for the same placeholder, wherever they occur in a string, so "eks-blue-1-22" on blue
// and "eks-green-1-25" on green (or a role ARN built from them) compare equal.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parity/parity_config.h"

namespace greenlight::parity {

enum class SideName { kBlue, kGreen };

class ClusterValueMap {
 public:
  explicit ClusterValueMap(const std::vector<ClusterValue>& values);

  /// `text` with every declared value of `side` replaced by its pair's placeholder (longest
  /// value first, left to right, never re-scanning a replacement).
  std::string Canonical(std::string_view text, SideName side) const;

  /// True when the texts are equal once canonical.
  bool Same(std::string_view blue, std::string_view green) const {
    return blue == green || Canonical(blue, SideName::kBlue) == Canonical(green, SideName::kGreen);
  }

 private:
  struct Pair {
    std::string blue, green, placeholder;
  };
  std::vector<Pair> by_blue_length_;   // longest blue value first
  std::vector<Pair> by_green_length_;  // longest green value first
};

}  // namespace greenlight::parity
