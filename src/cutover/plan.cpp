#include "cutover/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/utf8.h"
#include "cutover/elb_zones.h"
#include "cutover/ownership.h"
#include "cutover/split.h"

namespace greenlight::cutover {
namespace {

constexpr int kPropagationSeconds = 60;  // Route 53: changes reach all servers within ~60 s
constexpr size_t kMaxWeightedMembers = 100;

std::string TwoDigits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

bool HasNonAlias(const CutoverSpec& spec) {
  return std::any_of(spec.records.begin(), spec.records.end(),
                     [](const RecordSpec& r) { return !IsAliasKind(r.kind); });
}

// The live records at a record's name that matter to it (its types, plus CNAME vs A conflicts).
std::vector<const RecordSet*> LiveAt(const RecordSpec& record, const std::vector<RecordSet>* live) {
  std::vector<const RecordSet*> out;
  if (live == nullptr) return out;
  for (const auto& rs : *live) {
    if (NormalizeDnsName(rs.name) != record.hostname) continue;
    if (rs.type == "A" || rs.type == "AAAA" || rs.type == "CNAME") out.push_back(&rs);
  }
  return out;
}

std::vector<const RecordSet*> LiveSimple(const RecordSpec& record,
                                         const std::vector<RecordSet>* live) {
  std::vector<const RecordSet*> out;
  for (const RecordSet* rs : LiveAt(record, live)) {
    if (rs->IsSimple() && !rs->other_routing_policy) out.push_back(rs);
  }
  return out;
}

const RecordSet* LiveMember(const RecordSpec& record, const std::string& type,
                            const std::string& set_id, const std::vector<RecordSet>* live) {
  for (const RecordSet* rs : LiveAt(record, live)) {
    if (rs->type == type && rs->set_identifier == set_id) return rs;
  }
  return nullptr;
}

// Refuses live states the plan cannot shift safely.
Status CheckLiveGroups(const RecordSpec& record, const std::vector<RecordSet>* live) {
  std::map<std::string, size_t> members_by_type;
  for (const RecordSet* rs : LiveAt(record, live)) {
    if (rs->other_routing_policy) {
      return FailedPrecondition(DescribeRecord(*rs) +
                                " uses another routing policy; a weighted shift cannot share its "
                                "name and type");
    }
    if (!rs->IsSimple()) ++members_by_type[rs->type];
  }
  for (const auto& [type, count] : members_by_type) {
    if (count + 2 > kMaxWeightedMembers) {
      return FailedPrecondition(record.hostname + " " + type + " would have " +
                                std::to_string(count + 2) + " weighted members; Route 53 allows " +
                                std::to_string(kMaxWeightedMembers) + " per name and type");
    }
  }
  auto types = RecordTypes(record);
  for (const RecordSet* rs : LiveAt(record, live)) {
    if (rs->IsSimple()) continue;
    if (std::find(types.begin(), types.end(), rs->type) == types.end()) {
      return FailedPrecondition(
          "live weighted " + DescribeRecord(*rs) + " conflicts with the planned " + types.front() +
          " records of " + record.hostname + " (a CNAME cannot share a name with A/AAAA records)");
    }
    if (rs->set_identifier != record.blue.set_identifier &&
        rs->set_identifier != record.green.set_identifier) {
      return FailedPrecondition("live member " + DescribeRecord(*rs) +
                                " is not in the plan: it would keep receiving traffic (add it to "
                                "the spec or delete it first)");
    }
  }
  return Status::Ok();
}

void AppendUpserts(std::vector<Change>& changes, const std::vector<RecordSet>& records, int group) {
  for (const auto& rs : records) changes.push_back({ChangeAction::kUpsert, rs, group});
}

// Sorted, deduplicated annotation patches; a resource asked to carry two values for one key
// (two records on one Ingress with different set identifiers) is a spec error.
StatusOr<std::vector<AnnotationPatch>> MergePatches(std::vector<AnnotationPatch> patches) {
  std::vector<AnnotationPatch> out;
  for (auto& patch : patches) {
    auto same = std::find_if(out.begin(), out.end(), [&](const AnnotationPatch& p) {
      return p.cluster == patch.cluster && p.resource.kind == patch.resource.kind &&
             p.resource.namespace_name == patch.resource.namespace_name &&
             p.resource.name == patch.resource.name;
    });
    if (same == out.end()) {
      out.push_back(patch);
      continue;
    }
    for (auto& [key, value] : patch.annotations) {
      auto existing = std::find_if(same->annotations.begin(), same->annotations.end(),
                                   [&key = key](const auto& kv) { return kv.first == key; });
      if (existing == same->annotations.end()) {
        same->annotations.emplace_back(key, value);
      } else if (key.ends_with("/hostname") && existing->second != value) {
        existing->second += "," + value;  // one object publishing several planned names
      } else if (existing->second != value) {
        return InvalidArgument(patch.cluster + " " + patch.resource.kind + " " +
                               patch.resource.namespace_name + "/" + patch.resource.name +
                               " would need " + key + " to be both '" + existing->second +
                               "' and '" + value + "' (one object serves several records)");
      }
    }
  }
  for (auto& patch : out) {
    std::sort(patch.annotations.begin(), patch.annotations.end());
    std::sort(patch.remove.begin(), patch.remove.end());
    patch.remove.erase(std::unique(patch.remove.begin(), patch.remove.end()), patch.remove.end());
  }
  return out;
}

// Which annotation keys a patch writes. `publish` adds what external-dns needs to publish the
// member at all: the hostname on a Service (its only source of names) and `alias` where the
// record type needs it; `ttl` applies to non-alias records only.
struct Keys {
  bool weight = false, set_identifier = false, ttl = false, publish = false;
};

// The `alias` annotation a cluster needs for `record`: "A"/"AAAA" for single-type aliases
// (v0.22+), "true" for an alias pair on a cluster that runs --aws-prefer-cname; "" for none.
std::string AliasAnnotation(const RecordSpec& record, const ClusterDns& dns) {
  switch (record.kind) {
    case RecordKind::kAliasA:
      return "A";
    case RecordKind::kAliasAaaa:
      return "AAAA";
    case RecordKind::kAlias:
      return dns.prefer_cname ? "true" : "";
    case RecordKind::kCname:
    case RecordKind::kA:
      return "";
  }
  return "";
}

// Patches for one cluster at the given weight, each key in the prefix that cluster reads.
std::vector<AnnotationPatch> SidePatches(const CutoverSpec& spec, bool blue, int weight, int ttl,
                                         const Keys& with) {
  const std::string cluster = blue ? "blue" : "green";
  const std::string& prefix = DnsOf(spec, cluster).annotation_prefix;
  std::vector<AnnotationPatch> out;
  for (const auto& record : spec.records) {
    const Side& side = blue ? record.blue : record.green;
    AnnotationPatch patch{cluster, *side.resource, {}, {}};
    if (with.publish && side.resource->kind == "Service")
      patch.annotations.emplace_back(prefix + "hostname", record.hostname);
    if (with.publish) {
      std::string alias = AliasAnnotation(record, DnsOf(spec, cluster));
      if (!alias.empty()) patch.annotations.emplace_back(prefix + "alias", alias);
    }
    if (with.set_identifier)
      patch.annotations.emplace_back(prefix + "set-identifier", side.set_identifier);
    if (with.weight) patch.annotations.emplace_back(prefix + "aws-weight", std::to_string(weight));
    // external-dns ignores ttl on alias records; writing it there would only mislead.
    if ((with.ttl || with.publish) && !IsAliasKind(record.kind)) {
      patch.annotations.emplace_back(prefix + "ttl", std::to_string(ttl));
    }
    if (!patch.annotations.empty()) out.push_back(patch);
  }
  return out;
}

// external-dns mode: refuses records a cluster's external-dns would publish as another type
// than the plan's (CNAME vs alias), or with an annotation its version does not know.
Status CheckPublishable(const CutoverSpec& spec) {
  if (spec.mode != OwnershipMode::kExternalDns) return Status::Ok();
  for (const auto& record : spec.records) {
    for (const char* cluster : {"blue", "green"}) {
      const ClusterDns& dns = DnsOf(spec, cluster);
      const Side& side = std::string(cluster) == "blue" ? record.blue : record.green;
      if (record.kind == RecordKind::kCname && !dns.prefer_cname &&
          ParseElbDnsName(side.values.front())) {
        return InvalidArgument(record.hostname + " is planned as a CNAME, but " + cluster +
                                   "'s external-dns runs without --aws-prefer-cname and publishes "
                                   "an alias A/AAAA for the load balancer " +
                                   side.values.front() +
                                   " (set preferCname, or type: alias on both sides)",
                               record.location);
      }
      if (record.kind == RecordKind::kCname) {
        auto names = TxtOwnershipNames(dns, record.hostname, "CNAME", false);
        if (std::find(names.begin(), names.end(), record.hostname) != names.end()) {
          return InvalidArgument(cluster + std::string("'s external-dns ") + dns.version +
                                     " writes a TXT ownership record named " + record.hostname +
                                     ", which Route 53 refuses beside the CNAME; give it a "
                                     "--txt-prefix (txtPrefix in the spec)",
                                 record.location);
        }
      }
      bool single = record.kind == RecordKind::kAliasA || record.kind == RecordKind::kAliasAaaa;
      if (single && !dns.version.empty() && DefaultAnnotationPrefix(dns.version) ==
                                                 std::string(kAnnotationPrefixAlpha)) {
        return InvalidArgument(record.hostname + ": alias \"A\"/\"AAAA\" needs external-dns "
                                   "v0.22+, " + cluster + " runs " + dns.version +
                                   " (use type: alias)",
                               record.location);
      }
    }
  }
  return Status::Ok();
}

// external-dns mode: the TXT ownership members beside a record's members (previews only).
void AppendOwnership(const CutoverSpec& spec, std::vector<Change>& changes,
                     const RecordSpec& record, int blue, int green, ChangeAction action,
                     int group) {
  if (spec.mode != OwnershipMode::kExternalDns) return;
  for (const auto& [cluster, weight] : {std::pair{"blue", blue}, std::pair{"green", green}}) {
    for (auto& txt : OwnershipRecords(spec, record, cluster, weight))
      changes.push_back({action, std::move(txt), group});
  }
}

// Weight patches from (b0,g0) to (b1,g1): the side whose weight rises goes first, so the two
// sides are never both at 0 in between.
StatusOr<std::vector<AnnotationPatch>> ShiftPatches(const CutoverSpec& spec, int b0, int g0, int b1,
                                                    int g1, int ttl) {
  Keys weight_only{.weight = true};
  auto blue = SidePatches(spec, true, b1, ttl, weight_only);
  auto green = SidePatches(spec, false, g1, ttl, weight_only);
  GL_ASSIGN_OR_RETURN(blue, MergePatches(std::move(blue)));
  GL_ASSIGN_OR_RETURN(green, MergePatches(std::move(green)));
  std::vector<AnnotationPatch> out;
  bool green_first = (g1 - g0) > (b1 - b0);
  auto& first = green_first ? green : blue;
  auto& second = green_first ? blue : green;
  out.insert(out.end(), first.begin(), first.end());
  out.insert(out.end(), second.begin(), second.end());
  return out;
}

StatusOr<std::vector<ChangeBatch>> Finish(const CutoverSpec& spec, ChangeBatch batch) {
  if (spec.mode == OwnershipMode::kExternalDns) {
    batch.comment = "PREVIEW (external-dns sends this; do not apply): " + batch.comment;
  }
  TruncateUtf8(batch.comment, 256);
  return SplitToRequestLimits(batch);
}

StatusOr<std::vector<ChangeBatch>> StepBatches(const CutoverSpec& spec, int blue, int green,
                                               int ttl, const std::string& comment) {
  ChangeBatch batch{comment, {}};
  int group = 0;
  for (const auto& record : spec.records) {
    AppendUpserts(batch.changes, MemberRecords(record, blue, green, ttl), group);
    AppendOwnership(spec, batch.changes, record, blue, green, ChangeAction::kUpsert, group);
    ++group;
  }
  return Finish(spec, batch);
}

std::string WeightsText(int blue, int green) {
  return "blue " + std::to_string(blue) + ", green " + std::to_string(green);
}

StatusOr<Phase> TtlLowerPhase(const CutoverSpec& spec, const std::vector<RecordSet>* live) {
  const WeightStep& first = spec.steps.front();
  Phase phase;
  phase.kind = PhaseKind::kTtlLower;
  phase.title = "Lower the TTL from " + std::to_string(spec.current_ttl) + " s to " +
                std::to_string(spec.cutover_ttl) + " s";
  phase.blue_weight = first.blue;
  phase.green_weight = first.green;
  phase.ttl = spec.cutover_ttl;
  long long old_ttl = spec.current_ttl;
  ChangeBatch batch{"greenlight cutover: lower TTL to " + std::to_string(spec.cutover_ttl) +
                        " before any weight change",
                    {}};
  int group = 0;
  for (const auto& record : spec.records) {
    if (IsAliasKind(record.kind)) continue;  // alias records have no TTL
    auto simple = LiveSimple(record, live);
    if (!simple.empty()) {
      for (const RecordSet* rs : simple) {
        RecordSet lowered = *rs;
        lowered.name = record.hostname;
        old_ttl = std::max(old_ttl, rs->ttl.value_or(0));
        lowered.ttl = spec.cutover_ttl;
        batch.changes.push_back({ChangeAction::kUpsert, lowered, group});
      }
    } else {
      // Keep whatever weights are live; a TTL step changes nothing else.
      const std::string type = RecordTypes(record).front();
      const RecordSet* blue = LiveMember(record, type, record.blue.set_identifier, live);
      const RecordSet* green = LiveMember(record, type, record.green.set_identifier, live);
      for (const RecordSet* rs : {blue, green}) {
        if (rs && rs->ttl) old_ttl = std::max(old_ttl, *rs->ttl);
      }
      int b = blue && blue->weight ? *blue->weight : first.blue;
      int g = green && green->weight ? *green->weight : first.green;
      AppendUpserts(batch.changes, MemberRecords(record, b, g, spec.cutover_ttl), group);
    }
    ++group;
  }
  GL_ASSIGN_OR_RETURN(phase.batches, Finish(spec, batch));
  phase.wait_seconds = static_cast<int>(old_ttl) + kPropagationSeconds;
  phase.wait_reason = "resolvers cached the old TTL (" + std::to_string(old_ttl) +
                      " s); wait it out plus " + std::to_string(kPropagationSeconds) +
                      " s propagation before the first weight change";
  if (spec.mode == OwnershipMode::kExternalDns) {
    GL_ASSIGN_OR_RETURN(phase.patches, MergePatches(SidePatches(spec, true, first.blue,
                                                                spec.cutover_ttl, {.ttl = true})));
  }
  return phase;
}

StatusOr<Phase> ConvertPhase(const CutoverSpec& spec, const std::vector<RecordSet>* live,
                             bool ttl_lowered, Plan& plan) {
  const WeightStep& first = spec.steps.front();
  Phase phase;
  phase.kind = PhaseKind::kConvert;
  phase.blue_weight = first.blue;
  phase.green_weight = first.green;
  phase.ttl = ttl_lowered ? spec.cutover_ttl : spec.current_ttl;
  phase.wait_seconds = kPropagationSeconds;
  phase.wait_reason = "let the change reach every Route 53 name server";
  ChangeBatch batch{
      "greenlight cutover: convert simple records to weighted (exact DELETE + "
      "CREATE in one batch)",
      {}};
  int group = 0;
  for (const auto& record : spec.records) {
    auto simple = LiveSimple(record, live);
    if (simple.empty()) continue;
    plan.converted_hostnames.push_back(record.hostname);
    for (const RecordSet* rs : simple) {
      RecordSet exact = *rs;
      exact.name = record.hostname;
      // The TTL phase has just rewritten the live TTL; the DELETE must match what is live then.
      if (ttl_lowered && exact.ttl) exact.ttl = spec.cutover_ttl;
      batch.changes.push_back({ChangeAction::kDelete, exact, group});
    }
    for (const auto& member : MemberRecords(record, first.blue, first.green, phase.ttl)) {
      batch.changes.push_back({ChangeAction::kCreate, member, group});
    }
    if (spec.mode == OwnershipMode::kExternalDns) {
      // blue's simple record had unweighted ownership TXTs; external-dns replaces them too.
      for (const auto& rs : *live) {
        if (rs.type != "TXT" || !rs.IsSimple()) continue;
        for (const auto& type : RecordTypes(record)) {
          auto names = TxtOwnershipNames(spec.blue_dns, record.hostname, type,
                                         IsAliasKind(record.kind));
          if (std::find(names.begin(), names.end(), NormalizeDnsName(rs.name)) != names.end() &&
              std::none_of(batch.changes.begin(), batch.changes.end(),
                           [&](const Change& c) { return c.record == rs; })) {
            batch.changes.push_back({ChangeAction::kDelete, rs, group});
          }
        }
      }
      AppendOwnership(spec, batch.changes, record, first.blue, first.green, ChangeAction::kCreate,
                      group);
    }
    ++group;
  }
  if (spec.mode == OwnershipMode::kExternalDns) {
    phase.title = "Annotate blue (weighted), then green at weight " + std::to_string(first.green);
    Keys all{.weight = true, .set_identifier = true, .ttl = true, .publish = true};
    auto blue = SidePatches(spec, true, first.blue, phase.ttl, all);
    auto green = SidePatches(spec, false, first.green, phase.ttl, all);
    GL_ASSIGN_OR_RETURN(blue, MergePatches(std::move(blue)));
    GL_ASSIGN_OR_RETURN(green, MergePatches(std::move(green)));
    // Blue first: green's external-dns cannot create a member while blue's record is simple.
    phase.patches = blue;
    phase.patches.insert(phase.patches.end(), green.begin(), green.end());
    if (batch.changes.empty()) {
      batch.comment = "greenlight cutover: blue and green publish their weighted members";
      int g = 0;
      for (const auto& record : spec.records) {
        AppendUpserts(batch.changes, MemberRecords(record, first.blue, first.green, phase.ttl), g);
        AppendOwnership(spec, batch.changes, record, first.blue, first.green,
                        ChangeAction::kUpsert, g);
        ++g;
      }
    }
  } else {
    phase.title =
        "Convert simple records to weighted (" + WeightsText(first.blue, first.green) + ")";
  }
  if (!batch.changes.empty()) {
    GL_ASSIGN_OR_RETURN(phase.batches, Finish(spec, batch));
  }
  return phase;
}

StatusOr<Rollback> MakeRollback(const CutoverSpec& spec, int to_step, int from_blue, int from_green,
                                int ttl) {
  const WeightStep& target = spec.steps[static_cast<size_t>(to_step - 1)];
  Rollback rollback;
  rollback.title = "back to step " + std::to_string(to_step) + " (" +
                   WeightsText(target.blue, target.green) + ")";
  rollback.blue_weight = target.blue;
  rollback.green_weight = target.green;
  GL_ASSIGN_OR_RETURN(rollback.batches,
                      StepBatches(spec, target.blue, target.green, ttl,
                                  "greenlight cutover: rollback " + rollback.title));
  if (spec.mode == OwnershipMode::kExternalDns) {
    GL_ASSIGN_OR_RETURN(rollback.patches,
                        ShiftPatches(spec, from_blue, from_green, target.blue, target.green, ttl));
  }
  return rollback;
}

}  // namespace

const char* PhaseKindName(PhaseKind kind) {
  switch (kind) {
    case PhaseKind::kTtlLower:
      return "ttl-lower";
    case PhaseKind::kConvert:
      return "convert";
    case PhaseKind::kStep:
      return "step";
    case PhaseKind::kTtlRestore:
      return "ttl-restore";
    case PhaseKind::kDecommission:
      return "decommission";
  }
  return "step";
}

std::vector<std::string> RecordTypes(const RecordSpec& record) {
  switch (record.kind) {
    case RecordKind::kAlias:
      return {"A", "AAAA"};
    case RecordKind::kAliasA:
      return {"A"};
    case RecordKind::kAliasAaaa:
      return {"AAAA"};
    case RecordKind::kCname:
      return {"CNAME"};
    case RecordKind::kA:
      return {"A"};
  }
  return {};
}

std::vector<RecordSet> MemberRecords(const RecordSpec& record, int blue_weight, int green_weight,
                                     int ttl) {
  std::vector<RecordSet> out;
  for (const auto& type : RecordTypes(record)) {
    for (const auto& [side, weight] :
         {std::pair{&record.blue, blue_weight}, std::pair{&record.green, green_weight}}) {
      RecordSet rs;
      rs.name = record.hostname;
      rs.type = type;
      rs.set_identifier = side->set_identifier;
      rs.weight = weight;
      if (IsAliasKind(record.kind)) {
        rs.alias =
            AliasTarget{side->alias_zone_id, side->values.front(), side->evaluate_target_health};
      } else {
        rs.ttl = ttl;
        rs.values = side->values;
      }
      out.push_back(std::move(rs));
    }
  }
  return out;
}

StatusOr<Rollback> RollbackToStep(const CutoverSpec& spec, int to_step, int from_blue,
                                  int from_green, int ttl) {
  if (to_step < 1 || to_step > static_cast<int>(spec.steps.size()))
    return InvalidArgument("no weight step " + std::to_string(to_step));
  return MakeRollback(spec, to_step, from_blue, from_green, ttl);
}

StatusOr<Phase> DecommissionPhase(const CutoverSpec& spec, const std::vector<RecordSet>& live) {
  const WeightStep& last = spec.steps.back();
  Phase phase;
  phase.kind = PhaseKind::kDecommission;
  phase.title = "Decommission blue: remove its records from the zone";
  phase.blue_weight = 0;
  phase.green_weight = last.green;
  phase.ttl = spec.current_ttl;
  phase.wait_seconds = kPropagationSeconds;
  phase.wait_reason = "let the deletion reach every Route 53 name server";
  bool external_dns = spec.mode == OwnershipMode::kExternalDns;
  ChangeBatch batch{"greenlight cutover: decommission blue (exact DELETE of its records as listed)",
                    {}};
  int group = 0;
  for (const auto& record : spec.records) {
    auto types = RecordTypes(record);
    for (const auto& rs : live) {
      bool member = NormalizeDnsName(rs.name) == record.hostname &&
                    std::find(types.begin(), types.end(), rs.type) != types.end() &&
                    rs.set_identifier == record.blue.set_identifier;
      bool txt = external_dns && IsOwnershipRecordOf(spec, "blue", rs) &&
                 std::any_of(types.begin(), types.end(), [&](const std::string& type) {
                   auto names = TxtOwnershipNames(spec.blue_dns, record.hostname, type,
                                                  IsAliasKind(record.kind));
                   return std::find(names.begin(), names.end(), NormalizeDnsName(rs.name)) !=
                          names.end();
                 });
      if (member && rs.weight.value_or(0) > 0) {
        return FailedPrecondition("blue still carries weight " + std::to_string(*rs.weight) +
                                  " on " + DescribeRecord(rs) +
                                  "; shift to 0 before decommissioning blue");
      }
      if (member || txt) batch.changes.push_back({ChangeAction::kDelete, rs, group});
    }
    ++group;
  }
  if (external_dns) {
    const std::string& prefix = spec.blue_dns.annotation_prefix;
    bool annotations_only = spec.blue_dns.policy == "sync";
    std::vector<AnnotationPatch> patches;
    for (const auto& record : spec.records) {
      const ResourceRef& resource = *record.blue.resource;
      AnnotationPatch patch{"blue", resource, {}, {}};
      for (const char* key : {"set-identifier", "aws-weight", "ttl", "alias"})
        patch.remove.push_back(prefix + key);
      if (resource.kind == "Service") {
        patch.remove.push_back(prefix + "hostname");
      } else if (resource.kind == "Ingress") {
        // An Ingress publishes its rules' hosts without any annotation; this stops that.
        patch.annotations.emplace_back(prefix + "ingress-hostname-source", "annotation-only");
        patch.remove.push_back(prefix + "hostname");
      } else {
        annotations_only = false;  // a route publishes its hostnames whatever its annotations
      }
      patches.push_back(std::move(patch));
    }
    GL_ASSIGN_OR_RETURN(phase.patches, MergePatches(std::move(patches)));
    if (annotations_only) {
      phase.preview = true;
      batch.comment = "PREVIEW (external-dns sends this; do not apply): " + batch.comment;
      phase.how =
          "annotation removal: blue's external-dns runs --policy=sync, so once blue's objects no "
          "longer ask for these names it deletes its members and their TXT ownership records "
          "itself; the batch is a preview of those deletes";
    } else {
      phase.how =
          "exact DELETE from a fresh listing: blue's external-dns runs --policy=" +
          (spec.blue_dns.policy.empty() ? std::string("(unknown)") : spec.blue_dns.policy) +
          ", which never deletes, so its members and TXT ownership records would stay in the "
          "zone. Remove blue's annotations first (it then stops publishing these names), then "
          "DELETE the records exactly as `list-resource-record-sets` shows them at that time";
    }
  } else {
    phase.how =
        "exact DELETE from a fresh listing: blue's members (weight 0 now) leave the groups; a "
        "DELETE must repeat every value of the live record, so it is built from "
        "`list-resource-record-sets` at that time, not from the plan";
  }
  TruncateUtf8(batch.comment, 256);
  if (!batch.changes.empty()) {
    GL_ASSIGN_OR_RETURN(phase.batches, SplitToRequestLimits(batch));
  }
  return phase;
}

StatusOr<Plan> BuildPlan(const CutoverSpec& spec, const std::vector<RecordSet>* live) {
  Plan plan;
  plan.preview = spec.mode == OwnershipMode::kExternalDns;
  for (const auto& record : spec.records) GL_RETURN_IF_ERROR(CheckLiveGroups(record, live));
  GL_RETURN_IF_ERROR(CheckPublishable(spec));

  bool ttl_lowered = HasNonAlias(spec) && spec.current_ttl > spec.cutover_ttl;
  if (ttl_lowered) {
    GL_ASSIGN_OR_RETURN(Phase phase, TtlLowerPhase(spec, live));
    plan.phases.push_back(std::move(phase));
  }
  int ttl = ttl_lowered ? spec.cutover_ttl : spec.current_ttl;
  GL_ASSIGN_OR_RETURN(Phase convert, ConvertPhase(spec, live, ttl_lowered, plan));
  if (!convert.batches.empty() || !convert.patches.empty())
    plan.phases.push_back(std::move(convert));

  for (size_t i = 0; i < spec.steps.size(); ++i) {
    const WeightStep& step = spec.steps[i];
    Phase phase;
    phase.kind = PhaseKind::kStep;
    phase.step = static_cast<int>(i + 1);
    phase.title = "Step " + std::to_string(phase.step) + ": " + WeightsText(step.blue, step.green);
    phase.blue_weight = step.blue;
    phase.green_weight = step.green;
    phase.ttl = ttl;
    phase.wait_seconds = step.bake_seconds;
    phase.wait_reason = "bake: watch error rates and latency on both clusters";
    GL_ASSIGN_OR_RETURN(
        phase.batches, StepBatches(spec, step.blue, step.green, ttl,
                                   "greenlight cutover: step " + std::to_string(phase.step) + ", " +
                                       WeightsText(step.blue, step.green)));
    const WeightStep& before = i == 0 ? spec.steps.front() : spec.steps[i - 1];
    if (spec.mode == OwnershipMode::kExternalDns) {
      GL_ASSIGN_OR_RETURN(
          phase.patches, ShiftPatches(spec, before.blue, before.green, step.blue, step.green, ttl));
    }
    if (i > 0) {
      GL_ASSIGN_OR_RETURN(Rollback to_start, MakeRollback(spec, 1, step.blue, step.green, ttl));
      phase.rollbacks.push_back(std::move(to_start));
      if (i > 1) {
        GL_ASSIGN_OR_RETURN(Rollback back,
                            MakeRollback(spec, static_cast<int>(i), step.blue, step.green, ttl));
        phase.rollbacks.push_back(std::move(back));
      }
    }
    plan.phases.push_back(std::move(phase));
  }

  if (ttl_lowered) {
    const WeightStep& last = spec.steps.back();
    Phase phase;
    phase.kind = PhaseKind::kTtlRestore;
    phase.title = "Restore the TTL to " + std::to_string(spec.current_ttl) + " s";
    phase.blue_weight = last.blue;
    phase.green_weight = last.green;
    phase.ttl = spec.current_ttl;
    GL_ASSIGN_OR_RETURN(phase.batches,
                        StepBatches(spec, last.blue, last.green, spec.current_ttl,
                                    "greenlight cutover: restore TTL to " +
                                        std::to_string(spec.current_ttl) + " after the shift"));
    if (spec.mode == OwnershipMode::kExternalDns) {
      auto patches = SidePatches(spec, true, last.blue, spec.current_ttl, {.ttl = true});
      auto green = SidePatches(spec, false, last.green, spec.current_ttl, {.ttl = true});
      patches.insert(patches.end(), green.begin(), green.end());
      GL_ASSIGN_OR_RETURN(phase.patches, MergePatches(std::move(patches)));
    }
    plan.phases.push_back(std::move(phase));
  }

  {
    // Built from the zone the plan expects at the end; `run` rebuilds it from a fresh listing.
    const WeightStep& last = spec.steps.back();
    std::vector<RecordSet> expected;
    for (const auto& record : spec.records) {
      for (auto& rs : MemberRecords(record, last.blue, last.green, spec.current_ttl))
        expected.push_back(std::move(rs));
      if (spec.mode == OwnershipMode::kExternalDns) {
        for (const char* cluster : {"blue", "green"}) {
          for (auto& rs : OwnershipRecords(spec, record, cluster,
                                           std::string(cluster) == "blue" ? last.blue : last.green))
            expected.push_back(std::move(rs));
        }
      }
    }
    if (last.blue == 0 && last.green > 0) {  // blue carries no traffic at the end
      GL_ASSIGN_OR_RETURN(Phase phase, DecommissionPhase(spec, expected));
      plan.phases.push_back(std::move(phase));
    }
  }

  for (size_t i = 0; i < plan.phases.size(); ++i) {
    Phase& phase = plan.phases[i];
    phase.preview = phase.preview || (plan.preview && phase.kind != PhaseKind::kDecommission);
    phase.id = TwoDigits(static_cast<int>(i + 1)) + "-" + PhaseKindName(phase.kind);
    if (phase.kind == PhaseKind::kStep) {
      phase.id += "-" + std::to_string(phase.step) + "-" + std::to_string(phase.blue_weight) + "-" +
                  std::to_string(phase.green_weight);
    }
  }
  if (live == nullptr && spec.mode == OwnershipMode::kRoute53) {
    plan.notes.push_back(
        "no --state given: the plan assumes no simple record exists for these names (a simple "
        "record must be converted with an exact DELETE taken from the live listing)");
  }
  if (plan.preview) {
    plan.notes.push_back(
        "external-dns owns these records: apply the annotation patches; the batches are a "
        "preview of what external-dns will send (without its TXT ownership records) and must "
        "not be applied, or external-dns reverts them");
  }
  return plan;
}

}  // namespace greenlight::cutover
