#include "overlay_charts.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/atomic_file.h"
#include "render/process.h"
#include "render/tools.h"

namespace greenlight::cli {
namespace fs = std::filesystem;

namespace {

// A private temporary folder removed with its content when it goes out of scope.
class TempDir {
 public:
  TempDir() {
    // mkdtemp replaces the template's last six characters, which must be 'X'.
    std::string base = (fs::temp_directory_path() / "greenlight-overlay-").string() + std::string(6, 'X');
    if (mkdtemp(base.data()) != nullptr) path_ = base;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

StatusOr<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every regular file under `dir` by '/'-separated relative path (symlinks to files followed,
// symlinked folders not: a chart folder is copied as helm packages it).
void ReadTree(const fs::path& dir, const std::string& prefix, overlay::ChartFiles& files,
              std::vector<Status>& errors) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string relative = prefix + fs::path(it->path()).lexically_relative(dir).generic_string();
    StatusOr<std::string> bytes = ReadFile(it->path());
    if (!bytes.ok()) {
      errors.push_back(bytes.status());
      continue;
    }
    files[relative] = std::move(*bytes);
  }
  if (ec) errors.push_back(DataLoss("cannot list " + dir.string() + ": " + ec.message()));
}

// Packaged subcharts (charts/x.tgz) become folders charts/<chart name>/ (tar, as helm reads them).
void UnpackSubcharts(const fs::path& chart_dir, const std::string& prefix, overlay::ChartFiles& files,
                     std::vector<std::string>& unpacked, std::vector<Status>& errors) {
  std::vector<std::string> packaged;
  for (const auto& [path, bytes] : files) {
    if (!path.starts_with(prefix + "charts/") || !path.ends_with(".tgz")) continue;
    if (path.substr(prefix.size() + 7).find('/') != std::string::npos) continue;
    packaged.push_back(path);
  }
  for (const std::string& path : packaged) {
    TempDir temp;
    if (temp.path().empty()) {
      errors.push_back(FailedPrecondition("cannot create a temporary folder to unpack " + path));
      continue;
    }
    render::ProcessOptions options;
    options.timeout = std::chrono::seconds(60);
    StatusOr<render::ProcessResult> run = render::RunProcess(
        {"tar", "-xzf", (chart_dir / path.substr(prefix.size())).string(), "-C", temp.path()}, options);
    if (!run.ok() || run->exit_code != 0) {
      errors.push_back(DataLoss((chart_dir / path).string() + ": cannot unpack the packaged subchart" +
                                (run.ok() ? ": " + run->err : "")));
      continue;
    }
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(temp.path(), ec)) {
      if (!entry.is_directory()) continue;
      std::string folder = prefix + "charts/" + entry.path().filename().string() + "/";
      ReadTree(entry.path(), folder, files, errors);
      unpacked.push_back(path + " -> " + folder);
    }
    files.erase(path);
  }
}

std::string WithoutVersionSuffix(const std::string& folder, std::string* suffix) {
  size_t cut = folder.find_last_of("-_");
  if (cut == std::string::npos || cut == 0) return folder;
  std::string tail = folder.substr(cut + 1);
  if (tail.starts_with("v")) tail.erase(0, 1);
  if (!Version::Parse(tail).ok() || tail.find('.') == std::string::npos) return folder;
  if (suffix != nullptr) *suffix = tail;
  return folder.substr(0, cut);
}

std::string FolderName(const std::string& dir) {
  fs::path p = fs::path(dir).lexically_normal();
  std::string name = p.filename().string();
  if (name.empty()) name = p.parent_path().filename().string();
  if (name.empty() || name == "." || name == "..") {
    std::error_code ec;
    name = fs::weakly_canonical(p, ec).filename().string();
  }
  return name;
}

}  // namespace

std::vector<std::string> FindChartFolders(const std::string& input) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(input, ec)) return out;
  if (fs::exists(fs::path(input) / "Chart.yaml", ec)) return {input};
  std::vector<fs::path> found;
  for (auto it = fs::recursive_directory_iterator(input, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_directory(ec)) continue;
    std::string name = it->path().filename().string();
    if (name.starts_with(".")) {
      it.disable_recursion_pending();
      continue;
    }
    if (fs::exists(it->path() / "Chart.yaml", ec)) {
      found.push_back(it->path());
      it.disable_recursion_pending();  // its subcharts belong to it
    }
  }
  std::sort(found.begin(), found.end());
  for (const fs::path& p : found) out.push_back(p.generic_string());
  return out;
}

