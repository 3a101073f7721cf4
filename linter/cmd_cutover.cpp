// greenlight cutover init|plan|verify|lint: the blue/green traffic shift. Loads the spec (and the
// zone listing and both clusters' manifests when given), builds the plan with src/cutover/, and
// writes it only inside --out (atomically, refusing a non-empty directory without --force). An
// impossible plan is refused before anything is written.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "base/atomic_file.h"
#include "base/exit_code.h"
#include "checks/cutover_consistency.h"
#include "pipeline/cluster_manifests.h"
#include "commands.h"
#include "cutover/cluster.h"
#include "cutover/lint.h"
#include "cutover/plan.h"
#include "cutover/render.h"
#include "cutover/spec.h"
#include "cutover/verify.h"
#include "cutover_run.h"
#include "output.h"
#include "report/report.h"
#include "source/input.h"

namespace greenlight::cli {
namespace {

namespace fs = std::filesystem;

struct CutoverFlags {
  std::string spec;
  std::string out;
  std::string state;
  std::string step;
  std::string format = "text";
  std::vector<std::string> blue;
  std::vector<std::string> green;
  std::string zone_name;
  std::string zone_id;
  std::string mode;  ///< init: empty = external-dns when blue runs it, else route53
  bool force = false;
  bool no_color = false;
};

int Fail(const Status& status) {
  PrintError(status.ToString());
  return kExitUsageOrInputError;
}

// An output directory we may write into: absent (created), empty, or --force.
Status PrepareOutDir(const std::string& out, bool force) {
  std::error_code ec;
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec))
      return FailedPrecondition("--out " + out + " is not a directory");
    if (!fs::is_empty(out, ec) && !force) {
      return FailedPrecondition("--out " + out + " is not empty; pass --force to write into it");
    }
    return Status::Ok();
  }
  fs::create_directories(out, ec);
  if (ec) return FailedPrecondition("cannot create --out " + out + ": " + ec.message());
  return Status::Ok();
}

Status WriteFiles(const std::string& out, const std::vector<cutover::OutputFile>& files) {
  for (const auto& file : files) {
    GL_ASSIGN_OR_RETURN(fs::path path, ResolveInside(out, file.path));
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec)
      return FailedPrecondition("cannot create " + path.parent_path().string() + ": " +
                                ec.message());
    GL_RETURN_IF_ERROR(WriteFileAtomically(path, file.contents));
  }
  return Status::Ok();
}

struct Clusters {
  std::optional<cutover::ClusterManifests> blue, green;
};

StatusOr<Clusters> LoadClusters(const CutoverFlags& flags) {
  Clusters clusters;
  if (flags.blue.empty() != flags.green.empty()) {
    return InvalidArgument("give both --blue and --green manifests, or neither");
  }
  if (flags.blue.empty()) return clusters;
  GL_ASSIGN_OR_RETURN(clusters.blue, pipeline::LoadClusterManifests("blue", flags.blue));
  GL_ASSIGN_OR_RETURN(clusters.green, pipeline::LoadClusterManifests("green", flags.green));
  return clusters;
}

// "No hostname left behind": prints every name blue serves that the plan or green misses, and
// (route53 mode) every planned name an external-dns would publish too.
bool ReportHostnameProblems(const cutover::CutoverSpec& spec, const Clusters& clusters,
                            const std::vector<cutover::RecordSet>* live) {
  if (!clusters.blue) return false;
  bool found = false;
  for (const auto& line :
       cutover::HostnamesLeftBehind(spec, *clusters.blue, *clusters.green, live)) {
    std::cerr << "greenlight: hostname left behind: " << line << "\n";
    found = true;
  }
  for (const auto* cluster : {&*clusters.blue, &*clusters.green}) {
    for (const auto& line : cutover::NamesAlsoPublishedByExternalDns(spec, *cluster)) {
      std::cerr << "greenlight: two writers: " << line << "\n";
      found = true;
    }
  }
  return found;
}

