// File: linter/catalog_flags.h
// Loading the catalog in effect from the --catalog/--extra-catalog flags.
#pragma once

#include "base/status.h"
#include "catalog/api_catalog.h"
#include "commands.h"

namespace greenlight::cli {

StatusOr<catalog::ApiCatalog> LoadCatalog(const CatalogFlags& flags);

/// The dataVersion of the catalog's first file (the embedded one unless replaced).
std::string CatalogVersion(const catalog::ApiCatalog& catalog);

}  // namespace greenlight::cli
