#include "render/kustomization.h"

#include "base/file_io.h"
#include "document/parser.h"
#include "document/value.h"

namespace greenlight::render {

namespace fs = std::filesystem;
using document::Value;

namespace {

bool IsRemote(const std::string& ref) {
  return ref.find("://") != std::string::npos || ref.starts_with("github.com/") ||
         ref.starts_with("git@") || ref.starts_with("gitlab.com/");
}

std::vector<std::string> Strings(const Value* list) {
  std::vector<std::string> out;
  if (list == nullptr || !list->IsSequence()) return out;
  for (const Value& item : list->items()) {
    if (item.IsString()) out.push_back(item.text());
  }
  return out;
}

std::vector<std::string> PathsOf(const Value* list) {
  std::vector<std::string> out;
  if (list == nullptr || !list->IsSequence()) return out;
  for (const Value& item : list->items()) {
    if (const Value* path = item.IsMapping() ? item.Get("path") : nullptr; path != nullptr && path->IsString()) {
      out.push_back(path->text());
    }
  }
  return out;
}

// configMapGenerator / secretGenerator inputs: files ("key=path" or "path"), envs, env.
std::vector<std::string> GeneratorFiles(const Value* generators) {
  std::vector<std::string> out;
  if (generators == nullptr || !generators->IsSequence()) return out;
  for (const Value& g : generators->items()) {
    if (!g.IsMapping()) continue;
    for (std::string file : Strings(g.Get("files"))) {
      size_t eq = file.find('=');
      out.push_back(eq == std::string::npos ? file : file.substr(eq + 1));
    }
    for (const std::string& env : Strings(g.Get("envs"))) out.push_back(env);
    if (const Value* env = g.Get("env"); env != nullptr && env->IsString()) out.push_back(env->text());
  }
  return out;
}

void AddReference(const fs::path& folder, const std::string& ref, KustomizationRefs& refs) {
  if (IsRemote(ref)) {
    refs.remote.push_back(ref);
    return;
  }
  fs::path path = (folder / ref).lexically_normal();
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    refs.folders.push_back(path);
  } else {
    refs.files.push_back(path);
  }
}

}  // namespace

std::optional<fs::path> FindKustomizationFile(const fs::path& folder) {
  for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
    std::error_code ec;
    if (fs::is_regular_file(folder / name, ec)) return folder / name;
  }
  return std::nullopt;
}

StatusOr<KustomizationRefs> ReadKustomization(const fs::path& folder) {
  std::optional<fs::path> file = FindKustomizationFile(folder);
  if (!file) return NotFound("no kustomization file in " + folder.string());
  GL_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(*file, file->string()));
  GL_ASSIGN_OR_RETURN(document::Document doc, document::ParseSingleDocument(std::move(bytes), file->string()));
  Value root = document::ValueFromNode(doc.root());
  KustomizationRefs refs;
  refs.file = *file;
  if (!root.IsMapping()) return refs;
  if (const Value* kind = root.Get("kind"); kind != nullptr && kind->IsString()) {
    refs.is_component = kind->text() == "Component";
  }
  for (const char* key : {"resources", "bases", "components", "crds", "patchesStrategicMerge", "transformers",
                          "generators", "validators", "configurations"}) {
    for (const std::string& ref : Strings(root.Get(key))) {
      // An inline strategic-merge patch is YAML text, not a path.
      if (ref.find('\n') == std::string::npos) AddReference(folder, ref, refs);
    }
  }
  if (const Value* openapi = document::FindValue(root, {"openapi", "path"}); openapi != nullptr && openapi->IsString()) {
    AddReference(folder, openapi->text(), refs);
  }
  for (const char* key : {"patches", "patchesJson6902", "replacements"}) {
    for (const std::string& ref : PathsOf(root.Get(key))) AddReference(folder, ref, refs);
  }
  for (const char* key : {"configMapGenerator", "secretGenerator"}) {
    for (const std::string& ref : GeneratorFiles(root.Get(key))) AddReference(folder, ref, refs);
  }
  const Value* charts = root.Get("helmCharts");
  if (charts != nullptr && charts->IsSequence()) {
    std::string chart_home = "charts";
    if (const Value* home = document::FindValue(root, {"helmGlobals", "chartHome"}); home != nullptr && home->IsString()) {
      chart_home = home->text();
    }
    for (const Value& chart : charts->items()) {
      const Value* name = chart.IsMapping() ? chart.Get("name") : nullptr;
      if (name != nullptr && name->IsString()) {
        refs.helm_charts.push_back((folder / chart_home / name->text()).lexically_normal());
      }
      if (const Value* values = chart.IsMapping() ? chart.Get("valuesFile") : nullptr; values != nullptr && values->IsString()) {
        AddReference(folder, values->text(), refs);
      }
      for (const std::string& extra : Strings(chart.IsMapping() ? chart.Get("additionalValuesFiles") : nullptr)) {
        AddReference(folder, extra, refs);
      }
    }
  }
  return refs;
}

}  // namespace greenlight::render
