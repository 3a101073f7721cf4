#include "parity/cluster_values.h"

#include <algorithm>

namespace greenlight::parity {

ClusterValueMap::ClusterValueMap(const std::vector<ClusterValue>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    // Control characters never occur in manifest values, so a placeholder cannot collide.
    std::string placeholder = "\x01" + std::to_string(i) + "\x01";
    by_blue_length_.push_back(Pair{values[i].blue, values[i].green, placeholder});
  }
  by_green_length_ = by_blue_length_;
  std::stable_sort(by_blue_length_.begin(), by_blue_length_.end(),
                   [](const Pair& a, const Pair& b) { return a.blue.size() > b.blue.size(); });
  std::stable_sort(by_green_length_.begin(), by_green_length_.end(),
                   [](const Pair& a, const Pair& b) { return a.green.size() > b.green.size(); });
}

std::string ClusterValueMap::Canonical(std::string_view text, SideName side) const {
  const std::vector<Pair>& pairs = side == SideName::kBlue ? by_blue_length_ : by_green_length_;
  if (pairs.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    const Pair* hit = nullptr;
    for (const Pair& pair : pairs) {
      const std::string& value = side == SideName::kBlue ? pair.blue : pair.green;
      if (!value.empty() && text.compare(at, value.size(), value) == 0) {
        hit = &pair;
        break;
      }
    }
    if (hit != nullptr) {
      out += hit->placeholder;
      at += (side == SideName::kBlue ? hit->blue : hit->green).size();
    } else {
      out += text[at++];
    }
  }
  return out;
}

}  // namespace greenlight::parity
