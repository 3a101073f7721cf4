// The data loaders a --catalog/--addon-matrix path feeds: the deprecated-API catalog, the add-on
// matrix and the EKS calendar, each given the same bytes, loaded over an empty model and over the
// embedded one (where duplicates and overrides are checked). Errors must name the file.
#include <cstdint>

#include "catalog/addon_matrix.h"
#include "catalog/api_catalog.h"
#include "catalog/eks_calendar.h"
#include "fuzz_support.h"

using namespace greenlight;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const catalog::ApiCatalog kEmbeddedCatalog = catalog::LoadEmbeddedCatalog().value();
  static const catalog::AddonMatrix kEmbeddedMatrix = catalog::LoadEmbeddedAddonMatrix().value();
  const std::string bytes = fuzz::Bytes(data, size);
  {
    catalog::ApiCatalog empty;
    Status s = catalog::LoadCatalogText(bytes, "catalog.yaml", empty);
    fuzz::RequireNamesFile(s, "catalog.yaml");
    catalog::ApiCatalog over = kEmbeddedCatalog;
    fuzz::RequireNamesFile(catalog::LoadCatalogText(bytes, "catalog.yaml", over), "catalog.yaml");
  }
  {
    catalog::AddonMatrix empty;
    fuzz::RequireNamesFile(catalog::LoadAddonText(bytes, "addons.yaml", empty), "addons.yaml");
    catalog::AddonMatrix over = kEmbeddedMatrix;
    fuzz::RequireNamesFile(catalog::LoadAddonText(bytes, "addons.yaml", over), "addons.yaml");
  }
  {
    catalog::EksCalendar calendar;
    fuzz::RequireNamesFile(catalog::LoadEksCalendarText(bytes, "calendar.yaml", calendar), "calendar.yaml");
  }
  return 0;
}
