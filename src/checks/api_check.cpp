#include "checks/api_check.h"

#include "checks/rule_info.h"

namespace greenlight::checks {

Finding FindingFor(const document::Object& object, std::string_view file) {
  Finding f;
  const document::Mark& mark = object.api_version_node->mark();
  f.location = Location{std::string(file), mark.line, mark.column, object.document};
  f.item = object.item;
  f.helm_source = std::string(object.helm_source);
  f.api_version = std::string(object.api_version);
  f.kind = std::string(object.kind);
  f.namespace_name = std::string(object.namespace_name);
  f.name = std::string(object.name);
  return f;
}

namespace {

std::string VersionText(const std::optional<Version>& v) { return v ? v->ToString() : std::string(); }

std::string DescribeReplacement(const catalog::ApiEntry& entry, const std::string& kind) {
  if (!entry.replacement) return "nothing replaces it";
  std::string out = "use " + entry.replacement->api_version;
  if (entry.replacement->kind != kind) out += " " + entry.replacement->kind;
  if (entry.replacement->since) out += " (served since " + entry.replacement->since->ToString() + ")";
  return out;
}

}  // namespace

std::shared_ptr<const ApiDetails> ApiCheck::DetailsOf(const catalog::ApiEntry& entry) const {
  std::lock_guard<std::mutex> lock(details_mutex_);
  std::shared_ptr<const ApiDetails>& shared = details_[&entry];
  if (shared) return shared;
  ApiDetails api;
  api.deprecated_in = VersionText(entry.deprecated_in);
  api.removed_in = VersionText(entry.removed_in);
  if (entry.replacement) {
    api.replacement = entry.replacement->api_version;
    api.replacement_kind = entry.replacement->kind;
    api.replacement_since = VersionText(entry.replacement->since);
  }
  api.notes = entry.notes;
  api.source = entry.source;
  api.catalog_origin = entry.origin.ToString();
  // With --from: "from" when it already fails on the blue cluster, else the hop that removes it.
  if (from_ && entry.removed_in) {
    if (Version::CompareMinor(*entry.removed_in, *from_) <= 0) {
      api.breaks_at = "from";
    } else if (entry.StatusAt(target_) == catalog::ApiEntry::Status::kRemoved) {
      api.breaks_at = entry.removed_in->ToString();
    }
  }
  shared = std::make_shared<const ApiDetails>(std::move(api));
  return shared;
}

void ApiCheck::Run(const document::Object& object, const CheckContext& context,
                   std::vector<Finding>& out) const {
  if (catalog_.Find(object.api_version, object.kind) == nullptr) return;  // the common case, no copies
  RunOnIdentity(FindingFor(object, context.file), out);
}

void ApiCheck::RunOnIdentity(Finding f, std::vector<Finding>& out) const {
  const catalog::ApiEntry* entry = catalog_.Find(f.api_version, f.kind);
  if (entry == nullptr) return;
  auto status = entry->StatusAt(target_);
  if (status == catalog::ApiEntry::Status::kOk) return;
  bool removed = status == catalog::ApiEntry::Status::kRemoved;
  const RuleInfo* rule = FindRule(removed ? kRuleRemovedApi : kRuleDeprecatedApi);

  f.rule_id = rule->id;
  f.rule_name = rule->name;
  f.severity = rule->severity;
  std::shared_ptr<const ApiDetails> details = DetailsOf(*entry);
  const ApiDetails& api = *details;
  std::string subject = f.kind + " " + f.api_version;
  if (removed) {
    f.message = subject + " was removed in " + api.removed_in + "; " + DescribeReplacement(*entry, f.kind);
  } else {
    f.message = subject + " is deprecated since " + api.deprecated_in +
                (api.removed_in.empty() ? "" : " and removed in " + api.removed_in) + "; " +
                DescribeReplacement(*entry, f.kind);
  }
  if (api.breaks_at == "from") {
    f.message += "; already not served by " + from_->ToString();
  } else if (!api.breaks_at.empty()) {
    f.message += "; breaks on the upgrade to " + api.breaks_at;
  }
  f.help = entry->replacement ? "Move to " + entry->replacement->api_version + "." : rule->help;
  if (!entry->notes.empty()) f.notes.push_back(entry->notes);
  f.api = SharedOptional<ApiDetails>(std::move(details));
  f.fingerprint = ComputeFingerprint(f);
  out.push_back(std::move(f));
}

}  // namespace greenlight::checks
