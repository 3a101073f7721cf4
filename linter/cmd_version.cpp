#include <iostream>

#include "base/exit_code.h"
#include "catalog_flags.h"
#include "commands.h"

namespace greenlight::cli {

void RegisterVersion(CLI::App& app, Action& action) {
  CLI::App* cmd = app.add_subcommand("version", "Print greenlight's version and the embedded catalog's data version");
  cmd->callback([&action] {
    action = [] {
      auto catalog = catalog::LoadEmbeddedCatalog();
      std::cout << "greenlight " << GREENLIGHT_VERSION << "\n";
      if (catalog.ok()) {
        std::cout << "catalog " << CatalogVersion(*catalog) << " ("
                  << catalog->entries().size() << " API entries)\n";
      }
      return catalog.ok() ? kExitOk : kExitUsageOrInputError;
    };
  });
}

}  // namespace greenlight::cli
