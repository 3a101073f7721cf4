// HorizontalPodAutoscaler autoscaling/v2beta1 -> autoscaling/v2: metric sources move their
// target* fields into target{type, ...} and their metric name/selector into metric{}.
#include <string>

#include "overlay/internal/converters.h"

namespace greenlight::overlay::internal {

using document::Value;

namespace {

// Moves the present target* field of `source` into a v2 target{type, ...}.
Value TakeTarget(Value& source, ConversionContext& context, const std::string& at) {
  Value target = Value::Mapping();
  if (Value v = source.Take("targetAverageUtilization"); !v.IsNull()) {
    target.Set("type", Value::String("Utilization"));
    target.Set("averageUtilization", std::move(v));
    context.AddEdit(at,
                    "targetAverageUtilization -> target{type: Utilization, averageUtilization}");
  } else if (Value v = source.Take("targetAverageValue"); !v.IsNull()) {
    target.Set("type", Value::String("AverageValue"));
    target.Set("averageValue", std::move(v));
    context.AddEdit(at, "targetAverageValue -> target{type: AverageValue, averageValue}");
  } else if (Value v = source.Take("targetValue"); !v.IsNull()) {
    target.Set("type", Value::String("Value"));
    target.Set("value", std::move(v));
    context.AddEdit(at, "targetValue -> target{type: Value, value}");
  } else if (Value v = source.Take("averageValue"); !v.IsNull()) {
    // v2beta1 Object metrics carried an optional averageValue beside targetValue.
    target.Set("type", Value::String("AverageValue"));
    target.Set("averageValue", std::move(v));
    context.AddEdit(at, "averageValue -> target{type: AverageValue, averageValue}");
  }
  return target;
}

Value TakeMetricIdentifier(Value& source, std::string_view selector_key) {
  Value metric = Value::Mapping();
  if (Value name = source.Take("metricName"); !name.IsNull()) metric.Set("name", std::move(name));
  if (Value selector = source.Take(selector_key); !selector.IsNull())
    metric.Set("selector", std::move(selector));
  return metric;
}

void ConvertMetric(Value& metric, const std::string& at, ConversionContext& context) {
  std::string type = ScalarText(metric.Get("type"));
  if (type == "Resource" || type == "ContainerResource") {
    std::string key = type == "Resource" ? "resource" : "containerResource";
    Value* source = metric.Get(key);
    if (source == nullptr || !source->IsMapping()) return;
    Value target = TakeTarget(*source, context, at + "." + key);
    source->Set("target", std::move(target));
  } else if (type == "Pods") {
    Value* source = metric.Get("pods");
    if (source == nullptr || !source->IsMapping()) return;
    Value id = TakeMetricIdentifier(*source, "selector");
    Value target = TakeTarget(*source, context, at + ".pods");
    Value rebuilt = Value::Mapping();
    rebuilt.Set("metric", std::move(id));
    rebuilt.Set("target", std::move(target));
    *source = std::move(rebuilt);
    context.AddEdit(at + ".pods", "metricName/selector -> metric{name, selector}");
  } else if (type == "Object") {
    Value* source = metric.Get("object");
    if (source == nullptr || !source->IsMapping()) return;
    Value described = source->Take("target");  // v2beta1's object reference
    if (source->Has("averageValue") && source->Has("targetValue")) {
      // The v2beta1 autoscaler used averageValue when it was set; v2 takes one target.
      Value dropped = source->Take("targetValue");
      context.Raise(Applicability::kUnsafe,
                    "an Object metric had both targetValue and averageValue");
      context.AddNote(Severity::kWarning,
                      at + ".object: targetValue " + dropped.text() +
                          " was dropped; averageValue, which the autoscaler used, is kept");
    }
    Value id = TakeMetricIdentifier(*source, "selector");
    Value target = TakeTarget(*source, context, at + ".object");
    Value rebuilt = Value::Mapping();
    rebuilt.Set("describedObject", std::move(described));
    rebuilt.Set("metric", std::move(id));
    rebuilt.Set("target", std::move(target));
    *source = std::move(rebuilt);
    context.AddEdit(at + ".object",
                    "target -> describedObject; metricName/selector -> metric{name, selector}");
  } else if (type == "External") {
    Value* source = metric.Get("external");
    if (source == nullptr || !source->IsMapping()) return;
    Value id = TakeMetricIdentifier(*source, "metricSelector");
    Value target = TakeTarget(*source, context, at + ".external");
    Value rebuilt = Value::Mapping();
    rebuilt.Set("metric", std::move(id));
    rebuilt.Set("target", std::move(target));
    *source = std::move(rebuilt);
    context.AddEdit(at + ".external", "metricName/metricSelector -> metric{name, selector}");
  }
}

}  // namespace

void ConvertHpaV2beta1(Value& object, const Hop& hop, const ConvertOptions&,
                       ConversionContext& context) {
  SetApiVersion(object, hop, context);
  Value* metrics = document::FindValue(object, {"spec", "metrics"});
  if (metrics == nullptr || !metrics->IsSequence()) return;
  for (size_t i = 0; i < metrics->items().size(); ++i) {
    if (!metrics->items()[i].IsMapping()) continue;
    ConvertMetric(metrics->items()[i], "spec.metrics[" + std::to_string(i) + "]", context);
  }
}

}  // namespace greenlight::overlay::internal
