// greenlight overlay: writes the manifests converted for the target version under
// DIR/<target>/ (a mirror of the inputs, or a kustomize overlay), or prints the change as a
// unified diff with --dry-run. The library builds the overlay; this file lists the inputs,
// prints the report and maps the outcome to an exit code.
#include <filesystem>
#include <iostream>
#include <map>

#include "base/edit_distance.h"
#include "base/exit_code.h"
#include "base/version.h"
#include "catalog_flags.h"
#include "commands.h"
#include "overlay/overlay.h"
#include "overlay_charts.h"
#include "render/kustomization.h"
#include "overlay/report_text.h"
#include "overlay/unified_diff.h"
#include "source/input.h"

namespace greenlight::cli {
namespace {
namespace fs = std::filesystem;

struct OverlayFlags {
  std::vector<std::string> inputs;
  std::string target;
  std::string out;
  std::string layout = "files";
  bool deprecated = false;
  bool force = false;
  bool dry_run = false;
  bool ingress_class_name = false;
  std::string from;
  std::string name;  ///< "" = {name}-{target} ({name} with --dual)
  bool dual = false;
  bool remove_unreplaceable = false;
  std::string format = "text";
  std::string helm;
  double render_timeout = 120;
  CatalogFlags catalog;
};

bool IsInside(const fs::path& path, const fs::path& dir) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(path, ec);
  fs::path d = fs::weakly_canonical(dir, ec);
  auto mismatch = std::mismatch(d.begin(), d.end(), p.begin(), p.end());
  return mismatch.first == d.end();
}

// The folder name an input contributes when several inputs are mirrored side by side.
std::string InputPrefix(const std::string& input) {
  if (input == "-") return "stdin";
  fs::path p = fs::path(input).lexically_normal();
  std::string name = p.filename().string();
  if (name.empty() || name == "." || name == "..") {
    std::error_code ec;
    name = fs::weakly_canonical(p, ec).filename().string();
  }
  return name.empty() ? "input" : name;
}

struct Listed {
  std::vector<overlay::SourceFile> files;
  std::vector<Status> errors;
};

// Lists each input on its own, so that every file knows the input it came from and its path
// relative to it (what the files layout mirrors).
Listed ListSources(const OverlayFlags& flags, const fs::path& out_dir,
                   const std::vector<std::string>& chart_dirs) {
  Listed listed;
  std::map<std::string, std::string> claimed;  // relative path -> the input it came from
  bool several = flags.inputs.size() > 1;
  for (const std::string& input : flags.inputs) {
    bool is_dir = input != "-" && fs::is_directory(input);
    // With several inputs, each folder is mirrored under its own name; files sit at the top.
    std::string prefix = several && is_dir ? InputPrefix(input) + "/" : std::string();
    source::InputList list = source::ListInputs({input}, {});
    for (Status& e : list.errors) listed.errors.push_back(std::move(e));
    std::string root = fs::path(input).lexically_normal().generic_string();
    while (root.starts_with("./")) root.erase(0, 2);
    for (source::InputFile& file : list.files) {
      if (file.origin == "file" && IsInside(file.display_path, out_dir))
        continue;  // our own output
      // By path, not by where a symlink leads: a chart's symlinked values file is the chart's.
      bool in_chart = std::any_of(chart_dirs.begin(), chart_dirs.end(), [&](const std::string& c) {
        if (file.origin != "file") return false;
        fs::path p = fs::absolute(file.display_path).lexically_normal();
        fs::path d = fs::absolute(c).lexically_normal();
        auto mismatch = std::mismatch(d.begin(), d.end(), p.begin(), p.end());
        return mismatch.first == d.end() || (std::next(mismatch.first) == d.end() && mismatch.first->empty());
      });
      if (in_chart) continue;  // converted as a chart
      std::string relative;
      if (file.origin == "stdin") {
        relative = "stdin.yaml";
      } else if (is_dir) {
        relative = fs::path(file.display_path)
                       .lexically_relative(root.empty() ? "." : root)
                       .generic_string();
      } else {
        relative = fs::path(file.display_path).filename().string();
      }
      relative = prefix + relative;
      auto [it, inserted] = claimed.emplace(relative, input);
      if (!inserted) {
        listed.errors.push_back(
            InvalidArgument("inputs '" + it->second + "' and '" + input + "' both map to " +
                            relative + " in the overlay; pass their common parent folder instead"));
        continue;
      }
      auto bytes = file.load();
      if (!bytes.ok()) {
        listed.errors.push_back(bytes.status());
        continue;
      }
      listed.files.push_back(overlay::SourceFile{relative, file.display_path, std::move(*bytes),
                                                 file.is_json(), file.helm_template});
    }
  }
  return listed;
}

int ExitCodeFor(const overlay::OverlayResult& result, bool wrote) {
  if (!result.errors.empty() || !result.conflicts.empty() || !wrote) return kExitUsageOrInputError;
  for (const auto& c : result.conversions) {
    if (c.fix.applicability == overlay::Applicability::kManual) return kExitFindings;
  }
  return kExitOk;
}

std::string NameTemplate(const OverlayFlags& flags) {
  if (!flags.name.empty()) return flags.name;
  return flags.dual ? "{name}" : "{name}-{target}";
}

// A kustomization whose chart was converted reads it from the converted chart home in its
// overlay copy: the `chartHome:` value becomes the path from the copy to DIR/<home>-<target>.
void PointChartHomes(const Listed& listed, const std::map<std::string, fs::path>& new_chart_home,
                     const fs::path& root, overlay::OverlayResult& result) {
  if (new_chart_home.empty()) return;
  for (const overlay::SourceFile& source : listed.files) {
    auto home = new_chart_home.find(fs::weakly_canonical(source.display_path).generic_string());
    if (home == new_chart_home.end()) continue;
    for (overlay::OutputFile& out : result.files) {
      if (out.source_relative_path != source.relative_path) continue;
      fs::path copy_dir = (root / out.relative_path).parent_path();
      std::string relative = fs::weakly_canonical(home->second)
                                 .lexically_relative(fs::weakly_canonical(copy_dir))
                                 .generic_string();
      std::string& text = out.contents;
      size_t at = text.find("chartHome:");
      if (at == std::string::npos) continue;
      size_t value = at + 10;
      while (value < text.size() && text[value] == ' ') ++value;
      size_t end = text.find_first_of("#\r\n", value);
      if (end == std::string::npos) end = text.size();
      while (end > value && text[end - 1] == ' ') --end;
      text.replace(value, end - value, relative);
    }
  }
}

// Chart folders that kustomizations under `input` inflate (helmCharts from chartHome), with the
// kustomization file that inflates each.
std::vector<std::pair<std::string, std::string>> KustomizeInflatedCharts(const std::string& input) {
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code ec;
  if (input == "-" || !fs::is_directory(input, ec)) return out;
  std::vector<fs::path> folders = {fs::path(input)};
  for (auto it = fs::recursive_directory_iterator(input, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->path().filename().string().starts_with(".")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(ec)) folders.push_back(it->path());
  }
  for (const fs::path& folder : folders) {
    if (!render::FindKustomizationFile(folder)) continue;
    StatusOr<render::KustomizationRefs> refs = render::ReadKustomization(folder);
    if (!refs.ok()) continue;  // scan reports broken kustomizations; overlay copies them
    for (const fs::path& chart : refs->helm_charts) {
      if (fs::exists(chart / "Chart.yaml", ec))
        out.push_back({chart.lexically_normal().generic_string(), refs->file.generic_string()});
    }
  }
  return out;
}

// Writes each chart's converted copy to DIR/<name>; the report goes to stdout (stderr with
// --dry-run, whose stdout is the diff).
int RunChartOverlays(const OverlayFlags& flags, const std::vector<std::string>& chart_dirs,
                     const std::map<std::string, std::string>& inflated_by,
                     const catalog::ApiCatalog& catalog, const Version& target,
                     std::map<std::string, fs::path>& new_chart_home) {
  ChartRunOptions options;
  options.target = target.Minor();
  if (!flags.from.empty()) {
    auto from = Version::Parse(flags.from);
    if (!from.ok()) {
      PrintError("--from: " + from.status().message());
      return kExitUsageOrInputError;
    }
    options.from = from->Minor();
  }
  options.name_template = NameTemplate(flags);
  options.convert.dual = flags.dual;
  if (!flags.helm.empty()) options.helm = flags.helm;
  options.timeout_seconds = flags.render_timeout;
  options.convert.convert.include_deprecated = flags.deprecated;
  options.convert.convert.ingress_class_field = flags.ingress_class_name;
  options.convert.remove_unreplaceable = flags.remove_unreplaceable;

  std::vector<ChartRun> runs;
  std::map<std::string, std::string> claimed;  // output folder -> chart
  int exit_code = kExitOk;
  for (const std::string& dir : chart_dirs) {
    std::string name = ChartOutputName(dir, options.name_template, options.target);
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
      PrintError(dir + ": --name gives '" + name + "', which is not a folder name");
      exit_code = kExitUsageOrInputError;
      continue;
    }
    // kustomize finds a chart as chartHome/<chart name>: the copy keeps its folder name inside
    // a new chart home named after the old one.
    auto inflated = inflated_by.find(fs::weakly_canonical(dir).generic_string());
    std::string note;
    if (inflated != inflated_by.end()) {
      fs::path home = fs::path(dir).lexically_normal().parent_path();
      std::string home_name = ChartOutputName(home.generic_string(), options.name_template, options.target);
      name = home_name + "/" + fs::path(dir).lexically_normal().filename().string();
      note = "inflated by " + inflated->second + " (helmCharts): its copy in the manifest overlay "
             "reads the converted chart from " + (fs::path(flags.out) / home_name).generic_string() +
             " (helmGlobals.chartHome)";
      new_chart_home[fs::weakly_canonical(inflated->second).generic_string()] = fs::path(flags.out) / home_name;
    }
    fs::path out = fs::path(flags.out) / name;
    if (IsInside(out, dir) || IsInside(dir, out)) {
      PrintError(dir + ": the output folder " + out.generic_string() +
                 " overlaps the chart; choose another --out");
      exit_code = kExitUsageOrInputError;
      continue;
    }
    auto [it, inserted] = claimed.emplace(name, dir);
    if (!inserted) {
      PrintError(dir + ": its output folder " + out.generic_string() + " is also " + it->second +
                 "'s; pass --name with {folder} to keep them apart");
      exit_code = kExitUsageOrInputError;
      continue;
    }
    runs.push_back(ConvertChart(dir, catalog, options));
    runs.back().out_name = name;
    if (!note.empty()) runs.back().result.notes.push_back(note);
  }
  std::ostream& report = flags.dry_run ? std::cerr : std::cout;
  if (flags.format == "json") {
    report << ChartReportJson(runs, flags.out, target.Minor().ToString());
  } else {
    report << ChartReportText(runs, flags.out);
  }
  for (const ChartRun& run : runs) {
    const overlay::ChartOverlayResult& r = run.result;
    fs::path out = fs::path(flags.out) / run.out_name;
    if (!run.errors.empty() || !r.errors.empty()) exit_code = kExitUsageOrInputError;
    bool person_needed = !r.manual.empty() || std::any_of(r.conversions.begin(), r.conversions.end(), [](const auto& c) {
      return c.fix.applicability == overlay::Applicability::kManual;
    });
    if (person_needed && exit_code == kExitOk) exit_code = kExitFindings;
    if (flags.dry_run) {
      for (const auto& [path, bytes] : r.files) {
        auto before = run.original.find(path);
        std::string_view old_text = before == run.original.end() ? std::string_view() : std::string_view(before->second);
        std::string from = before == run.original.end() ? "/dev/null" : "a/" + (fs::path(run.input_dir) / path).lexically_normal().generic_string();
        std::cout << overlay::UnifiedDiff(old_text, bytes, from,
                                          "b/" + (out / path).lexically_normal().generic_string());
      }
      continue;
    }
    // A chart whose proof failed is written too, so it can be inspected; the exit code is 2.
    overlay::OverlayResult files;
    for (const auto& [path, bytes] : r.files) files.files.push_back(overlay::OutputFile{path, bytes, path});
    if (Status s = overlay::WriteOverlay(files, out, flags.force); !s.ok()) {
      PrintError(s.ToString());
      exit_code = kExitUsageOrInputError;
    }
  }
  return exit_code;
}

