#include "cutover/spec.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "base/file_io.h"
#include "cutover/elb_zones.h"
#include "document/field_reader.h"
#include "document/parser.h"

namespace greenlight::cutover {
namespace {

using document::LocationOf;
using document::MappingReader;
using document::Node;

// The default shift: a canary, then growing shares, then all traffic on green.
const std::vector<std::pair<int, int>> kDefaultSteps = {{100, 0}, {90, 10}, {70, 30}, {50, 50},
                                                        {30, 70}, {10, 90}, {0, 100}};
constexpr int kDefaultBakeSeconds = 600;

// Reads a weight, an integer 0..255, reporting the node on error.
std::optional<int> ReadWeight(MappingReader& reader, std::string_view key) {
  const Node* node = reader.Raw(key);
  if (node == nullptr) {
    reader.Fail(reader.node(), "missing required key '" + std::string(key) + "' in step");
    return std::nullopt;
  }
  if (!node->IsScalar() || node->scalar_type() != document::ScalarType::kInt) {
    reader.Fail(node, "weight '" + std::string(key) + "' must be a whole number 0..255, found " +
                          document::DescribeNode(node));
    return std::nullopt;
  }
  long long value = 0;
  try {
    value = std::stoll(node->scalar());
  } catch (...) {
    value = -1;
  }
  if (value < 0 || value > 255) {
    reader.Fail(
        node, "weight " + node->scalar() + " is outside 0..255 (Route 53 rejects the whole batch)");
    return std::nullopt;
  }
  return static_cast<int>(value);
}

std::optional<int> ReadDuration(MappingReader& reader, std::string_view key) {
  const Node* node = reader.Raw(key);
  if (node == nullptr || node->IsNull()) return std::nullopt;
  auto seconds = node->IsScalar() ? ParseDurationSeconds(node->scalar()) : std::nullopt;
  if (!seconds) {
    reader.Fail(node, "'" + std::string(key) + "' must be a duration like 90s, 10m or 1h, found " +
                          document::DescribeNode(node));
  }
  return seconds;
}

bool IsIpv4(std::string_view text) {
  int parts = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t dot = text.find('.', start);
    std::string_view part =
        text.substr(start, dot == std::string_view::npos ? text.npos : dot - start);
    if (part.empty() || part.size() > 3 ||
        !std::all_of(part.begin(), part.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
        std::stoi(std::string(part)) > 255) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

bool InZone(const std::string& name, const std::string& zone) {
  return name == zone || (name.size() > zone.size() &&
                          name.compare(name.size() - zone.size(), zone.size(), zone) == 0 &&
                          name[name.size() - zone.size() - 1] == '.');
}

// "shop-web" for a resource shop/web, else the hostname's first label ("*" -> "wildcard").
std::string DefaultSetIdentifierStem(const RecordSpec& record, const Side& side) {
  if (side.resource) return side.resource->namespace_name + "-" + side.resource->name;
  std::string label = record.hostname.substr(0, record.hostname.find('.'));
  return label == "*" ? "wildcard" : label;
}

Status ReadResource(MappingReader& side_reader, const std::string& file, Side& side) {
  const Node* node = side_reader.OptionalMapping("resource");
  if (node == nullptr) return Status::Ok();
  MappingReader reader(node, file, "resource");
  ResourceRef ref;
  ref.kind = reader.RequiredString("kind").value_or("");
  ref.namespace_name = reader.OptionalString("namespace").value_or("default");
  ref.name = reader.RequiredString("name").value_or("");
  GL_RETURN_IF_ERROR(reader.Finish());
  if (!AnnotatedKindApiVersion(ref.kind)) {
    return InvalidArgument(
        "external-dns reads weight annotations from Service, Ingress and "
        "Gateway API routes, not from '" +
            ref.kind + "'",
        LocationOf(node->Get("kind"), file));
  }
  side.resource = ref;
  return Status::Ok();
}

Status ReadSide(MappingReader& record_reader, std::string_view key, RecordSpec& record,
                const std::string& file, Side& side) {
  const Node* node = record_reader.RequiredMapping(key);
  if (node == nullptr) return record_reader.Finish();
  MappingReader reader(node, file, std::string(key) + " side");
  side.location = LocationOf(node, file);
  auto target = reader.OptionalString("target");
  auto values = reader.OptionalStringList("values");
  side.set_identifier = reader.OptionalString("setIdentifier").value_or("");
  side.alias_zone_id = reader.OptionalString("hostedZoneId").value_or("");
  side.evaluate_target_health = reader.OptionalBool("evaluateTargetHealth").value_or(true);
  GL_RETURN_IF_ERROR(ReadResource(reader, file, side));
  GL_RETURN_IF_ERROR(reader.Finish());

  if (target && !values.empty()) {
    return InvalidArgument("give either 'target' or 'values', not both", side.location);
  }
  if (target) values = {*target};
  if (values.empty()) {
    return InvalidArgument("missing 'target' (load balancer or CNAME target) or 'values' in " +
                               std::string(key) + " side",
                           side.location);
  }
  for (auto& value : values) {
    if (record.kind != RecordKind::kA) value = NormalizeDnsName(value);
  }
  side.values = values;
  switch (record.kind) {
    case RecordKind::kCname:
      if (values.size() != 1) {
        return InvalidArgument(
            "a CNAME takes exactly one target, found " + std::to_string(values.size()),
            side.location);
      }
      break;
    case RecordKind::kA:
      for (const auto& value : values) {
        if (!IsIpv4(value)) {
          return InvalidArgument("expected an IPv4 address in 'values', got '" + value + "'",
                                 side.location);
        }
      }
      break;
    case RecordKind::kAlias:
    case RecordKind::kAliasA:
    case RecordKind::kAliasAaaa: {
      if (values.size() != 1) {
        return InvalidArgument("an alias record points at exactly one target", side.location);
      }
      if (!side.alias_zone_id.empty()) break;
      auto elb = ParseElbDnsName(values[0]);
      if (!elb) {
        return InvalidArgument("alias target '" + values[0] +
                                   "' is not an ELB DNS name; give its canonical 'hostedZoneId'",
                               side.location);
      }
      if (!elb->zone_id) {
        return InvalidArgument("unknown ELB region '" + elb->region + "' in '" + values[0] +
                                   "'; give the load balancer's canonical 'hostedZoneId' (aws "
                                   "elbv2 describe-load-balancers)",
                               side.location);
      }
      side.alias_zone_id = *elb->zone_id;
      break;
    }
  }
  if (side.set_identifier.empty()) {
    side.set_identifier = DefaultSetIdentifierStem(record, side) + "-" + std::string(key);
  }
  if (side.set_identifier.size() > 128) {
    return InvalidArgument("setIdentifier is longer than 128 characters", side.location);
  }
  return Status::Ok();
}

StatusOr<RecordSpec> ReadRecord(const Node* node, const CutoverSpec& spec) {
  MappingReader reader(node, spec.file, "record");
  RecordSpec record;
  record.location = LocationOf(node, spec.file);
  auto hostname = reader.RequiredString("hostname");
  auto type = reader.OptionalString("type").value_or("alias");
  GL_RETURN_IF_ERROR(reader.ok() ? Status::Ok() : reader.Finish());
  record.hostname = NormalizeDnsName(*hostname);
  if (!InZone(record.hostname, spec.zone_name)) {
    return InvalidArgument(
        "hostname '" + record.hostname + "' is not inside zone '" + spec.zone_name + "'",
        LocationOf(node->Get("hostname"), spec.file));
  }
  if (type == "alias") {
    record.kind = RecordKind::kAlias;
  } else if (type == "alias-A") {
    record.kind = RecordKind::kAliasA;
  } else if (type == "alias-AAAA") {
    record.kind = RecordKind::kAliasAaaa;
  } else if (type == "CNAME") {
    record.kind = RecordKind::kCname;
  } else if (type == "A") {
    record.kind = RecordKind::kA;
  } else {
    return InvalidArgument("record type must be alias, alias-A, alias-AAAA, CNAME or A, got '" + type + "'",
                           LocationOf(node->Get("type"), spec.file));
  }
  GL_RETURN_IF_ERROR(ReadSide(reader, "blue", record, spec.file, record.blue));
  GL_RETURN_IF_ERROR(ReadSide(reader, "green", record, spec.file, record.green));
  GL_RETURN_IF_ERROR(reader.Finish());
  if (record.blue.set_identifier == record.green.set_identifier) {
    return InvalidArgument("blue and green use the same setIdentifier '" +
                               record.blue.set_identifier + "' for " + record.hostname +
                               "; one of them would silently never be published",
                           record.green.location);
  }
  if (spec.mode == OwnershipMode::kExternalDns &&
      (!record.blue.resource || !record.green.resource)) {
    return InvalidArgument(
        "mode external-dns needs 'resource' (the annotated object) on both sides", record.location);
  }
  return record;
}

Status ReadSteps(MappingReader& top, CutoverSpec& spec, int default_bake) {
  const Node* steps = top.OptionalSequence("steps");
  if (!top.ok()) return top.Finish();
  if (steps == nullptr) {
    for (auto [blue, green] : kDefaultSteps) spec.steps.push_back({blue, green, default_bake, {}});
    return Status::Ok();
  }
  if (steps->items().empty())
    return InvalidArgument("'steps' is empty", LocationOf(steps, spec.file));
  for (const Node* item : steps->items()) {
    MappingReader reader(item, spec.file, "step");
    WeightStep step;
    step.location = LocationOf(item, spec.file);
    auto blue = ReadWeight(reader, "blue");
    auto green = ReadWeight(reader, "green");
    step.bake_seconds = ReadDuration(reader, "bake").value_or(default_bake);
    GL_RETURN_IF_ERROR(reader.Finish());
    step.blue = *blue;
    step.green = *green;
    if (step.blue == 0 && step.green == 0 && !spec.allow_all_zero) {
      return InvalidArgument(
          "step 0:0 is not 'off': Route 53 splits evenly when every weight is 0 (set "
          "allowAllZeroWeights: true if an even split is meant)",
          step.location);
    }
    spec.steps.push_back(step);
  }
  return Status::Ok();
}

// Reads one cluster's external-dns settings; `shared_*` are the keys given for both clusters.
Status ReadClusterDns(MappingReader& reader, const char* key, const std::string& file,
                      const std::string& shared_version, const std::string& shared_prefix,
                      ClusterDns& dns) {
  dns.version = shared_version;
  std::string prefix = shared_prefix;
  if (const Node* side = reader.OptionalMapping(key)) {
    MappingReader side_reader(side, file, std::string("externalDns.") + key);
    dns.txt_owner_id = side_reader.OptionalString("txtOwnerId").value_or("");
    dns.kube_context = side_reader.OptionalString("kubeContext").value_or("");
    dns.version = side_reader.OptionalString("version").value_or(dns.version);
    prefix = side_reader.OptionalString("annotationPrefix").value_or(prefix);
    dns.policy = side_reader.OptionalString("policy").value_or("");
    dns.prefer_cname = side_reader.OptionalBool("preferCname").value_or(false);
    dns.txt_prefix = side_reader.OptionalString("txtPrefix").value_or("");
    dns.txt_suffix = side_reader.OptionalString("txtSuffix").value_or("");
    GL_RETURN_IF_ERROR(side_reader.Finish());
    if (!dns.policy.empty() && dns.policy != "sync" && dns.policy != "upsert-only" &&
        dns.policy != "create-only") {
      return InvalidArgument(
          "policy must be sync, upsert-only or create-only, got '" + dns.policy + "'",
          LocationOf(side->Get("policy"), file));
    }
    if (!prefix.empty() && prefix.back() != '/') {
      return InvalidArgument("annotationPrefix must end with '/', got '" + prefix + "'",
                             LocationOf(side->Get("annotationPrefix"), file));
    }
  }
  if (dns.kube_context.empty()) dns.kube_context = key;
  dns.annotation_prefix = prefix.empty() ? DefaultAnnotationPrefix(dns.version) : prefix;
  return Status::Ok();
}

Status ReadExternalDns(MappingReader& top, CutoverSpec& spec) {
  const Node* node = top.OptionalMapping("externalDns");
  if (node == nullptr) {
    for (auto [key, dns] : {std::pair{"blue", &spec.blue_dns}, std::pair{"green", &spec.green_dns}}) {
      dns->kube_context = key;
      dns->annotation_prefix = kAnnotationPrefixGa;
    }
    return top.ok() ? Status::Ok() : top.Finish();
  }
  MappingReader reader(node, spec.file, "externalDns");
  std::string version = reader.OptionalString("version").value_or("");
  std::string prefix = reader.OptionalString("annotationPrefix").value_or("");
  if (!prefix.empty() && prefix.back() != '/') {
    return InvalidArgument("annotationPrefix must end with '/', got '" + prefix + "'",
                           LocationOf(node->Get("annotationPrefix"), spec.file));
  }
  GL_RETURN_IF_ERROR(ReadClusterDns(reader, "blue", spec.file, version, prefix, spec.blue_dns));
  GL_RETURN_IF_ERROR(ReadClusterDns(reader, "green", spec.file, version, prefix, spec.green_dns));
  if (auto timeout = ReadDuration(reader, "publishTimeout")) spec.publish_timeout_seconds = *timeout;
  if (auto poll = ReadDuration(reader, "pollInterval")) spec.poll_interval_seconds = *poll;
  GL_RETURN_IF_ERROR(reader.Finish());
  if (spec.mode == OwnershipMode::kExternalDns && !spec.blue_dns.txt_owner_id.empty() &&
      spec.blue_dns.txt_owner_id == spec.green_dns.txt_owner_id) {
    return InvalidArgument("both clusters use txtOwnerId '" + spec.blue_dns.txt_owner_id +
                               "': each external-dns would delete the other's records",
                           LocationOf(node, spec.file));
  }
  return Status::Ok();
}

Status ReadHooksAndAlarms(MappingReader& top, CutoverSpec& spec) {
  if (const Node* hooks = top.OptionalMapping("hooks")) {
    MappingReader reader(hooks, spec.file, "hooks");
    spec.hooks.before_allow_traffic = reader.OptionalString("beforeAllowTraffic").value_or("");
    spec.hooks.after_allow_traffic = reader.OptionalString("afterAllowTraffic").value_or("");
    if (auto timeout = ReadDuration(reader, "timeout")) spec.hooks.timeout_seconds = *timeout;
    GL_RETURN_IF_ERROR(reader.Finish());
  }
  spec.alarms = top.OptionalStringList("alarms");
  return top.ok() ? Status::Ok() : top.Finish();
}

}  // namespace

StatusOr<CutoverSpec> ParseSpec(std::string bytes, std::string_view display_path) {
  GL_ASSIGN_OR_RETURN(document::Document doc,
                      document::ParseSingleDocument(std::move(bytes), display_path));
  CutoverSpec spec;
  spec.file = std::string(display_path);
  MappingReader top(doc.root(), spec.file, "cutover spec");
  const Node* schema = top.Raw("schemaVersion");
  if (top.ok() && (schema == nullptr || schema->scalar() != "1")) {
    return InvalidArgument("expected schemaVersion: 1, found " + document::DescribeNode(schema),
                           LocationOf(schema ? schema : doc.root(), spec.file));
  }
  const Node* zone = top.RequiredMapping("zone");
  if (!top.ok()) return top.Finish();
  MappingReader zone_reader(zone, spec.file, "zone");
  spec.zone_name = NormalizeDnsName(zone_reader.RequiredString("name").value_or(""));
  spec.zone_id = zone_reader.RequiredString("id").value_or("");
  GL_RETURN_IF_ERROR(zone_reader.Finish());
  if (spec.zone_id.rfind("/hostedzone/", 0) == 0) spec.zone_id.erase(0, 12);

  auto mode = top.OptionalString("mode").value_or("route53");
  if (mode == "external-dns") {
    spec.mode = OwnershipMode::kExternalDns;
  } else if (mode != "route53") {
    return InvalidArgument("mode must be route53 or external-dns, got '" + mode + "'",
                           LocationOf(doc.root()->Get("mode"), spec.file));
  }
  GL_RETURN_IF_ERROR(ReadExternalDns(top, spec));
  GL_RETURN_IF_ERROR(ReadHooksAndAlarms(top, spec));

  if (const Node* ttl = top.OptionalMapping("ttl")) {
    MappingReader reader(ttl, spec.file, "ttl");
    spec.current_ttl = static_cast<int>(reader.OptionalInt("current").value_or(300));
    spec.cutover_ttl = static_cast<int>(reader.OptionalInt("cutover").value_or(60));
    GL_RETURN_IF_ERROR(reader.Finish());
    if (spec.current_ttl < 0 || spec.cutover_ttl < 1 || spec.cutover_ttl > spec.current_ttl) {
      return InvalidArgument("expected 1 <= ttl.cutover <= ttl.current, got cutover " +
                                 std::to_string(spec.cutover_ttl) + ", current " +
                                 std::to_string(spec.current_ttl),
                             LocationOf(ttl, spec.file));
    }
  }
  spec.allow_all_zero = top.OptionalBool("allowAllZeroWeights").value_or(false);
  int default_bake = ReadDuration(top, "bake").value_or(kDefaultBakeSeconds);
  GL_RETURN_IF_ERROR(ReadSteps(top, spec, default_bake));

  const Node* records = top.RequiredSequence("records");
  GL_RETURN_IF_ERROR(top.Finish());
  std::set<std::string> seen;
  for (const Node* item : records->items()) {
    GL_ASSIGN_OR_RETURN(RecordSpec record, ReadRecord(item, spec));
    if (!seen.insert(record.hostname).second) {
      return InvalidArgument("hostname '" + record.hostname + "' is listed twice", record.location);
    }
    spec.records.push_back(std::move(record));
  }
  if (spec.records.empty()) {
    return InvalidArgument("'records' is empty", LocationOf(records, spec.file));
  }
  return spec;
}

StatusOr<CutoverSpec> LoadSpec(const std::string& path) {
  // Bounded like every input (a FIFO or /dev/zero given as the spec ends in an error).
  GL_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(path, path));
  return ParseSpec(std::move(bytes), path);
}

std::string DefaultAnnotationPrefix(std::string_view external_dns_version) {
  std::string_view v = external_dns_version;
  if (!v.empty() && v.front() == 'v') v.remove_prefix(1);
  if (v.empty()) return kAnnotationPrefixGa;
  int major = 0, minor = 0;
  if (std::sscanf(std::string(v).c_str(), "%d.%d", &major, &minor) != 2) return kAnnotationPrefixGa;
  return (major > 0 || minor >= 22) ? kAnnotationPrefixGa : kAnnotationPrefixAlpha;
}

const ClusterDns& DnsOf(const CutoverSpec& spec, std::string_view cluster) {
  return cluster == "blue" ? spec.blue_dns : spec.green_dns;
}

std::optional<std::string> AnnotatedKindApiVersion(std::string_view kind) {
  if (kind == "Service") return "v1";
  if (kind == "Ingress") return "networking.k8s.io/v1";
  if (kind == "HTTPRoute" || kind == "GRPCRoute") return "gateway.networking.k8s.io/v1";
  if (kind == "TLSRoute" || kind == "TCPRoute" || kind == "UDPRoute") {
    return "gateway.networking.k8s.io/v1alpha2";
  }
  return std::nullopt;
}

std::optional<int> ParseDurationSeconds(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long long total = 0;
  size_t i = 0;
  bool bare = std::all_of(text.begin(), text.end(),
                          [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (bare)
    return text.size() > 7 ? std::nullopt : std::optional<int>(std::stoi(std::string(text)));
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start || i == text.size() || i - start > 7) return std::nullopt;
    long long number = std::stoll(std::string(text.substr(start, i - start)));
    char unit = text[i++];
    if (unit == 'h')
      total += number * 3600;
    else if (unit == 'm')
      total += number * 60;
    else if (unit == 's')
      total += number;
    else
      return std::nullopt;
  }
  if (total > 7 * 24 * 3600) return std::nullopt;
  return static_cast<int>(total);
}

std::string FormatDuration(int seconds) {
  std::string out;
  if (seconds >= 3600) out += std::to_string(seconds / 3600) + "h";
  if (seconds % 3600 >= 60) out += std::to_string(seconds % 3600 / 60) + "m";
  if (seconds % 60 != 0 || seconds == 0) out += std::to_string(seconds % 60) + "s";
  return out;
}

std::string NormalizeDnsName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (size_t i = 0; i < name.size(); ++i) {
    if (name.compare(i, 4, "\\052") == 0) {
      out += '*';
      i += 3;
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  }
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

}  // namespace greenlight::cutover
