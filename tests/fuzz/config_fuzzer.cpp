// The settings readers: .greenlight.yaml (ParseConfig), baseline files (JSON written by
// 'greenlight baseline') and add-on inventories (aws eks describe-addon/list output or YAML).
// Errors must name the file.
#include <cstdint>

#include "checks/addon_check.h"
#include "config/baseline.h"
#include "config/config.h"
#include "fuzz_support.h"

using namespace greenlight;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes = fuzz::Bytes(data, size);
  fuzz::RequireNamesFile(config::ParseConfig(bytes, ".greenlight.yaml", "repo").status(), ".greenlight.yaml");
  fuzz::RequireNamesFile(config::ParseBaseline(bytes, "baseline.json").status(), "baseline.json");
  fuzz::RequireNamesFile(checks::ParseAddonInventory(bytes, "inventory.json").status(), "inventory.json");
  return 0;
}
