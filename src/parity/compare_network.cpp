// How traffic reaches an app: Service type and ports, Ingress hosts, paths, backends and class,
// and the annotations external-dns and the AWS load balancer controllers read. Ingresses are
// compared in the networking.k8s.io/v1 schema both sides were normalised to.
#include <algorithm>

#include "parity/compare.h"
#include "parity/rules.h"

namespace greenlight::parity {
namespace {

using document::Value;

std::string PortKey(const Value& port) {
  std::string name = ScalarAt(&port, "name");
  return name.empty() ? ScalarAt(&port, "port") : name;
}

std::optional<std::string> PortField(const Value* port, std::string_view field,
                                     const char* fallback) {
  if (port == nullptr) return std::nullopt;
  std::string text = ScalarAt(port, field);
  if (text.empty() && field == "targetPort") text = ScalarAt(port, "port");  // the API's default
  if (text.empty() && fallback != nullptr) text = fallback;
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

std::string BackendText(const Value* backend) {
  if (backend == nullptr || !backend->IsMapping()) return "";
  if (const Value* service = backend->Get("service")) {
    const Value* port = service->Get("port");
    std::string port_text = ScalarAt(port, "number");
    if (port_text.empty()) port_text = ScalarAt(port, "name");
    return ScalarAt(service, "name") + ":" + port_text;
  }
  return Render(*backend);
}

std::string HostOf(const Value& rule) {
  std::string host = ScalarAt(&rule, "host");
  return host.empty() ? "*" : host;  // a rule without host serves every host
}
std::string PathOf(const Value& path) {
  std::string text = ScalarAt(&path, "path");
  return text.empty() ? "/" : text;
}

// The IngressClass, wherever the side names it (the field or the older annotation).
std::optional<std::string> IngressClass(const Value& ingress) {
  if (auto field = TextAt(&ingress, {"spec", "ingressClassName"})) return field;
  const Value* annotations = document::FindValue(ingress, {"metadata", "annotations"});
  std::string annotation = ScalarAt(annotations, "kubernetes.io/ingress.class");
  return annotation.empty() ? std::nullopt : std::optional<std::string>(annotation);
}

std::vector<std::string> TlsHosts(const Value& ingress) {
  std::vector<std::string> hosts;
  for (const Value& tls : ItemsAt(document::FindValue(ingress, {"spec"}), "tls")) {
    for (const Value& host : ItemsAt(&tls, "hosts")) hosts.push_back(host.text());
  }
  return hosts;
}

void ComparePaths(const ItemPair& rule, const FieldPath& path, DiffSink& sink) {
  const Value* b = document::FindValue(*rule.blue, {"http"});
  const Value* g = document::FindValue(*rule.green, {"http"});
  for (const ItemPair& p : PairItems(ItemsAt(b, "paths"), ItemsAt(g, "paths"), PathOf, sink)) {
    FieldPath at = path.Key("http").Key("paths").Select("path", p.key);
    if (p.blue && p.green) at = at.Key("backend");
    sink.Compare(kIngressRouteChanged, at,
                 p.blue ? std::optional(BackendText(p.blue->Get("backend"))) : std::nullopt,
                 p.green ? std::optional(BackendText(p.green->Get("backend"))) : std::nullopt);
  }
}

// Each blue name must appear on green (else `missing_rule`); green's extras are `extra_rule`.
void CompareNameSets(const std::vector<std::string>& blue, const std::vector<std::string>& green,
                     std::string_view missing_rule, std::string_view extra_rule,
                     const FieldPath& path, DiffSink& sink) {
  auto contains = [&](const std::vector<std::string>& names, const std::string& name,
                      bool in_green) {
    return std::any_of(names.begin(), names.end(), [&](const std::string& other) {
      return in_green ? sink.Same(name, other) : sink.Same(other, name);
    });
  };
  for (const std::string& name : blue) {
    if (!contains(green, name, true)) sink.Add(missing_rule, path, name, std::nullopt);
  }
  for (const std::string& name : green) {
    if (!contains(blue, name, false)) sink.Add(extra_rule, path, std::nullopt, name);
  }
}

bool IsTrafficAnnotation(std::string_view key) {
  return key.starts_with("external-dns.kubernetes.io/") ||
         key.starts_with("service.beta.kubernetes.io/") ||
         key.starts_with("alb.ingress.kubernetes.io/") || key == "eks.amazonaws.com/role-arn";
}

// external-dns v0.21 dropped the ".alpha" from its annotations; both spellings mean the same.
std::string LogicalAnnotation(std::string_view key) {
  constexpr std::string_view kAlpha = "external-dns.alpha.kubernetes.io/";
  if (key.starts_with(kAlpha))
    return "external-dns.kubernetes.io/" + std::string(key.substr(kAlpha.size()));
  return std::string(key);
}

struct Annotation {
  std::string key;  ///< as written
  std::string value;
};

std::vector<std::pair<std::string, Annotation>> TrafficAnnotations(const Value& object) {
  std::vector<std::pair<std::string, Annotation>> out;
  const Value* annotations = document::FindValue(object, {"metadata", "annotations"});
  if (annotations == nullptr || !annotations->IsMapping()) return out;
  for (const auto& [key, value] : annotations->entries()) {
    std::string logical = LogicalAnnotation(key);
    if (IsTrafficAnnotation(logical)) out.emplace_back(logical, Annotation{key, Render(value)});
  }
  return out;
}

std::vector<std::string> SplitHostnames(const std::string& value) {
  std::vector<std::string> hosts;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    std::string host =
        value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    host.erase(0, host.find_first_not_of(' '));
    host.erase(host.find_last_not_of(' ') + 1);
    if (!host.empty()) hosts.push_back(host);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return hosts;
}

const Annotation* FindAnnotation(const std::vector<std::pair<std::string, Annotation>>& all,
                                 std::string_view logical) {
  for (const auto& [key, annotation] : all) {
    if (key == logical) return &annotation;
  }
  return nullptr;
}

void CompareHostnames(const Annotation* b, const Annotation* g, DiffSink& sink) {
  std::vector<std::string> blue = b ? SplitHostnames(b->value) : std::vector<std::string>();
  std::vector<std::string> green = g ? SplitHostnames(g->value) : std::vector<std::string>();
  FieldPath path = FieldPath().Key("metadata").Key("annotations").Key(b ? b->key : g->key);
  CompareNameSets(blue, green, kDnsHostnameMissing, kAnnotationChanged, path, sink);
}

}  // namespace

void CompareService(const Value& blue, const Value& green, DiffSink& sink) {
  FieldPath spec = FieldPath().Key("spec");
  auto type = [](const Value& service) {
    return TextAt(&service, {"spec", "type"}).value_or("ClusterIP");
  };
  sink.Compare(kServiceChanged, spec.Key("type"), type(blue), type(green));
  const Value* b = document::FindValue(blue, {"spec"});
  const Value* g = document::FindValue(green, {"spec"});
  for (const ItemPair& port : PairItems(ItemsAt(b, "ports"), ItemsAt(g, "ports"), PortKey, sink)) {
    const char* match =
        ScalarAt(port.blue ? port.blue : port.green, "name").empty() ? "port" : "name";
    FieldPath at = spec.Key("ports").Select(match, port.key);
    if (!port.blue || !port.green) {
      sink.Add(kServiceChanged, at, port.blue ? std::optional(Render(*port.blue)) : std::nullopt,
               port.green ? std::optional(Render(*port.green)) : std::nullopt);
      continue;
    }
    for (const char* field : {"port", "targetPort", "nodePort"}) {
      sink.Compare(kServiceChanged, at.Key(field), PortField(port.blue, field, nullptr),
                   PortField(port.green, field, nullptr));
    }
    sink.Compare(kServiceChanged, at.Key("protocol"), PortField(port.blue, "protocol", "TCP"),
                 PortField(port.green, "protocol", "TCP"));
  }
}

void CompareIngress(const Value& blue, const Value& green, DiffSink& sink) {
  FieldPath spec = FieldPath().Key("spec");
  const Value* b = document::FindValue(blue, {"spec"});
  const Value* g = document::FindValue(green, {"spec"});
  for (const ItemPair& rule : PairItems(ItemsAt(b, "rules"), ItemsAt(g, "rules"), HostOf, sink)) {
    FieldPath at = spec.Key("rules").Select("host", rule.key);
    if (!rule.green) sink.Add(kIngressHostMissing, at, rule.key, std::nullopt);
    if (!rule.blue) sink.Add(kIngressRouteChanged, at, std::nullopt, rule.key);
    if (rule.blue && rule.green) ComparePaths(rule, at, sink);
  }
  CompareNameSets(TlsHosts(blue), TlsHosts(green), kIngressHostMissing, kIngressRouteChanged,
                  spec.Key("tls"), sink);
  auto default_backend = [](const Value* s) {
    const Value* backend = s == nullptr ? nullptr : s->Get("defaultBackend");
    return backend ? std::optional(BackendText(backend)) : std::nullopt;
  };
  sink.Compare(kIngressRouteChanged, spec.Key("defaultBackend"), default_backend(b),
               default_backend(g));
  sink.Compare(kIngressRouteChanged, spec.Key("ingressClassName"), IngressClass(blue),
               IngressClass(green));
}

void CompareAnnotations(const Value& blue, const Value& green, DiffSink& sink) {
  auto b = TrafficAnnotations(blue);
  auto g = TrafficAnnotations(green);
  constexpr std::string_view kHostname = "external-dns.kubernetes.io/hostname";
  const Annotation* bh = FindAnnotation(b, kHostname);
  const Annotation* gh = FindAnnotation(g, kHostname);
  if (bh || gh) CompareHostnames(bh, gh, sink);
  FieldPath annotations = FieldPath().Key("metadata").Key("annotations");
  for (const auto& [logical, annotation] : b) {
    if (logical == kHostname) continue;
    const Annotation* other = FindAnnotation(g, logical);
    sink.Compare(kAnnotationChanged, annotations.Key(annotation.key), annotation.value,
                 other ? std::optional(other->value) : std::nullopt);
  }
  for (const auto& [logical, annotation] : g) {
    if (logical == kHostname || FindAnnotation(b, logical)) continue;
    sink.Add(kAnnotationChanged, annotations.Key(annotation.key), std::nullopt, annotation.value);
  }
}

}  // namespace greenlight::parity
