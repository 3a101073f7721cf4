// File: src/document/template_heuristic.h
// Guesses the objects of a Helm template read without rendering it: a template is rarely YAML
// before `helm template`, but its top-level `apiVersion:` and `kind:` lines are usually literal.
// Those lines are paired into objects per document, and a template that switches apiVersion on
// `.Capabilities` (`{{ if .Capabilities.APIVersions.Has "policy/v1" }}apiVersion: policy/v1
// {{ else }}apiVersion: policy/v1beta1{{ end }}`, block or inline) yields every branch, because
// which one the cluster gets is only known at render time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "document/node.h"

namespace greenlight::document {

/// A literal value written in a template, where it is written (1-based, columns in characters;
/// a quoted value's mark is its opening quote, as a parsed scalar's is).
struct TemplateLiteral {
  std::string text;  ///< unquoted
  Mark mark;
};

/// One object a template would render, as far as its text tells. Several apiVersions (or
/// kinds) mean the template chooses between them with template actions; every pairing is a
/// possible object.
struct TemplateObjectGuess {
  int document = 0;  ///< index of the document in the stream, counted as ParseStream counts
  std::vector<TemplateLiteral> api_versions;  ///< at least one
  std::vector<TemplateLiteral> kinds;         ///< at least one
  /// The `if` condition in effect where the first apiVersion is written (".Capabilities.
  /// APIVersions.Has \"policy/v1/PodDisruptionBudget\""), "" outside any `if`.
  std::string condition;
};

/// The objects `utf8_text` (one template file) would render, in text order. Only unindented
/// `apiVersion:` / `kind:` keys count (indented ones belong to nested fields such as an HPA's
/// scaleTargetRef); values computed by actions (`{{ include ... }}`, `{{ .Values.x }}`) are
/// unknown and yield nothing, and lines inside `{{/* */}}` comments or `#` comments are
/// ignored. A `---` line or a second apiVersion after other content starts a new object; an
/// apiVersion separated from the previous one only by control actions (`{{- else }}`, `{{ end
/// }}`, `{{ if ... }}`) is another branch of the same object.
std::vector<TemplateObjectGuess> GuessTemplateObjects(std::string_view utf8_text);

}  // namespace greenlight::document
