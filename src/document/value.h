// File: src/document/value.h
// A mutable YAML value tree for code that rewrites documents (the overlay converts objects to
// other API versions). Unlike Node, a Value owns its children and can be edited; it keeps the
// mapping order and, for scalars, what the scalar means (string, int, bool, ...), so that
// writing it back (document/emitter.h) never turns the string "80" into the number 80.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "document/node.h"

namespace greenlight::document {

class Value {
 public:
  enum class Kind : uint8_t { kScalar, kMapping, kSequence };
  using Entry = std::pair<std::string, Value>;

  Value() = default;  ///< a null scalar

  static Value String(std::string text);
  static Value Int(long long number);
  static Value Bool(bool flag);
  static Value Null();
  /// A scalar with an explicit resolved type; `text` is written as-is for non-strings.
  static Value Scalar(std::string text, ScalarType type);
  static Value Mapping() { return Value(Kind::kMapping); }
  static Value Sequence() { return Value(Kind::kSequence); }

  Kind kind() const { return kind_; }
  bool IsScalar() const { return kind_ == Kind::kScalar; }
  bool IsMapping() const { return kind_ == Kind::kMapping; }
  bool IsSequence() const { return kind_ == Kind::kSequence; }
  bool IsNull() const { return IsScalar() && type_ == ScalarType::kNull; }
  bool IsString() const { return IsScalar() && type_ == ScalarType::kString; }
  bool IsInt() const { return IsScalar() && type_ == ScalarType::kInt; }

  // Scalars.
  const std::string& text() const { return text_; }
  ScalarType scalar_type() const { return type_; }
  /// How the input wrote the scalar; the emitter keeps quotes where they stay valid, so a
  /// rewritten document differs from its input only where the conversion changed it.
  ScalarStyle style() const { return style_; }
  Value& set_style(ScalarStyle style) {
    style_ = style;
    return *this;
  }

  // Mappings (document order kept; keys are unique).
  const std::vector<Entry>& entries() const { return entries_; }
  std::vector<Entry>& entries() { return entries_; }
  const Value* Get(std::string_view key) const;
  Value* Get(std::string_view key);
  /// Replaces the value of `key` in place, or appends the entry. Returns the stored value.
  Value& Set(std::string_view key, Value value);
  /// Sets `key` right after `after` (or appends when `after` is absent).
  Value& SetAfter(std::string_view after, std::string_view key, Value value);
  /// Removes `key` and returns its value (a null Value when absent).
  Value Take(std::string_view key);
  bool Has(std::string_view key) const { return Get(key) != nullptr; }
  /// Renames `from` to `to` in place (keeping its position). False when `from` is absent.
  bool Rename(std::string_view from, std::string_view to);

  // Sequences.
  const std::vector<Value>& items() const { return items_; }
  std::vector<Value>& items() { return items_; }
  Value& Append(Value value);

  /// Elements of a mapping or sequence; 0 for scalars.
  size_t size() const { return IsMapping() ? entries_.size() : items_.size(); }

  friend bool operator==(const Value& a, const Value& b);

 private:
  explicit Value(Kind kind) : kind_(kind) {}

  Kind kind_ = Kind::kScalar;
  ScalarType type_ = ScalarType::kNull;
  ScalarStyle style_ = ScalarStyle::kPlain;
  std::string text_ = "null";
  std::vector<Entry> entries_;
  std::vector<Value> items_;
};

/// Copies a parsed tree (aliases expanded, merge keys already applied by the parser). Keys
/// that are not scalars are written as their scalar text, which Kubernetes objects never use.
Value ValueFromNode(const Node* node);

/// Follows a path of mapping keys; nullptr when any step is missing or not a mapping.
const Value* FindValue(const Value& root, std::initializer_list<std::string_view> keys);
Value* FindValue(Value& root, std::initializer_list<std::string_view> keys);

}  // namespace greenlight::document
