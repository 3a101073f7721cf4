#include "catalog_flags.h"

namespace greenlight::cli {

void AddCatalogFlags(CLI::App& command, CatalogFlags& flags) {
  command.add_option("--catalog", flags.catalog,
                     "Use this catalog file or directory of *.yaml files instead of the embedded "
                     "one (e.g. a pinned copy for air-gapped CI)");
  command.add_option("--extra-catalog", flags.extra_catalog,
                     "Add the entries of this catalog file or directory, e.g. CRD APIs of "
                     "cert-manager or Istio; repeatable. An entry that collides with one already "
                     "loaded is an error naming both places");
}

StatusOr<catalog::ApiCatalog> LoadCatalog(const CatalogFlags& flags) {
  catalog::ApiCatalog result;
  if (flags.catalog.empty()) {
    GL_ASSIGN_OR_RETURN(result, catalog::LoadEmbeddedCatalog());
  } else {
    GL_RETURN_IF_ERROR(catalog::LoadCatalogPath(flags.catalog, result));
  }
  for (const auto& extra : flags.extra_catalog) {
    GL_RETURN_IF_ERROR(catalog::LoadCatalogPath(extra, result));
  }
  return result;
}

std::string CatalogVersion(const catalog::ApiCatalog& catalog) {
  return catalog.files().empty() ? std::string() : catalog.files().front().data_version;
}

}  // namespace greenlight::cli
