// File: src/cutover/plan.h
// The shift plan as plain values: an ordered list of phases (TTL lowering, simple -> weighted
// conversion, one phase per weight step, TTL restore), each with its change batches (already
// split to Route 53's request limits), its annotation patches in external-dns mode, the wait
// that must pass before the next phase, and the rollback batches. A pure function of the spec
// and the live listing; only linter/ writes it anywhere.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "cutover/record.h"
#include "cutover/spec.h"

namespace greenlight::cutover {

enum class PhaseKind { kTtlLower, kConvert, kStep, kTtlRestore, kDecommission };

/// Annotations to set on one object of one cluster (external-dns mode).
struct AnnotationPatch {
  std::string cluster;  ///< "blue" or "green"
  ResourceRef resource;
  std::vector<std::pair<std::string, std::string>> annotations;  ///< full key -> value, sorted
  std::vector<std::string> remove;  ///< full keys to delete (decommission), sorted
};

/// A way back: its batches (route53 mode; preview in external-dns mode) and patches.
struct Rollback {
  std::string title;  ///< "back to step 1 (blue 100, green 0)"
  int blue_weight = 0;
  int green_weight = 0;
  std::vector<ChangeBatch> batches;
  std::vector<AnnotationPatch> patches;  ///< gaining side first
};

struct Phase {
  PhaseKind kind = PhaseKind::kStep;
  std::string id;                         ///< file-name stem, sorts in order: "03-step-2-90-10"
  std::string title;                      ///< "Step 2: blue 90, green 10"
  int step = 0;                           ///< 1-based weight step (kStep), 0 otherwise
  int blue_weight = 0, green_weight = 0;  ///< weights in effect after the phase
  int ttl = 0;                            ///< TTL of non-alias records after the phase
  int wait_seconds = 0;
  std::string wait_reason;
  std::vector<ChangeBatch> batches;
  std::vector<AnnotationPatch> patches;  ///< external-dns mode, in the order to apply
  std::vector<Rollback> rollbacks;       ///< kStep from step 2 on: to step 1, and one step back
  /// The batches are what external-dns sends (validate, never apply). True for every phase in
  /// external-dns mode except a decommission that deletes by batch (--policy other than sync).
  bool preview = false;
  std::string how;  ///< kDecommission: how and why ("exact DELETE ...", "annotation removal ...")
};

struct Plan {
  bool preview = false;  ///< external-dns mode: batches show what external-dns will send
  std::vector<Phase> phases;
  std::vector<std::string> converted_hostnames;  ///< live simple records turned weighted
  std::vector<std::string> notes;                ///< things the operator must know
};

/// Builds the plan. `live` is the zone listing (--state): it decides whether a record is
/// converted from simple to weighted and supplies the exact DELETE. Impossible plans (foreign
/// members in a group, more than 100 members, a group too large for one request) are errors.
StatusOr<Plan> BuildPlan(const CutoverSpec& spec, const std::vector<RecordSet>* live);

/// The decommission phase built from `live`, the zone as it is when blue is retired: exact
/// DELETEs of blue's members (and, in external-dns mode, of blue's TXT ownership records) as
/// listed, or (external-dns mode, blue --policy=sync) removal of blue's annotations, after
/// which blue's external-dns deletes them itself. Refused while blue still carries weight.
StatusOr<Phase> DecommissionPhase(const CutoverSpec& spec, const std::vector<RecordSet>& live);

/// The way back from weights (from_blue, from_green) to weight step `to_step` (1-based) at
/// `ttl`: the batches (every member UPSERTed; idempotent from any state) and, in external-dns
/// mode, the weight patches with the gaining side first.
StatusOr<Rollback> RollbackToStep(const CutoverSpec& spec, int to_step, int from_blue,
                                  int from_green, int ttl);

/// The member records of `record` at the given weights (A and AAAA for an alias).
std::vector<RecordSet> MemberRecords(const RecordSpec& record, int blue_weight, int green_weight,
                                     int ttl);

/// Record types a spec record occupies ("A","AAAA" for alias; "CNAME"; "A").
std::vector<std::string> RecordTypes(const RecordSpec& record);

const char* PhaseKindName(PhaseKind kind);

}  // namespace greenlight::cutover
