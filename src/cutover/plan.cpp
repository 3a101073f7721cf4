#include "cutover/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/utf8.h"
#include "cutover/split.h"

namespace greenlight::cutover {
namespace {

constexpr int kPropagationSeconds = 60;  // Route 53: changes reach all servers within ~60 s
constexpr size_t kMaxWeightedMembers = 100;

std::string TwoDigits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

bool HasNonAlias(const CutoverSpec& spec) {
  return std::any_of(spec.records.begin(), spec.records.end(),
                     [](const RecordSpec& r) { return r.kind != RecordKind::kAlias; });
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
                                   [&](const auto& kv) { return kv.first == key; });
      if (existing == same->annotations.end()) {
        same->annotations.emplace_back(key, value);
      } else if (existing->second != value) {
        return InvalidArgument(patch.cluster + " " + patch.resource.kind + " " +
                               patch.resource.namespace_name + "/" + patch.resource.name +
                               " would need " + key + " to be both '" + existing->second +
                               "' and '" + value + "' (one object serves several records)");
      }
    }
  }
  for (auto& patch : out) std::sort(patch.annotations.begin(), patch.annotations.end());
  return out;
}

struct Annotations {
  std::string prefix;
  bool weight = false, set_identifier = false, ttl = false;
};

// Patches for one cluster at the given weight; `with` says which keys to write.
std::vector<AnnotationPatch> SidePatches(const CutoverSpec& spec, bool blue, int weight, int ttl,
                                         const Annotations& with) {
  std::vector<AnnotationPatch> out;
  for (const auto& record : spec.records) {
    const Side& side = blue ? record.blue : record.green;
    AnnotationPatch patch{blue ? "blue" : "green", *side.resource, {}};
    if (with.set_identifier)
      patch.annotations.emplace_back(with.prefix + "set-identifier", side.set_identifier);
    if (with.weight)
      patch.annotations.emplace_back(with.prefix + "aws-weight", std::to_string(weight));
    // external-dns ignores ttl on alias records; writing it there would only mislead.
    if (with.ttl && record.kind != RecordKind::kAlias) {
      patch.annotations.emplace_back(with.prefix + "ttl", std::to_string(ttl));
    }
    if (!patch.annotations.empty()) out.push_back(patch);
  }
  return out;
}

// Weight patches from (b0,g0) to (b1,g1): the side whose weight rises goes first, so the two
// sides are never both at 0 in between.
StatusOr<std::vector<AnnotationPatch>> ShiftPatches(const CutoverSpec& spec, int b0, int g0, int b1,
                                                    int g1, int ttl) {
  Annotations weight_only{spec.annotation_prefix, true, false, false};
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
    AppendUpserts(batch.changes, MemberRecords(record, blue, green, ttl), group++);
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
    if (record.kind == RecordKind::kAlias) continue;  // alias records have no TTL
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
    GL_ASSIGN_OR_RETURN(phase.patches,
                        MergePatches(SidePatches(spec, true, first.blue, spec.cutover_ttl,
                                                 {spec.annotation_prefix, false, false, true})));
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
    ++group;
  }
  if (spec.mode == OwnershipMode::kExternalDns) {
    phase.title = "Annotate blue (weighted), then green at weight " + std::to_string(first.green);
    Annotations all{spec.annotation_prefix, true, true, ttl_lowered};
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
        AppendUpserts(batch.changes, MemberRecords(record, first.blue, first.green, phase.ttl),
                      g++);
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
  }
  return "step";
}

std::vector<std::string> RecordTypes(const RecordSpec& record) {
  switch (record.kind) {
    case RecordKind::kAlias:
      return {"A", "AAAA"};
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
      if (record.kind == RecordKind::kAlias) {
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

StatusOr<Plan> BuildPlan(const CutoverSpec& spec, const std::vector<RecordSet>* live) {
  Plan plan;
  plan.preview = spec.mode == OwnershipMode::kExternalDns;
  for (const auto& record : spec.records) GL_RETURN_IF_ERROR(CheckLiveGroups(record, live));

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
      Annotations ttl_only{spec.annotation_prefix, false, false, true};
      auto patches = SidePatches(spec, true, last.blue, spec.current_ttl, ttl_only);
      auto green = SidePatches(spec, false, last.green, spec.current_ttl, ttl_only);
      patches.insert(patches.end(), green.begin(), green.end());
      GL_ASSIGN_OR_RETURN(phase.patches, MergePatches(std::move(patches)));
    }
    plan.phases.push_back(std::move(phase));
  }

  for (size_t i = 0; i < plan.phases.size(); ++i) {
    Phase& phase = plan.phases[i];
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
