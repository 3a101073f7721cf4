#include "render/tools.h"

#include <cctype>
#include <filesystem>
#include <fstream>

#include "render/process.h"

namespace greenlight::render {

namespace fs = std::filesystem;

namespace {

// helm reads and writes its config, cache and data homes; private empty ones keep a render
// offline and independent of the user's repositories and plugins.
std::vector<std::string> HelmEnvironment(const RenderSettings& settings) {
  const std::string home = settings.scratch_dir + "/helm-home";
  return {"HELM_CONFIG_HOME=" + home + "/config", "HELM_CACHE_HOME=" + home + "/cache",
          "HELM_DATA_HOME=" + home + "/data"};
}

Status WriteScratchFile(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out << text;
  return out ? Status::Ok() : DataLoss("cannot write " + path.string());
}

// A release name helm accepts (lower-case DNS label characters, at most 53) from a folder name.
std::string ReleaseNameFor(const std::string& folder) {
  std::string name;
  for (char c : folder) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    name += std::isalnum(static_cast<unsigned char>(lower)) || lower == '-' || lower == '.' ? lower : '-';
  }
  while (!name.empty() && !std::isalnum(static_cast<unsigned char>(name.back()))) name.pop_back();
  while (!name.empty() && !std::isalnum(static_cast<unsigned char>(name.front()))) name.erase(0, 1);
  if (name.size() > 53) name.resize(53);
  return name.empty() ? "release" : name;
}

// --set splits on commas; Argo CD escapes them so a parameter value stays one value.
std::string EscapeSetValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == ',' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

StatusOr<std::vector<std::string>> HelmArguments(const RenderUnit& unit, const RenderSettings& settings,
                                                 size_t index) {
  fs::path chart = fs::absolute(fs::path(unit.root) / unit.path).lexically_normal();
  if (chart.filename().empty()) chart = chart.parent_path();  // "dir/" names the folder itself
  std::string release = unit.release_name.empty() ? ReleaseNameFor(chart.filename().string()) : unit.release_name;
  std::vector<std::string> args = {settings.helm, "template", release, chart.string(), "--include-crds",
                                   "--kube-version", settings.kube_version.ToString()};
  if (!unit.namespace_name.empty()) args.insert(args.end(), {"--namespace", unit.namespace_name});
  for (const std::string& api : settings.api_versions) args.insert(args.end(), {"--api-versions", api});
  for (const std::string& file : unit.value_files) {
    if (file.starts_with("$")) {
      return InvalidArgument(unit.label + ": value file '" + file +
                             "' refers to another source ($ref), which greenlight does not resolve");
    }
    fs::path path = file.starts_with("/") ? fs::path(unit.root) / file.substr(1) : chart / file;
    std::error_code ec;
    if (unit.ignore_missing_value_files && !fs::exists(path, ec)) continue;
    args.insert(args.end(), {"--values", path.lexically_normal().string()});
  }
  if (!unit.values_yaml.empty()) {
    fs::path inline_values = fs::path(settings.scratch_dir) / ("values-" + std::to_string(index) + ".yaml");
    GL_RETURN_IF_ERROR(WriteScratchFile(inline_values, unit.values_yaml));
    args.insert(args.end(), {"--values", inline_values.string()});
  }
  for (const HelmParameter& p : unit.parameters) {
    args.insert(args.end(), {p.force_string ? "--set-string" : "--set", p.name + "=" + EscapeSetValue(p.value)});
  }
  return args;
}

std::string YamlQuoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// One Argo CD image override ("[name=]newName[:tag][@digest]") as a kustomize images entry.
std::string ImageEntry(const std::string& image) {
  std::string name, rest = image;
  const size_t eq = image.find('=');
  if (eq != std::string::npos) {
    name = image.substr(0, eq);
    rest = image.substr(eq + 1);
  }
  std::string tag, digest;
  if (size_t at = rest.find('@'); at != std::string::npos) {
    digest = rest.substr(at + 1);
    rest.resize(at);
  }
  if (size_t colon = rest.rfind(':'); colon != std::string::npos && rest.find('/', colon) == std::string::npos) {
    tag = rest.substr(colon + 1);
    rest.resize(colon);
  }
  if (name.empty()) name = rest;
  std::string entry = "- name: " + YamlQuoted(name) + "\n";
  if (rest != name) entry += "  newName: " + YamlQuoted(rest) + "\n";
  if (!tag.empty()) entry += "  newTag: " + YamlQuoted(tag) + "\n";
  if (!digest.empty()) entry += "  digest: " + YamlQuoted(digest) + "\n";
  return entry;
}

// A kustomization that builds the unit and adds what greenlight and Argo CD need on top.
std::string WrapperKustomization(const RenderUnit& unit, const fs::path& wrapper_dir) {
  const fs::path target = fs::absolute(fs::path(unit.root) / unit.path).lexically_normal();
  std::string text = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- " +
                     YamlQuoted(target.lexically_relative(wrapper_dir).generic_string()) +
                     "\nbuildMetadata: [originAnnotations]\n";
  if (!unit.kustomize) return text;
  const ArgoKustomize& k = *unit.kustomize;
  if (!k.name_prefix.empty()) text += "namePrefix: " + YamlQuoted(k.name_prefix) + "\n";
  if (!k.name_suffix.empty()) text += "nameSuffix: " + YamlQuoted(k.name_suffix) + "\n";
  if (!k.namespace_name.empty()) text += "namespace: " + YamlQuoted(k.namespace_name) + "\n";
  auto pairs = [&](const char* key, const auto& entries) {
    if (entries.empty()) return;
    text += std::string(key) + ":\n";
    for (const auto& [name, value] : entries) text += "  " + YamlQuoted(name) + ": " + YamlQuoted(value) + "\n";
  };
  pairs("commonLabels", k.common_labels);
  pairs("commonAnnotations", k.common_annotations);
  if (!k.images.empty()) {
    text += "images:\n";
    for (const std::string& image : k.images) text += ImageEntry(image);
  }
  return text;
}

StatusOr<std::vector<std::string>> KustomizeArguments(const RenderUnit& unit, const RenderSettings& settings,
                                                      size_t index) {
  const fs::path wrapper = fs::absolute(fs::path(settings.scratch_dir) / ("kustomize-" + std::to_string(index)));
  GL_RETURN_IF_ERROR(WriteScratchFile(wrapper / "kustomization.yaml", WrapperKustomization(unit, wrapper)));
  std::vector<std::string> args = {settings.kubectl, "kustomize", wrapper.string()};
  if (unit.enable_helm) {
    std::string helm = FindOnPath(settings.helm);
    args.insert(args.end(), {"--enable-helm", "--helm-command", helm.empty() ? settings.helm : helm});
  }
  return args;
}

std::string LastLines(const std::string& text, size_t max_lines) {
  std::string trimmed = text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' ')) trimmed.pop_back();
  size_t pos = trimmed.size();
  for (size_t n = 0; n < max_lines && pos != std::string::npos && pos > 0; ++n) {
    pos = trimmed.rfind('\n', pos - 1);
  }
  return pos == std::string::npos || pos == 0 ? trimmed : trimmed.substr(pos + 1);
}

}  // namespace

