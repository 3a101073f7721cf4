// File: src/cutover/record.h
// Route 53 resource record sets and change batches as plain values, and their JSON: the
// `--change-batch` document of `aws route53 change-resource-record-sets` and the listing of
// `aws route53 list-resource-record-sets`. Field order in the JSON follows the API reference, so
// generated files are stable and diff well.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace greenlight::cutover {

struct AliasTarget {
  std::string hosted_zone_id;
  std::string dns_name;
  bool evaluate_target_health = true;
  friend bool operator==(const AliasTarget&, const AliasTarget&) = default;
};

struct RecordSet {
  std::string name;            ///< as listed or planned (compare with NormalizeDnsName)
  std::string type;            ///< "A", "AAAA", "CNAME", ...
  std::string set_identifier;  ///< empty for a simple record
  std::optional<int> weight;
  std::optional<long long> ttl;  ///< absent for alias records
  std::vector<std::string> values;
  std::optional<AliasTarget> alias;
  std::string health_check_id;
  /// True when the record uses a routing policy other than weighted (latency, failover, ...).
  bool other_routing_policy = false;

  bool IsSimple() const { return set_identifier.empty(); }
  friend bool operator==(const RecordSet&, const RecordSet&) = default;
};

enum class ChangeAction { kCreate, kDelete, kUpsert };
const char* ChangeActionName(ChangeAction action);

struct Change {
  ChangeAction action = ChangeAction::kUpsert;
  RecordSet record;
  /// Changes with the same group number must go in the same request (a DELETE + CREATE
  /// conversion, a weighted group's members); splitting never separates them.
  int group = 0;
};

struct ChangeBatch {
  std::string comment;  ///< at most 256 characters
  std::vector<Change> changes;
};

/// The `--change-batch` JSON document ({"Comment", "Changes"}), pretty-printed, newline-terminated.
std::string ChangeBatchToJson(const ChangeBatch& batch);

/// Parses `list-resource-record-sets` output ({"ResourceRecordSets": [...]}). Alias records are
/// read without TTL (moto lists them with TTL 0; Route 53 omits it).
StatusOr<std::vector<RecordSet>> ParseListing(std::string_view json_text,
                                              std::string_view display_path);

/// Reads a listing file.
StatusOr<std::vector<RecordSet>> LoadListing(const std::string& path);

/// "app.example.com CNAME [shop-web-blue]" for messages.
std::string DescribeRecord(const RecordSet& record);

}  // namespace greenlight::cutover
