// File: src/rules/field_path.h
// The field-path language of lint rules: dotted keys, ["quoted.keys"] for keys that contain dots
// or slashes, [N] for one list item and [*] for every list item (or every mapping value), plus
// two roots that follow the pod template wherever the kind keeps it: $podspec and $podmeta.
//
//   metadata.annotations["kubernetes.io/ingress.class"]
//   $podspec.containers[*].image
//   $podmeta.annotations[*]
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "document/node.h"
#include "document/object.h"

namespace greenlight::rules {

/// Where a path starts: the object itself, or the pod template's spec / metadata
/// (Pod: spec; CronJob: spec.jobTemplate.spec.template; PodTemplate: template; any other kind:
/// spec.template, which covers Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, ...).
enum class PathRoot { kObject, kPodSpec, kPodMetadata };

struct PathStep {
  enum class Kind { kKey, kEach, kIndex };
  Kind kind = Kind::kKey;
  std::string key;   ///< kKey
  size_t index = 0;  ///< kIndex
  bool plain = true; ///< kKey: spelled ".key" (false: ["quoted.key"]) in concrete paths
};

/// One node a path reached. `key` is the mapping key that led to it (nullptr for list items),
/// so a finding can point at the key's line and rules can test key text.
struct FieldMatch {
  const document::Node* key = nullptr;
  const document::Node* value = nullptr;
  std::string path;  ///< concrete path, wildcards replaced: "spec.template.spec.containers[1].image"
};

class FieldPath {
 public:
  /// Parses a path; errors say what was expected and where ("expected ']' at offset 12").
  static StatusOr<FieldPath> Parse(std::string_view text);

  const std::string& text() const { return text_; }
  PathRoot root() const { return root_; }
  const std::vector<PathStep>& steps() const { return steps_; }
  /// True when the last step is [*] or a key (so the matches have keys to test).
  bool EndsAtMappingEntry() const;

  /// Appends every node the path reaches in `object` (nulls included; callers decide).
  void Resolve(const document::Object& object, std::vector<FieldMatch>& out) const;
  /// Like Resolve, but a path without a $ root starts at `start` (an item of a rule's `each`),
  /// whose concrete path is `base`.
  void ResolveUnder(const document::Object& object, const document::Node* start, const std::string& base,
                    std::vector<FieldMatch>& out) const;

 private:
  std::string text_;
  PathRoot root_ = PathRoot::kObject;
  std::vector<PathStep> steps_;
};

}  // namespace greenlight::rules
