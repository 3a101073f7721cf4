#include "parity/field_path.h"

namespace greenlight::parity {
namespace {

using document::Node;

const Node* SelectItem(const Node* at, const std::string& match_field, const std::string& value) {
  if (!at->IsSequence()) return nullptr;
  for (const Node* item : at->items()) {
    const Node* field = item->IsMapping() ? item->Get(match_field) : nullptr;
    std::string text = field != nullptr && field->IsScalar() ? field->scalar() : std::string();
    if (field != nullptr && text == value) return item;
  }
  return nullptr;
}

}  // namespace

FieldPath FieldPath::With(Step step) const {
  FieldPath out = *this;
  out.steps_.push_back(std::move(step));
  return out;
}

FieldPath FieldPath::Key(std::string_view key) const {
  return With(Step{Step::Type::kKey, std::string(key), "", 0});
}

FieldPath FieldPath::Select(std::string_view match_field, std::string_view value) const {
  return With(Step{Step::Type::kSelect, std::string(match_field), std::string(value), 0});
}

FieldPath FieldPath::Index(size_t index) const {
  return With(Step{Step::Type::kIndex, "", "", index});
}

std::string FieldPath::ToString() const {
  std::string out;
  for (const Step& step : steps_) {
    switch (step.type) {
      case Step::Type::kKey:
        if (step.key.empty() || step.key.find_first_of("./") != std::string::npos) {
          out += "[" + step.key + "]";
        } else {
          out += (out.empty() ? "" : ".") + step.key;
        }
        break;
      case Step::Type::kSelect:
        out += "[" + step.value + "]";
        break;
      case Step::Type::kIndex:
        out += "[" + std::to_string(step.index) + "]";
        break;
    }
  }
  return out;
}

const Node* FieldPath::Locate(const Node* root) const {
  const Node* at = root;
  for (const Step& step : steps_) {
    const Node* next = nullptr;
    if (step.type == Step::Type::kKey && at->IsMapping()) next = at->Get(step.key);
    if (step.type == Step::Type::kSelect) next = SelectItem(at, step.key, step.value);
    if (step.type == Step::Type::kIndex && at->IsSequence() && step.index < at->items().size()) {
      next = at->items()[step.index];
    }
    if (next == nullptr) return at;
    at = next;
  }
  return at;
}

}  // namespace greenlight::parity
