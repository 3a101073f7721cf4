#include "render/repository.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "base/file_io.h"
#include "base/glob.h"
#include "base/timings.h"
#include "document/object.h"
#include "document/parser.h"
#include "document/value.h"
#include "render/kustomization.h"
#include "render/rendered_output.h"
#include "render/version_pattern.h"

namespace greenlight::render {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// An absolute, lexically normal path without a trailing '/': "." and "sub/.." name the folder
// itself ("/work/repo/." normalises to "/work/repo/", which no path lies under).
std::string Normal(const fs::path& path) {
  std::string normal = fs::absolute(path).lexically_normal().generic_string();
  while (normal.size() > 1 && normal.ends_with('/')) normal.pop_back();
  return normal;
}

bool IsUnder(const std::string& path, const std::string& folder) {
  return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 && path[folder.size()] == '/';
}

std::string Relative(const std::string& path, const std::string& root) {
  return path == root ? "" : path.substr(root.size() + 1);
}

// What a unit needs rendered, and where its output goes.
struct PendingUnit {
  RenderUnit unit;
  std::string local_path;  // normal absolute folder
  bool standalone = false;  // no Application names it (rendered with its defaults)
};

// An Application reached twice (the same namespace/name with the same sources, e.g. through a
// root Application's folder and as a scanned file) renders once. Two app-of-apps for different
// clusters often hold Applications of one name with other sources: those are different.
std::string Identity(const ArgoApplication& app) {
  std::string key = app.namespace_name + "/" + app.name + "\n" + app.destination_namespace + "\n";
  for (const ArgoSource& s : app.sources) {
    key += s.repo_url + "|" + s.path + "|" + s.chart + "|" + (s.directory_recurse ? "r" : "") + "|" +
           s.directory_include + "|" + s.directory_exclude + "\n";
    if (s.helm) {
      key += "h:" + s.helm->release_name + "|" + s.helm->values_yaml + "\n";
      for (const std::string& f : s.helm->value_files) key += "f:" + f + "\n";
      for (const HelmParameter& p : s.helm->parameters) key += "p:" + p.name + "=" + p.value + "\n";
    }
    if (s.kustomize) {
      const ArgoKustomize& k = *s.kustomize;
      key += "k:" + k.name_prefix + "|" + k.name_suffix + "|" + k.namespace_name + "\n";
      for (const auto& [name, value] : k.common_labels) key += "l:" + name + "=" + value + "\n";
      for (const auto& [name, value] : k.common_annotations) key += "a:" + name + "=" + value + "\n";
      for (const std::string& image : k.images) key += "i:" + image + "\n";
    }
  }
  return key;
}

class RepositoryRenderer {
 public:
  RepositoryRenderer(const RenderRequest& request, const LocalPathOf& local_path_of)
      : request_(request), local_path_of_(local_path_of) {
    for (const RepositoryRoot& root : request.roots) roots_.push_back({Normal(root.local_dir), &root});
    for (const auto& [url, root] : request.repositories) repositories_[NormalizeRepoUrl(url)] = &root;
  }

  RenderOutcome Run(const source::InputList& inputs) {
    timings::Scope timing("render (all units)");
    DiscoverStructure(inputs);
    for (const source::InputFile& file : inputs.files) {
      std::string local = local_path_of_(file);
      if (!local.empty() && !outcome_.Owns(local)) ReadApplications(file.load, file.display_path);
    }
    bool standalone_added = false;
    while (true) {
      DrainApplications();
      if (pending_.empty() && !standalone_added) {
        AddStandaloneUnits();
        standalone_added = true;
      }
      if (pending_.empty()) break;
      RenderPending();
    }
    ReleaseFailedUnits();
    DropSupersededRenders();
    return std::move(outcome_);
  }

 private:
  struct Root {
    std::string local;
    const RepositoryRoot* root;
  };

  const Root* RootOf(const std::string& local) const {
    const Root* best = nullptr;
    for (const Root& r : roots_) {
      if ((local == r.local || IsUnder(local, r.local)) && (best == nullptr || r.local.size() > best->local.size())) best = &r;
    }
    return best;
  }

