#include "config/config.h"

#include <algorithm>
#include <filesystem>

#include "base/edit_distance.h"
#include "base/glob.h"
#include "checks/rule_info.h"
#include "base/file_io.h"
#include "document/field_reader.h"
#include "document/parser.h"

namespace greenlight::config {
namespace {

using document::MappingReader;
using document::Node;

std::vector<std::string> ResolvePaths(std::vector<std::string> paths, std::string_view base_dir);

Status ReadRenderSettings(const Node* node, std::string_view display_path, std::string_view base_dir,
                          RenderSettings& into) {
  MappingReader r(node, display_path, "render section");
  into.enabled = r.OptionalBool("enabled");
  into.helm = r.OptionalString("helm");
  if (into.helm && into.helm->find('/') != std::string::npos) into.helm = ResolvePaths({*into.helm}, base_dir)[0];
  into.timeout_seconds = r.OptionalInt("timeoutSeconds");
  if (into.timeout_seconds && *into.timeout_seconds <= 0) {
    return InvalidArgument("timeoutSeconds must be positive", document::LocationOf(node->Get("timeoutSeconds"), display_path));
  }
  if (const Node* map = r.OptionalMapping("repoMap")) {
    for (const auto& [key, value] : map->entries()) {
      if (!value->IsString()) {
        return InvalidArgument("repoMap values are folders (strings)", document::LocationOf(value, display_path));
      }
      into.repo_map.emplace_back(key->scalar(), ResolvePaths({value->scalar()}, base_dir)[0]);
    }
  }
  into.version_patterns = r.OptionalStringList("versionPatterns", /*allow_scalar=*/true);
  return r.Finish();
}

void ReadRuleSettings(MappingReader& r, RuleSettings& into) {
  if (const Node* list = r.OptionalSequence("disable")) {
    for (const Node* item : list->items()) {
      if (!item->IsString()) {
        r.Fail(item, "'disable' entries must be rule ids or names, got " + document::DescribeNode(item));
        return;
      }
      into.disable.push_back(RuleRef{item->scalar(), document::LocationOf(item, r.file())});
    }
  }
  if (const Node* map = r.OptionalMapping("severity")) {
    for (const auto& [key, value] : map->entries()) {
      auto severity = value->IsString() ? checks::ParseSeverity(value->scalar()) : std::nullopt;
      if (!severity) {
        r.Fail(value, "'severity." + key->scalar() + "' must be error, warning or info, got " +
                          (value->IsScalar() ? "'" + value->scalar() + "'" : document::DescribeNode(value)));
        return;
      }
      into.severity.emplace_back(RuleRef{key->scalar(), document::LocationOf(key, r.file())}, *severity);
    }
  }
}

std::vector<std::string> ResolvePaths(std::vector<std::string> paths, std::string_view base_dir) {
  if (base_dir.empty()) return paths;
  for (auto& p : paths) {
    if (!std::filesystem::path(p).is_absolute()) {
      p = (std::filesystem::path(base_dir) / p).lexically_normal().generic_string();
    }
  }
  return paths;
}

void Apply(const RuleSettings& rules, checks::Finding& f, bool& disabled) {
  for (const RuleRef& rule : rules.disable) {
    if (rule.id == f.rule_id) disabled = true;
  }
  for (const auto& [rule, severity] : rules.severity) {
    if (rule.id == f.rule_id) f.severity = severity;
  }
}

Status Resolve(RuleRef& rule) {
  if (const checks::RuleInfo* info = checks::FindRule(rule.id)) {
    rule.id = info->id;
    return Status::Ok();
  }
  std::vector<std::string> known;
  for (const auto& info : checks::AllRules()) {
    known.push_back(info.id);
    known.push_back(info.name);
  }
  std::string message = "unknown rule '" + rule.id + "'";
  if (auto near = ClosestMatch(rule.id, known)) message += " (did you mean '" + *near + "'?)";
  return InvalidArgument(message, rule.where);
}

Status ResolveAll(RuleSettings& rules) {
  for (RuleRef& rule : rules.disable) GL_RETURN_IF_ERROR(Resolve(rule));
  for (auto& [rule, severity] : rules.severity) GL_RETURN_IF_ERROR(Resolve(rule));
  return Status::Ok();
}

}  // namespace

Status ResolveRuleIds(Config& config) {
  GL_RETURN_IF_ERROR(ResolveAll(config.rules));
  for (PathOverride& o : config.overrides) GL_RETURN_IF_ERROR(ResolveAll(o.rules));
  return Status::Ok();
}

StatusOr<Config> ParseConfig(std::string text, std::string_view display_path, std::string_view base_dir) {
  GL_ASSIGN_OR_RETURN(document::Document doc, document::ParseSingleDocument(std::move(text), display_path));
  Config config;
  config.origin = std::string(display_path);
  if (doc.root() == nullptr) return config;  // an empty file is an empty config
  MappingReader r(doc.root(), display_path, "config file");
  config.target = r.OptionalVersion("target");
  config.from = r.OptionalVersion("from");
  config.include = r.OptionalStringList("include", /*allow_scalar=*/true);
  config.exclude = r.OptionalStringList("exclude", /*allow_scalar=*/true);
  ReadRuleSettings(r, config.rules);
  if (const Node* list = r.OptionalSequence("overrides")) {
    for (const Node* item : list->items()) {
      MappingReader o(item, display_path, "override");
      PathOverride override_entry;
      override_entry.paths = o.OptionalStringList("paths", /*allow_scalar=*/true);
      if (o.ok() && override_entry.paths.empty()) o.Fail(item, "an override needs 'paths' (globs)");
      ReadRuleSettings(o, override_entry.rules);
      GL_RETURN_IF_ERROR(o.Finish());
      config.overrides.push_back(std::move(override_entry));
    }
  }
  config.extra_catalog = ResolvePaths(r.OptionalStringList("extraCatalog", true), base_dir);
  config.extra_rules = ResolvePaths(r.OptionalStringList("extraRules", true), base_dir);
  if (const Node* render = r.OptionalMapping("render")) {
    GL_RETURN_IF_ERROR(ReadRenderSettings(render, display_path, base_dir, config.render));
  }
  r.Raw("parity");  // greenlight parity's section: read strictly by parity::ParseParityConfig
  GL_RETURN_IF_ERROR(r.Finish());
  if (config.target && config.from && Version::CompareMinor(*config.from, *config.target) > 0) {
    return InvalidArgument("'from' " + config.from->ToString() + " is newer than 'target' " +
                               config.target->ToString(),
                           Location{std::string(display_path), 0, 0, -1});
  }
  return config;
}

StatusOr<Config> LoadConfigFile(const std::string& path) {
  GL_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path, path));
  std::string base_dir = std::filesystem::path(path).parent_path().generic_string();
  return ParseConfig(std::move(text), path, base_dir.empty() ? "." : base_dir);
}

size_t ApplyRuleSettings(const Config& config, std::vector<checks::Finding>& findings) {
  size_t before = findings.size();
  std::erase_if(findings, [&](checks::Finding& f) {
    bool disabled = false;
    Apply(config.rules, f, disabled);
    for (const PathOverride& o : config.overrides) {
      bool matches = std::any_of(o.paths.begin(), o.paths.end(),
                                 [&](const std::string& g) { return GlobMatch(g, f.location.file); });
      if (matches) Apply(o.rules, f, disabled);
    }
    return disabled;
  });
  return before - findings.size();
}

}  // namespace greenlight::config
