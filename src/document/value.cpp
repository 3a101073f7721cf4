#include "document/value.h"

#include <algorithm>

namespace greenlight::document {

Value Value::String(std::string text) { return Scalar(std::move(text), ScalarType::kString); }
Value Value::Int(long long number) { return Scalar(std::to_string(number), ScalarType::kInt); }
Value Value::Bool(bool flag) { return Scalar(flag ? "true" : "false", ScalarType::kBool); }
Value Value::Null() { return Value(); }

Value Value::Scalar(std::string text, ScalarType type) {
  Value v;
  v.type_ = type;
  v.text_ = std::move(text);
  return v;
}

const Value* Value::Get(std::string_view key) const {
  for (const auto& [k, v] : entries_) {
    if (k == key) return &v;
  }
  return nullptr;
}

Value* Value::Get(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value&>(*this).Get(key));
}

Value& Value::Set(std::string_view key, Value value) {
  kind_ = Kind::kMapping;
  if (Value* existing = Get(key)) {
    *existing = std::move(value);
    return *existing;
  }
  entries_.emplace_back(std::string(key), std::move(value));
  return entries_.back().second;
}

Value& Value::SetAfter(std::string_view after, std::string_view key, Value value) {
  if (Value* existing = Get(key)) {
    *existing = std::move(value);
    return *existing;
  }
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& e) { return e.first == after; });
  if (it == entries_.end()) return Set(key, std::move(value));
  it = entries_.emplace(it + 1, std::string(key), std::move(value));
  return it->second;
}

Value Value::Take(std::string_view key) {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& e) { return e.first == key; });
  if (it == entries_.end()) return Value();
  Value out = std::move(it->second);
  entries_.erase(it);
  return out;
}

bool Value::Rename(std::string_view from, std::string_view to) {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& e) { return e.first == from; });
  if (it == entries_.end()) return false;
  Take(to);
  // Take may have moved entries; look the key up again.
  it = std::find_if(entries_.begin(), entries_.end(),
                    [&](const Entry& e) { return e.first == from; });
  it->first = std::string(to);
  return true;
}

Value& Value::Append(Value value) {
  kind_ = Kind::kSequence;
  items_.push_back(std::move(value));
  return items_.back();
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Value::Kind::kScalar:
      return a.type_ == b.type_ && a.text_ == b.text_;
    case Value::Kind::kMapping:
      return a.entries_ == b.entries_;
    case Value::Kind::kSequence:
      return a.items_ == b.items_;
  }
  return false;
}

Value ValueFromNode(const Node* node) {
  if (node == nullptr) return Value();
  switch (node->type()) {
    case NodeType::kScalar: {
      ScalarType type = node->scalar_type();
      // An empty plain scalar is null; keep it printable.
      if (type == ScalarType::kNull) return Value::Null();
      return Value::Scalar(node->scalar(), type).set_style(node->style());
    }
    case NodeType::kMapping: {
      Value out = Value::Mapping();
      for (const auto& [key, value] : node->entries()) {
        std::string key_text = key != nullptr && key->IsScalar() ? key->scalar() : std::string();
        out.Set(key_text, ValueFromNode(value));
      }
      return out;
    }
    case NodeType::kSequence: {
      Value out = Value::Sequence();
      for (const Node* item : node->items()) out.Append(ValueFromNode(item));
      return out;
    }
  }
  return Value();
}

const Value* FindValue(const Value& root, std::initializer_list<std::string_view> keys) {
  const Value* at = &root;
  for (std::string_view key : keys) {
    if (!at->IsMapping()) return nullptr;
    at = at->Get(key);
    if (at == nullptr) return nullptr;
  }
  return at;
}

Value* FindValue(Value& root, std::initializer_list<std::string_view> keys) {
  return const_cast<Value*>(FindValue(static_cast<const Value&>(root), keys));
}

}  // namespace greenlight::document