int RunPlan(const CutoverFlags& flags) {
  if (Status s = CheckFormat(flags.format, {"text", "json"}); !s.ok()) return Fail(s);
  if (flags.out.empty() && flags.format != "json") {
    return Fail(InvalidArgument("--out DIR is required (or --format json to print the plan only)"));
  }
  auto spec = cutover::LoadSpec(flags.spec);
  if (!spec.ok()) return Fail(spec.status());
  std::optional<std::vector<cutover::RecordSet>> live;
  if (!flags.state.empty()) {
    auto listing = cutover::LoadListing(flags.state);
    if (!listing.ok()) return Fail(listing.status());
    live = std::move(*listing);
  }
  auto clusters = LoadClusters(flags);
  if (!clusters.ok()) return Fail(clusters.status());
  auto plan = cutover::BuildPlan(*spec, live ? &*live : nullptr);
  if (!plan.ok()) {
    Status status = plan.status();
    return Fail(status.Prepend("refusing to plan"));
  }
  if (ReportHostnameProblems(*spec, *clusters, live ? &*live : nullptr)) {
    PrintError(
        "the plan leaves hostnames behind or shares them with external-dns; nothing was written");
    return kExitFindings;
  }
  auto files = cutover::RenderPlanFiles(*spec, *plan);
  if (!flags.out.empty()) {
    if (Status s = PrepareOutDir(flags.out, flags.force); !s.ok()) return Fail(s);
    if (Status s = WriteFiles(flags.out, files); !s.ok()) return Fail(s);
  }
  if (flags.format == "json") {
    std::cout << cutover::RenderPlanJson(*spec, *plan);
    return kExitOk;
  }
  size_t batches = 0;
  for (const auto& file : files)
    batches += file.path.ends_with(".json") && file.path != "plan.json";
  std::cout << "wrote " << files.size() << " files to " << flags.out << " (" << plan->phases.size()
            << " phases, " << batches << (plan->preview ? " preview" : "")
            << " batches); start with " << (fs::path(flags.out) / "runbook.md").string() << "\n";
  for (const auto& note : plan->notes) std::cout << "note: " << note << "\n";
  return kExitOk;
}

int RunVerify(const CutoverFlags& flags) {
  auto spec = cutover::LoadSpec(flags.spec);
  if (!spec.ok()) return Fail(spec.status());
  auto live = cutover::LoadListing(flags.state);
  if (!live.ok()) return Fail(live.status());
  auto clusters = LoadClusters(flags);
  if (!clusters.ok()) return Fail(clusters.status());
  auto differences = cutover::VerifyListing(*spec, *live, flags.step);
  if (!differences.ok()) return Fail(differences.status());
  bool left_behind = ReportHostnameProblems(*spec, *clusters, &*live);
  if (differences->empty() && !left_behind) {
    std::cout << "ok: " << flags.state << " matches step " << flags.step << " of " << flags.spec
              << "\n";
    return kExitOk;
  }
  for (const auto& line : *differences) std::cout << flags.state << ": " << line << "\n";
  std::cout << differences->size() << " difference(s) from step " << flags.step << " of "
            << flags.spec << "\n";
  return kExitFindings;
}

// The CUT5xx findings through the same report writers as scan (text, json, sarif).
int RunLint(const CutoverFlags& flags) {
  if (Status s = CheckFormat(flags.format, {"text", "json", "sarif"}); !s.ok()) return Fail(s);
  auto clusters = LoadClusters(flags);
  if (!clusters.ok()) return Fail(clusters.status());
  if (!clusters->blue) return Fail(InvalidArgument("cutover lint needs --blue and --green"));
  auto findings = checks::CutoverFindings(cutover::LintClusters(*clusters->blue, *clusters->green));
  std::sort(findings.begin(), findings.end(), checks::FindingLess);
  checks::RegisterLintRules(checks::CutoverRuleInfos());
  report::ReportContext context;
  context.tool_version = GREENLIGHT_VERSION;
  context.target = "cutover blue -> green";
  for (const auto* cluster : {&*clusters->blue, &*clusters->green}) {
    context.summary.files += cluster->files;
    context.summary.bytes += cluster->bytes;
    context.summary.documents += cluster->documents;
    context.summary.objects += cluster->objects;
  }
  std::string text = flags.format == "json" ? report::WriteJson(findings, context)
                     : flags.format == "sarif"
                         ? report::WriteSarif(findings, context)
                         : report::WriteText(findings, context, {UseColor(flags.no_color, "")});
  std::cout << text;
  bool errors = std::any_of(findings.begin(), findings.end(), [](const checks::Finding& f) {
    return f.severity == checks::Severity::kError;
  });
  return errors ? kExitFindings : kExitOk;
}

