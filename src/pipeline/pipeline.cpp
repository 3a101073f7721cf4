#include "pipeline/pipeline.h"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <utility>

#include "checks/cutover_consistency.h"
#include "checks/rule_info.h"
#include "config/baseline.h"
#include "pipeline/cluster_manifests.h"
#include "source/git_repository.h"

namespace greenlight::pipeline {
namespace {

namespace fs = std::filesystem;

using Comparison = report::ReportContext::Comparison;

void ApplyConfig(const config::Config* config, scan::ScanResult& result) {
  if (config != nullptr) config::ApplyRuleSettings(*config, result.findings);
}

// Folds a second comparison (baseline after merge base) into the first.
void Combine(Comparison& into, Comparison&& next) {
  into.against += " and " + next.against;
  into.new_count = next.new_count;
  into.unchanged_count += next.unchanged_count;
  into.fixed_count += next.fixed_count;
  std::move(next.fixed.begin(), next.fixed.end(), std::back_inserter(into.fixed));
}

Comparison Compare(scan::ScanResult& result, const std::vector<checks::Finding>& reference, std::string against) {
  config::FindingComparison split = config::CompareByFingerprint(std::move(result.findings), reference);
  Comparison comparison;
  comparison.against = std::move(against);
  comparison.new_count = split.new_findings.size();
  comparison.unchanged_count = split.unchanged.size();
  comparison.fixed_count = split.fixed.size();
  comparison.fixed = std::move(split.fixed);
  result.findings = std::move(split.new_findings);
  return comparison;
}

// A stage whose listing leaves out greenlight's own baseline file: it often sits in the scanned
// folder (.greenlight-baseline.json) and is not a manifest.
class WithoutBaselineFile : public InputStage {
 public:
  WithoutBaselineFile(std::unique_ptr<InputStage> inner, std::string baseline)
      : inner_(std::move(inner)), baseline_(std::move(baseline)) {}

  StatusOr<source::InputList> List() override {
    GL_ASSIGN_OR_RETURN(source::InputList listed, inner_->List());
    std::error_code ec;
    std::erase_if(listed.files, [&](const source::InputFile& f) {
      return f.origin == "file" && fs::equivalent(f.display_path, baseline_, ec);
    });
    return listed;
  }
  StatusOr<RenderedInputs> Render(const RenderOptions& options, source::InputList listed,
                                  const catalog::ApiCatalog& catalog, const Version& version) override {
    return inner_->Render(options, std::move(listed), catalog, version);
  }

