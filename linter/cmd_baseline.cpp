// greenlight baseline: records the current findings' fingerprints in a baseline file, so that
// `scan --baseline FILE` reports only what appears later (adopting greenlight on a repository
// that already has findings). The file is written atomically.
#include <iostream>

#include "base/exit_code.h"
#include "base/version.h"
#include "catalog_flags.h"
#include "checks/rule_check.h"
#include "commands.h"
#include "config/baseline.h"
#include "output.h"
#include "rules_flags.h"
#include "scan_sources.h"

namespace greenlight::cli {
namespace {

struct BaselineFlags {
  std::vector<std::string> inputs;
  std::string target;
  std::string from;
  std::string output = ".greenlight-baseline.json";
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  int jobs = 0;
  CatalogFlags catalog;
  RulesFlags rules;
  SourceFlags sources;
};

int Fail(const Status& status) {
  PrintError(status.ToString());
  return kExitUsageOrInputError;
}

int RunBaseline(const BaselineFlags& given) {
  BaselineFlags flags = given;
  auto config = LoadScanConfig(flags.sources, flags.inputs);
  if (!config.ok()) return Fail(config.status());
  if (*config) {
    pipeline::MergeConfig(**config, flags.target, flags.from, flags.include, flags.exclude,
                flags.catalog.extra_catalog, flags.rules.extra_rules);
    pipeline::MergeRenderConfig(**config, flags.sources.render);
  }
  if (flags.target.empty()) {
    PrintError("--target is required (or 'target' in .greenlight.yaml), e.g. --target 1.29");
    return kExitUsageOrInputError;
  }
  auto target = Version::Parse(flags.target);
  if (!target.ok()) return Fail(Status(target.status()).Prepend("--target"));
  std::optional<Version> from;
  if (!flags.from.empty()) {
    auto parsed = Version::Parse(flags.from);
    if (!parsed.ok()) return Fail(Status(parsed.status()).Prepend("--from"));
    from = *parsed;
  }
  auto catalog = LoadCatalog(flags.catalog);
  if (!catalog.ok()) return Fail(catalog.status());
  auto rule_set = LoadRuleSet(flags.rules);
  if (!rule_set.ok()) return Fail(rule_set.status());
  if (*config) {
    if (Status s = config::ResolveRuleIds(**config); !s.ok()) return Fail(s);
  }
  checks::RuleCheck rule_check(*rule_set, *target);
  scan::ScanOptions options;
  options.target = *target;
  options.from = from;
  options.jobs = flags.jobs;
  options.extra_checks.push_back(&rule_check);
  auto run = PipelineFor(flags.sources, flags.inputs, {flags.include, flags.exclude}, options,
                         *config ? &**config : nullptr);
  if (!run.ok()) return Fail(run.status());
  RenderProgressLine progress;
  progress.Attach(run->render);
  auto outcome = pipeline::Pipeline(*catalog, std::move(run).value()).Run();
  if (!outcome.ok()) return Fail(outcome.status());
  if (outcome->interrupted) {
    PrintError("interrupted while rendering; no baseline written");
    return kExitInterrupted;
  }
  const auto& findings = outcome->result.findings;
  if (Status s = EmitOutput(flags.output, config::WriteBaseline(findings, GREENLIGHT_VERSION)); !s.ok()) {
    return Fail(s);
  }
  std::cerr << "greenlight: wrote " << findings.size() << " finding" << (findings.size() == 1 ? "" : "s")
            << " to " << (flags.output.empty() || flags.output == "-" ? "standard output" : flags.output)
            << "\n";
  // Unreadable inputs are not in the baseline; say so through the exit code.
  return outcome->result.summary.input_errors > 0 ? kExitUsageOrInputError : kExitOk;
}

}  // namespace

void RegisterBaseline(CLI::App& app, Action& action) {
  auto flags = std::make_shared<BaselineFlags>();
  CLI::App* cmd = app.add_subcommand(
      "baseline",
      "Record the current findings in a baseline file; 'scan --baseline FILE' then hides them\n"
      "and reports which of them are fixed. Findings are matched by fingerprint (rule, object,\n"
      "template), so moving or reformatting files keeps them hidden.\n\n"
      "Examples:\n"
      "  greenlight baseline --target 1.29 manifests/\n"
      "  greenlight scan --target 1.29 --baseline .greenlight-baseline.json manifests/\n"
      "  greenlight baseline --target 1.29 --repo . --rev origin/main --output baseline.json");
  cmd->add_option("inputs", flags->inputs,
                  "Files, directories, or - for standard input (with --repo: repo-relative folders)");
  cmd->add_option("--target,-t", flags->target,
                  "Kubernetes version of the green cluster, e.g. 1.29; required unless "
                  ".greenlight.yaml sets 'target'");
  cmd->add_option("--from", flags->from, "Kubernetes version of the blue cluster, e.g. 1.25");
  cmd->add_option("--output", flags->output,
                  "Baseline file to write atomically (default .greenlight-baseline.json; - for stdout)")
      ->capture_default_str();
  cmd->add_option("--include", flags->include, "Only scan paths matching this glob; repeatable");
  cmd->add_option("--exclude", flags->exclude, "Skip paths matching this glob; repeatable");
  cmd->add_option("--jobs,-j", flags->jobs, "Files scanned in parallel (default: one per core)");
  AddCatalogFlags(*cmd, flags->catalog);
  AddRulesFlags(*cmd, flags->rules);
  AddSourceFlags(*cmd, flags->sources, /*for_baseline_command=*/true);
  OneValuePerFlag(*cmd);
  cmd->callback([flags, &action] { action = [flags] { return RunBaseline(*flags); }; });
}

}  // namespace greenlight::cli
