// File: linter/commands.h
// The subcommand table. Each subcommand lives in cmd_<name>.cpp and registers itself on the
// CLI11 app; its Run function returns an exit code (base/exit_code.h) and never calls exit.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace greenlight::cli {

/// What main() runs once parsing succeeded: the chosen subcommand's action.
using Action = std::function<int()>;

void RegisterScan(CLI::App& app, Action& action);
void RegisterBaseline(CLI::App& app, Action& action);
void RegisterCatalog(CLI::App& app, Action& action);
void RegisterVersion(CLI::App& app, Action& action);
void RegisterOverlay(CLI::App& app, Action& action);
void RegisterCutover(CLI::App& app, Action& action);
void RegisterRules(CLI::App& app, Action& action);
void RegisterAddons(CLI::App& app, Action& action);
void RegisterReport(CLI::App& app, Action& action);
void RegisterParity(CLI::App& app, Action& action);

/// Flags shared by the commands that load the API catalog.
struct CatalogFlags {
  std::string catalog;                     ///< --catalog PATH: replaces the embedded catalog
  std::vector<std::string> extra_catalog;  ///< --extra-catalog PATH: adds to it
};
void AddCatalogFlags(CLI::App& command, CatalogFlags& flags);

/// Prints "greenlight: error: ..." to stderr (the CLI's only way to report fatal problems).
void PrintError(const std::string& message);

}  // namespace greenlight::cli
