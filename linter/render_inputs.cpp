#include "render_inputs.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "base/utf8.h"
#include "render/repository.h"
#include "render/version_pattern.h"

namespace greenlight::cli {

namespace fs = std::filesystem;

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) { g_interrupted = true; }

// Ctrl-C and SIGTERM while rendering stop the renders (their process groups are killed) and
// let every temporary folder be removed before greenlight exits with 130.
class InterruptGuard {
 public:
  InterruptGuard() {
    struct sigaction action {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~InterruptGuard() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

// A private (0700) temporary folder, removed with everything in it when it goes out of scope.
class ScratchDir {
 public:
  static StatusOr<std::unique_ptr<ScratchDir>> Create() {
    // mkdtemp replaces the template's last six characters, which must be 'X'.
    std::string base = (fs::temp_directory_path() / "greenlight-render-").string() + std::string(6, 'X');
    if (mkdtemp(base.data()) == nullptr) return FailedPrecondition("cannot create a temporary folder in " + fs::temp_directory_path().string());
    return std::unique_ptr<ScratchDir>(new ScratchDir(base));
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// On a terminal: one line on stderr, rewritten in place, with the slowest unit still running.
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  ~ProgressLine() {
    if (enabled_ && shown_) std::cerr << "\r\033[K" << std::flush;
  }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  std::function<void(const render::RenderProgress&)> Callback() {
    if (!enabled_) return {};
    return [this](const render::RenderProgress& p) {
      std::string line = "rendering: " + std::to_string(p.done) + "/" + std::to_string(p.total) + " units";
      if (!p.slowest_label.empty()) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.1f s", p.slowest_seconds);
        line += "; slowest running: " + p.slowest_label + " (" + seconds + ")";
      }
      if (line.size() > 160) line = std::string(Utf8Prefix(line, 157)) + "...";
      std::cerr << "\r\033[K" << line << std::flush;
      shown_ = true;
    };
  }

 private:
  bool enabled_;
  bool shown_ = false;
};

StatusOr<std::vector<std::pair<std::string, render::RepositoryRoot>>> RepoMap(const RenderFlags& flags) {
  std::vector<std::pair<std::string, render::RepositoryRoot>> out;
  for (const std::string& entry : flags.repo_map) {
    size_t eq = entry.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == entry.size()) {
      return InvalidArgument("--repo-map: expected URL=DIR, got '" + entry + "'");
    }
    std::string dir = entry.substr(eq + 1);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return NotFound("--repo-map: '" + dir + "' is not a folder");
    while (dir.size() > 1 && dir.ends_with("/")) dir.pop_back();
    out.push_back({entry.substr(0, eq), render::RepositoryRoot{dir, dir == "." ? "" : dir}});
  }
  return out;
}

StatusOr<render::RenderRequest> BaseRequest(const RenderFlags& flags, const catalog::ApiCatalog& catalog,
                                            const Version& version) {
  render::RenderRequest request;
  GL_ASSIGN_OR_RETURN(request.repositories, RepoMap(flags));
  request.version_patterns = flags.version_patterns.empty() ? render::DefaultVersionPatterns() : flags.version_patterns;
  for (const std::string& pattern : request.version_patterns) {
    if (Status s = render::ValidateVersionPattern(pattern); !s.ok()) return s.Prepend("--version-pattern");
  }
  if (flags.timeout_seconds <= 0) return InvalidArgument("--render-timeout must be positive");
  request.settings.helm = flags.helm.empty() ? "helm" : flags.helm;
  request.settings.kubectl = flags.kubectl.empty() ? "kubectl" : flags.kubectl;
  request.settings.timeout = std::chrono::milliseconds(static_cast<long long>(flags.timeout_seconds * 1000));
  request.settings.kube_version = version;
  request.settings.api_versions = catalog::ServedApiVersions(catalog, version);
  request.settings.cancel = &g_interrupted;
  request.jobs = flags.jobs;
  return request;
}

source::InputFile RenderedInput(render::RenderedFile file) {
  source::InputFile input;
  input.display_path = file.display_path;
  input.origin = "render";
  input.load = [text = std::make_shared<std::string>(std::move(file.text))]() -> StatusOr<std::string> {
    return *text;
  };
  input.render_unit = std::move(file.unit_label);
  input.render_values = std::move(file.value_files);
  input.source_lines = std::move(file.source_lines);
  input.source_columns = std::move(file.source_columns);
  return input;
}

StatusOr<RenderedInputs> Run(render::RenderRequest& request, source::InputList listed,
                             const render::LocalPathOf& local_path_of, const RenderFlags& flags) {
  GL_ASSIGN_OR_RETURN(std::unique_ptr<ScratchDir> scratch, ScratchDir::Create());
  request.settings.scratch_dir = scratch->path();
  InterruptGuard guard;
  g_interrupted = false;
  render::RenderOutcome outcome;
  {
    ProgressLine progress(!flags.quiet && isatty(STDERR_FILENO));
    request.progress = progress.Callback();
    outcome = render::RenderRepository(request, listed, local_path_of);
  }
  RenderedInputs out;
  out.interrupted = g_interrupted;
  out.units_rendered = outcome.units_rendered;
  out.units = std::move(outcome.units);
  out.errors = std::move(outcome.errors);
  out.skipped = std::move(outcome.skipped);
  out.inputs.errors = std::move(listed.errors);
  for (source::InputFile& file : listed.files) {
    std::string local = local_path_of(file);
    if (local.empty() || !outcome.Owns(local)) out.inputs.files.push_back(std::move(file));
  }
  if (!outcome.extra_inputs.empty()) {
    std::vector<std::string> extra;
    for (const std::string& path : outcome.extra_inputs) extra.push_back(fs::relative(path).generic_string());
    source::InputList more = source::ListInputs(extra, {});
    for (source::InputFile& file : more.files) out.inputs.files.push_back(std::move(file));
  }
  for (render::RenderedFile& file : outcome.files) out.inputs.files.push_back(RenderedInput(std::move(file)));
  return out;
}

}  // namespace

void AddRenderFlags(CLI::App& command, RenderFlags& flags) {
  command.add_flag("--render", flags.render,
                   "Render what the inputs hold before checking: Argo CD Applications and "
                   "ApplicationSets (app-of-apps followed), Helm charts (helm template at the "
                   "target's --kube-version and API set) and kustomizations (kubectl kustomize); "
                   "their files are not scanned again as plain YAML");
  command.add_option("--helm", flags.helm, "helm program for --render (default: helm on PATH)");
  command.add_option("--kubectl", flags.kubectl, "kubectl program for --render (default: kubectl on PATH)");
  command.add_option("--render-timeout", flags.timeout_seconds,
                     "Seconds one unit may take to render before it is stopped (default 120)");
  command.add_option("--repo-map", flags.repo_map,
                     "Read Applications' sources with this repoURL from a local folder, e.g. "
                     "--repo-map https://github.com/org/gitops.git=. (repeatable; nothing is fetched)");
  command.add_option("--version-pattern", flags.version_patterns,
                     "Per-version layout: a file or folder name with {version}, e.g. 'chart-{version}' "
                     "or 'values-{version}.yaml'; the variant of the target version is rendered "
                     "(repeatable; default '*-{version}', 'values-{version}.yaml', 'values-{version}.yml')");
  command.add_flag("--quiet,-q", flags.quiet, "No render progress on stderr");
}

void MergeRenderConfig(const config::Config& config, RenderFlags& flags) {
  const config::RenderSettings& r = config.render;
  if (r.enabled.value_or(false)) flags.render = true;
  if (flags.helm.empty() && r.helm) flags.helm = *r.helm;
  if (r.timeout_seconds && flags.timeout_seconds == 120) flags.timeout_seconds = static_cast<double>(*r.timeout_seconds);
  for (const auto& [url, dir] : r.repo_map) flags.repo_map.push_back(url + "=" + dir);
  if (flags.version_patterns.empty()) flags.version_patterns = r.version_patterns;
}

StatusOr<RenderedInputs> RenderDiskInputs(const RenderFlags& flags, const std::vector<std::string>& folders,
                                          source::InputList listed, const catalog::ApiCatalog& catalog,
                                          const Version& version) {
  GL_ASSIGN_OR_RETURN(render::RenderRequest request, BaseRequest(flags, catalog, version));
  for (std::string folder : folders) {
    std::error_code ec;
    if (folder == "-" || !fs::is_directory(folder, ec)) continue;
    while (folder.size() > 1 && folder.ends_with("/")) folder.pop_back();
    request.roots.push_back(render::RepositoryRoot{folder, folder == "." ? "" : folder});
    // A scanned work tree stands for its own origin URL.
    if (fs::exists(fs::path(folder) / ".git", ec)) {
      if (auto repo = source::GitRepository::Open(folder); repo.ok()) {
        if (std::string url = (*repo)->RemoteUrl("origin"); !url.empty()) request.repositories.push_back({url, request.roots.back()});
      }
    }
  }
  auto local_path_of = [](const source::InputFile& file) {
    return file.origin == "file" ? fs::absolute(file.display_path).lexically_normal().generic_string() : std::string();
  };
  return Run(request, std::move(listed), local_path_of, flags);
}

StatusOr<RenderedInputs> RenderRevisionInputs(const RenderFlags& flags, source::GitRepository& repo,
                                              const std::string& rev, source::InputList listed,
                                              const catalog::ApiCatalog& catalog, const Version& version) {
  GL_ASSIGN_OR_RETURN(render::RenderRequest request, BaseRequest(flags, catalog, version));
  GL_ASSIGN_OR_RETURN(std::unique_ptr<ScratchDir> tree, ScratchDir::Create());
  GL_RETURN_IF_ERROR(repo.ExportTree(rev, tree->path()));
  request.roots.push_back(render::RepositoryRoot{tree->path(), ""});
  if (std::string url = repo.RemoteUrl("origin"); !url.empty()) request.repositories.push_back({url, request.roots.back()});
  // --repo-map URL=DIR naming the scanned repository itself means this revision, not its work tree.
  for (auto& [url, mapped] : request.repositories) {
    std::error_code ec;
    if (fs::equivalent(mapped.local_dir, repo.Folder(), ec)) mapped = request.roots.front();
  }
  const std::string root = tree->path();
  auto local_path_of = [&root](const source::InputFile& file) {
    return (fs::path(root) / file.display_path).lexically_normal().generic_string();
  };
  return Run(request, std::move(listed), local_path_of, flags);
}

}  // namespace greenlight::cli
