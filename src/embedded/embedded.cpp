#include "embedded/embedded.h"

#include <algorithm>

namespace greenlight::embedded {
namespace internal {
std::span<const EmbeddedFile> GeneratedTable();  // embedded_data.cpp, generated
}

std::span<const EmbeddedFile> All() { return internal::GeneratedTable(); }

std::optional<std::string_view> Find(std::string_view path) {
  auto files = All();
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const EmbeddedFile& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != path) return std::nullopt;
  return it->contents;
}

std::span<const EmbeddedFile> List(std::string_view prefix) {
  auto files = All();
  auto first = std::lower_bound(files.begin(), files.end(), prefix,
                                [](const EmbeddedFile& f, std::string_view p) { return f.path < p; });
  auto last = std::find_if(first, files.end(),
                           [&](const EmbeddedFile& f) { return !f.path.starts_with(prefix); });
  return files.subspan(static_cast<size_t>(first - files.begin()),
                       static_cast<size_t>(last - first));
}

}  // namespace greenlight::embedded
