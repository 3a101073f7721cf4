// File: src/document/field_reader.h
// Strict reading of greenlight's own data files (catalog, rules, config, cutover spec): every
// key is either read or reported as unknown (with "did you mean"), every wrong type is an error
// naming file:line:col and the key. Loaders use it so that a typo is never silently ignored.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/version.h"
#include "document/node.h"

namespace greenlight::document {

/// Reads the keys of one mapping node and remembers which were consumed.
///
///   MappingReader r(node, "rules/REL401.yaml");
///   auto id = r.RequiredString("id");
///   auto tags = r.OptionalStringList("tags");
///   GL_RETURN_IF_ERROR(r.Finish());   // unknown keys and the first type error, if any
///
/// Errors are collected; accessors return nullopt/empty after an error so a loader can read
/// on and report the first problem at Finish().
class MappingReader {
 public:
  MappingReader(const Node* node, std::string_view file, std::string_view what = "mapping");

  bool ok() const { return status_.ok(); }
  const Node* node() const { return node_; }
  const std::string& file() const { return file_; }

  bool Has(std::string_view key) const;
  /// The raw node for a key (marks it as read); nullptr when absent.
  const Node* Raw(std::string_view key);
  /// A required key whose value is a mapping / sequence (error when absent or another type).
  const Node* RequiredMapping(std::string_view key);
  const Node* OptionalMapping(std::string_view key);
  const Node* RequiredSequence(std::string_view key);
  const Node* OptionalSequence(std::string_view key);

  std::optional<std::string> RequiredString(std::string_view key);
  std::optional<std::string> OptionalString(std::string_view key);
  std::optional<long long> OptionalInt(std::string_view key);
  std::optional<bool> OptionalBool(std::string_view key);
  /// A Kubernetes version ("1.25", "v1.25", "1.25.3"); a bad one is an error naming the key.
  std::optional<Version> OptionalVersion(std::string_view key);
  /// A sequence of strings (a single string is accepted as a one-element list when
  /// `allow_scalar`).
  std::vector<std::string> OptionalStringList(std::string_view key, bool allow_scalar = false);

  /// Records an error at `node` (the first one recorded is the one reported).
  void Fail(const Node* at, std::string message);

  /// Ok, or the first error; unknown keys are reported with "did you mean".
  Status Finish();

 private:
  const Node* Lookup(std::string_view key);
  const Node* node_;
  std::string file_;
  std::string what_;
  std::set<std::string, std::less<>> read_;
  Status status_;
};

/// "a string", "a mapping", ... for messages.
std::string DescribeNode(const Node* node);

}  // namespace greenlight::document
