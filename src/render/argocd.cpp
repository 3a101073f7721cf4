#include "render/argocd.h"

#include <algorithm>
#include <cctype>

#include "base/glob.h"
#include "document/emitter.h"

namespace greenlight::render {

namespace {

using document::Value;

constexpr std::string_view kArgoGroup = "argoproj.io/";

std::string StringAt(const Value* v) {
  return v != nullptr && v->IsScalar() && !v->IsNull() ? v->text() : std::string();
}

std::string StringAt(const Value& root, std::initializer_list<std::string_view> keys) {
  return StringAt(document::FindValue(root, keys));
}

// A boolean field: true, True, TRUE and "true" all count (YAML 1.1 and Go's ParseBool agree).
bool TrueAt(const Value& root, std::initializer_list<std::string_view> keys) {
  std::string text = StringAt(root, keys);
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text == "true";
}

std::vector<std::pair<std::string, std::string>> StringPairs(const Value* map) {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (map == nullptr || !map->IsMapping()) return pairs;
  for (const auto& [key, value] : map->entries()) pairs.emplace_back(key, StringAt(&value));
  return pairs;
}

std::vector<std::string> StringList(const Value* list) {
  std::vector<std::string> out;
  if (list == nullptr || !list->IsSequence()) return out;
  for (const Value& item : list->items()) out.push_back(StringAt(&item));
  return out;
}

ArgoHelm ParseHelm(const Value& helm) {
  ArgoHelm out;
  out.release_name = StringAt(helm, {"releaseName"});
  out.value_files = StringList(helm.Get("valueFiles"));
  out.ignore_missing_value_files = TrueAt(helm, {"ignoreMissingValueFiles"});
  // valuesObject wins over values when both are set, as in Argo CD.
  if (const Value* object = helm.Get("valuesObject"); object != nullptr && object->IsMapping()) {
    out.values_yaml = document::EmitYaml(*object);
  } else {
    out.values_yaml = StringAt(helm, {"values"});
  }
  if (const Value* params = helm.Get("parameters"); params != nullptr && params->IsSequence()) {
    for (const Value& p : params->items()) {
      out.parameters.push_back(HelmParameter{StringAt(p, {"name"}), StringAt(p, {"value"}),
                                             TrueAt(p, {"forceString"})});
    }
  }
  return out;
}

ArgoKustomize ParseKustomize(const Value& kustomize) {
  ArgoKustomize out;
  out.name_prefix = StringAt(kustomize, {"namePrefix"});
  out.name_suffix = StringAt(kustomize, {"nameSuffix"});
  out.namespace_name = StringAt(kustomize, {"namespace"});
  out.common_labels = StringPairs(kustomize.Get("commonLabels"));
  out.common_annotations = StringPairs(kustomize.Get("commonAnnotations"));
  out.images = StringList(kustomize.Get("images"));
  return out;
}

ArgoSource ParseSource(const Value& source) {
  ArgoSource out;
  out.repo_url = StringAt(source, {"repoURL"});
  out.path = StringAt(source, {"path"});
  out.chart = StringAt(source, {"chart"});
  out.target_revision = StringAt(source, {"targetRevision"});
  if (const Value* helm = source.Get("helm"); helm != nullptr && helm->IsMapping()) {
    out.helm = ParseHelm(*helm);
  }
  if (const Value* k = source.Get("kustomize"); k != nullptr && k->IsMapping()) {
    out.kustomize = ParseKustomize(*k);
  }
  out.directory_recurse = TrueAt(source, {"directory", "recurse"});
  out.directory_include = StringAt(source, {"directory", "include"});
  out.directory_exclude = StringAt(source, {"directory", "exclude"});
  return out;
}

bool IsIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// The value of one "{{ expr }}": a parameter path, nothing else (no functions or pipelines).
StatusOr<std::string> LookUpParameter(std::string_view expr, const Value& parameters, bool go_template) {
  std::string key(expr);
  key.erase(0, key.find_first_not_of(' '));
  key.erase(key.find_last_not_of(' ') + 1);
  if (go_template) {
    if (key.empty() || key[0] != '.') {
      return InvalidArgument("template expression '{{" + std::string(expr) +
                             "}}' is not a plain field (.name); greenlight expands field access only");
    }
    const Value* node = &parameters;
    size_t start = 1;
    while (node != nullptr && start <= key.size()) {
      size_t dot = key.find('.', start);
      std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (part.empty() || !std::all_of(part.begin(), part.end(), IsIdentifierChar)) {
        return InvalidArgument("template expression '{{" + std::string(expr) + "}}' is not a plain field");
      }
      node = node->IsMapping() ? node->Get(part) : nullptr;
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (node == nullptr || !node->IsScalar()) {
      return InvalidArgument("no generator parameter '" + key + "'");
    }
    return node->IsNull() ? std::string() : node->text();
  }
  const Value* flat = parameters.Get(key);
  if (flat == nullptr || !flat->IsScalar()) return InvalidArgument("no generator parameter '" + key + "'");
  return flat->IsNull() ? std::string() : flat->text();
}

StatusOr<std::string> SubstituteString(const std::string& text, const Value& parameters, bool go_template) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = text.find("{{", pos);
    if (open == std::string::npos) break;
    size_t close = text.find("}}", open + 2);
    if (close == std::string::npos) break;
    out.append(text, pos, open - pos);
    std::string_view expr(text.data() + open + 2, close - open - 2);
    pos = close + 2;
    // Go's trim markers "{{- " and " -}}" also remove the whitespace beside the action.
    if (go_template && expr.starts_with("- ")) {
      expr.remove_prefix(1);
      while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    }
    if (go_template && expr.ends_with(" -")) {
      expr.remove_suffix(1);
      while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    }
    GL_ASSIGN_OR_RETURN(std::string value, LookUpParameter(expr, parameters, go_template));
    out += value;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

// Argo CD's sanitizeName for basenameNormalized: lower case, [-a-z0-9.] kept and everything
// else '-', leading and trailing '-' and '.' trimmed, at most 253 characters.
std::string SanitizeName(const std::string& name) {
  std::string out;
  for (char c : name) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += std::isalnum(static_cast<unsigned char>(lower)) || lower == '-' || lower == '.' ? lower : '-';
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  size_t first = out.find_first_not_of("-.");
  out = first == std::string::npos ? "" : out.substr(first);
  if (out.size() > 253) out.resize(253);
  return out;
}

// Argo CD's git directory generator parameters for one folder, flat or (goTemplate) nested.
Value DirectoryParameters(const std::string& path, bool go_template) {
  std::string basename = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  std::vector<std::string> segments;
  for (size_t start = 0; start <= path.size();) {
    size_t slash = path.find('/', start);
    std::string segment = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!segment.empty()) segments.push_back(segment);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  Value params = Value::Mapping();
  if (go_template) {
    Value nested = Value::Mapping();
    nested.Set("path", Value::String(path));
    nested.Set("basename", Value::String(basename));
    nested.Set("basenameNormalized", Value::String(SanitizeName(basename)));
    Value list = Value::Sequence();
    for (const std::string& s : segments) list.Append(Value::String(s));
    nested.Set("segments", std::move(list));
    params.Set("path", std::move(nested));
  } else {
    params.Set("path", Value::String(path));
    params.Set("path.basename", Value::String(basename));
    params.Set("path.basenameNormalized", Value::String(SanitizeName(basename)));
    for (size_t i = 0; i < segments.size(); ++i) {
      params.Set("path[" + std::to_string(i) + "]", Value::String(segments[i]));
    }
  }
  return params;
}

std::vector<Value> GeneratorParameters(const Value& generator, bool go_template, const Location& where,
                                       const DirectoryLister& list_directories, std::vector<Status>& skipped) {
  std::vector<Value> out;
  if (const Value* list = FindValue(generator, {"list", "elements"}); list != nullptr && list->IsSequence()) {
    for (const Value& element : list->items()) out.push_back(element);
    return out;
  }
  if (const Value* git = generator.Get("git"); git != nullptr && git->IsMapping()) {
    const Value* directories = git->Get("directories");
    if (directories == nullptr || !directories->IsSequence()) {
      skipped.push_back(Status(StatusCode::kFailedPrecondition,
                               "git files generator is not expanded (list and git directories generators are)",
                               where));
      return out;
    }
    std::vector<std::string> included, excluded;
    for (const Value& d : directories->items()) {
      std::vector<std::string> matched = list_directories(StringAt(*git, {"repoURL"}), StringAt(d, {"path"}));
      auto& into = TrueAt(d, {"exclude"}) ? excluded : included;
      into.insert(into.end(), matched.begin(), matched.end());
    }
    for (const std::string& dir : included) {
      if (std::find(excluded.begin(), excluded.end(), dir) == excluded.end()) {
        out.push_back(DirectoryParameters(dir, go_template));
      }
    }
    return out;
  }
  std::string kind = generator.IsMapping() && !generator.entries().empty() ? generator.entries()[0].first : "?";
  skipped.push_back(Status(StatusCode::kFailedPrecondition,
                           "ApplicationSet generator '" + kind +
                               "' needs live data and is not expanded (list and git directories generators are)",
                           where));
  return out;
}

}  // namespace

bool DirectoryGlobMatch(std::string_view pattern, std::string_view relative_path) {
  const size_t open = pattern.find('{');
  const size_t close = open == std::string_view::npos ? open : pattern.find('}', open);
  if (close == std::string_view::npos) return GlobMatch(pattern, relative_path);
  // One level of "{a,b}" alternatives, each tried with the text around it.
  std::string_view choices = pattern.substr(open + 1, close - open - 1);
  size_t start = 0;
  while (start <= choices.size()) {
    size_t comma = choices.find(',', start);
    std::string_view choice = choices.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    std::string expanded = std::string(pattern.substr(0, open)) + std::string(choice) + std::string(pattern.substr(close + 1));
    if (DirectoryGlobMatch(expanded, relative_path)) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

bool IsArgoApplication(std::string_view api_version, std::string_view kind) {
  return api_version.starts_with(kArgoGroup) && kind == "Application";
}

bool IsArgoApplicationSet(std::string_view api_version, std::string_view kind) {
  return api_version.starts_with(kArgoGroup) && kind == "ApplicationSet";
}

StatusOr<ArgoApplication> ParseApplication(const Value& manifest, const Location& where) {
  ArgoApplication app;
  app.name = StringAt(manifest, {"metadata", "name"});
  app.namespace_name = StringAt(manifest, {"metadata", "namespace"});
  app.location = where;
  const Value* spec = manifest.Get("spec");
  if (spec == nullptr || !spec->IsMapping()) return InvalidArgument("Application " + app.name + " has no spec", where);
  // Argo CD ignores spec.source when spec.sources is set.
  if (const Value* sources = spec->Get("sources"); sources != nullptr && sources->IsSequence()) {
    for (const Value& s : sources->items()) app.sources.push_back(ParseSource(s));
  }
  const Value* source = spec->Get("source");
  if (app.sources.empty() && source != nullptr && source->IsMapping()) app.sources.push_back(ParseSource(*source));
  if (app.sources.empty()) {
    return InvalidArgument("Application " + app.name + " has neither spec.source nor spec.sources", where);
  }
  app.destination_namespace = StringAt(*spec, {"destination", "namespace"});
  app.destination_name = StringAt(*spec, {"destination", "name"});
  app.destination_server = StringAt(*spec, {"destination", "server"});
  return app;
}

StatusOr<Value> SubstituteParameters(const Value& tmpl, const Value& parameters, bool go_template) {
  if (tmpl.IsMapping()) {
    Value out = Value::Mapping();
    for (const auto& [key, child] : tmpl.entries()) {
      GL_ASSIGN_OR_RETURN(Value substituted, SubstituteParameters(child, parameters, go_template));
      out.Set(key, std::move(substituted));
    }
    return out;
  }
  if (tmpl.IsSequence()) {
    Value out = Value::Sequence();
    for (const Value& item : tmpl.items()) {
      GL_ASSIGN_OR_RETURN(Value substituted, SubstituteParameters(item, parameters, go_template));
      out.Append(std::move(substituted));
    }
    return out;
  }
  if (!tmpl.IsString()) return tmpl;
  GL_ASSIGN_OR_RETURN(std::string text, SubstituteString(tmpl.text(), parameters, go_template));
  return Value::String(std::move(text));
}

ExpandedApplicationSet ExpandApplicationSet(const Value& manifest, const Location& where,
                                            const DirectoryLister& list_directories) {
  ExpandedApplicationSet out;
  const std::string set_name = StringAt(manifest, {"metadata", "name"});
  const std::string set_namespace = StringAt(manifest, {"metadata", "namespace"});
  const bool go_template = TrueAt(manifest, {"spec", "goTemplate"});
  const Value* tmpl = FindValue(manifest, {"spec", "template"});
  const Value* generators = FindValue(manifest, {"spec", "generators"});
  if (tmpl == nullptr || generators == nullptr || !generators->IsSequence()) {
    out.errors.push_back(InvalidArgument("ApplicationSet " + set_name + " has no spec.template or spec.generators", where));
    return out;
  }
  for (const Value& generator : generators->items()) {
    for (const Value& params : GeneratorParameters(generator, go_template, where, list_directories, out.skipped)) {
      StatusOr<Value> app_value = SubstituteParameters(*tmpl, params, go_template);
      if (!app_value.ok()) {
        Status error = app_value.status();
        out.errors.push_back(error.Prepend("ApplicationSet " + set_name).WithLocation(where));
        continue;
      }
      StatusOr<ArgoApplication> app = ParseApplication(*app_value, where);
      if (!app.ok()) {
        out.errors.push_back(app.status());
        continue;
      }
      if (app->namespace_name.empty()) app->namespace_name = set_namespace;
      app->generated_by = "ApplicationSet " + (set_namespace.empty() ? "" : set_namespace + "/") + set_name;
      out.applications.push_back(std::move(app).value());
    }
  }
  return out;
}

}  // namespace greenlight::render
