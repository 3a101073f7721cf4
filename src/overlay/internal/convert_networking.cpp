// Ingress (extensions/v1beta1 and networking.k8s.io/v1beta1 -> networking.k8s.io/v1) and
// EndpointSlice (discovery.k8s.io/v1beta1 -> v1).
#include <string>

#include "overlay/internal/converters.h"

namespace greenlight::overlay::internal {

using document::ScalarType;
using document::Value;

namespace {

constexpr std::string_view kClassAnnotation = "kubernetes.io/ingress.class";

bool AllDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// {serviceName, servicePort} -> {service: {name, port: {number | name}}}; `resource` stays.
void ConvertBackend(Value& backend, const std::string& path, ConversionContext& context) {
  if (!backend.IsMapping() || (!backend.Has("serviceName") && !backend.Has("servicePort"))) return;
  Value name = backend.Take("serviceName");
  Value port_value = backend.Take("servicePort");
  Value port = Value::Mapping();
  std::string change;
  if (port_value.IsInt()) {
    port.Set("number", port_value);
    change = "serviceName/servicePort -> service.name/service.port.number";
  } else if (port_value.IsString() && AllDigits(port_value.text())) {
    port.Set("number", Value::Scalar(port_value.text(), ScalarType::kInt));
    change = "serviceName/servicePort -> service.name/service.port.number (quoted \"" +
             port_value.text() + "\" read as a number)";
    context.Raise(Applicability::kUnsafe, "a quoted numeric servicePort was read as a port number");
    context.AddNote(
        Severity::kWarning,
        path + ".servicePort: the quoted \"" + port_value.text() +
            "\" was a port name in the old API (which cannot be all digits); it is written as "
            "port.number " +
            port_value.text());
  } else if (!port_value.IsNull()) {
    port.Set("name", port_value);
    change = "serviceName/servicePort -> service.name/service.port.name";
  } else {
    change = "serviceName -> service.name";
    context.Raise(Applicability::kManual, "a backend has no servicePort");
    context.AddNote(Severity::kError,
                    path +
                        ": the backend names no servicePort; networking.k8s.io/v1 "
                        "requires service.port.number or service.port.name");
  }
  Value service = Value::Mapping();
  service.Set("name", std::move(name));
  if (port.size() > 0) service.Set("port", std::move(port));
  // The service goes first, where serviceName stood.
  backend.entries().insert(backend.entries().begin(), {"service", std::move(service)});
  context.AddEdit(path, change);
}

}  // namespace

void ConvertIngress(Value& object, const Hop& hop, const ConvertOptions& options,
                    ConversionContext& context) {
  SetApiVersion(object, hop, context);
  Value* spec = object.Get("spec");
  if (spec == nullptr || !spec->IsMapping()) return;
  if (spec->Has("backend")) {
    spec->Rename("backend", "defaultBackend");
    context.AddEdit("spec.backend", "renamed to spec.defaultBackend");
    ConvertBackend(*spec->Get("defaultBackend"), "spec.defaultBackend", context);
  }
  if (Value* rules = spec->Get("rules"); rules != nullptr && rules->IsSequence()) {
    for (size_t r = 0; r < rules->items().size(); ++r) {
      Value* paths = document::FindValue(rules->items()[r], {"http", "paths"});
      if (paths == nullptr || !paths->IsSequence()) continue;
      for (size_t p = 0; p < paths->items().size(); ++p) {
        Value& entry = paths->items()[p];
        if (!entry.IsMapping()) continue;
        std::string at =
            "spec.rules[" + std::to_string(r) + "].http.paths[" + std::to_string(p) + "]";
        if (!entry.Has("pathType")) {
          entry.SetAfter("path", "pathType", Value::String("ImplementationSpecific"));
          context.AddEdit(at + ".pathType",
                          "set to ImplementationSpecific (the old default, now required)");
        }
        if (Value* backend = entry.Get("backend"))
          ConvertBackend(*backend, at + ".backend", context);
      }
    }
  }
  Value* annotations = document::FindValue(object, {"metadata", "annotations"});
  const Value* class_annotation =
      annotations != nullptr ? annotations->Get(kClassAnnotation) : nullptr;
  if (class_annotation == nullptr || !class_annotation->IsScalar()) return;
  std::string class_name = ScalarText(class_annotation);
  if (!options.ingress_class_field) {
    context.AddNote(
        Severity::kInfo,
        "metadata.annotations[kubernetes.io/ingress.class] (" + class_name +
            ") is deprecated in favour of spec.ingressClassName; kept as it is (use "
            "--ingress-class-name to move it; the cluster then needs an IngressClass named " +
            class_name + ")");
    return;
  }
  annotations->Take(kClassAnnotation);
  if (annotations->size() == 0) document::FindValue(object, {"metadata"})->Take("annotations");
  spec->entries().insert(spec->entries().begin(), {"ingressClassName", Value::String(class_name)});
  context.AddEdit("spec.ingressClassName", "set from the kubernetes.io/ingress.class annotation");
  context.Raise(Applicability::kUnsafe,
                "spec.ingressClassName needs an IngressClass object of that name");
  context.AddNote(Severity::kWarning,
                  "spec.ingressClassName: " + class_name +
                      " moved from the kubernetes.io/ingress.class annotation; the "
                      "cluster needs an IngressClass named " +
                      class_name + " or the controller ignores this Ingress");
}

void ConvertEndpointSlice(Value& object, const Hop& hop, const ConvertOptions&,
                          ConversionContext& context) {
  SetApiVersion(object, hop, context);
  Value* endpoints = object.Get("endpoints");
  if (endpoints == nullptr || !endpoints->IsSequence()) return;
  for (size_t i = 0; i < endpoints->items().size(); ++i) {
    Value& endpoint = endpoints->items()[i];
    if (!endpoint.IsMapping() || !endpoint.Has("topology")) continue;
    std::string at = "endpoints[" + std::to_string(i) + "]";
    Value topology = endpoint.Take("topology");
    if (topology.IsMapping()) {
      // The upstream conversion moves these two keys to their own v1 fields.
      Value hostname = topology.Take("kubernetes.io/hostname");
      if (!hostname.IsNull() && !endpoint.Has("nodeName")) {
        endpoint.Set("nodeName", hostname);
        context.AddEdit(at + ".nodeName", "set from topology[kubernetes.io/hostname]");
      }
      Value zone = topology.Take("topology.kubernetes.io/zone");
      if (!zone.IsNull() && !endpoint.Has("zone")) {
        endpoint.Set("zone", zone);
        context.AddEdit(at + ".zone", "set from topology[topology.kubernetes.io/zone]");
      }
    }
    if (topology.size() > 0) {
      endpoint.Set("deprecatedTopology", std::move(topology));
      context.AddEdit(at + ".topology", "renamed to deprecatedTopology");
      context.AddNote(Severity::kInfo,
                      at + ".deprecatedTopology: the remaining topology keys are kept but "
                           "deprecated in discovery.k8s.io/v1; consumers read nodeName and zone");
    }
  }
}

}  // namespace greenlight::overlay::internal
