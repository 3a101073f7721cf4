#include "pipeline/render_stage.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "render/repository.h"
#include "render/version_pattern.h"

namespace greenlight::pipeline {

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

StatusOr<std::vector<std::pair<std::string, render::RepositoryRoot>>> RepoMap(const RenderOptions& options) {
  std::vector<std::pair<std::string, render::RepositoryRoot>> out;
  for (const std::string& entry : options.repo_map) {
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

StatusOr<render::RenderRequest> BaseRequest(const RenderOptions& options, const catalog::ApiCatalog& catalog,
                                            const Version& version) {
  render::RenderRequest request;
  GL_ASSIGN_OR_RETURN(request.repositories, RepoMap(options));
  request.version_patterns = options.version_patterns.empty() ? render::DefaultVersionPatterns() : options.version_patterns;
  for (const std::string& pattern : request.version_patterns) {
    if (Status s = render::ValidateVersionPattern(pattern); !s.ok()) return s.Prepend("--version-pattern");
  }
  if (options.timeout_seconds <= 0) return InvalidArgument("--render-timeout must be positive");
  request.settings.helm = options.helm.empty() ? "helm" : options.helm;
  request.settings.kubectl = options.kubectl.empty() ? "kubectl" : options.kubectl;
  request.settings.timeout = std::chrono::milliseconds(static_cast<long long>(options.timeout_seconds * 1000));
  request.settings.kube_version = version;
  request.settings.api_versions = catalog::ServedApiVersions(catalog, version);
  request.settings.cancel = &g_interrupted;
  request.jobs = options.jobs;
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
                             const render::LocalPathOf& local_path_of,
                             std::function<std::string(const std::string&)> local_path_of_display,
                             const RenderOptions& options) {
  GL_ASSIGN_OR_RETURN(std::unique_ptr<ScratchDir> scratch, ScratchDir::Create());
  request.settings.scratch_dir = scratch->path();
  InterruptGuard guard;
  g_interrupted = false;
  render::RenderOutcome outcome;
  request.progress = options.progress;
  outcome = render::RenderRepository(request, listed, local_path_of);
  RenderedInputs out;
  out.ownership = outcome;
  out.local_path = std::move(local_path_of_display);
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

std::string RenderedInputs::ReaderOf(const std::string& display_path) const {
  if (!local_path) return "";
  const std::string local = local_path(display_path);
  return local.empty() ? "" : ownership.ReaderOf(local);
}

bool RenderedInputs::Owned(const std::string& display_path) const {
  if (!local_path) return false;
  const std::string local = local_path(display_path);
  return !local.empty() && ownership.Owns(local);
}

void MergeRenderConfig(const config::Config& config, RenderOptions& options) {
  const config::RenderSettings& r = config.render;
  if (r.enabled.value_or(false)) options.render = true;
  if (options.helm.empty() && r.helm) options.helm = *r.helm;
  if (r.timeout_seconds && options.timeout_seconds == 120) options.timeout_seconds = static_cast<double>(*r.timeout_seconds);
  for (const auto& [url, dir] : r.repo_map) options.repo_map.push_back(url + "=" + dir);
  if (options.version_patterns.empty()) options.version_patterns = r.version_patterns;
}

StatusOr<RenderedInputs> RenderDiskInputs(const RenderOptions& options, const std::vector<std::string>& folders,
                                          source::InputList listed, const catalog::ApiCatalog& catalog,
                                          const Version& version) {
  GL_ASSIGN_OR_RETURN(render::RenderRequest request, BaseRequest(options, catalog, version));
  for (const std::string& named : folders) {
    std::error_code ec;
    if (named == "-" || !fs::is_directory(named, ec)) continue;
    // Findings name files as the directory walk does ("./", "sub/.." and "." all name files
    // relative to the folder itself), so plain and rendered files read alike.
    std::string folder = source::DisplayFolder(named);
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
  auto local_path_of_display = [](const std::string& display) {
    return display == "-" ? std::string() : fs::absolute(display).lexically_normal().generic_string();
  };
  return Run(request, std::move(listed), local_path_of, local_path_of_display, options);
}

StatusOr<RenderedInputs> RenderRevisionInputs(const RenderOptions& options, source::GitRepository& repo,
                                              const std::string& rev, source::InputList listed,
                                              const catalog::ApiCatalog& catalog, const Version& version) {
  GL_ASSIGN_OR_RETURN(render::RenderRequest request, BaseRequest(options, catalog, version));
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
  auto local_path_of_display = [root](const std::string& display) {
    return (fs::path(root) / display).lexically_normal().generic_string();
  };
  auto local_path_of = [&](const source::InputFile& file) { return local_path_of_display(file.display_path); };
  return Run(request, std::move(listed), local_path_of, local_path_of_display, options);
}

}  // namespace greenlight::pipeline