  std::string Display(const fs::path& local_path) const {
    std::string local = Normal(local_path);
    if (const Root* r = RootOf(local)) {
      std::string rel = Relative(local, r->local);
      const std::string& prefix = r->root->display_prefix;
      if (prefix.empty()) return rel.empty() ? "." : rel;
      return rel.empty() ? prefix : (prefix.ends_with("/") ? prefix + rel : prefix + "/" + rel);
    }
    for (const auto& [url, root] : repositories_) {
      std::string base = Normal(root->local_dir);
      if (IsUnder(local, base)) {
        std::string rel = Relative(local, base);
        return root->display_prefix.empty() ? rel : root->display_prefix + "/" + rel;
      }
    }
    // Outside every scanned folder (a kustomize base above an overlay): relative to here.
    return fs::path(local).lexically_relative(fs::current_path()).generic_string();
  }

  // ---- structure: charts, kustomizations, what includes what
  void DiscoverStructure(const source::InputList& inputs) {
    for (const source::InputFile& file : inputs.files) {
      std::string local = local_path_of_(file);
      if (local.empty()) continue;
      fs::path path(local);
      std::string name = path.filename().string();
      if (name == "Chart.yaml") charts_.insert(Normal(path.parent_path()));
      if (name == "kustomization.yaml" || name == "kustomization.yml") kustomizations_.insert(Normal(path.parent_path()));
    }
    for (const std::string& chart : charts_) {
      outcome_.owned_folders.insert(chart);
      if (IsSubchart(chart)) included_.insert(chart);
    }
    for (const std::string& folder : kustomizations_) OwnKustomization(folder, /*included=*/false);
  }

  bool IsSubchart(const std::string& chart) const {
    for (const std::string& other : charts_) {
      if (IsUnder(chart, other + "/charts")) return true;
    }
    return false;
  }

  // Records what the kustomization in `folder` reads (its file and the files it references,
  // not its whole folder: a manifest beside it that it does not list is deployed some other way,
  // or not at all, and is scanned as plain YAML); returns whether it (or one it builds on)
  // inflates Helm charts.
  bool OwnKustomization(const std::string& folder, bool included) {
    if (included) included_.insert(folder);
    auto known = uses_helm_.find(folder);
    if (known != uses_helm_.end()) return known->second;
    uses_helm_[folder] = false;  // guards against cycles
    StatusOr<KustomizationRefs> refs = ReadKustomization(folder);
    if (!refs.ok()) return false;  // a broken kustomization file is reported by the scan itself
    std::set<std::string>& files = kustomization_files_[folder];
    files.insert(Normal(refs->file));
    if (refs->is_component) included_.insert(folder);  // built only through `components:`
    bool helm = !refs->helm_charts.empty();
    std::set<std::string>& folders = kustomization_folders_[folder];
    for (const fs::path& chart : refs->helm_charts) {
      included_.insert(Normal(chart));
      outcome_.owned_folders.insert(Normal(chart));
      folders.insert(Normal(chart));
    }
    for (const fs::path& file : refs->files) files.insert(Normal(file));
    for (const fs::path& sub : refs->folders) {
      std::string normal = Normal(sub);
      if (FindKustomizationFile(normal)) {
        helm = OwnKustomization(normal, true) || helm;
        const std::set<std::string>& nested = kustomization_files_[normal];
        kustomization_files_[folder].insert(nested.begin(), nested.end());
        const std::set<std::string>& nested_folders = kustomization_folders_[normal];
        kustomization_folders_[folder].insert(nested_folders.begin(), nested_folders.end());
      } else {
        included_.insert(normal);
        outcome_.owned_folders.insert(normal);
        kustomization_folders_[folder].insert(normal);
      }
    }
    const std::set<std::string>& all = kustomization_files_[folder];
    outcome_.owned_files.insert(all.begin(), all.end());
    uses_helm_[folder] = helm;
    return helm;
  }

  // ---- Argo CD
  void ReadApplications(const std::function<StatusOr<std::string>()>& load, const std::string& display) {
    StatusOr<std::string> bytes = load();
    if (!bytes.ok() || bytes->find("argoproj.io") == std::string::npos) return;
    ReadApplicationsFromText(*bytes, display);
  }

