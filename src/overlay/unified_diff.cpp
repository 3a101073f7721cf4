#include "overlay/unified_diff.h"

#include <algorithm>
#include <vector>

namespace greenlight::overlay {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return lines;
}

enum class Op : char { kKeep = ' ', kRemove = '-', kAdd = '+' };
struct Step {
  Op op;
  size_t a;  // line index in the old text (kKeep, kRemove)
  size_t b;  // line index in the new text (kKeep, kAdd)
};

// Past this many differing lines the diff stops looking for the shortest script and replaces
// the differing middle whole: still a correct diff, in bounded time and memory.
constexpr long kMaxEditDistance = 2000;

// Myers' O((N+M)D) shortest edit script over a[a_begin, a_end) and b[b_begin, b_end). Each round
// keeps only its band of the frontier (k in [-d-1, d+1]) for the backtrack: O(D^2) memory.
bool Myers(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
           size_t a_begin, size_t a_end, size_t b_begin, size_t b_end, std::vector<Step>& steps) {
  const long n = static_cast<long>(a_end - a_begin), m = static_cast<long>(b_end - b_begin);
  const long max = std::min(n + m, kMaxEditDistance);
  const long offset = max + 1;
  std::vector<long> v(2 * max + 3, 0);
  std::vector<std::vector<long>> trace;  // trace[d][k + d + 1]: v before round d
  auto at = [&](long x, long y) { return a[a_begin + size_t(x)] == b[b_begin + size_t(y)]; };
  long final_d = -1;
  for (long d = 0; d <= max && final_d < 0; ++d) {
    trace.emplace_back(v.begin() + (offset - d - 1), v.begin() + (offset + d + 2));
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                   ? v[offset + k + 1]
                   : v[offset + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && at(x, y)) ++x, ++y;
      v[offset + k] = x;
      if (x >= n && y >= m) {
        final_d = d;
        break;
      }
    }
  }
  if (final_d < 0) return false;
  std::vector<Step> reversed;
  long x = n, y = m;
  for (long d = final_d; d > 0; --d) {
    const std::vector<long>& prev = trace[size_t(d)];
    auto prev_at = [&](long k) { return prev[size_t(k + d + 1)]; };
    long k = x - y;
    long prev_k = (k == -d || (k != d && prev_at(k - 1) < prev_at(k + 1))) ? k + 1 : k - 1;
    long prev_x = prev_at(prev_k);
    long prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) {
      --x, --y;
      reversed.push_back({Op::kKeep, a_begin + size_t(x), b_begin + size_t(y)});
    }
    if (x == prev_x) {
      --y;
      reversed.push_back({Op::kAdd, a_begin + size_t(x), b_begin + size_t(y)});
    } else {
      --x;
      reversed.push_back({Op::kRemove, a_begin + size_t(x), b_begin + size_t(y)});
    }
  }
  while (x > 0 && y > 0) {
    --x, --y;
    reversed.push_back({Op::kKeep, a_begin + size_t(x), b_begin + size_t(y)});
  }
  steps.insert(steps.end(), reversed.rbegin(), reversed.rend());
  return true;
}

std::vector<Step> Diff(const std::vector<std::string_view>& a,
                       const std::vector<std::string_view>& b) {
  std::vector<Step> steps;
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
    steps.push_back({Op::kKeep, prefix, prefix});
    ++prefix;
  }
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  size_t a_end = a.size() - suffix, b_end = b.size() - suffix;
  if (!Myers(a, b, prefix, a_end, prefix, b_end, steps)) {
    for (size_t i = prefix; i < a_end; ++i) steps.push_back({Op::kRemove, i, prefix});
    for (size_t j = prefix; j < b_end; ++j) steps.push_back({Op::kAdd, a_end, j});
  }
  for (size_t i = 0; i < suffix; ++i) steps.push_back({Op::kKeep, a_end + i, b_end + i});
  return steps;
}

void AppendLine(std::string& out, char prefix, std::string_view line) {
  out += prefix;
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string UnifiedDiff(std::string_view from_text, std::string_view to_text,
                        std::string_view from_name, std::string_view to_name, int context) {
  if (from_text == to_text) return "";
  std::vector<std::string_view> a = SplitLines(from_text), b = SplitLines(to_text);
  std::vector<Step> steps = Diff(a, b);
  std::string out = "--- " + std::string(from_name) + "\n+++ " + std::string(to_name) + "\n";
  const size_t ctx = static_cast<size_t>(context);
  size_t i = 0;
  while (i < steps.size()) {
    if (steps[i].op == Op::kKeep) {
      ++i;
      continue;
    }
    // A hunk: from `context` lines before the change to `context` lines after the last change
    // that is closer than 2*context lines to the previous one.
    size_t start = i >= ctx ? i - ctx : 0;
    size_t end = i;
    size_t last_change = i;
    while (end < steps.size()) {
      if (steps[end].op != Op::kKeep) last_change = end;
      if (end - last_change > 2 * ctx) break;
      ++end;
    }
    end = std::min(steps.size(), last_change + ctx + 1);
    size_t a_start = steps[start].a, b_start = steps[start].b, a_count = 0, b_count = 0;
    for (size_t j = start; j < end; ++j) {
      if (steps[j].op != Op::kAdd) ++a_count;
      if (steps[j].op != Op::kRemove) ++b_count;
    }
    out += "@@ -" + std::to_string(a_count ? a_start + 1 : a_start) + "," +
           std::to_string(a_count) + " +" + std::to_string(b_count ? b_start + 1 : b_start) + "," +
           std::to_string(b_count) + " @@\n";
    for (size_t j = start; j < end; ++j) {
      const Step& s = steps[j];
      AppendLine(out, static_cast<char>(s.op), s.op == Op::kAdd ? b[s.b] : a[s.a]);
    }
    i = end;
  }
  return out;
}

}  // namespace greenlight::overlay
