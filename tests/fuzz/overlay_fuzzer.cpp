// The overlay converters on any manifest text: every document is parsed, each object the catalog
// says must move is converted to its target API and re-emitted. Invariants: errors name the
// file; a rewritten file parses again without errors (the overlay never writes broken YAML);
// an unchanged file is returned byte for byte.
#include <cstdint>

#include "catalog/api_catalog.h"
#include "document/parser.h"
#include "fuzz_support.h"
#include "overlay/file_rewriter.h"

using namespace greenlight;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const catalog::ApiCatalog kCatalog = catalog::LoadEmbeddedCatalog().value();
  const std::string bytes = fuzz::Bytes(data, size);
  for (bool is_json : {false, true}) {
    overlay::ConvertOptions options;
    options.target = Version(1, 29);
    options.include_deprecated = is_json;  // both settings, without doubling the work
    options.ingress_class_field = !is_json;
    overlay::FileRewrite rewrite = overlay::RewriteFile(bytes, "overlay.yaml", is_json, kCatalog, options);
    for (const Status& error : rewrite.errors) fuzz::RequireNamesFile(error, "overlay.yaml");
    if (!rewrite.changed) {
      fuzz::Require(rewrite.text == bytes, "an unchanged file was not returned as it was");
      continue;
    }
    // Documents that did not parse are kept verbatim, so only a fully parsed input must parse again.
    if (!rewrite.errors.empty()) continue;
    document::ParsedStream again = document::ParseStream(rewrite.text, "rewritten.yaml", is_json);
    fuzz::Require(again.errors.empty(), "the rewritten file does not parse",
                  rewrite.text.substr(0, 2000) + "\n" + (again.errors.empty() ? "" : again.errors[0].ToString()));
  }
  return 0;
}
