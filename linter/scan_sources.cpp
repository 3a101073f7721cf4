#include "scan_sources.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/exit_code.h"
#include "checks/rule_info.h"
#include "commands.h"
#include "config/baseline.h"
#include "source/git_repository.h"

namespace greenlight::cli {
namespace {

namespace fs = std::filesystem;

bool GitMode(const SourceFlags& flags) {
  return !flags.repo.empty() || !flags.rev.empty() || !flags.base.empty();
}

std::string RepoDir(const SourceFlags& flags) { return flags.repo.empty() ? "." : flags.repo; }
std::string HeadRev(const SourceFlags& flags) { return flags.rev.empty() ? "HEAD" : flags.rev; }

void ApplyConfig(const config::Config* config, scan::ScanResult& result) {
  if (config != nullptr) config::ApplyRuleSettings(*config, result.findings);
}

// Folds a second comparison (baseline after merge base) into the first.
void Combine(report::ReportContext::Comparison& into, report::ReportContext::Comparison&& next) {
  into.against += " and " + next.against;
  into.new_count = next.new_count;
  into.unchanged_count += next.unchanged_count;
  into.fixed_count += next.fixed_count;
  std::move(next.fixed.begin(), next.fixed.end(), std::back_inserter(into.fixed));
}

report::ReportContext::Comparison Compare(scan::ScanResult& result,
                                          const std::vector<checks::Finding>& reference,
                                          std::string against) {
  config::FindingComparison split = config::CompareByFingerprint(std::move(result.findings), reference);
  report::ReportContext::Comparison comparison;
  comparison.against = std::move(against);
  comparison.new_count = split.new_findings.size();
  comparison.unchanged_count = split.unchanged.size();
  comparison.fixed_count = split.fixed.size();
  comparison.fixed = std::move(split.fixed);
  result.findings = std::move(split.new_findings);
  return comparison;
}

StatusOr<ScanOutcome> ScanRevision(const SourceFlags& flags, const std::vector<std::string>& inputs,
                                   const source::WalkOptions& walk, const catalog::ApiCatalog& catalog,
                                   const scan::ScanOptions& options, const config::Config* config) {
  GL_ASSIGN_OR_RETURN(auto repo, source::GitRepository::Open(RepoDir(flags)));
  const std::string head_rev = HeadRev(flags);
  GL_ASSIGN_OR_RETURN(std::string head, repo->ResolveCommit(head_rev));
  source::TreeListOptions head_listing{walk, inputs, std::nullopt};
  source::TreeListOptions base_listing = head_listing;
  std::string merge_base;
  if (!flags.base.empty()) {
    GL_ASSIGN_OR_RETURN(merge_base, repo->MergeBase(flags.base, head));
    if (flags.changed_only) {
      GL_ASSIGN_OR_RETURN(auto changes, repo->Diff(merge_base, head));
      head_listing.only_files.emplace();
      base_listing.only_files.emplace();
      for (const source::ChangedFile& change : changes) {
        if (!change.new_path.empty()) head_listing.only_files->push_back(change.new_path);
        if (!change.old_path.empty()) base_listing.only_files->push_back(change.old_path);
      }
    }
  }
  ScanOutcome outcome;
  GL_ASSIGN_OR_RETURN(source::InputList head_inputs, repo->ListTree(head, head_listing));
  GL_ASSIGN_OR_RETURN(outcome.result, ScanListed(flags.render, std::move(head_inputs), {}, repo.get(), head, catalog,
                                                 options, outcome.interrupted, &outcome.rendered_units));
  ApplyConfig(config, outcome.result);
  if (!merge_base.empty()) {
    GL_ASSIGN_OR_RETURN(source::InputList base_inputs, repo->ListTree(merge_base, base_listing));
    scan::ScanOptions base_options = options;
    base_options.record_objects = false;
    GL_ASSIGN_OR_RETURN(scan::ScanResult base, ScanListed(flags.render, std::move(base_inputs), {}, repo.get(), merge_base,
                                                          catalog, base_options, outcome.interrupted, nullptr));
    ApplyConfig(config, base);
    outcome.comparison = Compare(outcome.result, base.findings,
                                 "merge base " + merge_base.substr(0, 12) + " of " + flags.base);
  }
  return outcome;
}

}  // namespace

StatusOr<source::InputList> ListWithCluster(const RenderFlags& render, const ClusterFlags& cluster,
                                            const std::vector<std::string>& inputs, const source::WalkOptions& walk) {
  GL_RETURN_IF_ERROR(CheckClusterFlags(cluster));
  if (!cluster.cluster) return source::ListInputs(inputs, walk);
  if (render.render) {
    return InvalidArgument("--cluster reads what the cluster runs and --render renders repositories: "
                           "use one of them per run");
  }
  source::InputList listed = inputs.empty() ? source::InputList{} : source::ListInputs(inputs, walk);
  ClusterFlags with_kubectl = cluster;
  with_kubectl.kubectl = render.kubectl;
  GL_RETURN_IF_ERROR(AddClusterInputs(with_kubectl, listed));
  return listed;
}

StatusOr<scan::ScanResult> ScanListed(const RenderFlags& render, source::InputList listed,
                                      const std::vector<std::string>& folders, source::GitRepository* repo,
                                      const std::string& rev, const catalog::ApiCatalog& catalog,
                                      const scan::ScanOptions& options, bool& interrupted,
                                      std::vector<report::ReportContext::RenderedUnit>* units) {
  if (!render.render) return scan::Scan(listed, catalog, options);
  StatusOr<RenderedInputs> rendered =
      repo != nullptr ? RenderRevisionInputs(render, *repo, rev, std::move(listed), catalog, options.target)
                      : RenderDiskInputs(render, folders, std::move(listed), catalog, options.target);
  if (!rendered.ok()) return rendered.status();
  interrupted = interrupted || rendered->interrupted;
  scan::ScanResult result = scan::Scan(rendered->inputs, catalog, options);
  result.summary.rendered_units = rendered->units_rendered;
  if (units != nullptr) {
    for (const render::RenderedUnitInfo& u : rendered->units) units->push_back({u.label, u.tool, u.path, u.values});
  }
  scan::AddInputProblems(result, checks::kRuleRenderFailed, rendered->errors);
  scan::AddInputProblems(result, checks::kRuleNotRendered, rendered->skipped);
  return result;
}

DiskScan ScanDiskInputs(const RenderFlags& render, const ClusterFlags& cluster, const std::vector<std::string>& inputs,
                        const catalog::ApiCatalog& catalog, const scan::ScanOptions& options) {
  bool interrupted = false;
  auto listed = ListWithCluster(render, cluster, inputs, {});
  if (!listed.ok()) {
    PrintError(listed.status().ToString());
    return {std::nullopt, kExitUsageOrInputError};
  }
  auto scanned = ScanListed(render, std::move(listed).value(), inputs, nullptr, "", catalog, options,
                            interrupted, nullptr);
  if (!scanned.ok()) {
    PrintError(scanned.status().ToString());
    return {std::nullopt, kExitUsageOrInputError};
  }
  if (interrupted) {
    PrintError("interrupted while rendering; temporary files removed");
    return {std::nullopt, kExitInterrupted};
  }
  return {std::move(scanned).value(), kExitOk};
}

void AddSourceFlags(CLI::App& command, SourceFlags& flags, bool for_baseline_command) {
  command.add_option("--repo", flags.repo,
                     "Read the files from this git repository's object database instead of the "
                     "disk (bare repositories too; the working tree is never read). Inputs then "
                     "name repo-relative folders to limit the scan to");
  command.add_option("--rev", flags.rev,
                     "The commit, branch or tag to scan (default HEAD; reads --repo, or the "
                     "repository in the current directory), e.g. --rev origin/main or --rev v1.4.0");
  command.add_option("--config", flags.config,
                     "Read settings from this file instead of .greenlight.yaml at the scanned root");
  AddRenderFlags(command, flags.render);
  AddClusterFlags(command, flags.cluster);
  command
      .add_option_function<std::string>(
          "--max-input-size",
          [&flags](const std::string& text) {
            StatusOr<uint64_t> size = ParseByteSize(text);
            if (!size.ok()) throw CLI::ValidationError("--max-input-size", size.status().message());
            flags.max_input_bytes = *size;
          },
          "Largest file, standard input, FIFO or git blob read, e.g. 16M or 1G (default " +
              FormatByteSize(kDefaultMaxInputBytes) + "); a larger one is a GL002 error and is not read")
      ->type_name("SIZE");
  if (for_baseline_command) return;
  command.add_option("--base", flags.base,
                     "Pull-request mode: report only findings that --rev adds over its merge base "
                     "with this ref (matched by fingerprint, so moved or reformatted objects are "
                     "not new), e.g. --base origin/main; implies --repo . when --repo is not given");
  command.add_flag("--changed-only", flags.changed_only,
                   "With --base: scan only files changed between the merge base and --rev "
                   "(renames followed)");
  command.add_option("--baseline", flags.baseline,
                     "Hide the findings recorded in this baseline file (see 'greenlight baseline') "
                     "and report which of its entries are fixed");
  command.add_option("--link-base", flags.link_base,
                     "For --format markdown: URL prefix for links to lines, e.g. "
                     "https://github.com/OWNER/REPO/blob/SHA (default: repo-relative links)");
}

void OneValuePerFlag(CLI::App& command) {
  for (CLI::Option* option : command.get_options()) {
    if (!option->get_positional()) option->allow_extra_args(false);
  }
}

StatusOr<std::optional<config::Config>> LoadScanConfig(const SourceFlags& flags,
                                                       const std::vector<std::string>& inputs) {
  if (!flags.config.empty()) {
    GL_ASSIGN_OR_RETURN(config::Config loaded, config::LoadConfigFile(flags.config));
    return std::optional<config::Config>(std::move(loaded));
  }
  if (GitMode(flags)) {
    GL_ASSIGN_OR_RETURN(auto repo, source::GitRepository::Open(RepoDir(flags)));
    source::TreeListOptions listing;
    listing.only_files = std::vector<std::string>{config::kConfigFileName};
    GL_ASSIGN_OR_RETURN(source::InputList found, repo->ListTree(HeadRev(flags), listing));
    if (found.files.empty()) return std::optional<config::Config>();
    GL_ASSIGN_OR_RETURN(std::string text, found.files[0].load());
    GL_ASSIGN_OR_RETURN(config::Config loaded,
                        config::ParseConfig(std::move(text), config::kConfigFileName, RepoDir(flags)));
    return std::optional<config::Config>(std::move(loaded));
  }
  // The scanned root is the one directory named; with files (a pre-commit hook passes the
  // staged files) or stdin it is the current directory.
  std::error_code ec;
  fs::path root = inputs.size() == 1 && fs::is_directory(inputs[0], ec) ? fs::path(inputs[0]) : fs::path(".");
  fs::path candidate = root / config::kConfigFileName;
  if (!fs::exists(candidate, ec)) return std::optional<config::Config>();
  GL_ASSIGN_OR_RETURN(config::Config loaded, config::LoadConfigFile(candidate.lexically_normal().generic_string()));
  return std::optional<config::Config>(std::move(loaded));
}

void MergeConfig(const config::Config& config, std::string& target, std::string& from,
                 std::vector<std::string>& include, std::vector<std::string>& exclude,
                 std::vector<std::string>& extra_catalog, std::vector<std::string>& extra_rules) {
  if (target.empty() && config.target) target = config.target->ToString();
  if (from.empty() && config.from) from = config.from->ToString();
  include.insert(include.end(), config.include.begin(), config.include.end());
  exclude.insert(exclude.end(), config.exclude.begin(), config.exclude.end());
  extra_catalog.insert(extra_catalog.end(), config.extra_catalog.begin(), config.extra_catalog.end());
  extra_rules.insert(extra_rules.end(), config.extra_rules.begin(), config.extra_rules.end());
}

StatusOr<ScanOutcome> ScanSelected(const SourceFlags& flags, const std::vector<std::string>& inputs,
                                   source::WalkOptions walk, const catalog::ApiCatalog& catalog,
                                   const scan::ScanOptions& options, const config::Config* config) {
  walk.max_input_bytes = flags.max_input_bytes;
  if (flags.changed_only && flags.base.empty()) {
    return InvalidArgument("--changed-only needs --base REF (the files changed since the merge base)");
  }
  ScanOutcome outcome;
  if (GitMode(flags) && flags.cluster.cluster) {
    return InvalidArgument("--cluster reads the live cluster; it cannot be combined with --repo, --rev or --base");
  }
  if (GitMode(flags)) {
    GL_ASSIGN_OR_RETURN(outcome, ScanRevision(flags, inputs, walk, catalog, options, config));
  } else {
    if (inputs.empty() && !flags.cluster.cluster) {
      return InvalidArgument("name the files or directories to scan (or --repo DIR, or --cluster)");
    }
    GL_ASSIGN_OR_RETURN(source::InputList listed, ListWithCluster(flags.render, flags.cluster, inputs, walk));
    if (!flags.baseline.empty()) {
      // The baseline often sits in the scanned folder (.greenlight-baseline.json): it is greenlight's
      // own data, not a manifest.
      std::error_code ec;
      std::erase_if(listed.files, [&](const source::InputFile& f) {
        return f.origin == "file" && std::filesystem::equivalent(f.display_path, flags.baseline, ec);
      });
    }
    GL_ASSIGN_OR_RETURN(outcome.result, ScanListed(flags.render, std::move(listed), inputs, nullptr, "", catalog, options,
                                                   outcome.interrupted, &outcome.rendered_units));
    ApplyConfig(config, outcome.result);
  }
  if (!flags.baseline.empty()) {
    GL_ASSIGN_OR_RETURN(std::vector<checks::Finding> baseline, config::LoadBaseline(flags.baseline));
    auto comparison = Compare(outcome.result, baseline, "baseline " + flags.baseline);
    if (outcome.comparison) {
      Combine(*outcome.comparison, std::move(comparison));
    } else {
      outcome.comparison = std::move(comparison);
    }
  }
  return outcome;
}

const std::vector<std::string>& ScanFormats() {
  static const std::vector<std::string> kFormats = {"text", "json", "sarif", "junit", "github", "markdown"};
  return kFormats;
}

std::string RenderReport(const std::string& format, const ScanOutcome& outcome,
                         const report::ReportContext& context, bool color, const std::string& link_base) {
  const auto& findings = outcome.result.findings;
  if (format == "sarif") return report::WriteSarif(findings, context);
  if (format == "github") return report::WriteGithub(findings, context);
  if (format == "markdown") return report::WriteMarkdown(findings, context, {link_base});
  if (format == "junit") {
    std::vector<report::CheckedObject> objects;
    objects.reserve(outcome.result.objects.size());
    for (const scan::CheckedObject& o : outcome.result.objects) {
      objects.push_back({o.location, o.item, o.api_version, o.kind, o.namespace_name, o.name});
    }
    return report::WriteJUnit(findings, objects, context);
  }
  const auto& comparison = context.comparison;
  if (format == "json") {
    std::string text = report::WriteJson(findings, context);
    if (!comparison) return text;
    // The comparison counts join the JSON contract's summary without changing anything else.
    auto root = nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) return text;
    nlohmann::ordered_json fixed = nlohmann::ordered_json::array();
    for (const auto& f : comparison->fixed) {
      fixed.push_back({{"ruleId", f.rule_id}, {"file", f.location.file}, {"line", f.location.line},
                       {"apiVersion", f.api_version}, {"kind", f.kind}, {"namespace", f.namespace_name},
                       {"name", f.name}, {"fingerprint", f.fingerprint}});
    }
    root["comparison"] = {{"against", comparison->against}, {"new", comparison->new_count},
                          {"fixed", comparison->fixed_count}, {"unchanged", comparison->unchanged_count},
                          {"fixedFindings", fixed}};
    return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  std::string text = report::WriteText(findings, context, {color});
  if (comparison) {
    text += "Compared with " + comparison->against + ": " + std::to_string(comparison->new_count) +
            " new, " + std::to_string(comparison->fixed_count) + " fixed, " +
            std::to_string(comparison->unchanged_count) + " unchanged (only new findings are listed).\n";
    for (const auto& f : comparison->fixed) {
      text += "  fixed: " + f.rule_id + " " + f.api_version + " " + f.kind + " " +
              (f.namespace_name.empty() ? "" : f.namespace_name + "/") + f.name + " (was " +
              f.location.ToString() + ")\n";
    }
  }
  return text;
}

}  // namespace greenlight::cli
