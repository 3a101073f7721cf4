// File: src/report/upgrade_report.h
// The pre-upgrade report: a plain model of everything the person planning an EKS upgrade needs
// (support calendar, removed APIs per hop with the objects they hit, add-on actions, findings by
// category, strategy, cutover checklist), filled by the CLI, and one writer per format. The HTML
// writer produces one self-contained file with an inline SVG timeline of the support windows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checks/finding.h"

namespace greenlight::report {

/// One Kubernetes minor on the EKS calendar, as of the report's date.
struct CalendarRow {
  std::string version;
  bool known = false;  ///< false: not in the EKS calendar data
  std::string eks_release, end_of_standard, end_of_extended;  ///< "YYYY-MM-DD"
  int release_day = 0, standard_day = 0, extended_day = 0;    ///< days since 1970-01-01
  std::string phase;  ///< "standard", "extended", "ended", "not yet released"
  int days_to_standard = 0, days_to_extended = 0;  ///< from the report's date; negative when past
  bool is_endpoint = false;  ///< --from or --to (intermediate hops are shown too)
  std::string source;
};

/// An object that uses an API removed by a hop.
struct ApiHit {
  std::string file;
  uint32_t line = 0;
  std::string kind, object;  ///< "CronJob", "shop/nightly-report"
  std::string api_version, replacement;
  std::string rendered_by;  ///< scan --render: the unit that rendered the object, "" for plain files
  /// Cluster dumps: what the object was read from, "helm release shop/web revision 2 (deployed)"
  /// or "last-applied-configuration"; "" for an object as written.
  std::string recorded_in;
};

struct Hop {
  std::string from, to;
  std::vector<ApiHit> removed;  ///< objects whose API the hop's target no longer serves
};

struct AddonAction {
  std::string id, display_name, version;  ///< version "" when unknown
  std::string status;                     ///< "ok", "upgrade", "unsupported", "unknown"
  std::string status_text;                ///< "upgrade to >= 1.10"
  std::string supported, recommended, reason, source;
  std::string first_break;  ///< the first hop target at which it stops being supported, "" if none
  std::vector<std::string> locations;  ///< "file:line"
};

struct CategoryGroup {
  std::string category;  ///< "api", "reliability", "input", ...
  std::vector<checks::Finding> findings;
};

struct UpgradeReport {
  std::string tool_version, from, to, as_of;
  int as_of_day = 0;                   ///< as_of as days since 1970-01-01 (for the timeline)
  std::vector<CalendarRow> calendar;   ///< from, every intermediate minor, to
  std::vector<ApiHit> already_broken;  ///< removed at or before --from (fails on blue already)
  std::vector<Hop> hops;
  std::vector<AddonAction> addons;
  std::vector<CategoryGroup> categories;  ///< every finding at the target, grouped by category
  std::string strategy;                   ///< "in-place" or "blue/green"
  std::vector<std::string> strategy_reasons;
  std::vector<std::string> checklist;
  std::vector<std::string>
      data_sources;  ///< "EKS calendar 2026.11.0 (embedded:api-catalog/eks.yaml)"
};

std::string RenderUpgradeMarkdown(const UpgradeReport& report);
std::string RenderUpgradeHtml(const UpgradeReport& report);
std::string RenderUpgradeJson(const UpgradeReport& report);

}  // namespace greenlight::report
