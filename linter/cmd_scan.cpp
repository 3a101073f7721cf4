// greenlight scan: the main job. Lists the inputs, scans them against the catalog at the target
// version, writes the report, and maps the outcome to an exit code.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "base/exit_code.h"
#include "base/timings.h"
#include "base/version.h"
#include "catalog_flags.h"
#include "checks/addon_check.h"
#include "checks/rule_check.h"
#include "checks/rule_info.h"
#include "commands.h"
#include "output.h"
#include "pipeline/report_output.h"
#include "report/report.h"
#include "rules_flags.h"
#include "scan/scanner.h"
#include "scan_sources.h"

namespace greenlight::cli {
namespace {

struct ScanFlags {
  std::vector<std::string> inputs;
  std::string target;
  std::string from;
  std::string format = "text";
  std::string output;
  std::string fail_on = "error";
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  bool no_color = false;
  bool explain_coverage = false;
  bool timings = false;
  int jobs = 0;
  std::string parser = "fast";
  CatalogFlags catalog;
  RulesFlags rules;
  std::vector<std::string> disable;
  SourceFlags sources;  // --repo/--rev/--base/--changed-only/--baseline/--config (scan_sources.h)
  std::vector<std::string> blue, green;  // --blue/--green: each cluster's manifests (CUT5xx)
};

// A scan that read nothing is said on stderr too, whatever the format; --explain-coverage lists
// every file's disposition there (stdout stays the report, valid in every format).
void PrintCoverage(const pipeline::PipelineResult& outcome, bool explain) {
  for (const checks::Finding& f : outcome.result.findings) {
    if (f.rule_id == checks::kRuleNothingScanned) std::cerr << "greenlight: warning: " << f.message << "\n";
  }
  if (!explain) return;
  std::cerr << "coverage: " << outcome.coverage.Summary().Line() << "\n";
  for (const pipeline::FileCoverage& file : outcome.coverage.files) {
    std::cerr << "  " << pipeline::DispositionName(file.disposition) << "\t" << file.path;
    if (!file.detail.empty()) std::cerr << "\t" << file.detail;
    std::cerr << "\n";
  }
}

int ExitCodeFor(const scan::ScanResult& result, const std::string& fail_on) {
  if (result.summary.input_errors > 0) return kExitUsageOrInputError;
  if (fail_on == "none") return kExitOk;
  checks::Severity threshold = *checks::ParseSeverity(fail_on);
  for (const auto& f : result.findings) {
    if (f.severity >= threshold) return kExitFindings;
  }
  return kExitOk;
}

// --timings: where the run's time went, printed on stderr when the scan ends (whatever its exit
// code), in the order the stages first finished.
class TimingsPrinter {
 public:
  explicit TimingsPrinter(bool on) : on_(on), start_(std::chrono::steady_clock::now()) {
    if (on_) timings::Enable();
  }
  ~TimingsPrinter() {
    if (!on_) return;
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::fprintf(stderr, "timings (wall clock; runs of helm and kubectl overlap with --jobs > 1):\n");
    for (const timings::Entry& e : timings::Snapshot()) {
      std::fprintf(stderr, "  %-28s %8.3f s", e.stage.c_str(), e.seconds);
      if (e.count > 1) std::fprintf(stderr, "  (%llu runs)", static_cast<unsigned long long>(e.count));
      std::fprintf(stderr, "\n");
    }
    std::fprintf(stderr, "  %-28s %8.3f s\n", "total", total);
  }
  TimingsPrinter(const TimingsPrinter&) = delete;
  TimingsPrinter& operator=(const TimingsPrinter&) = delete;

