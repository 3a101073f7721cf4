// greenlight parity: is green really a copy of blue? Reads the two sides (folders, files, or
// git revisions DIR@REV), compares them with the parity library, writes the report and maps
// the outcome to an exit code. The sides are handed to the library as already-read files, the
// same shape a renderer's output takes.
#include <filesystem>
#include <optional>

#include "base/exit_code.h"
#include "base/file_io.h"
#include "base/version.h"
#include "catalog_flags.h"
#include "commands.h"
#include "config/config.h"
#include "output.h"
#include "render_inputs.h"
#include "parity/parity.h"
#include "parity/report.h"
#include "pipeline/side_inputs.h"

namespace greenlight::cli {
namespace {
namespace fs = std::filesystem;

struct ParityFlags {
  std::string blue;
  std::string green;
  std::string target;
  std::string format = "text";
  std::string output;
  std::string config;
  std::string fail_on = "error";
  bool no_color = false;
  CatalogFlags catalog;
  std::string from;    ///< --from: the version blue's side is rendered for (default: target)
  RenderFlags render;  ///< --render and its settings, as for scan
};

// The config in effect: the whole file validated as a greenlight config, and its `parity:` section.
struct LoadedConfig {
  config::Config general;
  parity::ParityConfig parity;
};

// --config FILE, else .greenlight.yaml in the current folder, else none.
StatusOr<std::optional<LoadedConfig>> LoadParityConfig(const std::string& flag_path) {
  std::string path = flag_path;
  std::error_code ec;
  if (path.empty()) {
    if (!fs::exists(config::kConfigFileName, ec)) return std::optional<LoadedConfig>();
    path = config::kConfigFileName;
  }
  LoadedConfig loaded;
  GL_ASSIGN_OR_RETURN(loaded.general, config::LoadConfigFile(path));
  GL_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path, path));
  GL_ASSIGN_OR_RETURN(loaded.parity, parity::ParseParityConfig(std::move(text), path));
  return std::optional<LoadedConfig>(std::move(loaded));
}

std::optional<parity::Severity> ParseThreshold(const std::string& text) {
  if (text == "error") return parity::Severity::kError;
  if (text == "warning") return parity::Severity::kWarning;
  if (text == "info") return parity::Severity::kInfo;
  return std::nullopt;
}

int Fail(const std::string& message) {
  PrintError(message);
  return kExitUsageOrInputError;
}

StatusOr<Version> ChooseTarget(const ParityFlags& flags, const config::Config* general,
                               const catalog::ApiCatalog& catalog) {
  if (!flags.target.empty()) {
    auto parsed = Version::Parse(flags.target);
    if (!parsed.ok()) return InvalidArgument("--target: " + parsed.status().message());
    return parsed->Minor();
  }
  if (general != nullptr && general->target) return general->target->Minor();
  return parity::NewestCatalogVersion(catalog);
}

std::string Render(const std::string& format, const parity::ParityResult& result,
                   const parity::ReportInfo& info) {
  if (format == "json") return parity::WriteJson(result, info);
  if (format == "markdown") return parity::WriteMarkdown(result, info);
  return parity::WriteText(result, info);
}