int RunInit(const CutoverFlags& flags) {
  auto clusters = LoadClusters(flags);
  if (!clusters.ok()) return Fail(clusters.status());
  if (!clusters->blue) return Fail(InvalidArgument("cutover init needs --blue and --green"));
  std::string mode = flags.mode;
  if (mode.empty()) mode = clusters->blue->external_dns.empty() ? "route53" : "external-dns";
  if (mode != "route53" && mode != "external-dns") {
    return Fail(InvalidArgument("--mode must be route53 or external-dns, got '" + mode + "'"));
  }
  std::optional<std::vector<cutover::RecordSet>> live;
  if (!flags.state.empty()) {
    auto listing = cutover::LoadListing(flags.state);
    if (!listing.ok()) return Fail(listing.status());
    live = std::move(*listing);
  }
  auto yaml = cutover::DeriveSpecYaml(*clusters->blue, *clusters->green,
                                      {flags.zone_name, flags.zone_id, mode, live ? &*live : nullptr});
  if (!yaml.ok()) return Fail(yaml.status());
  if (Status s = PrepareOutDir(flags.out, flags.force); !s.ok()) return Fail(s);
  if (Status s = WriteFiles(flags.out, {{"cutover.yaml", *yaml}}); !s.ok()) return Fail(s);
  std::cout << "wrote " << (fs::path(flags.out) / "cutover.yaml").string()
            << "; review it, then run greenlight cutover plan\n";
  return kExitOk;
}

// The decommission phase alone, from a fresh listing: exact DELETEs of what is live now.
int RunDecommission(const CutoverFlags& flags) {
  auto spec = cutover::LoadSpec(flags.spec);
  if (!spec.ok()) return Fail(spec.status());
  auto live = cutover::LoadListing(flags.state);
  if (!live.ok()) return Fail(live.status());
  auto phase = cutover::DecommissionPhase(*spec, *live);
  if (!phase.ok()) {
    Status status = phase.status();
    return Fail(status.Prepend("refusing to decommission"));
  }
  phase->id = "decommission";
  cutover::Plan plan;
  plan.preview = phase->preview;
  plan.phases.push_back(*phase);
  std::vector<cutover::OutputFile> files;
  auto paths = cutover::PhaseBatchPaths(plan, *phase);
  for (size_t i = 0; i < phase->batches.size(); ++i)
    files.push_back({paths[i], cutover::ChangeBatchToJson(phase->batches[i])});
  for (size_t i = 0; i < phase->patches.size(); ++i) {
    files.push_back({"patches/decommission/" + std::to_string(i + 1) + "-" +
                         phase->patches[i].resource.kind + "-" + phase->patches[i].resource.name +
                         ".yaml",
                     cutover::KustomizePatch(phase->patches[i])});
  }
  if (Status s = PrepareOutDir(flags.out, flags.force); !s.ok()) return Fail(s);
  if (Status s = WriteFiles(flags.out, files); !s.ok()) return Fail(s);
  std::cout << "how: " << phase->how << "\n";
  for (const auto& patch : phase->patches)
    std::cout << cutover::KubectlPatchCommand(*spec, patch) << "\n";
  for (const auto& path : paths) {
    std::cout << "aws route53 change-resource-record-sets --hosted-zone-id " << spec->zone_id
              << " --change-batch file://" << (fs::path(flags.out) / path).string()
              << (phase->preview ? "   # PREVIEW: external-dns sends this" : "") << "\n";
  }
  if (paths.empty()) std::cout << "nothing of blue's is left in " << flags.state << "\n";
  return kExitOk;
}