  // `rendered_by`: the unit whose output holds the text (app-of-apps), named in the labels of
  // the Applications found there.
  void ReadApplicationsFromText(const std::string& text, const std::string& display,
                                const std::string& rendered_by = "") {
    document::ParsedStream stream = document::ParseStream(text, display);
    for (const document::Document& doc : stream.documents) {
      for (const document::Object& object : document::ExtractObjects(doc)) {
        Location where = document::LocationOf(object.api_version_node, display, object.document);
        if (IsArgoApplication(object.api_version, object.kind)) {
          StatusOr<ArgoApplication> app = ParseApplication(document::ValueFromNode(object.node), where);
          if (app.ok()) {
            app->generated_by = rendered_by;
            queue_.push_back(std::move(app).value());
          } else {
            outcome_.errors.push_back(app.status());
          }
        } else if (IsArgoApplicationSet(object.api_version, object.kind)) {
          ExpandedApplicationSet set = ExpandApplicationSet(
              document::ValueFromNode(object.node), where,
              [this](const std::string& url, const std::string& glob) { return ListDirectories(url, glob); });
          for (Status& error : set.errors) outcome_.errors.push_back(std::move(error));
          for (Status& skip : set.skipped) {
            skip.Prepend("ApplicationSet " + std::string(object.name));
            outcome_.skipped.push_back(std::move(skip));
          }
          for (ArgoApplication& app : set.applications) queue_.push_back(std::move(app));
        }
      }
    }
  }

  std::vector<std::string> ListDirectories(const std::string& url, const std::string& glob) const {
    std::vector<std::string> out;
    auto repo = repositories_.find(NormalizeRepoUrl(url));
    if (repo == repositories_.end()) return out;
    const fs::path base = fs::absolute(repo->second->local_dir).lexically_normal();
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(base, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_directory(ec) || it->path().filename() == ".git") {
        if (it->path().filename() == ".git") it.disable_recursion_pending();
        continue;
      }
      std::string rel = it->path().lexically_relative(base).generic_string();
      if (GlobMatchWhole(glob, rel)) out.push_back(rel);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // Argo CD matches directory globs against the whole path ("clusters/*" is one level).
  static bool GlobMatchWhole(const std::string& glob, const std::string& rel) {
    return glob.find('/') == std::string::npos ? rel.find('/') == std::string::npos && GlobMatch(glob, rel)
                                               : GlobMatch(glob, rel);
  }

  void DrainApplications() {
    while (!queue_.empty()) {
      ArgoApplication app = std::move(queue_.front());
      queue_.erase(queue_.begin());
      if (!seen_apps_.insert(Identity(app)).second) continue;
      for (const ArgoSource& source : app.sources) ResolveSource(app, source);
    }
  }

  std::string AppLabel(const ArgoApplication& app) const {
    std::string label = "Application " + (app.namespace_name.empty() ? "" : app.namespace_name + "/") + app.name;
    return app.generated_by.empty() ? label : label + " (from " + app.generated_by + ")";
  }

  void ResolveSource(const ArgoApplication& app, const ArgoSource& source) {
    const std::string label = AppLabel(app);
    if (!source.chart.empty()) {
      Skip(app.location, label + ": chart '" + source.chart + "' from Helm repository " + source.repo_url +
                             " is not fetched (greenlight renders offline)");
      return;
    }
    auto repo = repositories_.find(NormalizeRepoUrl(source.repo_url));
    if (repo == repositories_.end()) {
      Skip(app.location, label + ": source " + source.repo_url +
                             " is not a scanned repository; map it to a folder with --repo-map URL=DIR");
      return;
    }
    const std::string folder = Normal(fs::path(repo->second->local_dir) / source.path);
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
      outcome_.errors.push_back(NotFound(label + ": source path '" + source.path + "' is not a folder of " +
                                             Display(repo->second->local_dir), app.location));
      return;
    }
    RenderUnit unit;
    unit.root = repo->second->local_dir;
    unit.path = source.path;
    unit.label = label;
    unit.defined_at = app.location;
    unit.destination_namespace = app.destination_namespace;
    if (fs::is_regular_file(fs::path(folder) / "Chart.yaml", ec)) {
      unit.tool = UnitTool::kHelm;
      unit.release_name = app.name;
      unit.namespace_name = app.destination_namespace;
      if (source.helm) {
        if (!source.helm->release_name.empty()) unit.release_name = source.helm->release_name;
        unit.value_files = source.helm->value_files;
        unit.values_yaml = source.helm->values_yaml;
        unit.parameters = source.helm->parameters;
        unit.ignore_missing_value_files = source.helm->ignore_missing_value_files;
      }
    } else if (FindKustomizationFile(folder)) {
      unit.tool = UnitTool::kKustomize;
      unit.kustomize = source.kustomize;
      unit.enable_helm = OwnKustomization(folder, false);
    } else {
      ReadDirectorySource(folder, source, app);
      return;
    }
    Queue(std::move(unit), folder);
  }

