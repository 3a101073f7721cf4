#include "base/line_index.h"

#include <cstring>

#include "base/utf8.h"

namespace greenlight {

void LineIndex::Build() {
  built_ = true;
  starts_.push_back(0);
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  for (const char* p = begin; p < end;) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    if (p < end) starts_.push_back(static_cast<size_t>(p - begin));
  }
}

bool LineIndex::Covers(uint32_t line) {
  if (line < first_line_ || line == 0) return false;
  if (!built_) Build();
  return line - first_line_ < starts_.size();
}

std::string_view LineIndex::Line(uint32_t line) {
  if (!Covers(line)) return {};
  const size_t i = line - first_line_;
  size_t begin = starts_[i];
  size_t end = i + 1 < starts_.size() ? starts_[i + 1] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\n') --end;  // the last line, ended by '\n'
  std::string_view out = text_.substr(begin, end - begin);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

std::string_view LineIndex::Excerpt(uint32_t line, size_t max_bytes) {
  std::string_view out = Line(line);
  return Utf8Prefix(out, max_bytes);
}

}  // namespace greenlight