std::string ChartOutputName(const std::string& chart_dir, const std::string& name_template,
                            const Version& target) {
  std::string folder = FolderName(chart_dir);
  std::string name = WithoutVersionSuffix(folder, nullptr);
  std::string out = name_template;
  auto replace = [&out](const std::string& from, const std::string& to) {
    for (size_t at; (at = out.find(from)) != std::string::npos;) out.replace(at, from.size(), to);
  };
  replace("{name}", name);
  replace("{folder}", folder);
  replace("{target}", target.Minor().ToString());
  return out;
}

ChartRun ConvertChart(const std::string& chart_dir, const catalog::ApiCatalog& catalog,
                      const ChartRunOptions& options) {
  ChartRun run;
  run.input_dir = chart_dir;
  run.out_name = ChartOutputName(chart_dir, options.name_template, options.target);
  ReadTree(chart_dir, "", run.original, run.errors);
  UnpackSubcharts(chart_dir, "", run.original, run.unpacked, run.errors);
  // Vendored subcharts may hold packaged subcharts of their own.
  std::set<std::string> subcharts;
  for (const auto& [path, bytes] : run.original) {
    if (path.starts_with("charts/") && path.ends_with("/Chart.yaml") &&
        std::count(path.begin(), path.end(), '/') == 2) {
      subcharts.insert(path.substr(0, path.size() - 10));
    }
  }
  for (const std::string& sub : subcharts)
    UnpackSubcharts(fs::path(chart_dir), sub, run.original, run.unpacked, run.errors);

  std::string suffix;
  WithoutVersionSuffix(FolderName(chart_dir), &suffix);
  Version from = options.target.PreviousMinor();
  if (options.from) {
    from = *options.from;
  } else if (auto parsed = Version::Parse(suffix); parsed.ok() && !suffix.empty()) {
    from = parsed->Minor();
  }
  run.from = from.Minor().ToString();
  overlay::ChartOverlayOptions convert = options.convert;
  convert.from = from.Minor();
  convert.convert.target = options.target.Minor();

  TempDir scratch;
  std::string chart_name = WithoutVersionSuffix(FolderName(chart_dir), nullptr);
  std::string release = chart_name;
  size_t render_count = 0;
  overlay::ChartRenderer renderer = [&](const overlay::ChartFiles& files, const std::string& values,
                                        const Version& version) -> StatusOr<std::string> {
    if (scratch.path().empty()) return FailedPrecondition("cannot create a temporary folder");
    fs::path dir = fs::path(scratch.path()) / ("chart-" + std::to_string(render_count++)) / chart_name;
    for (const auto& [path, bytes] : files) {
      fs::path target = dir / path;
      std::error_code ec;
      fs::create_directories(target.parent_path(), ec);
      GL_RETURN_IF_ERROR(WriteFileAtomically(target, bytes));
    }
    render::RenderUnit unit;
    unit.tool = render::UnitTool::kHelm;
    unit.root = dir.string();
    unit.path = "";
    unit.label = "chart " + chart_dir;
    // Release names follow the input folder so that both renders name objects alike.
    unit.release_name = [&] {
      std::string r;
      for (char c : release) r += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '-';
      if (r.size() > 53) r.resize(53);
      while (!r.empty() && r.back() == '-') r.pop_back();
      return r.empty() ? std::string("release") : r;
    }();
    if (!values.empty()) unit.value_files.push_back(values);
    render::RenderSettings settings;
    settings.helm = options.helm;
    settings.timeout = std::chrono::milliseconds(static_cast<long long>(options.timeout_seconds * 1000));
    settings.kube_version = version;
    settings.api_versions = catalog::ServedApiVersions(catalog, version);
    settings.scratch_dir = scratch.path();
    StatusOr<std::string> out = render::RunRenderer(unit, settings, render_count);
    std::error_code ec;
    fs::remove_all(dir.parent_path(), ec);
    return out;
  };
  run.result = overlay::BuildChartOverlay(run.original, chart_dir, catalog, convert, renderer);
  return run;
}

