#include "cutover_run.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "base/atomic_file.h"
#include "base/exit_code.h"
#include "base/file_io.h"
#include "commands.h"
#include "cutover/journal.h"
#include "cutover/plan.h"
#include "cutover/record.h"
#include "cutover/render.h"
#include "cutover/spec.h"
#include "cutover/verify.h"
#include "render/process.h"

namespace greenlight::cli {
namespace {

namespace fs = std::filesystem;
using cutover::Phase;
using cutover::PhaseKind;

constexpr std::chrono::seconds kAwsCallTimeout{300};
constexpr std::chrono::seconds kKubectlTimeout{120};

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};

extern "C" void OnStopSignal(int signal_number) {
  g_signal = signal_number;
  g_stop = true;
}

// SIGINT/SIGTERM only raise a flag: the call in flight (its own process group, so the terminal's
// Ctrl-C does not reach it) finishes, the journal is written, and the run exits 130.
class StopSignals {
 public:
  StopSignals() {
    struct sigaction action {};
    action.sa_handler = OnStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buffer;
}

std::string LastLines(const std::string& text, size_t count) {
  std::string trimmed = text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' ')) trimmed.pop_back();
  size_t at = trimmed.size();
  for (size_t i = 0; i < count && at != std::string::npos && at > 0; ++i)
    at = trimmed.rfind('\n', at - 1);
  std::string out = at == std::string::npos ? trimmed : trimmed.substr(at + 1);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

std::string Weights(int blue, int green) {
  return std::to_string(blue) + ":" + std::to_string(green);
}

// Why a phase could not go on. `interrupted` is a stop asked for by a signal, not a failure.
struct Failure {
  std::string cause;
  bool interrupted = false;
};
using Outcome = std::optional<Failure>;

class Runner {
 public:
  Runner(const CutoverRunFlags& flags, cutover::CutoverSpec spec, std::string spec_digest)
      : flags_(flags), spec_(std::move(spec)), spec_digest_(std::move(spec_digest)),
        tty_(isatty(STDERR_FILENO) != 0) {}

  int Run();

 private:
  // Set-up and journal.
  Status Prepare();
  Status SaveJournal();
  fs::path Path(const std::string& name) const { return fs::path(flags_.state_dir) / name; }
  bool Confirm();

  // The phases.
  int RunPhases();
  Outcome RunPhase(const Phase& phase, bool already_applied);
  Outcome Apply(const Phase& phase);
  Outcome VerifyPhase(const Phase& phase);
  Outcome Wait(const Phase& phase);
  Outcome Hook(const std::string& name, const std::string& command, const Phase& phase);
  int RollBack(const std::string& cause, bool asked);
  int Stop(const Failure& failure, const Phase* phase);

  // Calls.
  StatusOr<render::ProcessResult> Call(const std::vector<std::string>& argv,
                                       std::chrono::seconds timeout,
                                       const std::vector<std::string>& env = {});
  Outcome SendBatch(const cutover::ChangeBatch& batch, const std::string& label);
  Outcome ApplyPatch(const cutover::AnnotationPatch& patch);
  StatusOr<std::vector<cutover::RecordSet>> ListZone();
  Outcome CheckAlarms(const std::string& when);
  Outcome WaitPublished(const std::string& step, const std::string& what);
  Outcome Interrupted() const;

  void Log(const std::string& line);
  void Progress(const std::string& line);
  int WaitSeconds(const Phase& phase) const;

