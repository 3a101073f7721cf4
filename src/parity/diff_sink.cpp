#include "parity/diff_sink.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace greenlight::parity {

bool DiffSink::Same(std::string_view blue, std::string_view green) {
  if (blue == green) return true;
  if (!values_.Same(blue, green)) return false;
  ++cluster_value_matches_;
  return true;
}

void DiffSink::Compare(std::string_view rule_id, const FieldPath& path,
                       std::optional<std::string> blue, std::optional<std::string> green) {
  if (!blue && !green) return;
  if (blue && green && Same(*blue, *green)) return;
  Add(rule_id, path, std::move(blue), std::move(green));
}

void DiffSink::Add(std::string_view rule_id, const FieldPath& path, std::optional<std::string> blue,
                   std::optional<std::string> green) {
  differences_.push_back(RawDifference{rule_id, path, std::move(blue), std::move(green)});
}

std::string Render(const document::Value& value) {
  if (value.IsScalar()) return value.text();
  std::string out = value.IsMapping() ? "{" : "[";
  bool first = true;
  if (value.IsMapping()) {
    // Keys in sorted order: a mapping is compared as a structure, so the same secretKeyRef
    // written {name, key} on one side and {key, name} on the other renders alike.
    std::vector<const document::Value::Entry*> entries;
    for (const auto& entry : value.entries()) entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(),
              [](const auto* a, const auto* b) { return a->first < b->first; });
    for (const auto* entry : entries) {
      out += (first ? "" : ", ") + entry->first + ": " + Render(entry->second);
      first = false;
    }
  } else {
    for (const document::Value& item : value.items()) {
      out += (first ? "" : ", ") + Render(item);
      first = false;
    }
  }
  return out + (value.IsMapping() ? "}" : "]");
}

std::optional<std::string> TextAt(const document::Value* root,
                                  std::initializer_list<std::string_view> keys) {
  if (root == nullptr) return std::nullopt;
  const document::Value* at = document::FindValue(*root, keys);
  if (at == nullptr || at->IsNull()) return std::nullopt;
  return Render(*at);
}

std::string ScalarAt(const document::Value* mapping, std::string_view key) {
  if (mapping == nullptr || !mapping->IsMapping()) return "";
  const document::Value* at = mapping->Get(key);
  return at != nullptr && at->IsScalar() && !at->IsNull() ? at->text() : "";
}

const std::vector<document::Value>& ItemsAt(const document::Value* mapping, std::string_view key) {
  static const std::vector<document::Value> kNone;
  if (mapping == nullptr || !mapping->IsMapping()) return kNone;
  const document::Value* at = mapping->Get(key);
  return at != nullptr && at->IsSequence() ? at->items() : kNone;
}

std::vector<ItemPair> PairItems(const std::vector<document::Value>& blue,
                                const std::vector<document::Value>& green,
                                std::string (*key_of)(const document::Value&),
                                const DiffSink& sink) {
  std::vector<ItemPair> pairs;
  std::vector<std::string> blue_keys;
  for (const document::Value& item : blue) {
    std::string key = key_of(item);
    if (key.empty()) continue;
    blue_keys.push_back(sink.Key(key, SideName::kBlue));
    pairs.push_back(ItemPair{key, &item, nullptr});
  }
  for (const document::Value& item : green) {
    std::string key = key_of(item);
    if (key.empty()) continue;
    std::string canonical = sink.Key(key, SideName::kGreen);
    bool matched = false;
    for (size_t i = 0; i < blue_keys.size() && !matched; ++i) {
      if (blue_keys[i] == canonical && pairs[i].green == nullptr) {
        pairs[i].green = &item;
        matched = true;
      }
    }
    if (!matched) pairs.push_back(ItemPair{key, nullptr, &item});
  }
  return pairs;
}

std::string NameOf(const document::Value& item) { return ScalarAt(&item, "name"); }

std::optional<long double> ParseQuantity(std::string_view text) {
  static const std::pair<std::string_view, long double> kSuffixes[] = {
      {"Ki", 1024.0L},
      {"Mi", 1048576.0L},
      {"Gi", 1073741824.0L},
      {"Ti", 1099511627776.0L},
      {"Pi", 1125899906842624.0L},
      {"Ei", 1152921504606846976.0L},
      {"m", 1e-3L},
      {"k", 1e3L},
      {"M", 1e6L},
      {"G", 1e9L},
      {"T", 1e12L},
      {"P", 1e15L},
      {"E", 1e18L}};
  long double scale = 1.0L;
  for (const auto& [suffix, factor] : kSuffixes) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      scale = factor;
      text.remove_suffix(suffix.size());
      break;
    }
  }
  if (text.empty() || text.find_first_not_of("0123456789.+-") != std::string_view::npos) {
    return std::nullopt;
  }
  std::string digits(text);
  char* end = nullptr;
  long double number = std::strtold(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size()) return std::nullopt;
  return number * scale;
}

}  // namespace greenlight::parity
