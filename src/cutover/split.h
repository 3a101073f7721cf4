// File: src/cutover/split.h
// Splitting a change batch to Route 53's per-request limits (Developer Guide, "Quotas ->
// Maximums on API requests"): at most 1,000 ResourceRecord elements and 32,000 characters of
// Value per request, each UPSERT counted twice. Changes that must be atomic (one Change::group)
// are never separated; a group that alone exceeds a limit is an error.
#pragma once

#include <vector>

#include "base/status.h"
#include "cutover/record.h"

namespace greenlight::cutover {

struct RequestLimits {
  int max_resource_records = 1000;
  int max_value_characters = 32000;
};

/// What one change costs against the limits (UPSERT twice).
struct RequestCost {
  int resource_records = 0;
  int value_characters = 0;
};
RequestCost CostOf(const Change& change);

/// One batch when everything fits, else consecutive parts in order, each labelled
/// "(part i of n)" in its comment.
StatusOr<std::vector<ChangeBatch>> SplitToRequestLimits(const ChangeBatch& batch,
                                                        const RequestLimits& limits = {});

}  // namespace greenlight::cutover