int RunParity(const ParityFlags& flags) {
  if (Status s = CheckFormat(flags.format, {"text", "json", "markdown"}); !s.ok()) {
    return Fail("--format: " + s.message());
  }
  std::optional<parity::Severity> threshold = ParseThreshold(flags.fail_on);
  if (!threshold && flags.fail_on != "none") {
    return Fail("--fail-on: expected error, warning, info or none, got '" + flags.fail_on + "'");
  }
  auto catalog = LoadCatalog(flags.catalog);
  if (!catalog.ok()) return Fail(catalog.status().ToString());
  auto config = LoadParityConfig(flags.config);
  if (!config.ok()) return Fail(config.status().ToString());
  const config::Config* general = *config ? &(*config)->general : nullptr;
  auto target = ChooseTarget(flags, general, *catalog);
  if (!target.ok()) return Fail(target.status().message());
  // Rendering: green for --target, blue for --from (what each cluster runs).
  RenderFlags render = flags.render;
  RenderProgressLine progress;
  progress.Attach(render);
  pipeline::SideRender green_render{&render, &*catalog, *target};
  pipeline::SideRender blue_render = green_render;
  if (!flags.from.empty()) {
    auto from = Version::Parse(flags.from);
    if (!from.ok()) return Fail("--from: " + from.status().message());
    blue_render.version = from->Minor();
  }
  auto blue = pipeline::ReadSide(flags.blue, blue_render);
  if (!blue.ok()) return Fail("--blue: " + blue.status().ToString());
  auto green = pipeline::ReadSide(flags.green, green_render);
  if (!green.ok()) return Fail("--green: " + green.status().ToString());
  if (blue->interrupted || green->interrupted) {
    PrintError("interrupted while rendering; temporary files removed");
    return kExitInterrupted;
  }

  parity::ParityOptions options;
  options.target = *target;
  if (*config) options.config = (*config)->parity;
  parity::ParityResult result =
      parity::CompareFiles(flags.blue, blue->files, flags.green, green->files, *catalog, options);
  std::vector<Status> errors = std::move(blue->errors);
  errors.insert(errors.end(), green->errors.begin(), green->errors.end());
  errors.insert(errors.end(), result.errors.begin(), result.errors.end());
  result.errors = std::move(errors);
  parity::ReportInfo info{GREENLIGHT_VERSION, CatalogVersion(*catalog),
                          UseColor(flags.no_color, flags.output)};
  if (Status s = EmitOutput(flags.output, Render(flags.format, result, info)); !s.ok()) {
    return Fail(s.ToString());
  }
  if (!result.errors.empty()) return kExitUsageOrInputError;
  if (threshold && parity::HasDifferenceAtOrAbove(result, *threshold)) return kExitFindings;
  return kExitOk;
}

}  // namespace

void RegisterParity(CLI::App& app, Action& action) {
  auto flags = std::make_shared<ParityFlags>();
  CLI::App* cmd = app.add_subcommand(
      "parity",
      "Compare the blue and the green cluster's manifests: is green really a copy of blue?\n"
      "Objects are matched by group, kind, namespace and name across API versions (an Ingress\n"
      "on extensions/v1beta1 matches one on networking.k8s.io/v1), both sides are normalised to\n"
      "the newest API the target serves, and what matters is compared: missing apps, images,\n"
      "replicas, autoscaling bounds, resources, env and ConfigMap/Secret references, Service\n"
      "ports, Ingress routes, external-dns hostnames, PodDisruptionBudgets, CronJob schedules.\n"
      "Per-cluster values and ignored fields come from the `parity:` section of the config.\n\n"
      "Examples:\n"
      "  greenlight parity --blue clusters/blue --green clusters/green\n"
      "  greenlight parity --blue .@origin/main --green .@HEAD --format markdown --output "
      "parity.md\n"
      "  greenlight parity --blue blue/ --green green/ --config .greenlight.yaml --fail-on "
      "warning\n"
      "  greenlight parity --render --target 1.25 --from 1.22 --blue charts/api-1.22 --green "
      "charts/api-1.25");
  cmd->add_option("--blue", flags->blue,
                  "The blue side: a folder, a file, or DIR@REV (a commit, branch or tag of the git "
                  "repository at DIR, read from its object database)")
      ->required();
  cmd->add_option("--green", flags->green, "The green side, in the same forms as --blue")
      ->required();
  cmd->add_option("--target,-t", flags->target,
                  "Kubernetes version both sides are normalised for, e.g. 1.25 (default: the "
                  "config's 'target', else the newest version the catalog knows)");
  cmd->add_option("--format,-o", flags->format,
                  "Output format: text (default), json or markdown (a PR comment)")
      ->capture_default_str();
  cmd->add_option("--output", flags->output,
                  "Write the report to FILE (atomically) instead of stdout");
  cmd->add_option("--config", flags->config,
                  "Read the `parity:` section (clusterValues, ignore) from this file instead of "
                  ".greenlight.yaml in the current folder");
  cmd->add_option(
      "--fail-on", flags->fail_on,
      "Lowest severity that makes the exit code 1: error (default), warning, info or none");
  cmd->add_flag("--no-color", flags->no_color,
                "No colour (also when NO_COLOR is set or stdout is not a TTY)");
  cmd->add_option("--from", flags->from,
                  "Kubernetes version of the blue cluster: with --render, blue's side is rendered "
                  "for it (its per-version variants), green's for --target");
  AddCatalogFlags(*cmd, flags->catalog);
  AddRenderFlags(*cmd, flags->render);
  cmd->callback([flags, &action] { action = [flags] { return RunParity(*flags); }; });
}

}  // namespace greenlight::cli
