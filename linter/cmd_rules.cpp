// greenlight rules list|show: the lint rules in effect and their documentation, rendered from
// the rule files (`rules list --format markdown` writes the committed rules/README.md).
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/edit_distance.h"
#include "base/exit_code.h"
#include "checks/rule_info.h"
#include "commands.h"
#include "output.h"
#include "rules/rule_docs.h"
#include "rules_flags.h"

namespace greenlight::cli {
namespace {

struct RulesCommandFlags {
  std::string format = "text";
  std::string output;
  std::string id;
  RulesFlags rules;
};

nlohmann::json RuleJson(const rules::Rule& rule) {
  nlohmann::json refs = nlohmann::json::array();
  for (const auto& r : rule.docs.references) refs.push_back({{"title", r.title}, {"url", r.url}});
  nlohmann::json target = nlohmann::json::object();
  if (rule.target_from) target["from"] = rule.target_from->ToString();
  if (rule.target_until) target["until"] = rule.target_until->ToString();
  return {{"id", rule.id},
          {"name", rule.name},
          {"title", rule.title},
          {"severity", rule.severity},
          {"category", rule.category},
          {"status", rule.status},
          {"since", rule.since},
          {"kinds", rule.kinds},
          {"apiVersions", rule.api_versions},
          {"targetVersions", target},
          {"message", rule.message},
          {"help", rule.help},
          {"file", rule.file},
          {"docs",
           {{"what", rule.docs.what},
            {"why", rule.docs.why},
            {"example", rule.docs.example},
            {"useInstead", rule.docs.use_instead},
            {"fixSafety", rule.docs.fix_safety},
            {"references", refs}}}};
}

int RunRulesList(const RulesCommandFlags& flags) {
  if (Status s = CheckFormat(flags.format, {"text", "markdown", "json"}); !s.ok()) {
    PrintError("--format: " + s.message());
    return kExitUsageOrInputError;
  }
  auto rule_set = LoadRuleSet(flags.rules);
  if (!rule_set.ok()) {
    PrintError(rule_set.status().ToString());
    return kExitUsageOrInputError;
  }
  std::string text;
  if (flags.format == "markdown") {
    text = rules::RenderRulesMarkdown(*rule_set);
  } else if (flags.format == "json") {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& rule : rule_set->rules()) all.push_back(RuleJson(*rule));
    text = nlohmann::json{{"schemaVersion", 1}, {"rules", all}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } else {
    text = rules::RenderRuleTable(*rule_set);
  }
  if (Status s = EmitOutput(flags.output, text); !s.ok()) {
    PrintError(s.ToString());
    return kExitUsageOrInputError;
  }
  return kExitOk;
}

int RunRulesShow(const RulesCommandFlags& flags) {
  auto rule_set = LoadRuleSet(flags.rules);
  if (!rule_set.ok()) {
    PrintError(rule_set.status().ToString());
    return kExitUsageOrInputError;
  }
  if (const rules::Rule* rule = rule_set->Find(flags.id)) {
    std::cout << rules::RenderRulePage(*rule);
    return kExitOk;
  }
  if (const checks::RuleInfo* builtin = checks::FindRule(flags.id)) {
    std::cout << builtin->id << " " << builtin->name << ": " << builtin->summary << "\n\n"
              << "  severity:  " << checks::SeverityName(builtin->severity) << "\n"
              << "  category:  " << builtin->category << " (built-in check)\n\n"
              << "Why it matters\n  " << builtin->description << "\n\nFix\n  " << builtin->help << "\n";
    if (!builtin->help_uri.empty()) std::cout << "\nReferences\n  - " << builtin->help_uri << "\n";
    return kExitOk;
  }
  std::vector<std::string> names = rule_set->Names();
  for (const auto& info : checks::BuiltinRules()) {
    names.push_back(info.id);
    names.push_back(info.name);
  }
  std::string message = "unknown rule '" + flags.id + "'";
  if (auto near = ClosestMatch(flags.id, names)) message += " (did you mean '" + *near + "'?)";
  PrintError(message + "; see 'greenlight rules list'");
  return kExitUsageOrInputError;
}

}  // namespace

void RegisterRules(CLI::App& app, Action& action) {
  auto flags = std::make_shared<RulesCommandFlags>();
  CLI::App* cmd = app.add_subcommand(
      "rules",
      "List the lint rules in effect, or show one rule's documentation.\n\n"
      "Examples:\n"
      "  greenlight rules list\n"
      "  greenlight rules list --format markdown > rules/README.md\n"
      "  greenlight rules show REL401\n"
      "  greenlight rules list --extra-rules team-rules/ --format json");
  cmd->require_subcommand(1);
  CLI::App* list = cmd->add_subcommand("list", "One line per rule: id, name, severity, category, title");
  list->add_option("--format,-o", flags->format, "Output format: text (default), markdown or json")
      ->capture_default_str();
  list->add_option("--output", flags->output, "Write to FILE (atomically) instead of stdout");
  AddRulesFlags(*list, flags->rules);
  list->callback([flags, &action] { action = [flags] { return RunRulesList(*flags); }; });

  CLI::App* show = cmd->add_subcommand("show", "A rule's documentation: what, why, example, fix, references");
  show->add_option("id", flags->id, "Rule id or name, e.g. REL401 or ingress-class-annotation")->required();
  AddRulesFlags(*show, flags->rules);
  show->callback([flags, &action] { action = [flags] { return RunRulesShow(*flags); }; });
}

}  // namespace greenlight::cli
