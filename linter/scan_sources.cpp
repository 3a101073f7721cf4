#include "scan_sources.h"

#include "base/exit_code.h"
#include "commands.h"

namespace greenlight::cli {

pipeline::InputSelection Selection(const SourceFlags& flags, const std::vector<std::string>& inputs,
                                   const source::WalkOptions& walk) {
  pipeline::InputSelection selection;
  selection.paths = inputs;
  selection.walk = walk;
  selection.walk.max_input_bytes = flags.max_input_bytes;
  selection.repo = flags.repo;
  selection.rev = flags.rev;
  selection.base = flags.base;
  selection.changed_only = flags.changed_only;
  return selection;
}

namespace {

// What `kubectl get` lists of the live cluster, one input file per resource list.
class LiveClusterStage : public pipeline::InputStage {
 public:
  explicit LiveClusterStage(ClusterFlags flags) : flags_(std::move(flags)) {}
  StatusOr<source::InputList> List() override {
    source::InputList listed;
    GL_RETURN_IF_ERROR(AddClusterInputs(flags_, listed));
    return listed;
  }

 private:
  ClusterFlags flags_;
};

}  // namespace

StatusOr<std::shared_ptr<pipeline::InputStage>> ClusterStage(const RenderFlags& render, const ClusterFlags& cluster,
                                                             bool git_mode) {
  GL_RETURN_IF_ERROR(CheckClusterFlags(cluster));
  if (!cluster.cluster) return std::shared_ptr<pipeline::InputStage>();
  if (git_mode) {
    return InvalidArgument("--cluster reads the live cluster; it cannot be combined with --repo, --rev or --base");
  }
  if (render.render) {
    return InvalidArgument("--cluster reads what the cluster runs and --render renders repositories: "
                           "use one of them per run");
  }
  ClusterFlags with_kubectl = cluster;
  with_kubectl.kubectl = render.kubectl;
  return std::shared_ptr<pipeline::InputStage>(std::make_shared<LiveClusterStage>(std::move(with_kubectl)));
}

StatusOr<pipeline::PipelineOptions> PipelineFor(const SourceFlags& flags, const std::vector<std::string>& inputs,
                                                const source::WalkOptions& walk, const scan::ScanOptions& options,
                                                const config::Config* config) {
  pipeline::PipelineOptions run;
  run.inputs = Selection(flags, inputs, walk);
  run.render = flags.render;
  if (run.render.jobs == 0) run.render.jobs = options.jobs;  // --jobs bounds the renders too
  run.scan = options;
  run.config = config;
  run.baseline = flags.baseline;
  GL_ASSIGN_OR_RETURN(std::shared_ptr<pipeline::InputStage> cluster,
                      ClusterStage(flags.render, flags.cluster, run.inputs.GitMode()));
  if (cluster) run.extra_inputs.push_back(std::move(cluster));
  return run;
}

StatusOr<std::optional<config::Config>> LoadScanConfig(const SourceFlags& flags,
                                                       const std::vector<std::string>& inputs) {
  return pipeline::LoadConfig(Selection(flags, inputs, {}), flags.config);
}

DiskScan ScanDiskInputs(const RenderFlags& render, const ClusterFlags& cluster, const std::vector<std::string>& inputs,
                        const catalog::ApiCatalog& catalog, const scan::ScanOptions& options) {
  pipeline::PipelineOptions run;
  auto cluster_stage = ClusterStage(render, cluster, /*git_mode=*/false);
  if (!cluster_stage.ok()) {
    PrintError(cluster_stage.status().ToString());
    return {std::nullopt, kExitUsageOrInputError};
  }
  if (*cluster_stage) run.extra_inputs.push_back(std::move(cluster_stage).value());
  run.inputs.paths = inputs;
  run.render = render;
  run.scan = options;
  RenderProgressLine progress;
  progress.Attach(run.render);
  auto scanned = pipeline::Pipeline(catalog, std::move(run)).Run();
  if (!scanned.ok()) {
    PrintError(scanned.status().ToString());
    return {std::nullopt, kExitUsageOrInputError};
  }
  if (scanned->interrupted) {
    PrintError("interrupted while rendering; temporary files removed");
    return {std::nullopt, kExitInterrupted};
  }
  return {std::move(scanned->result), kExitOk};
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

}  // namespace greenlight::cli
