// File: src/scan/recorded_manifests.h
// Cluster dumps (`kubectl get -o yaml|json`): the manifests live objects record, checked against
// the API catalog. The API server returns every object at its preferred version, so what breaks
// on the upgrade is what the next `kubectl apply` or `helm upgrade` sends: the object's
// last-applied-configuration annotation, and the manifest of its Helm release's current revision.
// Lint rules and add-on checks see the live objects; these records only feed the API check,
// which is what they hold that the live objects do not.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checks/api_check.h"
#include "checks/finding.h"
#include "checks/summary.h"
#include "document/object.h"

namespace greenlight::scan {

/// One Helm release revision read from a record (every status, superseded ones included):
/// which revisions are current is only known once all records of the release are seen.
struct ReleaseRevision {
  std::string release;  ///< "namespace/name"
  int revision = 0;
  std::string status;
};

/// Appends the API findings of what `object` records (its last-applied configuration, or the
/// manifest and hooks of the Helm release it stores), the GL010 finding when a record cannot
/// be read, and the GL011 finding for a Helm 2 (Tiller) record. Release revisions read are
/// appended to `revisions`. Ordinary objects cost one annotation lookup and a kind comparison.
void CheckRecordedManifests(const document::Object& object, std::string_view file,
                            const checks::ApiCheck& api_check, std::vector<checks::Finding>& out,
                            std::vector<ReleaseRevision>& revisions, checks::ScanSummary& summary);

/// Keeps the findings of each release's current revisions only: the latest `deployed` one, and
/// the newest revision when it is newer and `failed` or `pending-*` (a rollout that did not
/// finish: the next upgrade starts from it). Superseded and other past revisions are history.
/// Counts the releases and the revisions left out in `summary`.
void KeepCurrentReleaseRevisions(const std::vector<ReleaseRevision>& revisions,
                                 std::vector<checks::Finding>& findings, checks::ScanSummary& summary);

}  // namespace greenlight::scan
