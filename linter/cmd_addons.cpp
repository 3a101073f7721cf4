// greenlight addons: which cluster add-ons the inputs (and inventory files) hold, at which
// versions, and whether each supports the target Kubernetes version.
#include <nlohmann/json.hpp>

#include "addon_rows.h"
#include "base/exit_code.h"
#include "catalog/api_catalog.h"
#include "commands.h"
#include "output.h"
#include "scan_sources.h"
#include "scan/scanner.h"
#include "source/input.h"

namespace greenlight::cli {
namespace {

struct AddonsFlags {
  std::vector<std::string> inputs;
  std::string target;
  std::vector<std::string> inventory;
  std::string format = "table";
  std::string output;
  std::string addon_matrix;
  RenderFlags render;  // --render: add-ons deployed as charts or through Argo CD are seen too
  ClusterFlags cluster;  // --cluster: add-ons as the live cluster runs them
};

std::string Where(const AddonRow& row) {
  std::string out;
  for (size_t i = 0; i < row.locations.size(); ++i) {
    if (i == 2) return out + " (+" + std::to_string(row.locations.size() - 2) + " more)";
    out += (i ? ", " : "") + row.locations[i].file + ":" + std::to_string(row.locations[i].line);
  }
  return out;
}

std::string RenderTable(const std::vector<AddonRow>& rows, const Version& target) {
  std::vector<std::vector<std::string>> table = {
      {"ADDON", "VERSION", "WHERE", "SUPPORTED AT " + target.ToString(), "STATUS", "RECOMMENDED"}};
  for (const auto& row : rows) {
    table.push_back({row.id, row.version.value_or("?"), Where(row),
                     row.verdict.supported.empty() ? "-" : row.verdict.supported, StatusText(row),
                     row.verdict.recommended.empty() ? "-" : row.verdict.recommended});
  }
  std::vector<size_t> width(table.front().size(), 0);
  for (const auto& r : table) {
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::string out;
  for (const auto& r : table) {
    for (size_t i = 0; i < r.size(); ++i) {
      out += r[i];
      out += i + 1 < r.size() ? std::string(width[i] - r[i].size() + 2, ' ') : "\n";
    }
  }
  if (rows.empty()) out += "(no add-ons found)\n";
  // Why each unknown is unknown (a digest, a version outside the project's table, an add-on the
  // matrix does not know): "unknown" alone reads as "greenlight did not look".
  for (const auto& row : rows) {
    if (row.verdict.status != catalog::AddonStatus::kUnknown) continue;
    out += "note: " + row.id + " " + row.version.value_or("(version unknown)") + ": " +
           row.verdict.reason + "\n";
  }
  return out;
}

std::string RenderJson(const std::vector<AddonRow>& rows, const Version& target) {
  nlohmann::ordered_json root;
  root["schemaVersion"] = 1;
  root["target"] = target.ToString();
  root["addons"] = nlohmann::ordered_json::array();
  for (const auto& row : rows) {
    nlohmann::ordered_json j;
    j["name"] = row.id;
    j["version"] =
        row.version ? nlohmann::ordered_json(*row.version) : nlohmann::ordered_json(nullptr);
    j["status"] = catalog::AddonStatusName(row.verdict.status);
    j["supported"] = row.verdict.supported;
    j["recommended"] = row.verdict.recommended;
    j["reason"] = row.verdict.reason;
    j["source"] = row.verdict.source;
    j["locations"] = nlohmann::ordered_json::array();
    for (const auto& l : row.locations)
      j["locations"].push_back({{"file", l.file}, {"line", l.line}});
    root["addons"].push_back(std::move(j));
  }
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

int RunAddons(const AddonsFlags& flags) {
  auto target = Version::Parse(flags.target);
  if (!target.ok()) {
    PrintError("--target: " + target.status().message());
    return kExitUsageOrInputError;
  }
  if (Status s = CheckFormat(flags.format, {"table", "json"}); !s.ok()) {
    PrintError("--format: " + s.message());
    return kExitUsageOrInputError;
  }
  if (flags.inputs.empty() && flags.inventory.empty() && !flags.cluster.cluster) {
    PrintError("name inputs to scan (files, directories or -), --cluster and/or --inventory FILE");
    return kExitUsageOrInputError;
  }
  auto matrix = LoadAddonMatrix(flags.addon_matrix);
  if (!matrix.ok()) {
    PrintError(matrix.status().ToString());
    return kExitUsageOrInputError;
  }
  auto sightings = LoadInventories(flags.inventory);
  if (!sightings.ok()) {
    PrintError(sightings.status().ToString());
    return kExitUsageOrInputError;
  }
  uint64_t input_errors = 0;
  if (!flags.inputs.empty() || flags.cluster.cluster) {
    auto catalog = catalog::LoadEmbeddedCatalog();
    if (!catalog.ok()) {
      PrintError(catalog.status().ToString());
      return kExitUsageOrInputError;
    }
    checks::AddonCollector collector(*matrix);
    scan::ScanOptions options;
    options.target = *target;
    options.extra_checks.push_back(&collector);
    DiskScan scanned = ScanDiskInputs(flags.render, flags.cluster, flags.inputs, *catalog, options);
    if (!scanned.result) return scanned.exit_code;
    const scan::ScanResult& result = *scanned.result;
    for (const auto& f : result.findings) {
      if (f.rule_id == "GL001" || f.rule_id == "GL002" || f.rule_id == "GL005")
        PrintError(f.location.ToString() + ": " + f.message);
    }
    input_errors = result.summary.input_errors;
    for (auto& s : collector.Sightings()) sightings->push_back(std::move(s));
  }
  std::vector<AddonRow> rows = BuildAddonRows(*sightings, *matrix, *target);
  std::string text = flags.format == "json" ? RenderJson(rows, target->Minor())
                                            : RenderTable(rows, target->Minor());
  if (Status s = EmitOutput(flags.output, text); !s.ok()) {
    PrintError(s.ToString());
    return kExitUsageOrInputError;
  }
  if (input_errors > 0) return kExitUsageOrInputError;
  for (const auto& row : rows) {
    if (row.verdict.status == catalog::AddonStatus::kUpgrade ||
        row.verdict.status == catalog::AddonStatus::kUnsupported) {
      return kExitFindings;
    }
  }
  return kExitOk;
}

}  // namespace

void RegisterAddons(CLI::App& app, Action& action) {
  auto flags = std::make_shared<AddonsFlags>();
  CLI::App* cmd = app.add_subcommand(
      "addons",
      "List the cluster add-ons in the inputs (and inventory files) with the version found, "
      "where,\n"
      "the versions that support the target Kubernetes version, a status and a recommendation.\n"
      "Exit 1 when an add-on needs an upgrade or has no supporting version.\n\n"
      "Examples:\n"
      "  greenlight addons --target 1.29 platform/\n"
      "  aws eks describe-addon --cluster-name blue --addon-name coredns > coredns.json\n"
      "  greenlight addons --target 1.29 --inventory coredns.json --format json platform/");
  cmd->add_option("inputs", flags->inputs, "Files, directories, or - for standard input");
  cmd->add_option("--target,-t", flags->target,
                  "Kubernetes version of the green cluster, e.g. 1.29")
      ->required();
  cmd->add_option(
         "--inventory", flags->inventory,
         "Add-ons installed outside the inputs: the JSON of 'aws eks describe-addon', or a "
         "YAML/JSON list of {name, version}; repeatable")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--format,-o", flags->format, "Output format: table (default) or json")
      ->capture_default_str();
  cmd->add_option("--output", flags->output, "Write to FILE (atomically) instead of stdout");
  cmd->add_option(
      "--addon-matrix", flags->addon_matrix,
      "Use this add-on matrix (a file or a directory of <addon>.yaml) instead of the built-in one");
  AddRenderFlags(*cmd, flags->render);
  AddClusterFlags(*cmd, flags->cluster);
  OneValuePerFlag(*cmd);  // repeatable flags take one value each, so inputs after them stay inputs
  cmd->callback([flags, &action] { action = [flags] { return RunAddons(*flags); }; });
}

}  // namespace greenlight::cli
