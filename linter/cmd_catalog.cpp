// greenlight catalog show: the catalog in effect, and where each entry came from.
#include <nlohmann/json.hpp>

#include "base/exit_code.h"
#include "catalog_flags.h"
#include "commands.h"
#include "output.h"

namespace greenlight::cli {
namespace {

struct CatalogShowFlags {
  std::string format = "text";
  CatalogFlags catalog;
};

std::string VersionOr(const std::optional<Version>& v, const char* fallback) {
  return v ? v->ToString() : fallback;
}

std::string ShowText(const catalog::ApiCatalog& c) {
  std::string out;
  for (const auto& file : c.files()) {
    out += "# " + file.path + ": " + file.component + " data " + file.data_version +
           (file.date.empty() ? "" : " (" + file.date + ")") + "\n";
  }
  std::vector<std::vector<std::string>> rows = {
      {"API_VERSION", "KIND", "DEPRECATED", "REMOVED", "REPLACEMENT (SINCE)", "ORIGIN"}};
  for (const auto& e : c.entries()) {
    std::string replacement = "(none)";
    if (e.replacement) {
      replacement = e.replacement->api_version;
      if (e.replacement->kind != e.kind) replacement += " " + e.replacement->kind;
      if (e.replacement->since) replacement += " (" + e.replacement->since->ToString() + ")";
    }
    rows.push_back({e.api_version, e.kind, VersionOr(e.deprecated_in, "-"), VersionOr(e.removed_in, "-"),
                    replacement, e.origin.ToString()});
  }
  std::vector<size_t> width(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      out += row[i];
      out += i + 1 < row.size() ? std::string(width[i] - row[i].size() + 2, ' ') : "\n";
    }
  }
  return out;
}

std::string ShowJson(const catalog::ApiCatalog& c) {
  nlohmann::ordered_json root;
  root["files"] = nlohmann::ordered_json::array();
  for (const auto& f : c.files()) {
    root["files"].push_back({{"path", f.path}, {"schemaVersion", f.schema_version},
                             {"dataVersion", f.data_version}, {"date", f.date}, {"component", f.component}});
  }
  root["apis"] = nlohmann::ordered_json::array();
  for (const auto& e : c.entries()) {
    nlohmann::ordered_json j;
    j["apiVersion"] = e.api_version;
    j["kind"] = e.kind;
    j["deprecatedIn"] = e.deprecated_in ? nlohmann::ordered_json(e.deprecated_in->ToString()) : nullptr;
    j["removedIn"] = e.removed_in ? nlohmann::ordered_json(e.removed_in->ToString()) : nullptr;
    if (e.replacement) {
      j["replacement"] = {{"apiVersion", e.replacement->api_version}, {"kind", e.replacement->kind},
                          {"since", e.replacement->since ? nlohmann::ordered_json(e.replacement->since->ToString())
                                                         : nlohmann::ordered_json(nullptr)}};
    } else {
      j["replacement"] = nullptr;
    }
    j["notes"] = e.notes;
    j["source"] = e.source;
    j["component"] = e.component;
    j["origin"] = e.origin.ToString();
    root["apis"].push_back(std::move(j));
  }
  return root.dump(2) + "\n";
}

int RunCatalogShow(const CatalogShowFlags& flags) {
  if (Status s = CheckFormat(flags.format, {"text", "json"}); !s.ok()) {
    PrintError("--format: " + s.message());
    return kExitUsageOrInputError;
  }
  auto catalog = LoadCatalog(flags.catalog);
  if (!catalog.ok()) {
    PrintError(catalog.status().ToString());
    return kExitUsageOrInputError;
  }
  std::string text = flags.format == "json" ? ShowJson(*catalog) : ShowText(*catalog);
  if (Status s = EmitOutput("", text); !s.ok()) {
    PrintError(s.ToString());
    return kExitUsageOrInputError;
  }
  return kExitOk;
}

}  // namespace

void RegisterCatalog(CLI::App& app, Action& action) {
  CLI::App* cmd = app.add_subcommand("catalog", "Inspect the deprecated-API catalog in effect");
  cmd->require_subcommand(1);
  auto flags = std::make_shared<CatalogShowFlags>();
  CLI::App* show = cmd->add_subcommand(
      "show",
      "Print every catalog entry with where it came from (embedded data or your files).\n\n"
      "Examples:\n"
      "  greenlight catalog show\n"
      "  greenlight catalog show --extra-catalog crds.yaml --format json");
  show->add_option("--format,-o", flags->format, "Output format: text (default) or json");
  AddCatalogFlags(*show, flags->catalog);
  show->callback([flags, &action] { action = [flags] { return RunCatalogShow(*flags); }; });
}

}  // namespace greenlight::cli
