// File: src/checks/summary.h
// Counts that every report prints at its end: what was read and what could not be.
#pragma once

#include <cstdint>

namespace greenlight::checks {

struct ScanSummary {
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t documents = 0;
  uint64_t objects = 0;
  uint64_t non_object_documents = 0;  ///< parsed documents that are not Kubernetes objects
  uint64_t input_errors = 0;          ///< GL001/GL002 findings (exit code 2)
  uint64_t unrendered_documents = 0;  ///< GL003: Helm template documents that are not YAML
  uint64_t suppressed_by_annotation = 0;  ///< findings silenced by greenlight.io/ignore
  uint64_t suppressed_by_comment = 0;     ///< findings silenced by # greenlight:ignore
  uint64_t rendered_units = 0;  ///< scan --render: charts and kustomizations rendered
  // Cluster dumps (scan/recorded_manifests.h).
  uint64_t last_applied = 0;          ///< last-applied configurations read
  uint64_t helm_releases = 0;         ///< distinct Helm 3 releases whose records were read
  uint64_t helm_revisions = 0;        ///< release records (revisions) decoded
  uint64_t helm_history_revisions = 0;  ///< revisions left out as history (superseded, ...)

  /// Adds every count of `other` (the pieces of one input, the inputs of a scan, or two input
  /// kinds): one place, so that a count added later is never left out of a sum.
  ScanSummary& operator+=(const ScanSummary& other) {
    files += other.files;
    bytes += other.bytes;
    documents += other.documents;
    objects += other.objects;
    non_object_documents += other.non_object_documents;
    input_errors += other.input_errors;
    unrendered_documents += other.unrendered_documents;
    suppressed_by_annotation += other.suppressed_by_annotation;
    suppressed_by_comment += other.suppressed_by_comment;
    rendered_units += other.rendered_units;
    last_applied += other.last_applied;
    helm_releases += other.helm_releases;
    helm_revisions += other.helm_revisions;
    helm_history_revisions += other.helm_history_revisions;
    return *this;
  }
};

}  // namespace greenlight::checks
