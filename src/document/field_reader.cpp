#include "document/field_reader.h"

#include "base/edit_distance.h"
#include "document/parser.h"

namespace greenlight::document {

std::string DescribeNode(const Node* node) {
  if (node == nullptr) return "nothing";
  if (node->IsMapping()) return "a mapping";
  if (node->IsSequence()) return "a list";
  switch (node->scalar_type()) {
    case ScalarType::kNull: return "null";
    case ScalarType::kBool: return "a boolean ('" + node->scalar() + "')";
    case ScalarType::kInt: return "a number ('" + node->scalar() + "')";
    case ScalarType::kFloat: return "a number ('" + node->scalar() + "')";
    case ScalarType::kString: return "a string ('" + node->scalar() + "')";
  }
  return "a scalar";
}

MappingReader::MappingReader(const Node* node, std::string_view file, std::string_view what)
    : node_(node), file_(file), what_(what) {
  if (node_ == nullptr || !node_->IsMapping()) {
    Fail(node_, "expected " + what_ + " to be a mapping, found " + DescribeNode(node_));
  }
}

void MappingReader::Fail(const Node* at, std::string message) {
  if (!status_.ok()) return;
  status_ = InvalidArgument(std::move(message), LocationOf(at ? at : node_, file_));
}

bool MappingReader::Has(std::string_view key) const {
  return node_ && node_->IsMapping() && node_->Get(key) != nullptr;
}

const Node* MappingReader::Lookup(std::string_view key) {
  if (!node_ || !node_->IsMapping()) return nullptr;
  read_.insert(std::string(key));
  return node_->Get(key);
}

const Node* MappingReader::Raw(std::string_view key) { return Lookup(key); }

namespace {
const char* TypeWord(NodeType t) {
  return t == NodeType::kMapping ? "a mapping" : t == NodeType::kSequence ? "a list" : "a scalar";
}
}  // namespace

#define GL_TYPED_GETTER(Name, Type, Required)                                                 \
  const Node* MappingReader::Name(std::string_view key) {                                     \
    const Node* v = Lookup(key);                                                              \
    if (v == nullptr || v->IsNull()) {                                                        \
      if (Required) Fail(node_, "missing required key '" + std::string(key) + "' in " + what_); \
      return nullptr;                                                                         \
    }                                                                                         \
    if (v->type() != Type) {                                                                  \
      Fail(v, "'" + std::string(key) + "' must be " + TypeWord(Type) + ", found " +           \
                  DescribeNode(v));                                                           \
      return nullptr;                                                                         \
    }                                                                                         \
    return v;                                                                                 \
  }
GL_TYPED_GETTER(RequiredMapping, NodeType::kMapping, true)
GL_TYPED_GETTER(OptionalMapping, NodeType::kMapping, false)
GL_TYPED_GETTER(RequiredSequence, NodeType::kSequence, true)
GL_TYPED_GETTER(OptionalSequence, NodeType::kSequence, false)
#undef GL_TYPED_GETTER

std::optional<std::string> MappingReader::OptionalString(std::string_view key) {
  const Node* v = Lookup(key);
  if (v == nullptr || v->IsNull()) return std::nullopt;
  if (!v->IsScalar() || v->scalar_type() == ScalarType::kBool) {
    Fail(v, "'" + std::string(key) + "' must be a string, found " + DescribeNode(v));
    return std::nullopt;
  }
  return v->scalar();
}

std::optional<std::string> MappingReader::RequiredString(std::string_view key) {
  auto value = OptionalString(key);
  if (!value && ok()) Fail(node_, "missing required key '" + std::string(key) + "' in " + what_);
  return value;
}

std::optional<long long> MappingReader::OptionalInt(std::string_view key) {
  const Node* v = Lookup(key);
  if (v == nullptr || v->IsNull()) return std::nullopt;
  if (!v->IsScalar() || v->scalar_type() != ScalarType::kInt) {
    Fail(v, "'" + std::string(key) + "' must be a whole number, found " + DescribeNode(v));
    return std::nullopt;
  }
  try {
    return std::stoll(v->scalar(), nullptr, 0);
  } catch (...) {
    Fail(v, "'" + std::string(key) + "' is out of range: " + v->scalar());
    return std::nullopt;
  }
}

std::optional<bool> MappingReader::OptionalBool(std::string_view key) {
  const Node* v = Lookup(key);
  if (v == nullptr || v->IsNull()) return std::nullopt;
  if (!v->IsScalar() || v->scalar_type() != ScalarType::kBool) {
    Fail(v, "'" + std::string(key) + "' must be true or false, found " + DescribeNode(v));
    return std::nullopt;
  }
  const std::string& s = v->scalar();
  return s == "true" || s == "True" || s == "TRUE" || s == "yes" || s == "Yes" || s == "YES" ||
         s == "on" || s == "On" || s == "ON";
}

std::optional<Version> MappingReader::OptionalVersion(std::string_view key) {
  const Node* v = Lookup(key);
  if (v == nullptr || v->IsNull()) return std::nullopt;
  if (!v->IsScalar()) {
    Fail(v, "'" + std::string(key) + "' must be a Kubernetes version like \"1.25\", found " + DescribeNode(v));
    return std::nullopt;
  }
  auto version = Version::Parse(v->scalar());
  if (!version.ok()) {
    Fail(v, "'" + std::string(key) + "': " + version.status().message());
    return std::nullopt;
  }
  return *version;
}

std::vector<std::string> MappingReader::OptionalStringList(std::string_view key, bool allow_scalar) {
  std::vector<std::string> out;
  const Node* v = Lookup(key);
  if (v == nullptr || v->IsNull()) return out;
  if (v->IsScalar() && allow_scalar) {
    out.push_back(v->scalar());
    return out;
  }
  if (!v->IsSequence()) {
    Fail(v, "'" + std::string(key) + "' must be a list of strings, found " + DescribeNode(v));
    return out;
  }
  for (const Node* item : v->items()) {
    if (!item->IsScalar() || item->IsNull()) {
      Fail(item, "'" + std::string(key) + "' must be a list of strings, found " + DescribeNode(item));
      return {};
    }
    out.push_back(item->scalar());
  }
  return out;
}

Status MappingReader::Finish() {
  if (!status_.ok()) return status_;
  std::vector<std::string> known(read_.begin(), read_.end());
  for (const auto& [key, value] : node_->entries()) {
    if (read_.count(key->scalar())) continue;
    std::string message = "unknown key '" + key->scalar() + "' in " + what_;
    if (auto near = ClosestMatch(key->scalar(), known)) message += " (did you mean '" + *near + "'?)";
    return InvalidArgument(message, LocationOf(key, file_));
  }
  return Status::Ok();
}

}  // namespace greenlight::document