  const CutoverRunFlags& flags_;
  cutover::CutoverSpec spec_;
  std::string spec_digest_;
  bool tty_;
  bool rolling_back_ = false;
  cutover::Journal journal_;
  cutover::Plan plan_;
  std::ofstream log_;
  int batches_sent_ = 0;
  std::optional<int> bake_override_;
};

void Runner::Log(const std::string& line) {
  std::string stamped = UtcNow() + " " + line;
  if (log_) log_ << stamped << "\n" << std::flush;
  if (tty_) {
    std::cerr << "\r\033[K" << line << "\n" << std::flush;
  } else {
    std::cerr << "greenlight: " << stamped << "\n" << std::flush;
  }
}

// On a terminal: one line rewritten in place (countdowns); elsewhere nothing (the log has it).
void Runner::Progress(const std::string& line) {
  if (tty_) std::cerr << "\r\033[K" << line << std::flush;
}

Outcome Runner::Interrupted() const {
  if (g_stop && !rolling_back_) {
    return Failure{std::string(g_signal == SIGTERM ? "SIGTERM" : "SIGINT") + " received", true};
  }
  return std::nullopt;
}

StatusOr<render::ProcessResult> Runner::Call(const std::vector<std::string>& argv,
                                             std::chrono::seconds timeout,
                                             const std::vector<std::string>& env) {
  render::ProcessOptions options;
  options.timeout = timeout;
  options.env = env;
  // No cancel flag: the call in flight always finishes, so the zone is never left unknown.
  return render::RunProcess(argv, options);
}

StatusOr<std::vector<cutover::RecordSet>> Runner::ListZone() {
  GL_ASSIGN_OR_RETURN(render::ProcessResult result,
                      Call({flags_.aws, "route53", "list-resource-record-sets", "--hosted-zone-id",
                            spec_.zone_id, "--output", "json"},
                           kAwsCallTimeout));
  if (result.exit_code != 0) {
    return FailedPrecondition("aws route53 list-resource-record-sets failed: " +
                              LastLines(result.err, 3));
  }
  return cutover::ParseListing(result.out, "list-resource-record-sets");
}

Outcome Runner::SendBatch(const cutover::ChangeBatch& batch, const std::string& label) {
  ++batches_sent_;
  char number[16];
  std::snprintf(number, sizeof number, "%03d", batches_sent_);
  fs::path file = Path("sent") / (std::string(number) + "-" + label + ".json");
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (Status s = WriteFileAtomically(file, cutover::ChangeBatchToJson(batch)); !s.ok())
    return Failure{s.ToString()};
  auto result = Call({flags_.aws, "route53", "change-resource-record-sets", "--hosted-zone-id",
                      spec_.zone_id, "--change-batch", "file://" + fs::absolute(file).string(),
                      "--query", "ChangeInfo.Id", "--output", "text"},
                     kAwsCallTimeout);
  if (!result.ok()) return Failure{result.status().ToString()};
  if (result->exit_code != 0) {
    return Failure{"Route 53 rejected " + file.filename().string() + ": " +
                   LastLines(result->err, 3)};
  }
  std::string change_id = LastLines(result->out, 1);
  Log("sent " + file.filename().string() + " (" + std::to_string(batch.changes.size()) +
      " changes): " + change_id);
  if (auto stop = Interrupted()) return stop;
  auto waited = Call({flags_.aws, "route53", "wait", "resource-record-sets-changed", "--id",
                      change_id},
                     kAwsCallTimeout);
  if (!waited.ok()) return Failure{waited.status().ToString()};
  if (waited->exit_code != 0) {
    return Failure{"waiting for " + change_id + " to be INSYNC failed: " +
                   LastLines(waited->err, 3)};
  }
  Log("change " + change_id + " is INSYNC");
  return Interrupted();
}

Outcome Runner::ApplyPatch(const cutover::AnnotationPatch& patch) {
  nlohmann::ordered_json annotations = nlohmann::ordered_json::object();
  for (const auto& [key, value] : patch.annotations) annotations[key] = value;
  for (const auto& key : patch.remove) annotations[key] = nullptr;
  nlohmann::ordered_json body{{"metadata", {{"annotations", annotations}}}};
  const std::string& context = cutover::DnsOf(spec_, patch.cluster).kube_context;
  std::string kind = patch.resource.kind;
  std::transform(kind.begin(), kind.end(), kind.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto result = Call({flags_.kubectl, "--context", context, "--namespace",
                      patch.resource.namespace_name, "patch", kind, patch.resource.name, "--type",
                      "merge", "--patch", body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)},
                     kKubectlTimeout);
  std::string what = patch.cluster + " " + patch.resource.kind + " " +
                     patch.resource.namespace_name + "/" + patch.resource.name;
  if (!result.ok()) return Failure{result.status().ToString()};
  if (result->exit_code != 0)
    return Failure{"kubectl patch of " + what + " failed: " + LastLines(result->err, 3)};
  Log("patched " + what + " (context " + context + "): " + body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return Interrupted();
}

Outcome Runner::CheckAlarms(const std::string& when) {
  if (spec_.alarms.empty()) return std::nullopt;
  std::vector<std::string> argv = {flags_.aws, "cloudwatch", "describe-alarms", "--alarm-names"};
  argv.insert(argv.end(), spec_.alarms.begin(), spec_.alarms.end());
  argv.insert(argv.end(), {"--output", "json"});
  auto result = Call(argv, kAwsCallTimeout);
  if (!result.ok()) return Failure{result.status().ToString()};
  if (result->exit_code != 0)
    return Failure{"aws cloudwatch describe-alarms failed: " + LastLines(result->err, 3)};
  auto doc = nlohmann::json::parse(result->out, nullptr, false);
  if (doc.is_discarded() || !doc.contains("MetricAlarms"))
    return Failure{"aws cloudwatch describe-alarms: unexpected output"};
  std::vector<std::string> found;
  for (const char* list : {"MetricAlarms", "CompositeAlarms"}) {
    if (!doc.contains(list)) continue;
    for (const auto& alarm : doc[list]) {
      std::string name = alarm.value("AlarmName", "");
      found.push_back(name);
      if (alarm.value("StateValue", "") == "ALARM") {
        return Failure{"CloudWatch alarm " + name + " is in ALARM " + when + " (" +
                       alarm.value("StateReason", "") + ")"};
      }
    }
  }
  for (const auto& name : spec_.alarms) {
    if (std::find(found.begin(), found.end(), name) == found.end())
      return Failure{"CloudWatch alarm " + name + " does not exist (spec key alarms)"};
  }
  Log("alarms OK " + when + ": " + std::to_string(spec_.alarms.size()) + " checked");
  return Interrupted();
}

Outcome Runner::Hook(const std::string& name, const std::string& command, const Phase& phase) {
  if (command.empty()) return std::nullopt;
  std::vector<std::string> env = {
      "GREENLIGHT_PHASE=" + phase.id, "GREENLIGHT_STEP=" + std::to_string(phase.step),
      "GREENLIGHT_BLUE_WEIGHT=" + std::to_string(phase.blue_weight),
      "GREENLIGHT_GREEN_WEIGHT=" + std::to_string(phase.green_weight),
      "GREENLIGHT_HOOK=" + name};
  Log("hook " + name + " for " + phase.id + ": " + command);
  auto result = Call({"/bin/sh", "-c", command},
                     std::chrono::seconds(spec_.hooks.timeout_seconds), env);
  if (!result.ok()) return Failure{result.status().ToString()};
  std::istringstream output(result->out + result->err);
  for (std::string line; std::getline(output, line);) Log("  " + name + "| " + line);
  std::string where = " at step " + std::to_string(phase.step) + " (" +
                      Weights(phase.blue_weight, phase.green_weight) + ")";
  if (result->timed_out) {
    return Failure{"hook " + name + " timed out after " +
                   cutover::FormatDuration(spec_.hooks.timeout_seconds) + where};
  }
  if (result->exit_code != 0) {
    return Failure{"hook " + name + " failed" + where + ": exit " +
                   std::to_string(result->exit_code) + ": " +
                   LastLines(result->err.empty() ? result->out : result->err, 1)};
  }
  return Interrupted();
}

// external-dns mode: poll the zone until `cutover verify` has nothing left to say.
Outcome Runner::WaitPublished(const std::string& step, const std::string& what) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(spec_.publish_timeout_seconds);
  std::string last;
  while (true) {
    auto live = ListZone();
    if (!live.ok()) return Failure{live.status().ToString()};
    auto differences = cutover::VerifyListing(spec_, *live, step);
    if (!differences.ok()) return Failure{differences.status().ToString()};
    if (differences->empty()) {
      Log("external-dns published " + what);
      return Interrupted();
    }
    last = differences->front();
    if (std::chrono::steady_clock::now() >= deadline) {
      return Failure{"external-dns did not publish " + what + " within " +
                     cutover::FormatDuration(spec_.publish_timeout_seconds) + ": " + last};
    }
    Progress("waiting for external-dns to publish " + what + ": " + last);
    for (int i = 0; i < spec_.poll_interval_seconds * 10; ++i) {
      if (auto stop = Interrupted()) return stop;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

int Runner::WaitSeconds(const Phase& phase) const {
  return bake_override_ ? *bake_override_ : phase.wait_seconds;
}

Outcome Runner::Apply(const Phase& phase) {
  bool external_dns = spec_.mode == cutover::OwnershipMode::kExternalDns;
  for (const auto& patch : phase.patches) {
    if (auto failure = ApplyPatch(patch)) return failure;
  }
  if (external_dns && phase.preview) return std::nullopt;  // external-dns sends the batches
  std::vector<cutover::ChangeBatch> batches = phase.batches;
  if (phase.kind == PhaseKind::kDecommission) {
    // A DELETE must match the live record exactly: rebuild it from the zone as it is now.
    auto live = ListZone();
    if (!live.ok()) return Failure{live.status().ToString()};
    auto fresh = cutover::DecommissionPhase(spec_, *live);
    if (!fresh.ok()) return Failure{fresh.status().ToString()};
    batches = fresh->batches;
  }
  for (size_t i = 0; i < batches.size(); ++i) {
    std::string label = phase.id + (batches.size() > 1 ? "-part-" + std::to_string(i + 1) : "");
    if (auto failure = SendBatch(batches[i], label)) return failure;
  }
  return std::nullopt;
}

Outcome Runner::VerifyPhase(const Phase& phase) {
  std::string step = cutover::StepArgument(phase);
  if (spec_.mode == cutover::OwnershipMode::kExternalDns) {
    return WaitPublished(step, phase.id + " (" + phase.title + ")");
  }
  auto live = ListZone();
  if (!live.ok()) return Failure{live.status().ToString()};
  auto differences = cutover::VerifyListing(spec_, *live, step);
  if (!differences.ok()) return Failure{differences.status().ToString()};
  if (!differences->empty()) {
    for (const auto& line : *differences) Log("verify " + phase.id + ": " + line);
    return Failure{"the zone differs from the plan after " + phase.id + ": " +
                   differences->front() +
                   (differences->size() > 1
                        ? " (and " + std::to_string(differences->size() - 1) + " more)"
                        : "")};
  }
  Log("verified " + phase.id + ": the zone matches --step " + step);
  return Interrupted();
}

// The wait after a phase; alarms are read every poll interval while a weight step bakes.
Outcome Runner::Wait(const Phase& phase) {
  int seconds = WaitSeconds(phase);
  if (seconds <= 0) return std::nullopt;
  Log("waiting " + cutover::FormatDuration(seconds) + " after " + phase.id + " (" +
      (bake_override_ ? std::string("--bake") : phase.wait_reason) + ")");
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  auto next_alarm_check =
      std::chrono::steady_clock::now() + std::chrono::seconds(spec_.poll_interval_seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (auto stop = Interrupted()) return stop;
    auto now = std::chrono::steady_clock::now();
    if (phase.kind == PhaseKind::kStep && now >= next_alarm_check) {
      if (auto failure = CheckAlarms("during the bake of " + phase.id)) return failure;
      next_alarm_check = now + std::chrono::seconds(spec_.poll_interval_seconds);
    }
    auto left = std::chrono::duration_cast<std::chrono::seconds>(end - now).count();
    Progress(phase.id + ": " + cutover::FormatDuration(static_cast<int>(left)) + " left");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return std::nullopt;
}

Outcome Runner::RunPhase(const Phase& phase, bool already_applied) {
  bool step = phase.kind == PhaseKind::kStep;
  if (!already_applied) {
    if (step) {
      if (auto failure = Hook("beforeAllowTraffic", spec_.hooks.before_allow_traffic, phase))
        return failure;
    }
    Log("phase " + phase.id + ": " + phase.title);
    if (auto failure = Apply(phase)) return failure;
    journal_.applied = phase.id;
    journal_.blue_weight = phase.blue_weight;
    journal_.green_weight = phase.green_weight;
    if (Status s = SaveJournal(); !s.ok()) return Failure{s.ToString()};
  } else {
    Log("phase " + phase.id + " was applied before the interruption; checking it");
  }
  if (auto failure = VerifyPhase(phase)) return failure;
  if (step) {
    if (auto failure = CheckAlarms("after " + phase.id)) return failure;
  }
  if (auto failure = Wait(phase)) return failure;
  if (step) {
    if (auto failure = Hook("afterAllowTraffic", spec_.hooks.after_allow_traffic, phase))
      return failure;
  }
  journal_.completed.push_back(phase.id);
  journal_.applied.clear();
  if (Status s = SaveJournal(); !s.ok()) return Failure{s.ToString()};
  return std::nullopt;
}

int Runner::Stop(const Failure& failure, const Phase* phase) {
  if (failure.interrupted) {
    journal_.state = "interrupted";
    journal_.cause = failure.cause + (phase ? " during " + phase->id : "");
    if (Status s = SaveJournal(); !s.ok()) PrintError(s.ToString());
    Log("interrupted (" + journal_.cause + "); the journal is in " + flags_.state_dir +
        "; continue with --resume or roll back with --rollback");
    return kExitInterrupted;
  }
  bool traffic_moved = std::any_of(plan_.phases.begin(), plan_.phases.end(), [&](const Phase& p) {
    return (p.kind == PhaseKind::kStep || p.kind == PhaseKind::kTtlRestore) &&
           (std::count(journal_.completed.begin(), journal_.completed.end(), p.id) > 0 ||
            journal_.applied == p.id || (phase && phase->id == p.id));
  });
  if (!traffic_moved) {
    journal_.state = "failed";
    journal_.cause = failure.cause;
    if (Status s = SaveJournal(); !s.ok()) PrintError(s.ToString());
    PrintError(failure.cause + "; no weight step was applied yet, so there is nothing to roll back");
    return kExitFindings;
  }
  return RollBack(failure.cause, false);
}

// Back to the first weight step from wherever the journal says; verified like any step.
int Runner::RollBack(const std::string& cause, bool asked) {
  rolling_back_ = true;
  const cutover::WeightStep& first = spec_.steps.front();
  Log((asked ? "rolling back to " : "rolling back (" + cause + ") to ") +
      Weights(first.blue, first.green));
  // The first step's TTL: after a TTL restore the rollback lowers it again, so that the
  // way back is as fast as the way there.
  bool lowered = std::any_of(plan_.phases.begin(), plan_.phases.end(),
                             [](const Phase& p) { return p.kind == PhaseKind::kTtlLower; });
  auto rollback = cutover::RollbackToStep(spec_, 1, journal_.blue_weight, journal_.green_weight,
                                          lowered ? spec_.cutover_ttl : spec_.current_ttl);
  journal_.state = "rolling-back";
  journal_.cause = cause;
  if (Status s = SaveJournal(); !s.ok()) PrintError(s.ToString());
  Outcome failure;
  if (!rollback.ok()) {
    failure = Failure{rollback.status().ToString()};
  } else {
    Phase phase;
    phase.kind = PhaseKind::kStep;
    phase.id = "rollback-to-" + std::to_string(first.blue) + "-" + std::to_string(first.green);
    phase.title = rollback->title;
    phase.step = 1;
    phase.patches = rollback->patches;
    phase.batches = rollback->batches;
    phase.preview = spec_.mode == cutover::OwnershipMode::kExternalDns;
    failure = Apply(phase);
    if (!failure) failure = VerifyPhase(phase);
  }
  if (failure) {
    journal_.state = "failed";
    journal_.cause = cause + "; the rollback failed too: " + failure->cause;
    if (Status s = SaveJournal(); !s.ok()) PrintError(s.ToString());
    PrintError(journal_.cause);
    return kExitFindings;
  }
  journal_.blue_weight = first.blue;
  journal_.green_weight = first.green;
  journal_.applied.clear();
  journal_.state = "rolled-back";
  if (Status s = SaveJournal(); !s.ok()) PrintError(s.ToString());
  if (asked) {
    Log("rolled back to " + Weights(first.blue, first.green) + " and verified");
    return kExitOk;
  }
  PrintError("rolled back to " + Weights(first.blue, first.green) + " (verified): " + cause);
  return kExitFindings;
}

Status Runner::SaveJournal() {
  journal_.updated = UtcNow();
  return WriteFileAtomically(Path("journal.json"), cutover::JournalToJson(journal_));
}

bool Runner::Confirm() {
  if (flags_.yes) return true;
  if (!isatty(STDIN_FILENO)) return false;
  std::cerr << "Run " << plan_.phases.size() << " phases against zone " << spec_.zone_name << " ("
            << spec_.zone_id << ")? [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

Status Runner::Prepare() {
  if (!flags_.bake.empty()) {
    bake_override_ = cutover::ParseDurationSeconds(flags_.bake);
    if (!bake_override_)
      return InvalidArgument("--bake must be a duration like 0s, 30s or 10m, got '" + flags_.bake + "'");
  }
  if (flags_.to_step < 0 || flags_.to_step > static_cast<int>(spec_.steps.size())) {
    return InvalidArgument("--to must be a weight step 1.." + std::to_string(spec_.steps.size()));
  }
  if (flags_.aws.find('/') == std::string::npos ? render::FindOnPath(flags_.aws).empty()
                                                : !fs::exists(flags_.aws)) {
    return FailedPrecondition("the AWS CLI '" + flags_.aws + "' was not found (--aws PATH)");
  }
  std::error_code ec;
  fs::create_directories(flags_.state_dir, ec);
  if (ec) return FailedPrecondition("cannot create --state-dir " + flags_.state_dir + ": " + ec.message());
  bool journal_exists = fs::exists(Path("journal.json"));
  if (journal_exists && !flags_.resume && !flags_.rollback) {
    return FailedPrecondition("a run journal exists in " + flags_.state_dir +
                              "; pass --resume to continue it, --rollback to roll back, or "
                              "remove the directory to start over");
  }
  if (!journal_exists && (flags_.resume || flags_.rollback)) {
    return FailedPrecondition("no run journal in " + flags_.state_dir + " to " +
                              (flags_.resume ? "resume" : "roll back"));
  }
  std::vector<cutover::RecordSet> initial;
  if (journal_exists) {
    GL_ASSIGN_OR_RETURN(std::string text, ReadFileToString(Path("journal.json"), Path("journal.json").string()));
    GL_ASSIGN_OR_RETURN(journal_, cutover::ParseJournal(text, Path("journal.json").string()));
    if (journal_.spec_digest != spec_digest_) {
      return FailedPrecondition(flags_.spec + " changed since the run in " + flags_.state_dir +
                                " started; a changed plan cannot be resumed");
    }
    if (journal_.state == "rolled-back" && flags_.resume) {
      return FailedPrecondition("the run in " + flags_.state_dir + " was rolled back (" +
                                journal_.cause + "); remove the directory to start a new run");
    }
    GL_ASSIGN_OR_RETURN(initial, cutover::LoadListing(Path("initial-listing.json").string()));
  } else {
    // The plan is always rebuilt from the zone as it was at the start, so a resumed run has
    // the same phases (the conversion's exact DELETE included).
    auto listing = Call({flags_.aws, "route53", "list-resource-record-sets", "--hosted-zone-id",
                         spec_.zone_id, "--output", "json"},
                        kAwsCallTimeout);
    if (!listing.ok()) return listing.status();
    GL_RETURN_IF_ERROR(WriteFileAtomically(Path("initial-listing.json"), listing->out));
    GL_ASSIGN_OR_RETURN(initial, cutover::ParseListing(listing->out, "list-resource-record-sets"));
    journal_.spec_file = flags_.spec;
    journal_.spec_digest = spec_digest_;
    journal_.zone_id = spec_.zone_id;
    journal_.mode = spec_.mode == cutover::OwnershipMode::kExternalDns ? "external-dns" : "route53";
    journal_.blue_weight = spec_.steps.front().blue;
    journal_.green_weight = spec_.steps.front().green;
  }
  auto plan = cutover::BuildPlan(spec_, &initial);
  if (!plan.ok()) {
    Status status = plan.status();
    return status.Prepend("refusing to run");
  }
  plan_ = std::move(*plan);
  log_.open(Path("run.log"), std::ios::app);
  // Numbering of the batches sent goes on across resumed runs, so sent/ sorts in order.
  if (fs::is_directory(Path("sent"))) {
    for (const auto& entry : fs::directory_iterator(Path("sent"))) {
      (void)entry;
      ++batches_sent_;
    }
  }
  return Status::Ok();
}

int Runner::RunPhases() {
  journal_.state = "running";
  journal_.cause.clear();
  if (Status s = SaveJournal(); !s.ok()) {
    PrintError(s.ToString());
    return kExitUsageOrInputError;
  }
  for (const auto& phase : plan_.phases) {
    if (std::count(journal_.completed.begin(), journal_.completed.end(), phase.id)) continue;
    if (phase.kind == PhaseKind::kDecommission && !flags_.decommission) break;
    if (flags_.to_step > 0 && phase.kind == PhaseKind::kStep && phase.step > flags_.to_step) {
      journal_.state = "paused";
      if (Status s = SaveJournal(); !s.ok()) PrintError(s.ToString());
      Log("stopped after step " + std::to_string(flags_.to_step) + " (--to); continue with --resume");
      return kExitOk;
    }
    if (auto stop = Interrupted()) return Stop(*stop, &phase);
    if (auto failure = RunPhase(phase, journal_.applied == phase.id))
      return Stop(*failure, &phase);
  }
  journal_.state = "done";
  if (Status s = SaveJournal(); !s.ok()) PrintError(s.ToString());
  bool decommission_left = std::any_of(
      plan_.phases.begin(), plan_.phases.end(), [&](const Phase& p) {
        return p.kind == PhaseKind::kDecommission &&
               !std::count(journal_.completed.begin(), journal_.completed.end(), p.id);
      });
  Log(std::string("done: ") + Weights(journal_.blue_weight, journal_.green_weight) +
      (decommission_left ? "; retire blue's records when ready with --resume --decommission" : ""));
  return kExitOk;
}

int Runner::Run() {
  StopSignals signals;
  if (Status s = Prepare(); !s.ok()) {
    PrintError(s.ToString());
    return kExitUsageOrInputError;
  }
  if (!Confirm()) {
    PrintError("not confirmed: pass --yes to run without a prompt (stdin is not a terminal)");
    return kExitUsageOrInputError;
  }
  Log(std::string("run ") + flags_.spec + " against " + spec_.zone_id + " (" + journal_.mode +
      " mode, " + std::to_string(plan_.phases.size()) + " phases, journal " + flags_.state_dir + ")");
  if (flags_.rollback) return RollBack("--rollback", true);
  return RunPhases();
}

}  // namespace

int RunCutover(const CutoverRunFlags& flags) {
  auto bytes = ReadFileToString(flags.spec, flags.spec);
  if (!bytes.ok()) {
    PrintError(bytes.status().ToString());
    return kExitUsageOrInputError;
  }
  auto spec = cutover::ParseSpec(*bytes, flags.spec);
  if (!spec.ok()) {
    PrintError(spec.status().ToString());
    return kExitUsageOrInputError;
  }
  g_stop = false;
  Runner runner(flags, std::move(*spec), cutover::Digest(*bytes));
  return runner.Run();
}

}  // namespace greenlight::cli