void AddClusterFlags(CLI::App* cmd, CutoverFlags& flags) {
  cmd->add_option("--blue", flags.blue,
                  "Manifests of the blue (current) cluster: files or directories; repeatable");
  cmd->add_option("--green", flags.green,
                  "Manifests of the green (new) cluster: files or directories; repeatable");
}

}  // namespace

void RegisterCutover(CLI::App& app, Action& action) {
  auto flags = std::make_shared<CutoverFlags>();
  CLI::App* cutover = app.add_subcommand(
      "cutover",
      "Plan the blue/green traffic shift in Route 53: weighted records, TTL lowering, change\n"
      "batches per step, rollback batches, external-dns annotation patches and a runbook.");
  cutover->require_subcommand(1);

  CLI::App* init = cutover->add_subcommand(
      "init",
      "Derive a cutover.yaml from both clusters' manifests (hostname annotations, Ingress\n"
      "hosts, Gateway routes, DNSEndpoints; external-dns Deployments).\n\n"
      "Example:\n  greenlight cutover init --blue blue/ --green green/ --zone-name example.com "
      "--zone-id Z0123 --out cutover/");
  AddClusterFlags(init, *flags);
  init->add_option("--zone-name", flags->zone_name, "Hosted zone name, e.g. example.com")
      ->required();
  init->add_option("--zone-id", flags->zone_id, "Hosted zone id, e.g. Z0123456789ABCDEFGHIJ")
      ->required();
  init->add_option("--mode", flags->mode,
                   "external-dns (default when blue runs external-dns: each cluster publishes its "
                   "member) or route53 (greenlight's batches own the names)");
  init->add_option("--out", flags->out, "Directory to write cutover.yaml into")->required();
  init->add_flag("--force", flags->force, "Write into a non-empty --out directory");
  init->add_option("--state", flags->state,
                   "Zone listing (aws route53 list-resource-record-sets output): each record "
                   "takes the type that is live (CNAME, alias A/AAAA, A) and ttl.current the "
                   "live TTL");
  init->callback([flags, &action] { action = [flags] { return RunInit(*flags); }; });

  CLI::App* plan = cutover->add_subcommand(
      "plan",
      "Write the shift plan: change batches, rollback batches, annotation patches, runbook.\n\n"
      "Example:\n  aws route53 list-resource-record-sets --hosted-zone-id Z0123 > state.json\n"
      "  greenlight cutover plan cutover.yaml --state state.json --out plan/");
  plan->add_option("spec", flags->spec, "The cutover spec (cutover.yaml)")->required();
  plan->add_option("--out", flags->out, "Directory to write the plan into (created if absent)");
  plan->add_option(
      "--state", flags->state,
      "Zone listing (aws route53 list-resource-record-sets output): simple records are "
      "converted with an exact DELETE taken from it");
  plan->add_option("--format,-o", flags->format,
                   "text (default: a summary) or json (the whole plan on stdout)");
  plan->add_flag("--force", flags->force, "Write into a non-empty --out directory");
  AddClusterFlags(plan, *flags);
  plan->callback([flags, &action] { action = [flags] { return RunPlan(*flags); }; });

  CLI::App* verify = cutover->add_subcommand(
      "verify",
      "Compare a zone listing with the plan at one step; exit 1 on any difference.\n\n"
      "Example:\n  greenlight cutover verify cutover.yaml --state state.json --step 3");
  verify->add_option("spec", flags->spec, "The cutover spec (cutover.yaml)")->required();
  verify
      ->add_option("--state", flags->state,
                   "Zone listing (aws route53 list-resource-record-sets output)")
      ->required();
  verify->add_option("--step", flags->step, "Weight step 1..N, ttl-lower, ttl-restore or decommission (blue gone, green at the last weight)")
      ->required();
  AddClusterFlags(verify, *flags);
  verify->callback([flags, &action] { action = [flags] { return RunVerify(*flags); }; });

  CLI::App* decommission = cutover->add_subcommand(
      "decommission",
      "Retire blue after the shift: exact DELETE batches of blue's members (and TXT ownership\n"
      "records in external-dns mode) built from a fresh listing, or annotation removal when\n"
      "blue's external-dns runs --policy=sync.\n\n"
      "Example:\n  aws route53 list-resource-record-sets --hosted-zone-id Z0123 > now.json\n"
      "  greenlight cutover decommission cutover.yaml --state now.json --out decommission/");
  decommission->add_option("spec", flags->spec, "The cutover spec (cutover.yaml)")->required();
  decommission
      ->add_option("--state", flags->state,
                   "Zone listing taken just now (aws route53 list-resource-record-sets output)")
      ->required();
  decommission->add_option("--out", flags->out, "Directory to write the batches and patches into")
      ->required();
  decommission->add_flag("--force", flags->force, "Write into a non-empty --out directory");
  decommission->callback(
      [flags, &action] { action = [flags] { return RunDecommission(*flags); }; });

  auto run_flags = std::make_shared<CutoverRunFlags>();
  CLI::App* run = cutover->add_subcommand(
      "run",
      "Execute the plan: route53 mode sends each phase's batches with the AWS CLI and waits\n"
      "for INSYNC; external-dns mode patches the objects with kubectl and waits until\n"
      "external-dns has published the step. After every phase the zone is listed and verified;\n"
      "weight steps run hooks and read CloudWatch alarms. A failing hook, an alarm in ALARM or a\n"
      "difference rolls back to the first step (verified) and exits 1 naming the cause.\n"
      "Exit codes: 0 done, 1 rolled back, 2 bad input or refused plan, 130 interrupted.\n\n"
      "Example:\n  greenlight cutover run cutover.yaml --state-dir run/ --yes\n"
      "  greenlight cutover run cutover.yaml --state-dir run/ --resume   # after Ctrl-C\n"
      "  AWS_PROFILE=sandbox greenlight cutover run cutover.yaml --state-dir r/ --bake 5s --yes");
  run->add_option("spec", run_flags->spec, "The cutover spec (cutover.yaml)")->required();
  run->add_option("--state-dir", run_flags->state_dir,
                  "Directory for the journal (journal.json, written atomically after every "
                  "phase), the zone listing at the start, every batch sent and run.log")
      ->required();
  run->add_flag("--resume", run_flags->resume, "Continue the run the journal in --state-dir describes");
  run->add_flag("--rollback", run_flags->rollback,
                "Roll back to the first step (100:0 by default) from wherever the journal says");
  run->add_option("--to", run_flags->to_step, "Stop after weight step N (1-based); --resume goes on");
  run->add_option("--bake", run_flags->bake,
                  "Replace every wait (TTL wait, bake, propagation) with this duration, e.g. 0s "
                  "or 30s for rehearsals on a sandbox");
  run->add_flag("--yes,-y", run_flags->yes, "Do not ask for confirmation");
  run->add_flag("--decommission", run_flags->decommission,
                "Also run the decommission phase (deletes blue's records; no way back after it)");
  run->add_option("--aws", run_flags->aws,
                  "The AWS CLI to run (default: aws on PATH). AWS_PROFILE, AWS_REGION, "
                  "AWS_ENDPOINT_URL and the rest of the CLI's environment apply as usual");
  run->add_option("--kubectl", run_flags->kubectl, "kubectl to run in external-dns mode (default: kubectl on PATH)");
  run->callback([run_flags, &action] { action = [run_flags] { return RunCutover(*run_flags); }; });

  CLI::App* lint = cutover->add_subcommand(
      "lint",
      "Cross-cluster checks (CUT5xx) over both clusters' manifests: owner ids, set\n"
      "identifiers, annotation prefixes, --policy, record modes.\n\n"
      "Example:\n  greenlight cutover lint --blue blue/ --green green/");
  AddClusterFlags(lint, *flags);
  lint->add_option("--format,-o", flags->format, "text (default), json or sarif");
  lint->add_flag("--no-color", flags->no_color,
                 "No colour (also when NO_COLOR is set or stdout is not a TTY)");
  lint->callback([flags, &action] { action = [flags] { return RunLint(*flags); }; });
}

}  // namespace greenlight::cli
