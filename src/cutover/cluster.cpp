#include "cutover/cluster.h"

#include <cctype>
#include <algorithm>
#include <map>
#include <set>

#include "cutover/elb_zones.h"
#include "document/object.h"
#include "document/parser.h"

namespace greenlight::cutover {
namespace {

using document::FindPath;
using document::Node;
using document::Object;

constexpr const char* kAnnotationKeys[] = {"hostname", "set-identifier", "aws-weight",
                                           "ttl",      "alias",          "target"};

std::vector<std::string> SplitCommaList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string part =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    if (!part.empty()) out.push_back(NormalizeDnsName(part));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool InZone(const std::string& name, const std::string& zone) {
  return name == zone || (name.size() > zone.size() && name.ends_with("." + zone));
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string LoadBalancerKey(std::string_view target) {
  std::string name = NormalizeDnsName(target);
  if (name.rfind("dualstack.", 0) == 0) name.erase(0, 10);
  return name;
}

class Collector {
 public:
  Collector(ClusterManifests& out, std::string_view file, int document)
      : out_(out), file_(file), document_(document) {}

  void Visit(const Object& object) {
    std::string kind(object.kind);
    if (kind == "Deployment" && IsExternalDns(object)) {
      ReadExternalDns(object);
      return;
    }
    HostnameSource base = Base(object);
    ReadAnnotations(object, base);
    ReadLoadBalancers(object, base);
    std::vector<std::pair<std::string, std::string>> names;  // name, via
    if (const auto* hostname = base.Find("hostname")) {
      for (const auto& name : SplitCommaList(hostname->value))
        names.emplace_back(name, "annotation");
    }
    if (kind == "Ingress") {
      for (const Node* rule : Items(FindPath(object.node, {"spec", "rules"}))) {
        if (const Node* host = rule->IsMapping() ? rule->Get("host") : nullptr;
            host && host->IsString()) {
          names.emplace_back(NormalizeDnsName(host->scalar()), "ingress rule");
        }
      }
      for (const Node* tls : Items(FindPath(object.node, {"spec", "tls"}))) {
        for (const Node* host : Items(tls->IsMapping() ? tls->Get("hosts") : nullptr)) {
          if (host->IsString()) names.emplace_back(NormalizeDnsName(host->scalar()), "ingress tls");
        }
      }
    } else if (kind.ends_with("Route") &&
               object.api_version.starts_with("gateway.networking.k8s.io")) {
      for (const Node* host : Items(FindPath(object.node, {"spec", "hostnames"}))) {
        if (host->IsString()) names.emplace_back(NormalizeDnsName(host->scalar()), "route");
      }
    } else if (kind == "DNSEndpoint") {
      ReadDnsEndpoint(object, base);
      return;
    }
    if (names.empty() && AnnotatedKindApiVersion(kind)) {
      out_.unnamed.push_back(base);
      return;
    }
    std::set<std::string> seen;
    for (const auto& [name, via] : names) {
      if (!seen.insert(name).second) continue;
      HostnameSource source = base;
      source.hostname = name;
      source.via = via;
      out_.hostnames.push_back(std::move(source));
    }
  }

 private:
  static const std::vector<const Node*>& Items(const Node* node) {
    static const std::vector<const Node*> kEmpty;
    return node && node->IsSequence() ? node->items() : kEmpty;
  }

  Location Where(const Node* node) const { return document::LocationOf(node, file_, document_); }

  HostnameSource Base(const Object& object) const {
    HostnameSource source;
    source.kind = std::string(object.kind);
    source.namespace_name =
        object.namespace_name.empty() ? "default" : std::string(object.namespace_name);
    source.name = std::string(object.name);
    source.location = Where(object.api_version_node ? object.api_version_node : object.node);
    return source;
  }

  void ReadAnnotations(const Object& object, HostnameSource& source) const {
    const Node* annotations = FindPath(object.node, {"metadata", "annotations"});
    if (annotations == nullptr || !annotations->IsMapping()) return;
    for (const auto& [key, value] : annotations->entries()) {
      if (!key->IsScalar() || !value->IsScalar()) continue;
      for (const char* prefix : {kAnnotationPrefixGa, kAnnotationPrefixAlpha}) {
        if (!key->scalar().starts_with(prefix)) continue;
        std::string short_key = key->scalar().substr(std::string_view(prefix).size());
        if (std::find(std::begin(kAnnotationKeys), std::end(kAnnotationKeys), short_key) ==
            std::end(kAnnotationKeys)) {
          continue;
        }
        source.annotations.push_back({short_key, prefix, value->scalar(), Where(key)});
      }
    }
  }

  void ReadLoadBalancers(const Object& object, HostnameSource& source) const {
    for (const Node* ingress :
         Items(FindPath(object.node, {"status", "loadBalancer", "ingress"}))) {
      if (!ingress->IsMapping()) continue;
      for (const char* key : {"hostname", "ip"}) {
        if (const Node* v = ingress->Get(key); v && v->IsString()) {
          source.load_balancers.push_back(NormalizeDnsName(v->scalar()));
        }
      }
    }
  }

  void ReadDnsEndpoint(const Object& object, const HostnameSource& base) {
    for (const Node* endpoint : Items(FindPath(object.node, {"spec", "endpoints"}))) {
      if (!endpoint->IsMapping()) continue;
      const Node* name = endpoint->Get("dnsName");
      if (name == nullptr || !name->IsString()) continue;
      HostnameSource source = base;
      source.hostname = NormalizeDnsName(name->scalar());
      source.via = "dnsendpoint";
      if (const Node* id = endpoint->Get("setIdentifier"); id && id->IsScalar()) {
        source.annotations.push_back({"set-identifier", "", id->scalar(), Where(id)});
      }
      for (const Node* property : Items(endpoint->Get("providerSpecific"))) {
        const Node* key = property->IsMapping() ? property->Get("name") : nullptr;
        const Node* value = property->IsMapping() ? property->Get("value") : nullptr;
        if (key && value && key->scalar() == "aws/weight") {
          source.annotations.push_back({"aws-weight", "", value->scalar(), Where(value)});
        }
      }
      for (const Node* target : Items(endpoint->Get("targets"))) {
        if (target->IsString()) source.load_balancers.push_back(NormalizeDnsName(target->scalar()));
      }
      out_.hostnames.push_back(std::move(source));
    }
  }

  static const Node* ExternalDnsContainer(const Object& object) {
    for (const Node* container :
         Items(FindPath(object.node, {"spec", "template", "spec", "containers"}))) {
      const Node* image = container->IsMapping() ? container->Get("image") : nullptr;
      if (image && image->IsString() && image->scalar().find("external-dns") != std::string::npos) {
        return container;
      }
    }
    return nullptr;
  }

  static bool IsExternalDns(const Object& object) {
    return ExternalDnsContainer(object) != nullptr;
  }

  void ReadExternalDns(const Object& object) {
    const Node* container = ExternalDnsContainer(object);
    ExternalDnsDeployment deployment;
    deployment.namespace_name =
        object.namespace_name.empty() ? "default" : std::string(object.namespace_name);
    deployment.name = std::string(object.name);
    deployment.location = Where(object.api_version_node ? object.api_version_node : object.node);
    std::string image = container->Get("image")->scalar();
    image = image.substr(0, image.find('@'));
    size_t colon = image.rfind(':');
    if (colon != std::string::npos && image.find('/', colon) == std::string::npos) {
      std::string tag = image.substr(colon + 1);
      if (!tag.empty() && (tag[0] == 'v' || std::isdigit(static_cast<unsigned char>(tag[0])))) {
        deployment.version = tag[0] == 'v' ? tag : "v" + tag;
      }
    }
    std::vector<std::string> args;
    for (const char* key : {"command", "args"}) {
      for (const Node* arg : Items(container->Get(key))) {
        if (arg->IsScalar()) args.push_back(arg->scalar());
      }
    }
    for (size_t i = 0; i < args.size(); ++i) {
      std::string flag = args[i], value;
      if (size_t eq = flag.find('='); eq != std::string::npos) {
        value = flag.substr(eq + 1);
        flag.resize(eq);
      } else if (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
        value = args[i + 1];
      }
      if (flag == "--txt-owner-id") deployment.txt_owner_id = value;
      if (flag == "--policy") deployment.policy = value;
      if (flag == "--annotation-prefix") deployment.annotation_prefix = value;
      if (flag == "--txt-prefix") deployment.txt_prefix = value;
      if (flag == "--txt-suffix") deployment.txt_suffix = value;
      if (flag == "--aws-prefer-cname") deployment.prefer_cname = value.empty() || value == "true";
      if (flag == "--migrate-from-txt-owner") deployment.migrate_from_txt_owner = true;
      if (flag == "--source" && !value.empty()) deployment.sources.push_back(value);
    }
    out_.external_dns.push_back(std::move(deployment));
  }

  ClusterManifests& out_;
  std::string file_;
  int document_;
};

std::string Quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

const HostnameSource::Annotation* HostnameSource::Find(std::string_view key) const {
  for (const auto& annotation : annotations) {
    if (annotation.key == key) return &annotation;
  }
  return nullptr;
}

std::string ExternalDnsDeployment::EffectivePrefix() const {
  if (annotation_prefix && !annotation_prefix->empty()) return *annotation_prefix;
  return DefaultAnnotationPrefix(version);
}

StatusOr<ClusterManifests> ReadClusterManifests(std::string_view cluster_name,
                                                const std::vector<ManifestText>& files) {
  ClusterManifests cluster;
  cluster.name = std::string(cluster_name);
  for (const auto& file : files) {
    GL_ASSIGN_OR_RETURN(std::string text, document::DecodeToUtf8(file.bytes, file.display_path));
    document::ParsedStream stream = document::ParseStream(text, file.display_path, file.is_json);
    if (!stream.errors.empty()) return stream.errors.front();
    ++cluster.files;
    cluster.bytes += file.bytes.size();
    cluster.documents += static_cast<size_t>(stream.document_count);
    for (const auto& doc : stream.documents) {
      Collector collector(cluster, file.display_path, doc.index());
      for (const auto& object : document::ExtractObjects(doc)) {
        ++cluster.objects;
        collector.Visit(object);
      }
    }
  }
  return cluster;
}

std::vector<std::string> HostnamesLeftBehind(const CutoverSpec& spec, const ClusterManifests& blue,
                                             const ClusterManifests& green,
                                             const std::vector<RecordSet>* live) {
  std::set<std::string> planned, served_by_green, blue_lbs;
  for (const auto& record : spec.records) {
    planned.insert(record.hostname);
    for (const auto& value : record.blue.values) blue_lbs.insert(LoadBalancerKey(value));
  }
  for (const auto& source : green.hostnames) served_by_green.insert(source.hostname);
  if (spec.mode == OwnershipMode::kExternalDns) {
    // A green Service without a hostname annotation gets it from the plan's patches.
    for (const auto& record : spec.records) {
      const auto& ref = record.green.resource;
      if (!ref || ref->kind != "Service") continue;
      for (const auto& object : green.unnamed) {
        if (object.kind == ref->kind && object.namespace_name == ref->namespace_name &&
            object.name == ref->name) {
          served_by_green.insert(record.hostname);
        }
      }
    }
  }
  std::map<std::string, std::string> blue_names;  // name -> where blue serves it
  for (const auto& source : blue.hostnames) {
    for (const auto& lb : source.load_balancers) blue_lbs.insert(LoadBalancerKey(lb));
    if (!InZone(source.hostname, spec.zone_name)) continue;
    blue_names.emplace(source.hostname, source.kind + " " + source.namespace_name + "/" +
                                            source.name + " at " + source.location.ToString());
  }
  if (live != nullptr) {
    for (const auto& rs : *live) {
      std::vector<std::string> targets = rs.values;
      if (rs.alias) targets.push_back(rs.alias->dns_name);
      for (const auto& target : targets) {
        if (blue_lbs.count(LoadBalancerKey(target))) {
          blue_names.emplace(
              NormalizeDnsName(rs.name),
              "Route 53 " + rs.type + " record pointing at blue's " + LoadBalancerKey(target));
        }
      }
    }
  }
  std::vector<std::string> out;
  for (const auto& [name, where] : blue_names) {
    if (!planned.count(name)) out.push_back(name + " (" + where + ") is not in the plan");
    if (!served_by_green.count(name))
      out.push_back(name + " (" + where + ") is not served by green");
  }
  return out;
}

std::vector<std::string> NamesAlsoPublishedByExternalDns(const CutoverSpec& spec,
                                                         const ClusterManifests& cluster) {
  std::vector<std::string> out;
  if (spec.mode != OwnershipMode::kRoute53) return out;
  std::set<std::string> planned;
  for (const auto& record : spec.records) planned.insert(record.hostname);
  for (const auto& dns : cluster.external_dns) {
    auto reads = [&](const HostnameSource& s) {
      std::string source = s.kind == "Service"       ? "service"
                           : s.kind == "Ingress"     ? "ingress"
                           : s.kind == "DNSEndpoint" ? "crd"
                                                     : "gateway-" + Lower(s.kind);
      return std::find(dns.sources.begin(), dns.sources.end(), source) != dns.sources.end();
    };
    for (const auto& source : cluster.hostnames) {
      if (!planned.count(source.hostname) || !reads(source)) continue;
      // A Service is only published with a hostname annotation in the prefix external-dns reads.
      if (source.kind == "Service" && source.via == "annotation") {
        const auto* hostname = source.Find("hostname");
        if (hostname == nullptr || hostname->prefix != dns.EffectivePrefix()) continue;
      }
      out.push_back(source.hostname + ": " + cluster.name + "'s external-dns (" +
                    dns.namespace_name + "/" + dns.name + ") also publishes it from " +
                    source.kind + " " + source.namespace_name + "/" + source.name + " at " +
                    source.location.ToString() +
                    "; in route53 mode greenlight's batches must be the only writer (remove the "
                    "hostname or use --exclude-domains)");
    }
  }
  return out;
}

namespace {

bool IsIpv4Address(const std::string& text) {
  int dots = 0;
  for (char c : text) {
    if (c == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dots == 3;
}

// The spec `type` external-dns publishes for one object: its `alias` annotation (in the prefix
// that external-dns reads) overrides --aws-prefer-cname for that record; IPs make A records; a
// load balancer target is an alias pair unless --aws-prefer-cname; other hostnames are CNAMEs.
std::string TypeByExternalDnsRules(const HostnameSource& source, const std::string& target,
                                   const ExternalDnsDeployment* dns) {
  const auto* alias = source.Find("alias");
  if (alias && dns && alias->prefix != dns->EffectivePrefix()) alias = nullptr;
  if (!target.empty() && IsIpv4Address(target)) return "A";
  if (alias && alias->value == "A") return "alias-A";
  if (alias && alias->value == "AAAA") return "alias-AAAA";
  if (alias && alias->value == "true") return "alias";
  if (dns && dns->prefer_cname) return "CNAME";
  if (target.empty() || ParseElbDnsName(target)) return "alias";
  return "CNAME";
}

// The type of what is live at `hostname`, "" when nothing is.
std::string LiveType(const std::string& hostname, const std::vector<RecordSet>& live) {
  bool cname = false, a_alias = false, aaaa_alias = false, a_values = false;
  for (const auto& rs : live) {
    if (NormalizeDnsName(rs.name) != hostname) continue;
    if (rs.type == "CNAME") cname = true;
    if (rs.type == "A") (rs.alias ? a_alias : a_values) = true;
    if (rs.type == "AAAA" && rs.alias) aaaa_alias = true;
  }
  if (cname) return "CNAME";
  if (a_alias && aaaa_alias) return "alias";
  if (a_alias) return "alias-A";
  if (aaaa_alias) return "alias-AAAA";
  if (a_values) return "A";
  return "";
}

long long LiveTtl(const std::set<std::string>& hostnames, const std::vector<RecordSet>& live) {
  long long ttl = 0;
  for (const auto& rs : live) {
    if (hostnames.count(NormalizeDnsName(rs.name)) && rs.ttl && !rs.alias)
      ttl = std::max(ttl, *rs.ttl);
  }
  return ttl;
}

std::string ClusterDnsYaml(const char* cluster, const ExternalDnsDeployment& dns) {
  std::string out = std::string("  ") + cluster + ":   # from " + dns.namespace_name + "/" +
                    dns.name + " at " + dns.location.ToString() + "\n";
  if (dns.txt_owner_id) out += "    txtOwnerId: " + Quote(*dns.txt_owner_id) + "\n";
  if (!dns.version.empty()) out += "    version: " + dns.version + "\n";
  out += "    annotationPrefix: " + dns.EffectivePrefix() +
         (dns.annotation_prefix ? "   # --annotation-prefix\n" : "   # read by this version\n");
  if (dns.policy) out += "    policy: " + *dns.policy + "\n";
  if (dns.prefer_cname) out += "    preferCname: true\n";
  if (dns.txt_prefix) out += "    txtPrefix: " + Quote(*dns.txt_prefix) + "\n";
  if (dns.txt_suffix) out += "    txtSuffix: " + Quote(*dns.txt_suffix) + "\n";
  return out;
}

}  // namespace

StatusOr<std::string> DeriveSpecYaml(const ClusterManifests& blue, const ClusterManifests& green,
                                     const InitOptions& options) {
  std::string zone = NormalizeDnsName(options.zone_name);
  const ExternalDnsDeployment* blue_dns =
      blue.external_dns.empty() ? nullptr : &blue.external_dns.front();
  const ExternalDnsDeployment* green_dns =
      green.external_dns.empty() ? nullptr : &green.external_dns.front();
  std::string out =
      "# Derived by greenlight cutover init from the blue and green manifests.\n"
      "# Review every record, then: greenlight cutover plan cutover.yaml --out plan/\n"
      "schemaVersion: 1\nzone:\n  name: " +
      zone + "\n  id: " + options.zone_id + "\nmode: " + options.mode + "\n";
  if (blue_dns || green_dns) {
    out += "externalDns:   # each cluster's own version and prefix: patches use the one it reads\n";
    if (blue_dns) out += ClusterDnsYaml("blue", *blue_dns);
    if (green_dns) out += ClusterDnsYaml("green", *green_dns);
  }
  std::set<std::string> planned;
  for (const auto& source : blue.hostnames) {
    if (InZone(source.hostname, zone)) planned.insert(source.hostname);
  }
  long long live_ttl = options.live ? LiveTtl(planned, *options.live) : 0;
  out += "ttl:\n  current: " + std::to_string(live_ttl > 0 ? live_ttl : 300) +
         (live_ttl > 0 ? "   # the live TTL (--state)" : "") + "\n  cutover: " +
         std::to_string(live_ttl > 0 && live_ttl < 60 ? live_ttl : 60) + "\nrecords:\n";
  std::set<std::string> done;
  size_t count = 0;
  for (const auto& source : blue.hostnames) {
    if (!InZone(source.hostname, zone) || !done.insert(source.hostname).second) continue;
    auto match =
        std::find_if(green.hostnames.begin(), green.hostnames.end(),
                     [&](const HostnameSource& g) { return g.hostname == source.hostname; });
    const HostnameSource* green_source = match == green.hostnames.end() ? nullptr : &*match;
    if (green_source == nullptr) {
      // Green's copy of the object that asks for no name yet: the plan's patches will add it.
      auto same = std::find_if(green.unnamed.begin(), green.unnamed.end(),
                               [&](const HostnameSource& g) {
                                 return g.kind == source.kind &&
                                        g.namespace_name == source.namespace_name &&
                                        g.name == source.name;
                               });
      if (same != green.unnamed.end()) green_source = &*same;
    }
    auto target_of = [](const HostnameSource* s) {
      std::string target;
      if (s) {
        if (const auto* t = s->Find("target"))
          target = t->value;
        else if (!s->load_balancers.empty())
          target = s->load_balancers.front();
      }
      return target;
    };
    auto side = [&](const HostnameSource* s, const char* name, const char* cluster) {
      std::string text = std::string("    ") + name + ":\n";
      std::string target = target_of(s);
      text += "      target: " + Quote(target);
      if (target.empty()) {
        text +=
            "  # not in the manifests: the " + std::string(cluster) + " load balancer's DNS name";
      }
      text += "\n";
      if (s) {
        if (const auto* id = s->Find("set-identifier"))
          text += "      setIdentifier: " + Quote(id->value) + "\n";
        if (s->kind != "DNSEndpoint") {
          text += "      resource: {kind: " + s->kind + ", namespace: " + s->namespace_name +
                  ", name: " + s->name + "}\n";
        }
      }
      return text;
    };
    std::string type = TypeByExternalDnsRules(source, target_of(&source), blue_dns);
    std::string comment;
    if (options.live) {
      std::string live_type = LiveType(source.hostname, *options.live);
      if (!live_type.empty() && live_type != type) {
        comment = "   # live in the zone; blue's external-dns rules give " + type;
        type = live_type;
      } else if (!live_type.empty()) {
        comment = "   # as live in the zone";
      }
    }
    out += "  - hostname: " + source.hostname + "\n    type: " + type + comment + "\n";
    out += side(&source, "blue", "blue");
    out += side(green_source, "green", "green");
    ++count;
  }
  if (count == 0) {
    return NotFound("no hostname in zone '" + zone + "' found in the blue manifests");
  }
  return out;
}

}  // namespace greenlight::cutover
