// File: src/cutover/spec.h
// The cutover spec (cutover.yaml): which hosted zone, which hostnames move from the blue to the
// green cluster, how (Route 53 batches owned by greenlight, or external-dns annotations), the
// TTLs and the weight steps. Loaded strictly: every error names file:line:col, and a spec that
// describes an impossible plan (weight 300, one set identifier on both sides, a 0:0 step, an
// ELB in an unknown region without a zone id) is refused here, before anything is written.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"
#include "base/status.h"

namespace greenlight::cutover {

/// How a hostname is served: an alias A + AAAA pair to a load balancer (external-dns's default
/// on AWS), an alias of one type only (external-dns v0.22+ `alias: "A"` / `"AAAA"`), a CNAME
/// (--aws-prefer-cname), or A records with IP values.
enum class RecordKind { kAlias, kAliasA, kAliasAaaa, kCname, kA };

/// True for the alias kinds (no TTL, an AliasTarget instead of values).
inline bool IsAliasKind(RecordKind kind) {
  return kind == RecordKind::kAlias || kind == RecordKind::kAliasA ||
         kind == RecordKind::kAliasAaaa;
}

/// Who writes the records during the shift.
enum class OwnershipMode {
  kRoute53,      ///< greenlight's batches own the names; external-dns must not publish them
  kExternalDns,  ///< each cluster's external-dns publishes its member; shift by annotations
};

/// A Kubernetes object that carries the external-dns annotations for one side.
struct ResourceRef {
  std::string kind;  ///< "Service", "Ingress", "HTTPRoute", ...
  std::string namespace_name;
  std::string name;
};

/// One side (blue or green) of a record.
struct Side {
  std::string set_identifier;           ///< unique per hostname, e.g. "shop-web-blue"
  std::vector<std::string> values;      ///< CNAME: one target; A: IPs; alias: the LB DNS name
  std::string alias_zone_id;            ///< alias only: canonical hosted zone of the target
  bool evaluate_target_health = true;   ///< alias only (external-dns's default)
  std::optional<ResourceRef> resource;  ///< external-dns mode: the object to annotate
  Location location;                    ///< where the side is written in the spec
};

struct RecordSpec {
  std::string hostname;  ///< lower case, no trailing dot
  RecordKind kind = RecordKind::kAlias;
  Side blue;
  Side green;
  Location location;
};

/// One weight step: the weights both sides carry after it, and how long to watch before the next.
struct WeightStep {
  int blue = 0;
  int green = 0;
  int bake_seconds = 0;
  Location location;
};

/// One cluster's external-dns as the plan must address it. In an upgrade the two clusters
/// usually run different versions (blue v0.14, green v0.22), so each has its own prefix.
struct ClusterDns {
  std::string txt_owner_id;       ///< --txt-owner-id of this cluster's external-dns
  std::string kube_context;       ///< kubectl context for the runbook's commands ("blue"/"green")
  std::string version;            ///< "v0.14.2"; empty when unknown
  std::string annotation_prefix;  ///< in effect: given, or derived from the version
  std::string policy;             ///< --policy: "sync", "upsert-only", "create-only"; "" unknown
  bool prefer_cname = false;      ///< --aws-prefer-cname: ELB targets become CNAMEs
  std::string txt_prefix, txt_suffix;  ///< --txt-prefix / --txt-suffix
};

/// Commands run around each weight step (CodeDeploy's BeforeAllowTraffic / AfterAllowTraffic).
struct Hooks {
  std::string before_allow_traffic;  ///< shell command; "" = none
  std::string after_allow_traffic;
  int timeout_seconds = 300;
};

struct CutoverSpec {
  std::string file;       ///< display path of the spec
  std::string zone_name;  ///< "example.com" (lower case, no trailing dot)
  std::string zone_id;    ///< "Z0123456789ABCDEFGHIJ" (without /hostedzone/)
  OwnershipMode mode = OwnershipMode::kRoute53;
  ClusterDns blue_dns, green_dns;
  int publish_timeout_seconds = 600;  ///< run, external-dns mode: how long to wait for a step
  int poll_interval_seconds = 10;     ///< run, external-dns mode: listing poll interval
  Hooks hooks;
  std::vector<std::string> alarms;  ///< CloudWatch alarm names checked after each step
  int current_ttl = 300;        ///< TTL of the live non-alias records before the cutover
  int cutover_ttl = 60;         ///< TTL during the shift
  bool allow_all_zero = false;  ///< a 0:0 step is an equal split; only when asked for
  std::vector<RecordSpec> records;
  std::vector<WeightStep> steps;
};

/// Parses and checks a spec. `display_path` is used in error locations.
StatusOr<CutoverSpec> ParseSpec(std::string bytes, std::string_view display_path);

/// Reads `path` and parses it.
StatusOr<CutoverSpec> LoadSpec(const std::string& path);

/// The annotation prefix an external-dns version reads by default: v0.22.0 and later
/// "external-dns.kubernetes.io/", earlier "external-dns.alpha.kubernetes.io/".
std::string DefaultAnnotationPrefix(std::string_view external_dns_version);

/// The apiVersion of a kind whose annotations external-dns reads (Service, Ingress, Gateway
/// API routes); nullopt for any other kind.
std::optional<std::string> AnnotatedKindApiVersion(std::string_view kind);

/// "90s", "10m", "1h", "1h30m" or a bare number of seconds; nullopt when malformed.
std::optional<int> ParseDurationSeconds(std::string_view text);

/// "1h30m", "10m", "45s" (for the runbook).
std::string FormatDuration(int seconds);

/// Lower case, trailing dot removed, "\052" written as "*" (Route 53 lists wildcards escaped).
std::string NormalizeDnsName(std::string_view name);

/// The cluster ("blue" or "green") of a side.
const ClusterDns& DnsOf(const CutoverSpec& spec, std::string_view cluster);

inline constexpr char kAnnotationPrefixGa[] = "external-dns.kubernetes.io/";
inline constexpr char kAnnotationPrefixAlpha[] = "external-dns.alpha.kubernetes.io/";

}  // namespace greenlight::cutover