  // A plain-manifest source: its Applications are followed (app-of-apps) and its files scanned.
  void ReadDirectorySource(const std::string& folder, const ArgoSource& source, const ArgoApplication& app) {
    std::vector<std::string> files;
    std::error_code ec;
    auto consider = [&](const fs::directory_entry& entry) {
      if (!entry.is_regular_file(ec) || !source::HasManifestExtension(entry.path().filename().string())) return;
      const std::string relative = entry.path().lexically_relative(folder).generic_string();
      if (!source.directory_include.empty() && !DirectoryGlobMatch(source.directory_include, relative)) return;
      if (!source.directory_exclude.empty() && DirectoryGlobMatch(source.directory_exclude, relative)) return;
      files.push_back(Normal(entry.path()));
    };
    if (source.directory_recurse) {
      for (auto it = fs::recursive_directory_iterator(folder, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) consider(*it);
    } else {
      for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) consider(*it);
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
      if (outcome_.Owns(file)) continue;
      if (RootOf(file) == nullptr && directory_files_.insert(file).second) outcome_.extra_inputs.push_back(file);
      outcome_.directory_sources.emplace(file, DirectorySourceOwner{AppLabel(app), app.destination_namespace});
      StatusOr<std::string> bytes = ReadFileToString(file, Display(file));
      if (bytes.ok() && bytes->find("argoproj.io") != std::string::npos) ReadApplicationsFromText(*bytes, Display(file));
    }
  }

  void Skip(const Location& where, std::string message) {
    outcome_.skipped.push_back(Status(StatusCode::kFailedPrecondition, std::move(message), where));
  }

  std::optional<Version> PinnedVersion(const RenderUnit& unit) const {
    const std::vector<std::string>& patterns = request_.version_patterns;
    std::optional<Version> pinned = VersionOfPath(unit.path, patterns);
    for (const std::string& file : unit.value_files) {
      if (auto v = VersionOfSegment(fs::path(file).filename().string(), patterns)) pinned = v;
    }
    return pinned;
  }

  void Queue(RenderUnit unit, const std::string& folder, bool standalone = false) {
    // An Application found late (in what an app-of-apps chart rendered) names a folder that was
    // already rendered on its own: the Application's render replaces that one.
    if (!standalone && standalone_folders_.count(folder)) superseded_.insert(folder);
    if (std::optional<Version> pinned = PinnedVersion(unit);
        pinned && Version::CompareMinor(*pinned, request_.settings.kube_version) != 0) {
      Skip(unit.defined_at, unit.label + ": " + Display(folder) + " is the variant for Kubernetes " +
                                pinned->ToString() + "; rendering for " + request_.settings.kube_version.ToString() +
                                " skips it");
      rendered_paths_.insert(folder);
      return;
    }
    if (!unit_keys_.insert(unit.Key()).second) return;
    rendered_paths_.insert(folder);
    pending_.push_back(PendingUnit{std::move(unit), folder, standalone});
  }

  // ---- units no Application renders
  void AddStandaloneUnits() {
    for (const std::string& chart : charts_) {
      QueueStandalone(UnitTool::kHelm, chart, [&](RenderUnit& unit) {
        unit.release_name = ChartName(chart);
        unit.defined_at = Location{Display(fs::path(chart) / "Chart.yaml")};
        if (std::string values = VersionValuesFile(chart); !values.empty()) unit.value_files.push_back(values);
      });
    }
    for (const std::string& folder : kustomizations_) {
      QueueStandalone(UnitTool::kKustomize, folder, [&](RenderUnit& unit) {
        unit.defined_at = Location{Display(*FindKustomizationFile(folder))};
        unit.enable_helm = OwnKustomization(folder, false);
      });
    }
  }

