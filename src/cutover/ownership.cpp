#include "cutover/ownership.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "cutover/plan.h"

namespace greenlight::cutover {
namespace {

constexpr char kRecordTypeTemplate[] = "%{record_type}";
constexpr long long kExternalDnsDefaultTtl = 300;

// (major, minor) of "v0.14.2"; an unknown version counts as current (v0.22+).
std::pair<int, int> MinorVersion(const std::string& version) {
  std::string v = version;
  if (!v.empty() && v.front() == 'v') v.erase(0, 1);
  int major = 0, minor = 0;
  if (std::sscanf(v.c_str(), "%d.%d", &major, &minor) != 2) return {1, 0};
  return {major, minor};
}

bool AtLeast(const ClusterDns& dns, int minor) {
  auto [major, m] = MinorVersion(dns.version);
  return major > 0 || m >= minor;
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string Join(const std::string& prefix, const std::string& first_label,
                 const std::string& suffix, const std::string& rest) {
  std::string out = prefix + first_label + suffix;
  return rest.empty() ? out : out + "." + rest;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::vector<std::string> TxtOwnershipNames(const ClusterDns& dns, const std::string& hostname,
                                           const std::string& record_type, bool alias) {
  std::string name = NormalizeDnsName(hostname);
  size_t dot = name.find('.');
  std::string first = name.substr(0, dot);
  std::string rest = dot == std::string::npos ? "" : name.substr(dot + 1);
  // external-dns encodes AWS A aliases as "cname" in the TXT name until v0.22 (#6523).
  std::string type = Lower(record_type);
  if (alias && record_type == "A" && !AtLeast(dns, 22)) type = "cname";
  bool templated = dns.txt_prefix.find(kRecordTypeTemplate) != std::string::npos ||
                   dns.txt_suffix.find(kRecordTypeTemplate) != std::string::npos;
  std::vector<std::string> out;
  if (AtLeast(dns, 12)) {
    std::string prefix = ReplaceAll(dns.txt_prefix, kRecordTypeTemplate, type);
    std::string suffix = ReplaceAll(dns.txt_suffix, kRecordTypeTemplate, type);
    out.push_back(Join(prefix, templated ? first : type + "-" + first, suffix, rest));
  }
  bool legacy = !AtLeast(dns, 12) || (!AtLeast(dns, 18) && !templated && record_type != "AAAA");
  if (legacy) {
    std::string prefix = ReplaceAll(dns.txt_prefix, kRecordTypeTemplate, "");
    std::string suffix = ReplaceAll(dns.txt_suffix, kRecordTypeTemplate, "");
    out.push_back(Join(prefix, first, suffix, rest));
  }
  return out;
}

std::string TxtOwnershipValue(const ClusterDns& dns, const ResourceRef& resource) {
  return "\"heritage=external-dns,external-dns/owner=" + dns.txt_owner_id +
         ",external-dns/resource=" + Lower(resource.kind) + "/" + resource.namespace_name + "/" +
         resource.name + "\"";
}

std::vector<RecordSet> OwnershipRecords(const CutoverSpec& spec, const RecordSpec& record,
                                        const std::string& cluster, int weight) {
  const ClusterDns& dns = DnsOf(spec, cluster);
  const Side& side = cluster == "blue" ? record.blue : record.green;
  std::vector<RecordSet> out;
  if (!side.resource) return out;
  for (const auto& type : RecordTypes(record)) {
    for (const auto& name : TxtOwnershipNames(dns, record.hostname, type, IsAliasKind(record.kind))) {
      // Two record types can map to one TXT name (legacy format); write it once.
      if (std::any_of(out.begin(), out.end(), [&](const RecordSet& r) { return r.name == name; }))
        continue;
      RecordSet txt;
      txt.name = name;
      txt.type = "TXT";
      txt.set_identifier = side.set_identifier;
      txt.weight = weight;
      txt.ttl = kExternalDnsDefaultTtl;
      txt.values = {TxtOwnershipValue(dns, *side.resource)};
      out.push_back(std::move(txt));
    }
  }
  return out;
}

bool IsOwnershipRecordOf(const CutoverSpec& spec, const std::string& cluster,
                         const RecordSet& live) {
  if (live.type != "TXT") return false;
  const ClusterDns& dns = DnsOf(spec, cluster);
  std::string owner = "external-dns/owner=" + dns.txt_owner_id;
  bool owned = std::any_of(live.values.begin(), live.values.end(), [&](const std::string& v) {
    size_t at = v.find(owner);
    return at != std::string::npos &&
           (at + owner.size() == v.size() || v[at + owner.size()] == ',' ||
            v[at + owner.size()] == '"');
  });
  if (!owned || dns.txt_owner_id.empty()) return false;
  std::string name = NormalizeDnsName(live.name);
  for (const auto& record : spec.records) {
    const Side& side = cluster == "blue" ? record.blue : record.green;
    if (live.set_identifier != side.set_identifier) continue;
    for (const auto& type : RecordTypes(record)) {
      auto names = TxtOwnershipNames(dns, record.hostname, type, IsAliasKind(record.kind));
      if (std::find(names.begin(), names.end(), name) != names.end()) return true;
    }
  }
  return false;
}

}  // namespace greenlight::cutover