int RunOverlay(const OverlayFlags& flags) {
  auto target = Version::Parse(flags.target);
  if (!target.ok()) {
    PrintError("--target: " + target.status().message());
    return kExitUsageOrInputError;
  }
  overlay::OverlayOptions options;
  if (flags.layout == "files") {
    options.layout = overlay::Layout::kFiles;
  } else if (flags.layout == "kustomize") {
    options.layout = overlay::Layout::kKustomize;
  } else {
    std::string message = "--layout: unknown layout '" + flags.layout + "'";
    if (auto near = ClosestMatch(flags.layout, {"files", "kustomize"}))
      message += " (did you mean '" + *near + "'?)";
    PrintError(message + "; choose files or kustomize");
    return kExitUsageOrInputError;
  }
  auto catalog = LoadCatalog(flags.catalog);
  if (!catalog.ok()) {
    PrintError(catalog.status().ToString());
    return kExitUsageOrInputError;
  }
  options.convert.target = target->Minor();
  options.convert.include_deprecated = flags.deprecated;
  options.convert.ingress_class_field = flags.ingress_class_name;
  std::string target_name = target->Minor().ToString();
  fs::path root = fs::path(flags.out) / target_name;
  if (flags.format != "text" && flags.format != "json") {
    std::string message = "--format: unknown format '" + flags.format + "'";
    if (auto near = ClosestMatch(flags.format, {"text", "json"})) message += " (did you mean '" + *near + "'?)";
    PrintError(message + "; choose text or json");
    return kExitUsageOrInputError;
  }

  std::vector<std::string> chart_dirs;
  for (const std::string& input : flags.inputs) {
    if (input == "-") continue;
    for (std::string& c : FindChartFolders(input)) {
      // A chart already named for the target (catalog-api-1.25 beside catalog-api-1.22, or an
      // earlier run's output) would be its own output: it is the target's chart already.
      std::string own = ChartOutputName(c, NameTemplate(flags), target->Minor());
      if (!flags.dual && (fs::path(c).lexically_normal().filename() == own ||
                          fs::path(c).lexically_normal().parent_path().filename() == own)) {
        std::cerr << "greenlight: " << c << ": already the chart for " << target_name << "; skipped\n";
        continue;
      }
      chart_dirs.push_back(std::move(c));
    }
  }
  // Charts a kustomization inflates (helmCharts + helmGlobals.chartHome), wherever they are.
  std::map<std::string, std::string> inflated_by;  // chart folder -> kustomization file
  for (const std::string& input : flags.inputs) {
    for (const auto& [chart, kustomization] : KustomizeInflatedCharts(input)) {
      inflated_by.emplace(fs::weakly_canonical(chart).generic_string(), kustomization);
      bool listed = std::any_of(chart_dirs.begin(), chart_dirs.end(), [&chart = chart](const std::string& c) {
        return fs::weakly_canonical(c) == fs::weakly_canonical(chart);
      });
      if (!listed) chart_dirs.push_back(chart);
    }
  }
  int chart_exit = kExitOk;
  std::map<std::string, fs::path> new_chart_home;  // kustomization file -> converted chart home
  if (!chart_dirs.empty()) {
    chart_exit = RunChartOverlays(flags, chart_dirs, inflated_by, *catalog, *target, new_chart_home);
  }
  Listed listed = ListSources(flags, flags.out, chart_dirs);
  if (!chart_dirs.empty() && listed.files.empty() && listed.errors.empty()) return chart_exit;
  overlay::OverlayResult result = overlay::BuildOverlay(listed.files, *catalog, options);
  PointChartHomes(listed, new_chart_home, root, result);
  for (Status& e : listed.errors) result.errors.push_back(std::move(e));

  std::ostream& report = flags.dry_run ? std::cerr : std::cout;
  report << overlay::FormatReport(result);
  if (!result.conflicts.empty()) {
    PrintError("nothing written: the " + flags.layout + " layout cannot hold these inputs");
    return kExitUsageOrInputError;  // charts, if any, were handled on their own
  }
  if (flags.dry_run) {
    std::map<std::string, const overlay::SourceFile*> sources;
    for (const auto& s : listed.files) sources[s.relative_path] = &s;
    for (const overlay::OutputFile& f : result.files) {
      auto it = sources.find(f.source_relative_path);
      std::string_view before =
          it == sources.end() ? std::string_view() : std::string_view(it->second->bytes);
      std::string from = it == sources.end() ? "/dev/null" : "a/" + it->second->display_path;
      // A mirrored file diffs against its input's own path, so `patch -p1` in the input's
      // folder produces the overlay; a new file is named where it would be written.
      std::string to =
          it != sources.end() && f.relative_path == f.source_relative_path
              ? "b/" + it->second->display_path
              : "b/" + (root / f.relative_path).lexically_normal().relative_path().generic_string();
      std::cout << overlay::UnifiedDiff(before, f.contents, from, to);
    }
    report << overlay::FormatSummary(result, target_name, root.generic_string(), true);
    return std::max(chart_exit, ExitCodeFor(result, true));
  }
  if (Status s = overlay::WriteOverlay(result, root, flags.force); !s.ok()) {
    PrintError(s.ToString());
    return kExitUsageOrInputError;
  }
  report << overlay::FormatSummary(result, target_name, root.generic_string(), false);
  return std::max(chart_exit, ExitCodeFor(result, true));
}

}  // namespace