  // A root chart or kustomization of a scanned folder, rendered with its defaults (`fill` adds
  // what depends on the tool), unless a unit includes it or an Application renders it.
  void QueueStandalone(UnitTool tool, const std::string& folder, const std::function<void(RenderUnit&)>& fill) {
    if (included_.count(folder) || rendered_paths_.count(folder)) return;
    const Root* root = RootOf(folder);
    if (root == nullptr) return;
    RenderUnit unit;
    unit.tool = tool;
    unit.root = root->root->local_dir;
    unit.path = Relative(folder, root->local);
    unit.label = (tool == UnitTool::kHelm ? "chart " : "kustomization ") + Display(folder);
    fill(unit);
    Queue(std::move(unit), folder, /*standalone=*/true);
  }

  // The chart's own name (Chart.yaml `name`), the release name of a chart rendered on its own:
  // per-version folders (catalog-api-1.22, catalog-api-1.25) then name their objects alike.
  static std::string ChartName(const std::string& chart) {
    const fs::path file = fs::path(chart) / "Chart.yaml";
    StatusOr<std::string> bytes = ReadFileToString(file, file.string());
    if (!bytes.ok()) return "";
    StatusOr<document::Document> doc = document::ParseSingleDocument(std::move(bytes).value(), file.string());
    if (!doc.ok() || doc->root() == nullptr || !doc->root()->IsMapping()) return "";
    const document::Node* name = doc->root()->Get("name");
    return name != nullptr && name->IsString() ? name->scalar() : "";
  }

  // values-<version>.yaml of a chart that keeps one values file per Kubernetes version.
  std::string VersionValuesFile(const std::string& chart) const {
    std::error_code ec;
    for (auto it = fs::directory_iterator(chart, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (name.starts_with("values") && it->is_regular_file(ec)) {
        auto v = VersionOfSegment(name, request_.version_patterns);
        if (v && Version::CompareMinor(*v, request_.settings.kube_version) == 0) return name;
      }
    }
    return "";
  }

  // ---- rendering
  void RenderPending() {
    std::vector<PendingUnit> batch = std::move(pending_);
    pending_.clear();
    total_ += batch.size();
    std::vector<StatusOr<std::string>> outputs(batch.size(), StatusOr<std::string>(Internal("not run")));
    std::vector<std::pair<std::string, Clock::time_point>> running(batch.size());
    std::mutex mutex;
    std::atomic<size_t> next{0};
    std::atomic<bool> finished{false};
    const size_t first_index = next_index_;
    next_index_ += batch.size();
    auto report = [&] {
      if (!request_.progress) return;
      RenderProgress p{done_, total_, "", 0};
      for (const auto& [label, started] : running) {
        if (label.empty()) continue;
        double seconds = std::chrono::duration<double>(Clock::now() - started).count();
        if (seconds >= p.slowest_seconds) p = RenderProgress{done_, total_, label, seconds};
      }
      request_.progress(p);
    };
    auto worker = [&] {
      for (size_t i = next++; i < batch.size(); i = next++) {
        {
          std::lock_guard lock(mutex);
          running[i] = {batch[i].unit.label, Clock::now()};
        }
        outputs[i] = RunRenderer(batch[i].unit, request_.settings, first_index + i);
        std::lock_guard lock(mutex);
        running[i].first.clear();
        ++done_;
        report();
      }
    };
    int jobs = request_.jobs > 0 ? request_.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    jobs = std::clamp<int>(jobs, 1, static_cast<int>(batch.size()));
    std::thread ticker([&] {
      while (!finished) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        std::lock_guard lock(mutex);
        if (!finished) report();
      }
    });
    std::vector<std::thread> threads;
    for (int t = 0; t < jobs; ++t) threads.emplace_back(worker);
    for (std::thread& t : threads) t.join();
    finished = true;
    ticker.join();
    for (size_t i = 0; i < batch.size(); ++i) Collect(batch[i], outputs[i], first_index + i);
  }

