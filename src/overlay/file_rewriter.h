// File: src/overlay/file_rewriter.h
// Rewriting one manifest file for the target version: documents whose objects move to a new
// API are re-emitted as clean YAML (or JSON for .json files); every other byte of the file
// (comments, blank lines, markers, documents left alone) is kept exactly as it was.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "catalog/api_catalog.h"
#include "document/stream_layout.h"
#include "overlay/conversion.h"

namespace greenlight::overlay {

/// What happened to one document of the file.
struct DocumentOutcome {
  enum class State {
    kUnchanged,   ///< an object (or List) that needs nothing
    kConverted,   ///< rewritten: `body` holds the new text
    kDropped,     ///< every object in it has no replacement (PSP): nothing of it is written
    kNotObject,   ///< YAML that is not a Kubernetes object (values files, empty documents)
    kToolConfig,  ///< a kustomize Kustomization/Component: configuration, not a resource
  };
  State state = State::kUnchanged;
  document::DocumentRange range;
  std::string body;  ///< kConverted: the emitted document (ends with a newline)
  /// Identity of the objects the document holds after conversion: "group/Kind/namespace/name".
  std::vector<std::string> identities;
  std::string display_name;  ///< "Kind/name" of the single object, "List" for a List
  std::string kind, namespace_name, name;
};

struct FileRewrite {
  std::string text;      ///< the new file bytes (the input bytes, untouched, when !changed)
  bool changed = false;  ///< at least one document was converted or dropped
  std::vector<DocumentOutcome> documents;  ///< one per parsed document, in order
  std::vector<ObjectConversion> conversions;
  std::vector<Status> errors;  ///< decoding and parse errors (those documents are kept verbatim)
  /// The input as UTF-8: DocumentOutcome::range positions point into it.
  std::string decoded_input;
};

/// Rewrites `bytes` (a file's raw content; `display_path` names it in locations).
FileRewrite RewriteFile(const std::string& bytes, const std::string& display_path, bool is_json,
                        const catalog::ApiCatalog& catalog, const ConvertOptions& options);

}  // namespace greenlight::overlay
