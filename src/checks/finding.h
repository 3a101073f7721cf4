// File: src/checks/finding.h
// A Finding is everything greenlight says about the user's manifests: which rule, how severe,
// where (file:line:col, document, Helm template), which object, and for API findings what
// replaces the API and when it breaks. Every output format is written from this one model.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/boxed_optional.h"
#include "base/location.h"

namespace greenlight::checks {

enum class Severity { kInfo = 0, kWarning = 1, kError = 2 };

const char* SeverityName(Severity s);  ///< "info", "warning", "error"
std::optional<Severity> ParseSeverity(std::string_view text);

/// Facts of a deprecated/removed API finding.
struct ApiDetails {
  std::string deprecated_in;        ///< "1.21", "" when never deprecated before removal
  std::string removed_in;           ///< "1.25", "" when no removal is scheduled
  std::string replacement;          ///< "batch/v1" (empty when nothing replaces it)
  std::string replacement_kind;     ///< kind of the replacement (differs for a few moves)
  std::string replacement_since;    ///< first release serving the replacement
  std::string notes;                ///< migration notes from the catalog
  std::string source;               ///< URL of the catalog fact
  std::string catalog_origin;       ///< where the catalog entry is defined
  /// With --from: "" when no --from; "from" when it already fails on the blue cluster's
  /// version; otherwise the version whose upgrade first breaks it (the hop's target).
  std::string breaks_at;
};

/// The Helm 3 release whose stored manifest holds the object (read from a release record in a
/// cluster dump): which `helm upgrade` to fix.
struct HelmReleaseRef {
  std::string name;
  std::string namespace_name;
  int revision = 0;
  std::string status;         ///< deployed, failed, pending-upgrade, ...
  std::string chart;
  std::string chart_version;
  std::string app_version;
  std::string storage;        ///< "secret" or "configmap" (Helm's storage driver)
  std::string record;         ///< the record object's name (sh.helm.release.v1.NAME.vN)
};

struct Finding {
  std::string rule_id;    ///< "API101"
  std::string rule_name;  ///< "removed-api-version"
  Severity severity = Severity::kWarning;
  std::string message;
  std::string help;       ///< one-line fix hint
  Location location;      ///< file, line, column of the object's apiVersion; document index
  int item = -1;          ///< index in a List's items
  std::string helm_source;  ///< Helm template that rendered the object ("# Source:")
  /// The object was guessed from an unrendered Helm template's literal lines (heuristic), not
  /// read from parsed YAML: its name and namespace are unknown until the chart is rendered.
  bool unrendered_template = false;
  /// The render unit (scan --render) that produced the object, "" for plain files: two renders
  /// of one template (blue and green values) are two objects.
  std::string render_unit;
  std::vector<std::string> render_values;  ///< value files (and inline values) of that render
  /// The Argo CD Application that deploys the file through a directory source (scan --render),
  /// "" otherwise; not part of the fingerprint (the object is the same one without --render).
  std::string application;
  std::string excerpt;    ///< the source line at location (for text output)

  std::string api_version, kind, namespace_name, name;  ///< the object, when there is one
  /// Only API findings have it; shared by the findings of one catalog entry (ApiCheck interns it).
  SharedOptional<ApiDetails> api;
  std::vector<std::string> notes;
  /// The object was read from a live object's record rather than written in the input: "" for
  /// an object as written, "last-applied-configuration" for the kubectl annotation of the live
  /// object the finding names, "helm-release" for a Helm release's manifest (helm_release set).
  std::string recorded_in;
  BoxedOptional<HelmReleaseRef> helm_release;  ///< on the heap: only cluster dumps have it

  /// Identifies the object and the problem, not the line: rule, apiVersion/kind,
  /// namespace/name, Helm template. Stable when unrelated lines move or files are renamed.
  std::string fingerprint;
};

/// Computes Finding::fingerprint from its identifying fields.
std::string ComputeFingerprint(const Finding& f);

/// Sort order of reports: file, line, column, rule id, message.
bool FindingLess(const Finding& a, const Finding& b);

}  // namespace greenlight::checks
