// File: src/cutover/verify.h
// Comparing a live zone listing with the plan at one step: missing or extra members, weights,
// TTLs, targets, set-identifier collisions, all-zero groups, simple and weighted records mixed,
// and CNAME vs A/AAAA conflicts. Differences are plain sentences; no difference means the zone
// is where the plan says.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cutover/record.h"
#include "cutover/spec.h"

namespace greenlight::cutover {

/// `step` is a weight step "1".."N", "ttl-lower" or "ttl-restore". An unknown step is
/// kInvalidArgument; otherwise every difference found, in spec order (empty when none).
StatusOr<std::vector<std::string>> VerifyListing(const CutoverSpec& spec,
                                                 const std::vector<RecordSet>& live,
                                                 std::string_view step);

}  // namespace greenlight::cutover
