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
Listed ListSources(const OverlayFlags& flags, const fs::path& out_dir) {
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

  Listed listed = ListSources(flags, flags.out);
  overlay::OverlayResult result = overlay::BuildOverlay(listed.files, *catalog, options);
  for (Status& e : listed.errors) result.errors.push_back(std::move(e));

  std::ostream& report = flags.dry_run ? std::cerr : std::cout;
  report << overlay::FormatReport(result);
  if (!result.conflicts.empty()) {
    PrintError("nothing written: the " + flags.layout + " layout cannot hold these inputs");
    return kExitUsageOrInputError;
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
    return ExitCodeFor(result, true);
  }
  if (Status s = overlay::WriteOverlay(result, root, flags.force); !s.ok()) {
    PrintError(s.ToString());
    return kExitUsageOrInputError;
  }
  report << overlay::FormatSummary(result, target_name, root.generic_string(), false);
  return ExitCodeFor(result, true);
}

}  // namespace

void RegisterOverlay(CLI::App& app, Action& action) {
  auto flags = std::make_shared<OverlayFlags>();
  CLI::App* cmd = app.add_subcommand(
      "overlay",
      "Write the manifests converted for the target Kubernetes version under DIR/<target>/.\n"
      "Objects whose API the target removed (with --deprecated: also deprecated) move to the\n"
      "replacement API, schema included; every other document is kept byte for byte.\n\n"
      "Examples:\n"
      "  greenlight overlay --target 1.25 --out overlays manifests/\n"
      "  greenlight overlay --target 1.29 --out overlays --layout kustomize kustomize/base\n"
      "  greenlight overlay --target 1.25 --out overlays --dry-run manifests/ | less");
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
  AddCatalogFlags(*cmd, flags->catalog);
  cmd->callback([flags, &action] { action = [flags] { return RunOverlay(*flags); }; });
}

}  // namespace greenlight::cli
