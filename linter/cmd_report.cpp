// greenlight report: the pre-upgrade report for a --from -> --to upgrade: support calendar, removed
// APIs per hop with the objects they hit, add-on actions, findings by category, in-place or
// blue/green, and the cutover checklist; as Markdown, self-contained HTML or JSON.
#include <map>

#include "addon_rows.h"
#include "base/exit_code.h"
#include "catalog/eks_calendar.h"
#include "catalog_flags.h"
#include "checks/rule_check.h"
#include "checks/rule_info.h"
#include "commands.h"
#include "output.h"
#include "report/upgrade_report.h"
#include "rules_flags.h"
#include "scan_sources.h"
#include "scan/scanner.h"
#include "source/input.h"

namespace greenlight::cli {
namespace {

struct ReportFlags {
  std::vector<std::string> inputs;
  std::string from, to, date;
  std::string format = "markdown";
  std::string output;
  std::vector<std::string> inventory;
  std::string addon_matrix, eks_calendar;
  CatalogFlags catalog;
  RulesFlags rules;
  RenderFlags render;  // --render: charts, kustomizations and Argo CD apps, rendered for --to
  ClusterFlags cluster;  // --cluster: what the blue cluster runs
};

// The minors from `from` to `to`, both included.
std::vector<Version> Minors(const Version& from, const Version& to) {
  std::vector<Version> out;
  for (Version v = from.Minor(); Version::CompareMinor(v, to) <= 0; v = v.NextMinor())
    out.push_back(v);
  return out;
}

report::CalendarRow CalendarRowFor(const catalog::EksCalendar& calendar, const Version& v,
                                   catalog::Day as_of) {
  report::CalendarRow row;
  row.version = v.ToString();
  const catalog::EksVersion* e = calendar.Find(v);
  if (e == nullptr) return row;
  row.known = true;
  row.eks_release = e->eks_release.ToString();
  row.end_of_standard = e->end_of_standard.ToString();
  row.end_of_extended = e->end_of_extended.ToString();
  row.release_day = e->eks_release.days;
  row.standard_day = e->end_of_standard.days;
  row.extended_day = e->end_of_extended.days;
  row.phase = catalog::SupportPhaseName(catalog::PhaseOn(*e, as_of));
  row.days_to_standard = e->end_of_standard.days - as_of.days;
  row.days_to_extended = e->end_of_extended.days - as_of.days;
  row.source = e->source;
  return row;
}

report::ApiHit HitFor(const checks::Finding& f) {
  report::ApiHit hit;
  hit.file = f.location.file;
  hit.line = f.location.line;
  hit.kind = f.kind;
  hit.object = (f.namespace_name.empty() ? "" : f.namespace_name + "/") + f.name;
  if (f.unrendered_template && hit.object.empty()) hit.object = "(unrendered template)";
  hit.api_version = f.api_version;
  hit.rendered_by = f.render_unit;
  if (f.helm_release) {
    const checks::HelmReleaseRef& r = *f.helm_release;
    hit.recorded_in = "helm release " + r.namespace_name + "/" + r.name + " revision " + std::to_string(r.revision) +
                      " (" + r.status + ")";
  } else {
    hit.recorded_in = f.recorded_in;
  }
  if (f.api && !f.api->replacement.empty()) {
    hit.replacement = f.api->replacement;
    if (f.api->replacement_kind != f.kind && !f.api->replacement_kind.empty())
      hit.replacement += " " + f.api->replacement_kind;
  } else {
    hit.replacement = "nothing replaces it";
  }
  return hit;
}

std::vector<report::AddonAction> AddonActions(const std::vector<AddonRow>& rows,
                                              const catalog::AddonMatrix& matrix,
                                              const std::vector<Version>& minors) {
  std::vector<report::AddonAction> out;
  for (const auto& row : rows) {
    report::AddonAction a;
    a.id = row.id;
    a.display_name = row.display_name;
    a.version = row.version.value_or("");
    a.status = catalog::AddonStatusName(row.verdict.status);
    a.status_text = StatusText(row);
    a.supported = row.verdict.supported;
    a.recommended = row.verdict.recommended;
    a.reason = row.verdict.reason;
    a.source = row.verdict.source;
    for (const auto& l : row.locations)
      a.locations.push_back(l.file + ":" + std::to_string(l.line));
    const catalog::AddonSpec* spec = matrix.Find(row.id);
    if (spec != nullptr && row.version) {
      auto version = catalog::AddonVersion::Parse(*row.version);
      for (size_t i = 1; i < minors.size(); ++i) {
        auto status = catalog::AddonMatrix::Evaluate(*spec, version, minors[i]).status;
        if (status == catalog::AddonStatus::kUpgrade ||
            status == catalog::AddonStatus::kUnsupported) {
          a.first_break = minors[i].ToString();
          break;
        }
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

void DecideStrategy(report::UpgradeReport& r, size_t hops, size_t removed, size_t addon_changes) {
  if (hops > 1) {
    r.strategy_reasons.push_back(
        std::to_string(hops) + " hops (" + r.from + " → " + r.to +
        "): EKS upgrades a control plane one minor version at a time and cannot roll "
        "it back; a green cluster built at " +
        r.to + " skips the intermediate versions.");
  }
  if (removed > 0) {
    r.strategy_reasons.push_back(
        std::to_string(removed) +
        " objects use APIs removed on the way; a green cluster "
        "lets you apply the fixed manifests and test them before traffic moves, with blue "
        "as the rollback path.");
  }
  if (addon_changes > 0) {
    r.strategy_reasons.push_back(std::to_string(addon_changes) +
                                 " add-ons need a version change for " + r.to + ".");
  }
  r.strategy = r.strategy_reasons.empty() ? "in-place" : "blue/green";
  if (r.strategy == "in-place") {
    r.strategy_reasons.push_back(
        "One hop, no removed API in use and no add-on incompatibility: an in-place "
        "upgrade (control plane, then add-ons, then nodes) is the smaller change.");
  }
}

std::vector<std::string> Checklist(const report::UpgradeReport& r, size_t removed,
                                   const std::vector<AddonRow>& addon_rows) {
  std::vector<std::string> items;
  if (removed > 0) {
    items.push_back("Move the " + std::to_string(removed) +
                    " objects listed under the hops to their replacement "
                    "APIs in the manifests the " +
                    std::string(r.strategy == "in-place" ? "cluster" : "green cluster") +
                    " is built from.");
  }
  for (const auto& row : addon_rows) {
    if (row.verdict.status == catalog::AddonStatus::kUpgrade) {
      items.push_back("Upgrade " + row.display_name + " " + row.version.value_or("?") + " to " +
                      row.verdict.recommended + " (" + StatusText(row) + ").");
    } else if (row.verdict.status == catalog::AddonStatus::kUnsupported) {
      items.push_back("Replace " + row.display_name + " " + row.version.value_or("?") + ": " +
                      row.verdict.reason + ".");
    }
  }
  if (r.strategy == "in-place") {
    items.push_back("Upgrade the control plane to " + r.to +
                    ", then the EKS add-ons, then the node groups.");
    items.push_back(
        "Rollback: a control plane upgrade cannot be undone; take a backup (e.g. Velero) and keep "
        "the "
        "previous manifests ready to re-apply.");
    return items;
  }
  std::string external_dns;
  for (const auto& row : addon_rows) {
    if (row.id != "external-dns") continue;
    for (const auto& l : row.locations)
      external_dns += (external_dns.empty() ? "" : ", ") + l.file + ":" + std::to_string(l.line);
  }
  items.push_back(
      "Lower the TTL of the DNS records that will move (external-dns ttl annotation, e.g. 60 s) at "
      "least one old TTL before the first weight change.");
  items.push_back(
      "Give the blue and green external-dns distinct --txt-owner-id values and distinct set "
      "identifiers (set-identifier annotation) so neither deletes the other's records" +
      (external_dns.empty() ? std::string(".") : " (external-dns found at " + external_dns + ")."));
  items.push_back(
      "Weights plan: blue 100 / green 0, then 90/10, 50/50, 0/100; hold each step at least twice "
      "the TTL and check green's error rate and latency before the next.");
  items.push_back(
      "Rollback: keep blue unchanged and at full capacity until green has carried all traffic for "
      "the agreed soak time; rolling back is setting the weights back to blue 100 / green 0.");
  items.push_back("After the soak: restore the TTLs, scale blue down and delete it.");
  return items;
}

int RunReport(const ReportFlags& flags) {
  auto from = Version::Parse(flags.from);
  auto to = Version::Parse(flags.to);
  if (!from.ok() || !to.ok()) {
    PrintError(!from.ok() ? "--from: " + from.status().message()
                          : "--to: " + to.status().message());
    return kExitUsageOrInputError;
  }
  if (Version::CompareMinor(*from, *to) > 0) {
    PrintError("--from " + from->ToString() + " is newer than --to " + to->ToString() +
               "; greenlight plans upgrades");
    return kExitUsageOrInputError;
  }
  std::optional<catalog::Day> as_of =
      flags.date.empty() ? catalog::Day::Today() : catalog::Day::Parse(flags.date);
  if (!as_of) {
    PrintError("--date: expected a date YYYY-MM-DD, got '" + flags.date + "'");
    return kExitUsageOrInputError;
  }
  if (Status s = CheckFormat(flags.format, {"markdown", "html", "json"}); !s.ok()) {
    PrintError("--format: " + s.message());
    return kExitUsageOrInputError;
  }
  auto catalog = LoadCatalog(flags.catalog);
  auto rule_set = LoadRuleSet(flags.rules);
  auto matrix = LoadAddonMatrix(flags.addon_matrix);
  StatusOr<catalog::EksCalendar> calendar = catalog::EksCalendar();
  if (flags.eks_calendar.empty()) {
    calendar = catalog::LoadEmbeddedEksCalendar();
  } else if (Status s = catalog::LoadEksCalendarPath(flags.eks_calendar, *calendar); !s.ok()) {
    calendar = s;
  }
  for (const Status& s :
       {catalog.status(), rule_set.status(), matrix.status(), calendar.status()}) {
    if (!s.ok()) {
      PrintError(s.ToString());
      return kExitUsageOrInputError;
    }
  }
  auto sightings = LoadInventories(flags.inventory);
  if (!sightings.ok()) {
    PrintError(sightings.status().ToString());
    return kExitUsageOrInputError;
  }
  checks::RuleCheck rule_check(*rule_set, *to);
  checks::AddonCollector collector(*matrix);
  scan::ScanOptions options;
  options.target = *to;
  options.from = *from;
  options.extra_checks = {&rule_check, &collector};
  DiskScan scanned = ScanDiskInputs(flags.render, flags.cluster, flags.inputs, *catalog, options);
  if (!scanned.result) return scanned.exit_code;
  scan::ScanResult& result = *scanned.result;
  for (auto& s : collector.Sightings()) sightings->push_back(std::move(s));

  report::UpgradeReport r;
  r.tool_version = GREENLIGHT_VERSION;
  r.from = from->Minor().ToString();
  r.to = to->Minor().ToString();
  r.as_of = as_of->ToString();
  r.as_of_day = as_of->days;
  std::vector<Version> minors = Minors(*from, *to);
  for (const auto& v : minors) {
    r.calendar.push_back(CalendarRowFor(*calendar, v, *as_of));
    r.calendar.back().is_endpoint =
        Version::CompareMinor(v, *from) == 0 || Version::CompareMinor(v, *to) == 0;
  }
  for (size_t i = 1; i < minors.size(); ++i)
    r.hops.push_back({minors[i - 1].ToString(), minors[i].ToString(), {}});
  size_t removed = 0;
  std::map<std::string, std::vector<checks::Finding>> by_category;
  size_t unrendered = 0;
  for (const auto& f : result.findings) {
    if (f.rule_id == checks::kRuleUnrenderedTemplate) {  // counted, not listed: render and rescan
      ++unrendered;
      continue;
    }
    const checks::RuleInfo* info = checks::FindRule(f.rule_id);
    by_category[info != nullptr ? info->category : "other"].push_back(f);
    if (f.rule_id != checks::kRuleRemovedApi || !f.api) continue;
    ++removed;
    if (f.api->breaks_at == "from") {
      r.already_broken.push_back(HitFor(f));
      continue;
    }
    for (auto& hop : r.hops) {
      if (hop.to == f.api->breaks_at) hop.removed.push_back(HitFor(f));
    }
  }
  for (auto& [category, findings] : by_category)
    r.categories.push_back({category, std::move(findings)});
  std::vector<AddonRow> addon_rows = BuildAddonRows(*sightings, *matrix, *to);
  r.addons = AddonActions(addon_rows, *matrix, minors);
  size_t addon_changes = 0;
  for (const auto& row : addon_rows) {
    if (row.verdict.status == catalog::AddonStatus::kUpgrade ||
        row.verdict.status == catalog::AddonStatus::kUnsupported) {
      ++addon_changes;
    }
  }
  DecideStrategy(r, minors.size() - 1, removed, addon_changes);
  r.checklist = Checklist(r, removed, addon_rows);
  r.data_sources.push_back("API catalog " + CatalogVersion(*catalog));
  r.data_sources.push_back("EKS calendar " + calendar->data_version + " (" + calendar->file + ")");
  if (unrendered > 0) {
    r.data_sources.push_back(std::to_string(unrendered) +
                             " Helm template documents are not YAML until rendered (GL003); only their "
                             "literal apiVersion/kind lines were checked, by a heuristic: render "
                             "the charts (helm template) and report on the output to cover them");
  }
  if (!matrix->addons().empty()) {
    r.data_sources.push_back("Add-on matrix " + matrix->addons().front().data_version + " (" +
                             std::to_string(matrix->addons().size()) + " add-ons)");
  }
  std::string text = flags.format == "html"   ? report::RenderUpgradeHtml(r)
                     : flags.format == "json" ? report::RenderUpgradeJson(r)
                                              : report::RenderUpgradeMarkdown(r);
  if (Status s = EmitOutput(flags.output, text); !s.ok()) {
    PrintError(s.ToString());
    return kExitUsageOrInputError;
  }
  return result.summary.input_errors > 0 ? kExitUsageOrInputError : kExitOk;
}

}  // namespace

void RegisterReport(CLI::App& app, Action& action) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write the pre-upgrade report for an upgrade from --from to --to: EKS support calendar "
      "(days\n"
      "left as of --date), removed APIs per hop with the objects they hit, add-on actions, "
      "findings\n"
      "by category, in-place or blue/green, and the cutover checklist.\n\n"
      "Examples:\n"
      "  greenlight report --from 1.22 --to 1.25 gitops/ > upgrade.md\n"
      "  greenlight report --from 1.22 --to 1.25 --format html --output upgrade.html gitops/");
  cmd->add_option("inputs", flags->inputs, "Files, directories, or - for standard input");
  cmd->add_option("--from", flags->from,
                  "Kubernetes version of the running (blue) cluster, e.g. 1.22")
      ->required();
  cmd->add_option("--to", flags->to, "Kubernetes version to reach, e.g. 1.25")->required();
  cmd->add_option("--date", flags->date,
                  "Compute days left as of this day, YYYY-MM-DD (default: today, UTC)");
  cmd->add_option("--format,-o", flags->format, "Output format: markdown (default), html or json")
      ->capture_default_str();
  cmd->add_option("--output", flags->output, "Write to FILE (atomically) instead of stdout");
  cmd->add_option("--inventory", flags->inventory,
                  "Add-ons installed outside the inputs ('aws eks describe-addon' JSON or a YAML "
                  "list); repeatable")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--addon-matrix", flags->addon_matrix,
                  "Use this add-on matrix (file or directory) instead of the built-in one");
  cmd->add_option("--eks-calendar", flags->eks_calendar,
                  "Use this EKS calendar file instead of the built-in one");
  AddCatalogFlags(*cmd, flags->catalog);
  AddRulesFlags(*cmd, flags->rules);
  AddRenderFlags(*cmd, flags->render);
  AddClusterFlags(*cmd, flags->cluster);
  OneValuePerFlag(*cmd);  // repeatable flags take one value each, so inputs after them stay inputs
  cmd->callback([flags, &action] { action = [flags] { return RunReport(*flags); }; });
}

}  // namespace greenlight::cli
