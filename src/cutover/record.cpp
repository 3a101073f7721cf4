#include "cutover/record.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/file_io.h"

namespace greenlight::cutover {
namespace {

using Json = nlohmann::ordered_json;

Json RecordSetToJson(const RecordSet& record) {
  Json out;
  out["Name"] = record.name;
  out["Type"] = record.type;
  if (!record.set_identifier.empty()) out["SetIdentifier"] = record.set_identifier;
  if (record.weight) out["Weight"] = *record.weight;
  if (record.ttl) out["TTL"] = *record.ttl;
  if (!record.values.empty()) {
    Json values = Json::array();
    for (const auto& value : record.values) values.push_back(Json{{"Value", value}});
    out["ResourceRecords"] = values;
  }
  if (record.alias) {
    out["AliasTarget"] = Json{{"HostedZoneId", record.alias->hosted_zone_id},
                              {"DNSName", record.alias->dns_name},
                              {"EvaluateTargetHealth", record.alias->evaluate_target_health}};
  }
  if (!record.health_check_id.empty()) out["HealthCheckId"] = record.health_check_id;
  return out;
}

StatusOr<RecordSet> RecordSetFromJson(const nlohmann::json& item, size_t index,
                                      std::string_view display_path) {
  auto where = [&](const std::string& what) {
    return InvalidArgument(std::string(display_path) + ": ResourceRecordSets[" +
                           std::to_string(index) + "]: " + what);
  };
  if (!item.is_object()) return where("expected an object");
  RecordSet record;
  if (!item.contains("Name") || !item["Name"].is_string()) return where("missing Name");
  if (!item.contains("Type") || !item["Type"].is_string()) return where("missing Type");
  record.name = item["Name"].get<std::string>();
  record.type = item["Type"].get<std::string>();
  if (item.contains("SetIdentifier") && item["SetIdentifier"].is_string()) {
    record.set_identifier = item["SetIdentifier"].get<std::string>();
  }
  if (item.contains("Weight") && item["Weight"].is_number_integer()) {
    record.weight = item["Weight"].get<int>();
  }
  if (item.contains("TTL") && item["TTL"].is_number_integer())
    record.ttl = item["TTL"].get<long long>();
  if (item.contains("ResourceRecords") && item["ResourceRecords"].is_array()) {
    for (const auto& value : item["ResourceRecords"]) {
      if (!value.is_object() || !value.contains("Value") || !value["Value"].is_string()) {
        return where("ResourceRecords entry without a string Value");
      }
      record.values.push_back(value["Value"].get<std::string>());
    }
  }
  if (item.contains("AliasTarget") && item["AliasTarget"].is_object()) {
    const auto& alias = item["AliasTarget"];
    AliasTarget target;
    target.hosted_zone_id = alias.value("HostedZoneId", "");
    target.dns_name = alias.value("DNSName", "");
    target.evaluate_target_health = alias.value("EvaluateTargetHealth", false);
    record.alias = target;
    record.ttl.reset();  // alias records have no TTL of their own
  }
  record.health_check_id = item.value("HealthCheckId", "");
  for (const char* policy : {"Region", "Failover", "GeoLocation", "MultiValueAnswer",
                             "CidrRoutingConfig", "GeoProximityLocation"}) {
    if (item.contains(policy)) record.other_routing_policy = true;
  }
  return record;
}

}  // namespace

const char* ChangeActionName(ChangeAction action) {
  switch (action) {
    case ChangeAction::kCreate:
      return "CREATE";
    case ChangeAction::kDelete:
      return "DELETE";
    case ChangeAction::kUpsert:
      return "UPSERT";
  }
  return "UPSERT";
}

std::string ChangeBatchToJson(const ChangeBatch& batch) {
  Json changes = Json::array();
  for (const auto& change : batch.changes) {
    changes.push_back(Json{{"Action", ChangeActionName(change.action)},
                           {"ResourceRecordSet", RecordSetToJson(change.record)}});
  }
  Json out;
  out["Comment"] = batch.comment;
  out["Changes"] = changes;
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

StatusOr<std::vector<RecordSet>> ParseListing(std::string_view json_text,
                                              std::string_view display_path) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return InvalidArgument(std::string(display_path) +
                           ": not valid JSON (expected the output of aws route53 "
                           "list-resource-record-sets)");
  }
  if (!doc.is_object() || !doc.contains("ResourceRecordSets") ||
      !doc["ResourceRecordSets"].is_array()) {
    return InvalidArgument(std::string(display_path) +
                           ": expected an object with a ResourceRecordSets list");
  }
  std::vector<RecordSet> records;
  size_t index = 0;
  for (const auto& item : doc["ResourceRecordSets"]) {
    GL_ASSIGN_OR_RETURN(RecordSet record, RecordSetFromJson(item, index++, display_path));
    records.push_back(std::move(record));
  }
  return records;
}

StatusOr<std::vector<RecordSet>> LoadListing(const std::string& path) {
  GL_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(path, path));  // bounded, names the file
  return ParseListing(bytes, path);
}

std::string DescribeRecord(const RecordSet& record) {
  std::string out = record.name + " " + record.type;
  if (!record.set_identifier.empty()) out += " [" + record.set_identifier + "]";
  return out;
}

}  // namespace greenlight::cutover