  void Collect(const PendingUnit& pending, StatusOr<std::string>& output, size_t index) {
    const RenderUnit& unit = pending.unit;
    if (!output.ok()) {
      Status error = output.status();
      if (pending.standalone) {
        // An Application found later that names this folder renders it instead: its result
        // (or its failure) is then the one reported, not this one as well.
        standalone_folders_.insert(pending.local_path);
        standalone_errors_.emplace_back(outcome_.errors.size(), pending.local_path);
      }
      outcome_.errors.push_back(error.WithLocation(unit.defined_at));
      failed_paths_.insert(pending.local_path);
      return;
    }
    ++outcome_.units_rendered;
    succeeded_paths_.insert(pending.local_path);
    RecordReaders(pending);
    const std::string owner = pending.standalone ? pending.local_path : std::string();
    if (pending.standalone) standalone_folders_.insert(pending.local_path);
    unit_owners_.push_back(owner);
    auto display = [this](const fs::path& p) { return Display(p); };
    std::vector<RenderedFile> files =
        unit.tool == UnitTool::kHelm
            ? SplitHelmOutput(*output, unit, display)
            : SplitKustomizeOutput(*output, unit,
                                   fs::absolute(fs::path(request_.settings.scratch_dir) /
                                                ("kustomize-" + std::to_string(index))).lexically_normal(),
                                   display);
    std::vector<std::string> values;
    for (const std::string& v : unit.value_files) values.push_back(Display(fs::path(pending.local_path) / v));
    if (!unit.values_yaml.empty()) values.push_back("inline values");
    for (const HelmParameter& p : unit.parameters) values.push_back("--set " + p.name + "=" + p.value);
    outcome_.units.push_back(RenderedUnitInfo{unit.label, unit.tool == UnitTool::kHelm ? "helm" : "kustomize",
                                              Display(pending.local_path), values});
    for (RenderedFile& file : files) {
      file.value_files = values;
      if (file.text.find("argoproj.io") != std::string::npos) ReadApplicationsFromText(file.text, file.display_path, unit.label);
      outcome_.files.push_back(std::move(file));
      file_owners_.push_back(owner);
    }
  }

  // Names the unit as the reader of what it owns: a chart's folder, a kustomization's files and
  // the folders it takes whole. An Application's render replaces the one with defaults.
  void RecordReaders(const PendingUnit& pending) {
    auto record = [&](const std::string& path) {
      auto [it, inserted] = outcome_.readers.emplace(path, pending.unit.label);
      if (!inserted && !pending.standalone) it->second = pending.unit.label;
    };
    if (pending.unit.tool == UnitTool::kHelm) {
      record(pending.local_path);
      return;
    }
    for (const std::string& file : kustomization_files_[pending.local_path]) record(file);
    for (const std::string& folder : kustomization_folders_[pending.local_path]) record(folder);
  }

  void DropSupersededRenders() {
    if (superseded_.empty()) return;
    auto keep = [&](const auto& items, const std::vector<std::string>& owners) {
      std::remove_cvref_t<decltype(items)> kept;
      for (size_t i = 0; i < items.size(); ++i) {
        if (owners[i].empty() || !superseded_.count(owners[i])) kept.push_back(items[i]);
      }
      return kept;
    };
    outcome_.files = keep(outcome_.files, file_owners_);
    outcome_.units = keep(outcome_.units, unit_owners_);
    outcome_.units_rendered = outcome_.units.size();
    for (auto it = standalone_errors_.rbegin(); it != standalone_errors_.rend(); ++it) {
      if (superseded_.count(it->second)) outcome_.errors.erase(outcome_.errors.begin() + static_cast<long>(it->first));
    }
  }

  // A chart no unit could render is scanned unrendered instead (heuristically), not dropped.
  // A kustomization no unit could render gives its files back too, unless a kustomization
  // that did render reads them (a base shared by two overlays).
  void ReleaseFailedUnits() {
    std::set<std::string> still_owned;
    for (const std::string& done : succeeded_paths_) {
      auto it = kustomization_files_.find(done);
      if (it != kustomization_files_.end()) still_owned.insert(it->second.begin(), it->second.end());
    }
    for (const std::string& failed : failed_paths_) {
      if (succeeded_paths_.count(failed)) continue;
      if (charts_.count(failed)) outcome_.owned_folders.erase(failed);
      auto it = kustomization_files_.find(failed);
      if (it == kustomization_files_.end()) continue;
      for (const std::string& file : it->second) {
        if (!still_owned.count(file)) outcome_.owned_files.erase(file);
      }
    }
  }

