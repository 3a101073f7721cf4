// File: src/parity/diff_sink.h
// What the per-kind comparers share: the raw difference they record (rule, field path, the two
// values as text) and the sink that decides equality with the declared per-cluster values in
// mind, plus helpers to read normalised values as text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document/value.h"
#include "parity/cluster_values.h"
#include "parity/field_path.h"

namespace greenlight::parity {

/// A difference before it is located and labelled. A value is nullopt where that side lacks it.
struct RawDifference {
  std::string_view rule_id;
  FieldPath path;
  std::optional<std::string> blue;
  std::optional<std::string> green;
};

class DiffSink {
 public:
  explicit DiffSink(const ClusterValueMap& values) : values_(values) {}

  /// Equal as text, or equal once the declared per-cluster values are swapped (counted).
  bool Same(std::string_view blue, std::string_view green);
  /// Records a difference unless both are absent or Same().
  void Compare(std::string_view rule_id, const FieldPath& path, std::optional<std::string> blue,
               std::optional<std::string> green);
  /// Records a difference as it is (the caller already decided that the sides differ).
  void Add(std::string_view rule_id, const FieldPath& path, std::optional<std::string> blue,
           std::optional<std::string> green);

  /// A name as a matching key: the blue or green text with per-cluster values made neutral.
  std::string Key(std::string_view text, SideName side) const {
    return values_.Canonical(text, side);
  }

  std::vector<RawDifference> Take() { return std::move(differences_); }
  size_t cluster_value_matches() const { return cluster_value_matches_; }

 private:
  const ClusterValueMap& values_;
  std::vector<RawDifference> differences_;
  size_t cluster_value_matches_ = 0;
};

/// Compact one-line text of a value: scalars as written, mappings "{k: v, ...}" with their keys
/// sorted (so equal text means equal structure, whatever order either side wrote the keys in),
/// sequences "[a, b]" in their order.
std::string Render(const document::Value& value);
/// Render() of the value at `keys`, nullopt when absent (or null).
std::optional<std::string> TextAt(const document::Value* root,
                                  std::initializer_list<std::string_view> keys);
/// The scalar text of a mapping's `key`, "" when absent or not a scalar.
std::string ScalarAt(const document::Value* mapping, std::string_view key);
/// The items of the sequence at `key` of `mapping`; empty when absent.
const std::vector<document::Value>& ItemsAt(const document::Value* mapping, std::string_view key);

/// One item of a keyed list (containers by name, ports by name, rules by host) and its
/// counterpart; either side is nullptr when only the other has the key.
struct ItemPair {
  std::string key;  ///< as blue writes it (green's text when only green has it)
  const document::Value* blue = nullptr;
  const document::Value* green = nullptr;
};
/// Pairs the items of two keyed lists: blue's order first, then green's extras. Keys are
/// compared with per-cluster values made neutral; items whose key is empty are skipped.
std::vector<ItemPair> PairItems(const std::vector<document::Value>& blue,
                                const std::vector<document::Value>& green,
                                std::string (*key_of)(const document::Value&),
                                const DiffSink& sink);
/// The key of a list item that is named by its "name" field.
std::string NameOf(const document::Value& item);

/// A Kubernetes quantity ("500m", "0.5", "1Gi", "1024Mi") as a number; nullopt when malformed.
std::optional<long double> ParseQuantity(std::string_view text);

}  // namespace greenlight::parity
