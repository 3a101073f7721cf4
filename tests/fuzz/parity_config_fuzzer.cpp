// The parity config (greenlight parity --config): ignore paths, match rules, per-kind settings.
// Errors must name the file.
#include <cstdint>

#include "fuzz_support.h"
#include "parity/parity_config.h"

using namespace greenlight;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::RequireNamesFile(parity::ParseParityConfig(fuzz::Bytes(data, size), "parity.yaml").status(), "parity.yaml");
  return 0;
}
