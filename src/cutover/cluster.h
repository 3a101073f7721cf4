// File: src/cutover/cluster.h
// What a cluster's manifests say about DNS: every hostname an object asks to be published
// (external-dns hostname annotations, Ingress rules and TLS hosts, Gateway API route hostnames,
// DNSEndpoint endpoints) with the external-dns annotations on it, and every external-dns
// Deployment with the flags that matter to a cutover (owner id, policy, annotation prefix,
// CNAME mode, version). Used by `cutover init`, the "no hostname left behind" check and the
// CUT5xx cross-cluster checks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/location.h"
#include "base/status.h"
#include "cutover/record.h"
#include "cutover/spec.h"

namespace greenlight::cutover {

/// One hostname served by one object.
struct HostnameSource {
  std::string hostname;  ///< normalized
  std::string kind, namespace_name, name;
  std::string via;    ///< "annotation", "ingress rule", "ingress tls", "route", "dnsendpoint"
  Location location;  ///< the object (its apiVersion)
  /// external-dns annotations on the object, by short key ("set-identifier", "aws-weight",
  /// "ttl", "alias", "target"), with the prefix they were written with and their location.
  struct Annotation {
    std::string key, prefix, value;
    Location location;
  };
  std::vector<Annotation> annotations;
  std::vector<std::string> load_balancers;  ///< status.loadBalancer.ingress hostnames / IPs

  const Annotation* Find(std::string_view key) const;
};

/// An external-dns Deployment and the flags a cutover depends on.
struct ExternalDnsDeployment {
  std::string namespace_name, name;
  Location location;
  std::string version;  ///< image tag, "v0.22.0"; "" when not a version
  std::optional<std::string> txt_owner_id, policy, annotation_prefix, txt_prefix, txt_suffix;
  bool prefer_cname = false;
  bool migrate_from_txt_owner = false;
  std::vector<std::string> sources;  ///< --source values: "service", "ingress", "crd", ...

  /// The prefix this deployment reads: --annotation-prefix, else by version (v0.22+: GA).
  std::string EffectivePrefix() const;
};

struct ClusterManifests {
  std::string name;  ///< "blue" or "green"
  std::vector<HostnameSource> hostnames;
  /// Objects external-dns could publish (Service, Ingress, Gateway routes) that ask for no name
  /// yet: green's copy of a blue Service often lacks the hostname annotation.
  std::vector<HostnameSource> unnamed;
  std::vector<ExternalDnsDeployment> external_dns;
  size_t files = 0, bytes = 0, documents = 0, objects = 0;  ///< what was read (for summaries)
};

struct ManifestText {
  std::string display_path;
  std::string bytes;
  bool is_json = false;
};

/// Parses the files and collects hostnames and external-dns Deployments. A document that does
/// not parse is an error naming file:line:col.
StatusOr<ClusterManifests> ReadClusterManifests(std::string_view cluster_name,
                                                const std::vector<ManifestText>& files);

/// Every name blue serves in the spec's zone that the plan does not move, or that green does not
/// serve; also names in `live` whose alias target or value is one of blue's load balancers. One
/// line per problem, naming where blue serves it.
std::vector<std::string> HostnamesLeftBehind(const CutoverSpec& spec, const ClusterManifests& blue,
                                             const ClusterManifests& green,
                                             const std::vector<RecordSet>* live);

/// Route 53 mode: the planned names that a cluster's external-dns would publish too (from an
/// object its --source flags read), so the two writers would undo each other. One line each.
std::vector<std::string> NamesAlsoPublishedByExternalDns(const CutoverSpec& spec,
                                                         const ClusterManifests& cluster);

struct InitOptions {
  std::string zone_name;
  std::string zone_id;
  std::string mode;  ///< "route53" or "external-dns"
  /// The zone listing (--state): each record takes the type of what is live, and ttl.current
  /// the live TTL. nullptr = decided from the manifests by external-dns's own rules.
  const std::vector<RecordSet>* live = nullptr;
};

/// A cutover.yaml derived from both clusters: one record per hostname blue serves in the zone,
/// targets from the objects' load-balancer status (or target annotation), the record type by
/// external-dns's per-record rules (the object's `alias` annotation overrides
/// --aws-prefer-cname; IPs are A records) or, given a listing, the type that is live; and per
/// cluster the external-dns version, annotation prefix, owner id, policy and CNAME mode from
/// that cluster's Deployment. Parses back with ParseSpec when every target is known.
StatusOr<std::string> DeriveSpecYaml(const ClusterManifests& blue, const ClusterManifests& green,
                                     const InitOptions& options);

}  // namespace greenlight::cutover