StatusOr<std::string> RunRenderer(const RenderUnit& unit, const RenderSettings& settings, size_t index) {
  StatusOr<std::vector<std::string>> args = unit.tool == UnitTool::kHelm ? HelmArguments(unit, settings, index)
                                                                          : KustomizeArguments(unit, settings, index);
  if (!args.ok()) return args.status();
  ProcessOptions options;
  options.timeout = settings.timeout;
  options.cancel = settings.cancel;
  options.env = HelmEnvironment(settings);
  options.working_dir = settings.scratch_dir;
  const std::string tool = unit.tool == UnitTool::kHelm ? "helm template" : "kubectl kustomize";
  StatusOr<ProcessResult> run = RunProcess(*args, options);
  if (!run.ok()) {
    return FailedPrecondition(unit.label + ": cannot run " + tool + ": " + run.status().message() +
                              (unit.tool == UnitTool::kHelm ? " (install helm or pass --helm PATH)" : ""));
  }
  if (run->timed_out) {
    return FailedPrecondition(unit.label + ": " + tool + " did not finish within " +
                              std::to_string(settings.timeout.count() / 1000.0).substr(0, 4) +
                              " s (--render-timeout) and was stopped");
  }
  if (run->cancelled) return FailedPrecondition(unit.label + ": " + tool + " was interrupted");
  if (run->exit_code != 0) {
    return FailedPrecondition(unit.label + ": " + tool + " failed (exit " + std::to_string(run->exit_code) +
                              "): " + LastLines(run->err, 6));
  }
  return std::move(run->out);
}

}  // namespace greenlight::render