 private:
  bool on_;
  std::chrono::steady_clock::time_point start_;
};

int RunScan(const ScanFlags& given) {
  TimingsPrinter timings_printer(given.timings);
  ScanFlags flags = given;
  auto config = LoadScanConfig(flags.sources, flags.inputs);
  if (!config.ok()) {
    PrintError(config.status().ToString());
    return kExitUsageOrInputError;
  }
  if (*config) {
    pipeline::MergeConfig(**config, flags.target, flags.from, flags.include, flags.exclude,
                flags.catalog.extra_catalog, flags.rules.extra_rules);
    pipeline::MergeRenderConfig(**config, flags.sources.render);
  }
  if (flags.inputs.empty() && flags.sources.repo.empty()) {
    // scan --blue A --green B: the two clusters' manifests are the inputs.
    flags.inputs.insert(flags.inputs.end(), flags.blue.begin(), flags.blue.end());
    flags.inputs.insert(flags.inputs.end(), flags.green.begin(), flags.green.end());
  }
  if (flags.target.empty()) {
    PrintError("--target is required (or 'target' in .greenlight.yaml), e.g. --target 1.29");
    return kExitUsageOrInputError;
  }
  auto target = Version::Parse(flags.target);
  if (!target.ok()) {
    PrintError("--target: " + target.status().message());
    return kExitUsageOrInputError;
  }
  std::optional<Version> from;
  if (!flags.from.empty()) {
    auto parsed = Version::Parse(flags.from);
    if (!parsed.ok()) {
      PrintError("--from: " + parsed.status().message());
      return kExitUsageOrInputError;
    }
    if (Version::CompareMinor(*parsed, *target) > 0) {
      PrintError("--from " + parsed->ToString() + " is newer than --target " + target->ToString() +
                 "; greenlight checks upgrades");
      return kExitUsageOrInputError;
    }
    from = *parsed;
  }
  if (Status s = CheckFormat(flags.format, pipeline::ScanFormats()); !s.ok()) {
    PrintError("--format: " + s.message());
    return kExitUsageOrInputError;
  }
  if (flags.fail_on != "none" && !checks::ParseSeverity(flags.fail_on)) {
    PrintError("--fail-on: expected error, warning, info or none, got '" + flags.fail_on + "'");
    return kExitUsageOrInputError;
  }
  auto catalog = LoadCatalog(flags.catalog);
  if (!catalog.ok()) {
    PrintError(catalog.status().ToString());
    return kExitUsageOrInputError;
  }
  auto rule_set = LoadRuleSet(flags.rules);
  if (!rule_set.ok()) {
    PrintError(rule_set.status().ToString());
    return kExitUsageOrInputError;
  }
  auto disabled = ResolveDisabled(*rule_set, flags.disable);
  if (!disabled.ok()) {
    PrintError(disabled.status().ToString());
    return kExitUsageOrInputError;
  }
  if (*config) {
    if (Status s = config::ResolveRuleIds(**config); !s.ok()) {
      PrintError(s.ToString());
      return kExitUsageOrInputError;
    }
  }
  checks::RuleCheck rule_check(*rule_set, *target, *disabled);
  auto addon_matrix = catalog::LoadEmbeddedAddonMatrix();
  if (!addon_matrix.ok()) {
    PrintError(addon_matrix.status().ToString());
    return kExitUsageOrInputError;
  }
  checks::AddonCheck addon_check(*addon_matrix, *target);  // ADD2xx: add-ons the target breaks
  scan::ScanOptions options;
  options.target = *target;
  options.from = from;
  options.jobs = flags.jobs;
  options.backend = flags.parser == "libyaml"    ? document::ParserBackend::kLibyaml
                    : flags.parser == "yaml-cpp" ? document::ParserBackend::kYamlCpp
                                                 : document::ParserBackend::kFast;
  options.extra_checks.push_back(&rule_check);
  options.extra_checks.push_back(&addon_check);
  options.record_objects = flags.format == "junit";
  auto run = PipelineFor(flags.sources, flags.inputs, {flags.include, flags.exclude}, options,
                         *config ? &**config : nullptr);
  if (!run.ok()) {
    PrintError(run.status().ToString());
    return kExitUsageOrInputError;
  }
  run->blue = flags.blue;
  run->green = flags.green;
  RenderProgressLine progress;
  progress.Attach(run->render);
  auto outcome = pipeline::Pipeline(*catalog, std::move(run).value()).Run();
  if (!outcome.ok()) {
    PrintError(outcome.status().ToString());
    return kExitUsageOrInputError;
  }
  if (outcome->interrupted) {
    PrintError("interrupted while rendering; temporary files removed");
    return kExitInterrupted;
  }
  const scan::ScanResult& result = outcome->result;

  report::ReportContext context;
  context.tool_version = GREENLIGHT_VERSION;
  context.catalog_version = CatalogVersion(*catalog);
  context.target = target->ToString();
  context.from = from ? from->ToString() : std::string();
  context.summary = result.summary;
  context.comparison = outcome->comparison;
  context.rendered_units = outcome->rendered_units;
  context.coverage = outcome->coverage.Summary();
  {
    timings::Scope timing("report");
    const bool color = UseColor(flags.no_color, flags.output);
    Status s = EmitOutputInPieces(flags.output, [&](TextSink& sink) {
      return pipeline::WriteReport(flags.format, *outcome, context, color, flags.sources.link_base, sink);
    });
    if (!s.ok()) {
      PrintError(s.ToString());
      return kExitUsageOrInputError;
    }
  }
  PrintCoverage(*outcome, flags.explain_coverage);
  return ExitCodeFor(result, flags.fail_on);
}

}  // namespace

void RegisterScan(CLI::App& app, Action& action) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* cmd = app.add_subcommand(
      "scan",
      "Report every object whose API is removed or deprecated at the target Kubernetes version.\n"
      "Reads Helm/Kustomize-rendered YAML and JSON: files, directories (recursively: *.yaml,\n"
      "*.yml, *.json; .git skipped) and - for standard input. With --render it renders what a\n"
      "GitOps repository holds first: Argo CD Applications, Helm charts, kustomizations.\n"
      "kubectl get -o yaml|json dumps are read with the manifests their objects record (last-applied\n"
      "configurations, Helm 3 release records); --cluster takes the dump with kubectl itself.\n\n"
      "Examples:\n"
      "  greenlight scan --target 1.25 manifests/\n"
      "  greenlight scan --render --target 1.25 --from 1.22 \\\n"
      "      --repo-map https://github.com/org/gitops.git=. .\n"
      "  helm template shop charts/shop | greenlight scan --target 1.25 --from 1.22 -\n"
      "  kubectl kustomize overlays/green | greenlight scan --target 1.29 --format json -\n"
      "  greenlight scan --cluster --context blue --target 1.25 --from 1.22 --save dumps/blue\n"
      "  greenlight scan --target 1.29 --repo . --rev HEAD --base origin/main --format sarif");
  cmd->add_option("inputs", flags->inputs,
                  "Files, directories, or - for standard input (with --repo: repo-relative folders)");
  cmd->add_option("--target,-t", flags->target,
                  "Kubernetes version of the green cluster, e.g. 1.25 (also v1.25 or 1.25.3); "
                  "required unless .greenlight.yaml sets 'target'");
  cmd->add_option("--from", flags->from,
                  "Kubernetes version of the blue cluster, e.g. 1.22: each finding then says "
                  "whether it already fails there or on which upgrade hop it breaks");
  cmd->add_option("--format,-o", flags->format, "Output format: text (default), json, sarif (code scanning), junit (CI test "
                  "reports), github (workflow annotations) or markdown (a PR comment)")
      ->capture_default_str();
  cmd->add_option("--output", flags->output, "Write the report to FILE (atomically) instead of stdout");
  cmd->add_option("--fail-on", flags->fail_on,
                  "Lowest severity that makes the exit code 1: error (default), warning, info or none");
  cmd->add_option("--include", flags->include,
                  "Only scan paths matching this glob (relative to each directory; '**' crosses "
                  "folders), e.g. --include 'apps/**'; repeatable");
  cmd->add_option("--exclude", flags->exclude,
                  "Skip paths matching this glob, e.g. --exclude '**/tests/**'; repeatable; wins "
                  "over --include");
  cmd->add_flag("--no-color", flags->no_color, "No colour (also when NO_COLOR is set or stdout is not a TTY)");
  cmd->add_flag("--explain-coverage", flags->explain_coverage,
                "After the report, list on stderr every file under the inputs with its disposition: "
                "scanned, rendered (and by which unit), not-manifest, excluded or skipped (and why)");
  cmd->add_flag("--timings", flags->timings,
                "After the report, print on stderr where the time went: listing inputs, rendering "
                "(each helm and kubectl command, summed over its runs), reading + parsing + "
                "checking, writing the report, and the total");
  cmd->add_option("--jobs,-j", flags->jobs,
                  "Worker threads (default: one per core); files, and the pieces of a big file or "
                  "stream, are scanned in parallel");
  cmd->add_option("--parser", flags->parser,
                  "YAML parser: fast (default: greenlight's own, libyaml for what it does not "
                  "take), libyaml or yaml-cpp; all give the same findings (for diagnosis and the "
                  "benchmark)")
      ->check(CLI::IsMember({"fast", "libyaml", "yaml-cpp"}));
  AddCatalogFlags(*cmd, flags->catalog);
  AddRulesFlags(*cmd, flags->rules);
  AddSourceFlags(*cmd, flags->sources);
  cmd->add_option("--disable", flags->disable,
                  "Turn a lint rule off for this scan, by id or name, e.g. --disable REL410 or "
                  "--disable latest-image-tag; repeatable")
      ->expected(1)
      ->allow_extra_args(false)
      // One value per flag (CLI11 vectors are greedy): inputs after it stay inputs.
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--blue", flags->blue,
                  "The blue cluster's manifests (file or directory; repeatable): with --green, the "
                  "cross-cluster cutover checks (CUT5xx: owner ids, set identifiers, annotation "
                  "prefixes, record modes) run too; without other inputs both are scanned");
  cmd->add_option("--green", flags->green, "The green cluster's manifests (see --blue); repeatable");
  OneValuePerFlag(*cmd);
  cmd->callback([flags, &action] { action = [flags] { return RunScan(*flags); }; });
}

}  // namespace greenlight::cli
