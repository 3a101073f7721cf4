#include "base/timings.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <utility>

namespace greenlight::timings {
namespace {

std::atomic<bool> enabled{false};

struct Table {
  std::mutex mutex;
  std::vector<Entry> entries;
};

Table& TheTable() {
  static Table table;
  return table;
}

}  // namespace

void Enable() { enabled.store(true, std::memory_order_relaxed); }

bool Enabled() { return enabled.load(std::memory_order_relaxed); }

void Add(const std::string& stage, double seconds) {
  if (!Enabled()) return;
  Table& table = TheTable();
  std::lock_guard<std::mutex> lock(table.mutex);
  auto it = std::find_if(table.entries.begin(), table.entries.end(), [&](const Entry& e) { return e.stage == stage; });
  if (it == table.entries.end()) {
    table.entries.push_back(Entry{stage, seconds, 1});
  } else {
    it->seconds += seconds;
    ++it->count;
  }
}

std::vector<Entry> Snapshot() {
  Table& table = TheTable();
  std::lock_guard<std::mutex> lock(table.mutex);
  return table.entries;
}

Scope::Scope(std::string stage) : stage_(std::move(stage)), enabled_(Enabled()) {
  if (enabled_) start_ = std::chrono::steady_clock::now();
}

Scope::~Scope() {
  if (!enabled_) return;
  Add(stage_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
}

}  // namespace greenlight::timings
