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
#include "source/git_repository.h"
#include "source/input.h"

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

struct SideFiles {
  std::vector<overlay::SourceFile> files;
  std::vector<Status> errors;  // files listed but unreadable: reported, the rest still compared
  bool interrupted = false;    // Ctrl-C while rendering
};

// How a side is rendered (--render): its Kubernetes version picks its per-version variants.
struct SideRender {
  const RenderFlags* flags = nullptr;  // nullptr: no rendering
  const catalog::ApiCatalog* catalog = nullptr;
  Version version;
};

// With --render, the side's listed files become its plain files plus what its units rendered.
StatusOr<source::InputList> RenderSide(const SideRender& render, source::InputList listed,
                                       const std::string& folder, source::GitRepository* repo,
                                       const std::string& commit, SideFiles& out) {
  if (render.flags == nullptr || !render.flags->render) return listed;
  StatusOr<RenderedInputs> rendered =
      repo != nullptr
          ? RenderRevisionInputs(*render.flags, *repo, commit, std::move(listed), *render.catalog, render.version)
          : RenderDiskInputs(*render.flags, {folder}, std::move(listed), *render.catalog, render.version);
  if (!rendered.ok()) return rendered.status();
  for (Status& error : rendered->errors) out.errors.push_back(std::move(error));
  out.interrupted = rendered->interrupted;
  return std::move(rendered->inputs);
}

// DIR@REV names a git revision; a path that exists on disk is always a path ('@' is legal in
// folder names).
struct SideSpec {
  std::string path;
  std::optional<std::string> rev;
};

SideSpec ParseSideSpec(const std::string& text) {
  std::error_code ec;
  size_t at = text.rfind('@');
  if (fs::exists(text, ec) || at == std::string::npos || at + 1 == text.size())
    return {text, std::nullopt};
  std::string dir = text.substr(0, at);
  return {dir.empty() ? "." : dir, text.substr(at + 1)};
}

void LoadInto(source::InputList listed, const std::string& root, const std::string& display_prefix,
              SideFiles& out) {
  for (Status& e : listed.errors) out.errors.push_back(std::move(e));
  for (source::InputFile& file : listed.files) {
    std::string display = display_prefix + file.display_path;
    auto bytes = file.load();
    if (!bytes.ok()) {
      out.errors.push_back(bytes.status());
      continue;
    }
    std::string relative =
        root.empty() ? file.display_path
                     : fs::path(file.display_path).lexically_relative(root).generic_string();
    out.files.push_back(overlay::SourceFile{relative, display, std::move(*bytes), file.is_json(),
                                            file.helm_template});
  }
}

// The repository a DIR@REV names: DIR itself (a work tree, .git folder or bare repository), else
// the nearest parent folder holding a .git, with DIR's path inside it limiting the listing.
StatusOr<std::pair<std::shared_ptr<source::GitRepository>, std::string>> OpenRepository(
    const std::string& dir) {
  auto direct = source::GitRepository::Open(dir);
  if (direct.ok()) return std::make_pair(std::move(*direct), std::string());
  std::error_code ec;
  fs::path wanted = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  for (fs::path at = wanted.parent_path(); !at.empty(); at = at.parent_path()) {
    if (fs::exists(at / ".git", ec)) {
      GL_ASSIGN_OR_RETURN(auto repo, source::GitRepository::Open(at.string()));
      return std::make_pair(std::move(repo), wanted.lexically_relative(at).generic_string());
    }
    if (at == at.root_path()) break;
  }
  return direct.status();
}

// The files of one side, listed and read the way `scan` reads its inputs.
StatusOr<SideFiles> ReadSide(const std::string& text, const SideRender& render) {
  SideSpec spec = ParseSideSpec(text);
  SideFiles out;
  std::error_code ec;
  if (!spec.rev) {
    if (!fs::exists(spec.path, ec)) return NotFound("no such file or directory: " + spec.path);
    bool is_dir = fs::is_directory(spec.path, ec);
    GL_ASSIGN_OR_RETURN(source::InputList listed,
                        RenderSide(render, source::ListInputs({spec.path}, {}), spec.path, nullptr, "", out));
    LoadInto(std::move(listed), is_dir ? spec.path : "", "", out);
    return out;
  }
  GL_ASSIGN_OR_RETURN(auto opened, OpenRepository(spec.path));
  auto& [repo, folder] = opened;
  GL_ASSIGN_OR_RETURN(std::string commit, repo->ResolveCommit(*spec.rev));
  source::TreeListOptions listing;
  if (!folder.empty()) listing.paths.push_back(folder);
  GL_ASSIGN_OR_RETURN(source::InputList tree, repo->ListTree(commit, listing));
  GL_ASSIGN_OR_RETURN(source::InputList listed, RenderSide(render, std::move(tree), "", repo.get(), commit, out));
  // Both sides may come from one repository, so a file is named "REV:path" (what `git show`
  // takes).
  LoadInto(std::move(listed), "", *spec.rev + ":", out);
  return out;
}

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
  SideRender green_render{&flags.render, &*catalog, *target};
  SideRender blue_render = green_render;
  if (!flags.from.empty()) {
    auto from = Version::Parse(flags.from);
    if (!from.ok()) return Fail("--from: " + from.status().message());
    blue_render.version = from->Minor();
  }
  auto blue = ReadSide(flags.blue, blue_render);
  if (!blue.ok()) return Fail("--blue: " + blue.status().ToString());
  auto green = ReadSide(flags.green, green_render);
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
