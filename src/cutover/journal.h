// File: src/cutover/journal.h
// The journal of `cutover run`: which phases are done, which one was applied but not yet
// verified, the weights in effect and how the run ended (done, interrupted, rolled back). It is
// what --resume continues from and what --rollback starts from; written atomically after every
// phase by linter/, parsed back strictly here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace greenlight::cutover {

struct Journal {
  std::string spec_file;    ///< the spec as given
  std::string spec_digest;  ///< of the spec bytes: a changed spec cannot be resumed
  std::string zone_id;
  std::string mode;          ///< "route53" or "external-dns"
  std::string state;         ///< "running", "interrupted", "paused", "done", "rolled-back", "failed"
  std::vector<std::string> completed;  ///< phase ids, in order
  std::string applied;       ///< a phase whose changes were sent but not yet verified ("" none)
  int blue_weight = 100, green_weight = 0;  ///< weights last applied
  std::string cause;         ///< why the run rolled back or failed
  std::string updated;       ///< UTC time of the last write
};

std::string JournalToJson(const Journal& journal);
StatusOr<Journal> ParseJournal(std::string_view text, std::string_view display_path);

/// A short hex digest of `bytes` (FNV-1a 64), to notice a spec edited between runs.
std::string Digest(std::string_view bytes);

}  // namespace greenlight::cutover