  const RenderRequest& request_;
  const LocalPathOf& local_path_of_;
  std::vector<Root> roots_;
  std::map<std::string, const RepositoryRoot*> repositories_;
  std::set<std::string> charts_, kustomizations_, included_, rendered_paths_;
  std::set<std::string> failed_paths_, succeeded_paths_, directory_files_;
  std::map<std::string, bool> uses_helm_;
  std::map<std::string, std::set<std::string>> kustomization_files_;  // folder -> files it reads (nested too)
  std::map<std::string, std::set<std::string>> kustomization_folders_;  // folder -> folders it reads whole
  std::set<std::string> standalone_folders_, superseded_;
  std::vector<std::pair<size_t, std::string>> standalone_errors_;  // index in outcome_.errors, folder
  std::vector<std::string> file_owners_, unit_owners_;  // per outcome_ file / unit: its standalone folder
  std::vector<ArgoApplication> queue_;
  std::set<std::string> seen_apps_, unit_keys_;
  std::vector<PendingUnit> pending_;
  size_t done_ = 0, total_ = 0, next_index_ = 0;
  RenderOutcome outcome_;
};

}  // namespace

std::string RenderUnit::Key() const {
  std::string key = std::to_string(static_cast<int>(tool)) + "\n" + Normal(fs::path(root) / path) + "\n" +
                    release_name + "\n" + namespace_name + "\n" + values_yaml + "\n" +
                    "d:" + destination_namespace + "\n";  // objects land there: another destination, other objects
  for (const std::string& v : value_files) key += "f:" + v + "\n";
  for (const HelmParameter& p : parameters) key += "p:" + p.name + "=" + p.value + (p.force_string ? "!" : "") + "\n";
  if (kustomize) {
    key += "k:" + kustomize->name_prefix + "|" + kustomize->name_suffix + "|" + kustomize->namespace_name + "\n";
    for (const auto& [k, v] : kustomize->common_labels) key += "l:" + k + "=" + v + "\n";
    for (const auto& [k, v] : kustomize->common_annotations) key += "a:" + k + "=" + v + "\n";
    for (const std::string& image : kustomize->images) key += "i:" + image + "\n";
  }
  return key;
}

bool Ownership::Owns(const std::string& local_path) const {
  const std::string path = Normal(local_path);
  if (owned_files.count(path)) return true;
  // The path or any folder above it: a lookup per level, not a scan of every owned folder.
  std::string at = path;
  while (true) {
    if (owned_folders.count(at)) return true;
    const size_t slash = at.rfind('/');
    if (slash == std::string::npos || slash == 0) return false;
    at.resize(slash);
  }
}

std::string Ownership::ReaderOf(const std::string& local_path) const {
  if (!Owns(local_path)) return "";
  std::string at = Normal(local_path);
  while (true) {
    if (auto it = readers.find(at); it != readers.end()) return it->second;
    const size_t slash = at.rfind('/');
    if (slash == std::string::npos || slash == 0) return "";
    at.resize(slash);
  }
}

std::string NormalizeRepoUrl(std::string_view url) {
  std::string u(url);
  if (size_t scheme = u.find("://"); scheme != std::string::npos) {
    u = u.substr(scheme + 3);
  } else if (size_t colon = u.find(':'); colon != std::string::npos && u.find('/') > colon) {
    u[colon] = '/';  // scp-like git@host:org/repo
  }
  if (size_t at = u.find('@'); at != std::string::npos && at < u.find('/')) u = u.substr(at + 1);
  while (u.ends_with("/")) u.pop_back();
  if (u.ends_with(".git")) u.resize(u.size() - 4);
  size_t host_end = std::min(u.find('/'), u.size());
  std::transform(u.begin(), u.begin() + static_cast<long>(host_end), u.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return u;
}

RenderOutcome RenderRepository(const RenderRequest& request, const source::InputList& inputs,
                               const LocalPathOf& local_path_of) {
  return RepositoryRenderer(request, local_path_of).Run(inputs);
}

}  // namespace greenlight::render
