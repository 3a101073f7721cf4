// File: linter/cutover_run.h
// `greenlight cutover run SPEC`: executes the shift plan against the live zone. route53 mode
// sends each phase's change batches with the real AWS CLI and waits for INSYNC; external-dns
// mode patches each cluster's objects with kubectl and polls the zone until external-dns has
// published the step. After every phase the zone is listed and checked with `cutover verify`;
// weight steps run hooks and read CloudWatch alarms; a failure rolls back to the first step and
// exits 1 naming the cause. A journal in --state-dir makes runs resumable (exit 130 on Ctrl-C).
#pragma once

#include <string>

namespace greenlight::cli {

struct CutoverRunFlags {
  std::string spec;
  std::string state_dir;
  std::string aws = "aws";          ///< --aws PATH
  std::string kubectl = "kubectl";  ///< --kubectl PATH
  std::string bake;                 ///< --bake DURATION: replaces every wait
  int to_step = 0;                  ///< --to STEP: stop after this weight step (0 = all)
  bool resume = false;
  bool rollback = false;
  bool yes = false;
  bool decommission = false;
};

/// Exit codes: 0 done (or stopped at --to), 1 rolled back (the cause is printed), 2 bad input or
/// a refused plan, 130 interrupted (the journal says where; --resume continues).
int RunCutover(const CutoverRunFlags& flags);

}  // namespace greenlight::cli