 private:
  std::unique_ptr<InputStage> inner_;
  std::string baseline_;
};

// Adds the findings and counts of a second input kind's scan.
void Append(scan::ScanResult& into, scan::ScanResult&& from) {
  into.summary += from.summary;
  std::move(from.findings.begin(), from.findings.end(), std::back_inserter(into.findings));
  std::move(from.objects.begin(), from.objects.end(), std::back_inserter(into.objects));
  std::stable_sort(into.findings.begin(), into.findings.end(), checks::FindingLess);
}

}  // namespace

StatusOr<std::optional<config::Config>> LoadConfig(const InputSelection& inputs, const std::string& config_path) {
  if (!config_path.empty()) {
    GL_ASSIGN_OR_RETURN(config::Config loaded, config::LoadConfigFile(config_path));
    return std::optional<config::Config>(std::move(loaded));
  }
  if (inputs.GitMode()) {
    GL_ASSIGN_OR_RETURN(auto repo, source::GitRepository::Open(inputs.RepoDir()));
    source::TreeListOptions listing;
    listing.only_files = std::vector<std::string>{config::kConfigFileName};
    GL_ASSIGN_OR_RETURN(source::InputList found, repo->ListTree(inputs.HeadRev(), listing));
    if (found.files.empty()) return std::optional<config::Config>();
    GL_ASSIGN_OR_RETURN(std::string text, found.files[0].load());
    GL_ASSIGN_OR_RETURN(config::Config loaded,
                        config::ParseConfig(std::move(text), config::kConfigFileName, inputs.RepoDir()));
    return std::optional<config::Config>(std::move(loaded));
  }
  // The scanned root is the one directory named; with files (a pre-commit hook passes the
  // staged files) or stdin it is the current directory.
  std::error_code ec;
  const std::vector<std::string>& paths = inputs.paths;
  fs::path root = paths.size() == 1 && fs::is_directory(paths[0], ec) ? fs::path(paths[0]) : fs::path(".");
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

Pipeline::Pipeline(const catalog::ApiCatalog& catalog, PipelineOptions options)
    : catalog_(catalog), options_(std::move(options)) {}

StatusOr<PipelineResult> Pipeline::Run() const {
  const InputSelection& inputs = options_.inputs;
  if (inputs.changed_only && inputs.base.empty()) {
    return InvalidArgument("--changed-only needs --base REF (the files changed since the merge base)");
  }
  PipelineResult outcome;
  if (inputs.GitMode()) {
    GL_ASSIGN_OR_RETURN(outcome, RunRevision());
  } else {
    GL_ASSIGN_OR_RETURN(outcome, RunDisk());
  }
  GL_RETURN_IF_ERROR(CompareWithBaseline(outcome));
  GL_RETURN_IF_ERROR(AddCutoverFindings(outcome.result));
  return outcome;
}

StatusOr<PipelineResult> Pipeline::RunDisk() const {
  const InputSelection& inputs = options_.inputs;
  if (inputs.paths.empty() && options_.extra_inputs.empty()) {
    return InvalidArgument("name the files or directories to scan (or --repo DIR, or --cluster)");
  }
  PipelineResult outcome;
  if (!inputs.paths.empty()) {
    std::unique_ptr<InputStage> stage = DiskInputs(inputs.paths, inputs.walk);
    if (!options_.baseline.empty()) stage = std::make_unique<WithoutBaselineFile>(std::move(stage), options_.baseline);
    GL_ASSIGN_OR_RETURN(outcome.result, ScanStage(*stage, options_.scan, &outcome));
  }
  for (const std::shared_ptr<InputStage>& extra : options_.extra_inputs) {
    GL_ASSIGN_OR_RETURN(scan::ScanResult more, ScanStage(*extra, options_.scan, &outcome));
    Append(outcome.result, std::move(more));
  }
  ReportCoverage(outcome.coverage, outcome.result);
  ApplyConfig(options_.config, outcome.result);
  return outcome;
}

StatusOr<PipelineResult> Pipeline::RunRevision() const {
  const InputSelection& inputs = options_.inputs;
  GL_ASSIGN_OR_RETURN(std::shared_ptr<source::GitRepository> repo, source::GitRepository::Open(inputs.RepoDir()));
  GL_ASSIGN_OR_RETURN(std::string head, repo->ResolveCommit(inputs.HeadRev()));
  source::TreeListOptions head_listing{inputs.walk, inputs.paths, std::nullopt};
  source::TreeListOptions base_listing = head_listing;
  std::string merge_base;
  if (!inputs.base.empty()) {
    GL_ASSIGN_OR_RETURN(merge_base, repo->MergeBase(inputs.base, head));
    if (inputs.changed_only) {
      GL_ASSIGN_OR_RETURN(auto changes, repo->Diff(merge_base, head));
      head_listing.only_files.emplace();
      base_listing.only_files.emplace();
      for (const source::ChangedFile& change : changes) {
        if (!change.new_path.empty()) head_listing.only_files->push_back(change.new_path);
        if (!change.old_path.empty()) base_listing.only_files->push_back(change.old_path);
      }
    }
  }
  PipelineResult outcome;
  std::unique_ptr<InputStage> head_stage = RevisionInputs(repo, head, std::move(head_listing));
  GL_ASSIGN_OR_RETURN(outcome.result, ScanStage(*head_stage, options_.scan, &outcome));
  ReportCoverage(outcome.coverage, outcome.result);
  ApplyConfig(options_.config, outcome.result);
  if (!merge_base.empty()) {
    // The base is accounted for the same way, so what it already skipped is not new.
    std::unique_ptr<InputStage> base_stage = RevisionInputs(repo, merge_base, std::move(base_listing));
    PipelineResult base_outcome;
    scan::ScanOptions base_options = options_.scan;
    base_options.record_objects = false;
    GL_ASSIGN_OR_RETURN(scan::ScanResult base, ScanStage(*base_stage, base_options, &base_outcome));
    ReportCoverage(base_outcome.coverage, base);
    ApplyConfig(options_.config, base);
    outcome.comparison = Compare(outcome.result, base.findings, "merge base " + merge_base.substr(0, 12) + " of " + inputs.base);
    outcome.interrupted = outcome.interrupted || base_outcome.interrupted;
  }
  return outcome;
}

StatusOr<scan::ScanResult> Pipeline::ScanStage(InputStage& stage, const scan::ScanOptions& options,
                                               PipelineResult* outcome) const {
  GL_ASSIGN_OR_RETURN(source::InputList listed, stage.List());
  std::vector<std::string> listed_paths;
  listed_paths.reserve(listed.files.size());
  for (const source::InputFile& file : listed.files) listed_paths.push_back(file.display_path);
  std::vector<source::PassedOver> passed_over = std::move(listed.passed_over);
  GL_ASSIGN_OR_RETURN(RenderedInputs rendered, stage.Render(options_.render, std::move(listed), catalog_, options.target));
  scan::ScanResult result = scan::Scan(rendered.inputs, catalog_, options);
  if (outcome != nullptr) {
    outcome->interrupted = outcome->interrupted || rendered.interrupted;
    AccountStage(listed_paths, passed_over, rendered, result, outcome->coverage);
  }
  if (!options_.render.render) return result;
  result.summary.rendered_units = rendered.units_rendered;
  if (outcome != nullptr) {
    for (const render::RenderedUnitInfo& u : rendered.units) {
      outcome->rendered_units.push_back({u.label, u.tool, u.path, u.values});
    }
  }
  scan::AddInputProblems(result, checks::kRuleRenderFailed, rendered.errors);
  scan::AddInputProblems(result, checks::kRuleNotRendered, rendered.skipped);
  return result;
}

void Pipeline::ReportCoverage(Coverage& coverage, scan::ScanResult& result) const {
  Finish(coverage);
  std::vector<Status> skipped;
  for (const FileCoverage& file : coverage.files) {
    if (file.disposition == Disposition::kSkipped && !file.reported_elsewhere) {
      skipped.push_back(Status(StatusCode::kFailedPrecondition, "not read: " + file.detail, Location{file.path}));
    }
  }
  scan::AddInputProblems(result, checks::kRuleFileSkipped, skipped);
  const InputSelection& inputs = options_.inputs;
  if (inputs.changed_only) return;  // a change without manifests has nothing to check
  std::vector<std::string> roots;
  if (inputs.GitMode()) {
    roots = inputs.paths.empty() ? std::vector<std::string>{"."} : inputs.paths;
  } else {
    for (const std::string& path : inputs.paths) roots.push_back(path == "-" ? path : source::DisplayFolder(path));
  }
  std::vector<Status> empty;
  for (const std::string& root : roots) {
    const size_t files = coverage.FilesUnder(root);
    if (files == 0 || coverage.ObjectsUnder(root) > 0) continue;
    empty.push_back(Status(
        StatusCode::kFailedPrecondition, "nothing was scanned in " + (root == "-" ? std::string("standard input") : root) + ": " +
            std::to_string(files) + (files == 1 ? " file" : " files") + ", no Kubernetes object read (" +
            coverage.SummaryUnder(root) + "); see --explain-coverage",
        Location{root}));
  }
  // An error, so the default --fail-on fails; not an input error, so --fail-on none is honoured.
  scan::AddInputProblems(result, checks::kRuleNothingScanned, empty, /*count_as_input_errors=*/false);
}

Status Pipeline::CompareWithBaseline(PipelineResult& outcome) const {
  if (options_.baseline.empty()) return Status::Ok();
  GL_ASSIGN_OR_RETURN(std::vector<checks::Finding> baseline, config::LoadBaseline(options_.baseline));
  Comparison comparison = Compare(outcome.result, baseline, "baseline " + options_.baseline);
  if (outcome.comparison) {
    Combine(*outcome.comparison, std::move(comparison));
  } else {
    outcome.comparison = std::move(comparison);
  }
  return Status::Ok();
}

// With --blue and --green, the cross-cluster cutover checks (CUT5xx) join the scan's findings:
// they need both clusters at once, so they run after the per-object checks.
Status Pipeline::AddCutoverFindings(scan::ScanResult& result) const {
  if (options_.blue.empty() && options_.green.empty()) return Status::Ok();
  if (options_.blue.empty() || options_.green.empty()) {
    return InvalidArgument("give both --blue and --green manifests, or neither");
  }
  GL_ASSIGN_OR_RETURN(cutover::ClusterManifests blue, LoadClusterManifests("blue", options_.blue));
  GL_ASSIGN_OR_RETURN(cutover::ClusterManifests green, LoadClusterManifests("green", options_.green));
  checks::AddLintRules(checks::CutoverRuleInfos());
  for (auto& finding : checks::CutoverFindings(cutover::LintClusters(blue, green))) {
    result.findings.push_back(std::move(finding));
  }
  std::stable_sort(result.findings.begin(), result.findings.end(), checks::FindingLess);
  return Status::Ok();
}

}  // namespace greenlight::pipeline