std::string ChartReportText(const std::vector<ChartRun>& runs, const std::string& out_dir) {
  std::ostringstream out;
  for (const ChartRun& run : runs) {
    const overlay::ChartOverlayResult& r = run.result;
    size_t counts[3] = {0, 0, 0};
    for (const auto& c : r.conversions) ++counts[static_cast<int>(c.fix.applicability)];
    out << "chart " << run.input_dir << " -> " << (fs::path(out_dir) / run.out_name).generic_string()
        << " (rendered at " << run.from << ")\n";
    for (const std::string& u : run.unpacked) out << "  packaged subchart unpacked: " << u << "\n";
    for (const auto& c : r.conversions) {
      out << "  " << c.location.file << ":" << c.location.line << ": " << c.kind << "/" << c.name << " "
          << c.from_api_version << " -> " << (c.to_api_version.empty() ? "(none)" : c.to_api_version)
          << " [" << overlay::ApplicabilityName(c.fix.applicability) << "]\n";
      for (const auto& e : c.fix.edits) out << "      " << e.path << ": " << e.change << "\n";
      for (const auto& n : c.notes) out << "      " << overlay::SeverityName(n.severity) << ": " << n.message << "\n";
    }
    for (const std::string& t : r.templates_already_switching)
      out << "  " << (fs::path(run.input_dir) / t).lexically_normal().generic_string() << ": already switches on .Capabilities and serves the target; left as it is\n";
    for (const std::string& n : r.notes) out << "  note: " << n << "\n";
    for (const auto& m : r.manual)
      out << "  " << m.location.file << ":" << m.location.line << ": manual: " << m.what << "\n";
    for (const auto& p : r.proofs) {
      out << "  proof (" << p.values_file << "): " << p.objects << " objects rendered at the target, "
          << (p.differences.empty() ? "equal to the converted original\n"
                                    : std::to_string(p.differences.size()) + " differences\n");
      for (const std::string& d : p.differences) out << "    " << d << "\n";
    }
    for (const Status& e : run.errors) out << "  error: " << e.ToString() << "\n";
    for (const Status& e : r.errors) out << "  error: " << e.ToString() << "\n";
    out << "  " << r.templates_changed.size() << " files changed; objects converted: " << counts[0]
        << " safe, " << counts[1] << " unsafe, " << counts[2] << " manual; " << r.manual.size()
        << " items left to you\n";
  }
  return out.str();
}

std::string ChartReportJson(const std::vector<ChartRun>& runs, const std::string& out_dir,
                            const std::string& target) {
  nlohmann::json charts = nlohmann::json::array();
  for (const ChartRun& run : runs) {
    const overlay::ChartOverlayResult& r = run.result;
    nlohmann::json chart;
    chart["chart"] = run.input_dir;
    chart["output"] = (fs::path(out_dir) / run.out_name).generic_string();
    chart["from"] = run.from;
    chart["unpackedSubcharts"] = run.unpacked;
    chart["templatesChanged"] = r.templates_changed;
    chart["templatesAlreadySwitching"] = r.templates_already_switching;
    nlohmann::json objects = nlohmann::json::array();
    nlohmann::json counts = {{"safe", 0}, {"unsafe", 0}, {"manual", 0}};
    for (const auto& c : r.conversions) {
      std::string label = overlay::ApplicabilityName(c.fix.applicability);
      counts[label] = counts[label].get<int>() + 1;
      nlohmann::json notes = nlohmann::json::array();
      for (const auto& n : c.notes) notes.push_back({{"severity", overlay::SeverityName(n.severity)}, {"message", n.message}});
      objects.push_back({{"template", c.location.file}, {"line", c.location.line}, {"kind", c.kind},
                         {"name", c.name}, {"namespace", c.namespace_name}, {"from", c.from_api_version},
                         {"to", c.to_api_version}, {"fix", label}, {"why", c.fix.why}, {"notes", notes}});
    }
    chart["objects"] = objects;
    chart["objectCounts"] = counts;
    nlohmann::json manual = nlohmann::json::array();
    for (const auto& m : r.manual) manual.push_back({{"file", m.location.file}, {"line", m.location.line}, {"what", m.what}});
    chart["manual"] = manual;
    nlohmann::json proofs = nlohmann::json::array();
    for (const auto& p : r.proofs)
      proofs.push_back({{"values", p.values_file}, {"objects", p.objects}, {"differences", p.differences}});
    chart["proofs"] = proofs;
    chart["notes"] = r.notes;
    nlohmann::json errors = nlohmann::json::array();
    for (const Status& e : run.errors) errors.push_back(e.ToString());
    for (const Status& e : r.errors) errors.push_back(e.ToString());
    chart["errors"] = errors;
    charts.push_back(chart);
  }
  nlohmann::json doc = {{"schemaVersion", 1}, {"target", target}, {"charts", charts}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace greenlight::cli
