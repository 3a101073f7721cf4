#include "cutover/split.h"

#include <string>

#include "base/utf8.h"

namespace greenlight::cutover {

RequestCost CostOf(const Change& change) {
  int factor = change.action == ChangeAction::kUpsert ? 2 : 1;
  RequestCost cost;
  cost.resource_records = static_cast<int>(change.record.values.size()) * factor;
  for (const auto& value : change.record.values) {
    cost.value_characters += static_cast<int>(value.size()) * factor;
  }
  return cost;
}

StatusOr<std::vector<ChangeBatch>> SplitToRequestLimits(const ChangeBatch& batch,
                                                        const RequestLimits& limits) {
  std::vector<ChangeBatch> parts;
  RequestCost used;
  size_t i = 0;
  while (i < batch.changes.size()) {
    // The run of changes sharing this group travels together.
    size_t end = i;
    RequestCost group;
    while (end < batch.changes.size() && batch.changes[end].group == batch.changes[i].group) {
      RequestCost cost = CostOf(batch.changes[end]);
      group.resource_records += cost.resource_records;
      group.value_characters += cost.value_characters;
      ++end;
    }
    if (group.resource_records > limits.max_resource_records ||
        group.value_characters > limits.max_value_characters) {
      return InvalidArgument(
          "the changes for " + batch.changes[i].record.name + " need " +
          std::to_string(group.resource_records) + " ResourceRecord elements and " +
          std::to_string(group.value_characters) +
          " value characters in one request (UPSERT counted twice); Route 53 allows " +
          std::to_string(limits.max_resource_records) + " and " +
          std::to_string(limits.max_value_characters));
    }
    if (parts.empty() ||
        used.resource_records + group.resource_records > limits.max_resource_records ||
        used.value_characters + group.value_characters > limits.max_value_characters) {
      parts.push_back(ChangeBatch{batch.comment, {}});
      used = RequestCost{};
    }
    for (size_t k = i; k < end; ++k) parts.back().changes.push_back(batch.changes[k]);
    used.resource_records += group.resource_records;
    used.value_characters += group.value_characters;
    i = end;
  }
  if (parts.size() > 1) {
    for (size_t k = 0; k < parts.size(); ++k) {
      std::string suffix =
          " (part " + std::to_string(k + 1) + " of " + std::to_string(parts.size()) + ")";
      std::string& comment = parts[k].comment;
      if (comment.size() + suffix.size() > 256) TruncateUtf8(comment, 256 - suffix.size());
      comment += suffix;
    }
  }
  return parts;
}

}  // namespace greenlight::cutover
