// SARIF 2.1.0 (OASIS), the format GitHub code scanning and other CI services ingest. Rules come
// from the rule registry so that viewers can show the description and help beside each result;
// regions are the parser's real line and column, never a placeholder first line.
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "checks/rule_info.h"
#include "report/helm_release_json.h"
#include "report/report.h"

namespace greenlight::report {
namespace {

using checks::Finding;
using nlohmann::ordered_json;

const char* SarifLevel(checks::Severity s) {
  switch (s) {
    case checks::Severity::kError: return "error";
    case checks::Severity::kWarning: return "warning";
    case checks::Severity::kInfo: return "note";
  }
  return "error";
}

// Repo-relative paths become relative URI references: reserved and non-ASCII bytes are
// percent-encoded, '/' is kept.
std::string PathToUri(std::string_view path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool plain = std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

ordered_json RuleDescriptor(const Finding& first) {
  ordered_json rule;
  rule["id"] = first.rule_id;
  const checks::RuleInfo* info = checks::FindRule(first.rule_id);
  if (info == nullptr) {  // a rule from a source without registry metadata
    rule["name"] = first.rule_name;
    rule["shortDescription"] = {{"text", first.rule_name.empty() ? first.rule_id : first.rule_name}};
    if (!first.help.empty()) rule["help"] = {{"text", first.help}};
    rule["defaultConfiguration"] = {{"level", SarifLevel(first.severity)}};
    return rule;
  }
  rule["name"] = info->name;
  rule["shortDescription"] = {{"text", info->summary}};
  rule["fullDescription"] = {{"text", info->description}};
  std::string help = info->help;
  std::string markdown = "**" + info->id + " " + info->name + "**: " + info->summary + "\n\n" +
                         info->description + "\n\n**Fix:** " + info->help;
  if (!info->help_uri.empty()) {
    help += " See " + info->help_uri;
    markdown += "\n\n[Documentation](" + info->help_uri + ")";
  }
  rule["help"] = {{"text", help}, {"markdown", markdown}};
  if (!info->help_uri.empty()) rule["helpUri"] = info->help_uri;
  rule["defaultConfiguration"] = {{"level", SarifLevel(info->severity)}};
  rule["properties"] = {{"category", info->category}, {"tags", ordered_json::array({info->category})}};
  return rule;
}

ordered_json Result(const Finding& f, size_t rule_index) {
  ordered_json result;
  result["ruleId"] = f.rule_id;
  result["ruleIndex"] = rule_index;
  result["level"] = SarifLevel(f.severity);
  std::string text = f.message;
  if (!f.help.empty()) text += " " + f.help;
  result["message"] = {{"text", text}};
  ordered_json physical;
  physical["artifactLocation"] = {{"uri", PathToUri(f.location.file)}, {"uriBaseId", "%SRCROOT%"}};
  if (f.location.line > 0) {
    ordered_json region;
    region["startLine"] = f.location.line;
    if (f.location.column > 0) region["startColumn"] = f.location.column;
    if (!f.excerpt.empty()) region["snippet"] = {{"text", f.excerpt}};
    physical["region"] = region;
  }
  ordered_json location;
  location["physicalLocation"] = physical;
  if (!f.kind.empty()) {
    std::string object = f.kind + "/" + (f.namespace_name.empty() ? "" : f.namespace_name + "/") + f.name;
    ordered_json logical;
    logical["name"] = f.name;
    logical["fullyQualifiedName"] = object;
    logical["kind"] = "object";
    location["logicalLocations"] = ordered_json::array({logical});
  }
  result["locations"] = ordered_json::array({location});
  result["partialFingerprints"] = {{"greenlight/v1", f.fingerprint}};
  ordered_json properties;
  if (!f.api_version.empty()) properties["apiVersion"] = f.api_version;
  if (!f.kind.empty()) properties["kind"] = f.kind;
  if (!f.namespace_name.empty()) properties["namespace"] = f.namespace_name;
  if (!f.name.empty()) properties["name"] = f.name;
  if (!f.helm_source.empty()) properties["template"] = f.helm_source;
  if (!f.render_unit.empty()) properties["renderUnit"] = f.render_unit;
  if (!f.application.empty()) properties["application"] = f.application;
  if (f.unrendered_template) properties["unrenderedTemplate"] = true;
  if (!f.recorded_in.empty()) properties["recordedIn"] = f.recorded_in;
  if (f.helm_release) properties["helmRelease"] = HelmReleaseJson(*f.helm_release);
  if (f.api) {
    if (!f.api->replacement.empty()) properties["replacement"] = f.api->replacement;
    if (!f.api->deprecated_in.empty()) properties["deprecatedIn"] = f.api->deprecated_in;
    if (!f.api->removed_in.empty()) properties["removedIn"] = f.api->removed_in;
  }
  if (!properties.empty()) result["properties"] = properties;
  return result;
}

}  // namespace

std::string WriteSarif(const std::vector<Finding>& findings, const ReportContext& context) {
  std::map<std::string, size_t> rule_index;
  ordered_json rules = ordered_json::array();
  ordered_json results = ordered_json::array();
  for (const Finding& f : findings) {
    auto [it, added] = rule_index.emplace(f.rule_id, rules.size());
    if (added) rules.push_back(RuleDescriptor(f));
    results.push_back(Result(f, it->second));
  }
  ordered_json driver;
  driver["name"] = "greenlight";
  driver["version"] = context.tool_version;
  driver["semanticVersion"] = context.tool_version;
  driver["rules"] = rules;
  ordered_json run;
  run["tool"] = {{"driver", driver}};
  run["automationDetails"] = {{"id", "greenlight/target-" + context.target + "/"}};
  run["originalUriBaseIds"] = {{"%SRCROOT%", {{"description", {{"text", "The scanned root"}}}}}};
  run["results"] = results;
  ordered_json properties;
  properties["target"] = context.target;
  if (!context.from.empty()) properties["from"] = context.from;
  properties["catalogVersion"] = context.catalog_version;
  properties["files"] = context.summary.files;
  properties["objects"] = context.summary.objects;
  if (context.comparison) {
    properties["comparedWith"] = context.comparison->against;
    properties["new"] = context.comparison->new_count;
    properties["fixed"] = context.comparison->fixed_count;
    properties["unchanged"] = context.comparison->unchanged_count;
  }
  run["properties"] = properties;
  ordered_json root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  root["runs"] = ordered_json::array({run});
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace greenlight::report