void RegisterOverlay(CLI::App& app, Action& action) {
  auto flags = std::make_shared<OverlayFlags>();
  CLI::App* cmd = app.add_subcommand(
      "overlay",
      "Write the manifests converted for the target Kubernetes version under DIR/<target>/.\n"
      "Objects whose API the target removed (with --deprecated: also deprecated) move to the\n"
      "replacement API, schema included; only the lines whose content changes are rewritten.\n"
      "Helm charts (folders with Chart.yaml) are converted as charts: rendered with helm at\n"
      "--from, each converted object's template source is edited ({{ }} actions, helpers and\n"
      "comments kept), the copy goes to DIR/<name>-<target>/, and the copy is proven by\n"
      "rendering it at the target for every values*.yaml of the chart.\n\n"
      "Examples:\n"
      "  greenlight overlay --target 1.25 --out overlays manifests/\n"
      "  greenlight overlay --target 1.29 --out overlays --layout kustomize kustomize/base\n"
      "  greenlight overlay --target 1.25 --out overlays --dry-run manifests/ | less\n"
      "  greenlight overlay --target 1.25 --out charts charts/catalog-api-1.22   # charts/catalog-api-1.25/");
  cmd->add_option("inputs", flags->inputs, "Files, directories, or - for standard input")
      ->required();
  cmd->add_option("--target,-t", flags->target, "Kubernetes version to convert for, e.g. 1.25")
      ->required();
  cmd->add_option("--out", flags->out,
                  "Output folder; the overlay goes to DIR/<target>/, e.g. overlays/1.25/")
      ->required();
  cmd->add_option(
         "--layout", flags->layout,
         "files (default): mirror the inputs with converted documents rewritten; kustomize: "
         "kustomization.yaml + converted/ + unchanged/")
      ->capture_default_str();
  cmd->add_flag("--deprecated", flags->deprecated,
                "Also convert APIs that are only deprecated at the target");
  cmd->add_flag("--force", flags->force,
                "Write into a non-empty DIR/<target>/ (files greenlight writes are replaced)");
  cmd->add_flag(
      "--dry-run", flags->dry_run,
      "Write nothing; print the change as a unified diff on stdout (the report goes to stderr)");
  cmd->add_flag("--ingress-class-name", flags->ingress_class_name,
                "Move the kubernetes.io/ingress.class annotation of converted Ingresses to "
                "spec.ingressClassName");
  cmd->add_option("--from", flags->from,
                  "Kubernetes version a chart is rendered at to find what to convert (default: the "
                  "chart folder's version suffix, as in catalog-api-1.22, else the target's previous "
                  "minor)");
  cmd->add_option("--name", flags->name,
                  "Output folder name of a converted chart under DIR (default {name}-{target}, "
                  "with --dual {name}): {name} is the chart folder without its version suffix, "
                  "{folder} the folder as it is, {target} the target");
  cmd->add_flag("--dual", flags->dual,
                "Charts: one chart for both versions: converted documents switch on "
                ".Capabilities.APIVersions.Has (new API where served, old text otherwise), "
                "Chart.yaml's version gets a minor bump; proven at --from and at the target");
  cmd->add_flag("--remove-unreplaceable", flags->remove_unreplaceable,
                "In charts, remove the template of an object whose API has no replacement "
                "(PodSecurityPolicy) instead of guarding it with a .Capabilities check");
  cmd->add_option("--format", flags->format, "Chart report format: text (default) or json")
      ->capture_default_str();
  cmd->add_option("--helm", flags->helm, "helm program used to render charts (default: helm on PATH)");
  cmd->add_option("--render-timeout", flags->render_timeout,
                  "Seconds one helm render may take before it is stopped (default 120)");
  AddCatalogFlags(*cmd, flags->catalog);
  cmd->callback([flags, &action] { action = [flags] { return RunOverlay(*flags); }; });
}

}  // namespace greenlight::cli
