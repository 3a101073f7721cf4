// Helpers shared by the converters, the same-schema converter and the 1.16 workload moves.
#include <string>

#include "overlay/internal/converters.h"

namespace greenlight::overlay::internal {

using document::Value;

std::string ScalarText(const Value* value) {
  return value != nullptr && value->IsScalar() && !value->IsNull() ? value->text() : std::string();
}

void SetApiVersion(Value& object, const Hop& hop, ConversionContext& context) {
  object.Set("apiVersion", Value::String(hop.to_api_version));
  context.AddEdit("apiVersion", hop.from_api_version + " -> " + hop.to_api_version);
}

void ConvertSameSchema(Value& object, const Hop& hop, const ConvertOptions&,
                       ConversionContext& context) {
  SetApiVersion(object, hop, context);
}

namespace {

// Inserts key before `before` (or appends when absent), keeping the rest of the order.
void InsertBefore(Value& map, std::string_view before, std::string_view key, Value value) {
  auto& entries = map.entries();
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].first != before) continue;
    if (i == 0) {
      entries.insert(entries.begin(), {std::string(key), std::move(value)});
    } else {
      map.SetAfter(entries[i - 1].first, key, std::move(value));
    }
    return;
  }
  map.Set(key, std::move(value));
}

std::string JoinLabels(const Value& labels) {
  std::string out;
  for (const auto& [k, v] : labels.entries()) {
    if (!out.empty()) out += ", ";
    out += k + "=" + ScalarText(&v);
  }
  return out;
}

void DeriveSelector(Value& spec, const Hop& hop, ConversionContext& context) {
  const Value* selector = spec.Get("selector");
  if (selector != nullptr && !selector->IsNull()) return;
  const Value* labels = document::FindValue(spec, {"template", "metadata", "labels"});
  if (labels == nullptr || !labels->IsMapping() || labels->size() == 0) {
    context.Raise(Applicability::kManual,
                  "apps/v1 requires spec.selector and the pod template has no labels");
    context.AddNote(
        Severity::kError,
        "spec.selector is required in apps/v1 and there are no pod template labels to derive "
        "it from; add labels to spec.template.metadata.labels and a matching spec.selector");
    return;
  }
  Value match = Value::Mapping();
  match.Set("matchLabels", *labels);
  spec.Take("selector");
  InsertBefore(spec, "template", "selector", std::move(match));
  context.AddEdit("spec.selector", "added: matchLabels copied from spec.template.metadata.labels");
  context.Raise(
      Applicability::kUnsafe,
      "spec.selector is derived from the pod template labels and is immutable in apps/v1");
  context.AddNote(Severity::kWarning,
                  "spec.selector derived from spec.template.metadata.labels (" +
                      JoinLabels(*labels) + "), the selector " + hop.from_api_version +
                      " defaulted to; apps/v1 requires it and never lets it change, so check it "
                      "matches the selector of the object already running");
}

// A default the old API applied that apps/v1 changed: written out so the behaviour stays.
void MakeDefaultExplicit(Value& parent, std::string_view path_prefix, std::string_view key,
                         Value old_default, std::string_view new_default,
                         ConversionContext& context) {
  if (parent.Has(key)) return;
  std::string shown = old_default.text();
  parent.Set(key, std::move(old_default));
  std::string path = std::string(path_prefix) + std::string(key);
  context.AddEdit(path, "set to " + shown + " (the old default; apps/v1 defaults to " +
                            std::string(new_default) + ")");
  context.AddNote(Severity::kInfo,
                  path + ": " + shown +
                      " made explicit to keep the old default (apps/v1 defaults to " +
                      std::string(new_default) + "); remove it to adopt the new default");
}

void ConvertDeployment(Value& spec, const Hop& hop, ConversionContext& context) {
  bool extensions = hop.from_api_version == "extensions/v1beta1";
  bool apps_v1beta1 = hop.from_api_version == "apps/v1beta1";
  if (spec.Has("rollbackTo")) {
    spec.Take("rollbackTo");
    context.AddEdit("spec.rollbackTo", "removed (apps/v1 has no rollback field)");
    context.Raise(Applicability::kUnsafe, "spec.rollbackTo has no apps/v1 equivalent");
    context.AddNote(Severity::kWarning,
                    "spec.rollbackTo was dropped: apps/v1 cannot request a rollback in the object; "
                    "use 'kubectl rollout undo' instead");
  }
  if (extensions) {
    Value* strategy = spec.Get("strategy");
    std::string type = strategy != nullptr ? ScalarText(strategy->Get("type")) : std::string();
    if (type.empty() || type == "RollingUpdate") {
      if (strategy == nullptr) strategy = &spec.Set("strategy", Value::Mapping());
      Value* rolling = strategy->Get("rollingUpdate");
      if (rolling == nullptr || !rolling->IsMapping())
        rolling = &strategy->Set("rollingUpdate", Value::Mapping());
      MakeDefaultExplicit(*rolling, "spec.strategy.rollingUpdate.", "maxUnavailable", Value::Int(1),
                          "25%", context);
      MakeDefaultExplicit(*rolling, "spec.strategy.rollingUpdate.", "maxSurge", Value::Int(1),
                          "25%", context);
    }
    if (!spec.Has("revisionHistoryLimit")) {
      context.Raise(Applicability::kUnsafe,
                    "revision history and progress deadline defaults changed");
      context.AddNote(
          Severity::kWarning,
          "spec.revisionHistoryLimit: extensions/v1beta1 kept every old ReplicaSet, apps/v1 "
          "keeps 10; older revisions can no longer be rolled back to");
    }
    if (!spec.Has("progressDeadlineSeconds")) {
      context.Raise(Applicability::kUnsafe,
                    "revision history and progress deadline defaults changed");
      context.AddNote(
          Severity::kWarning,
          "spec.progressDeadlineSeconds: extensions/v1beta1 had no deadline, apps/v1 reports a "
          "rollout as failed (Progressing=False) after 600 seconds");
    }
  }
  if (apps_v1beta1) {
    MakeDefaultExplicit(spec, "spec.", "revisionHistoryLimit", Value::Int(2), "10", context);
  }
}

}  // namespace

void ConvertWorkload(Value& object, const Hop& hop, const ConvertOptions&,
                     ConversionContext& context) {
  SetApiVersion(object, hop, context);
  Value* spec = object.Get("spec");
  if (spec == nullptr || !spec->IsMapping()) {
    context.Raise(Applicability::kManual, "the object has no spec");
    context.AddNote(
        Severity::kError,
        "the object has no spec mapping; apps/v1 needs spec.selector and spec.template");
    return;
  }
  DeriveSelector(*spec, hop, context);
  if (hop.kind == "Deployment") {
    ConvertDeployment(*spec, hop, context);
  } else if (hop.kind == "DaemonSet" && hop.from_api_version == "extensions/v1beta1") {
    if (spec->Has("templateGeneration")) {
      spec->Take("templateGeneration");
      context.AddEdit("spec.templateGeneration", "removed (not in apps/v1)");
      context.AddNote(Severity::kInfo,
                      "spec.templateGeneration was dropped: apps/v1 tracks revisions in "
                      "ControllerRevisions instead");
    }
    Value* strategy = spec->Get("updateStrategy");
    if (strategy == nullptr || !strategy->IsMapping())
      strategy = &spec->Set("updateStrategy", Value::Mapping());
    MakeDefaultExplicit(*strategy, "spec.updateStrategy.", "type", Value::String("OnDelete"),
                        "RollingUpdate", context);
  } else if (hop.kind == "StatefulSet" && hop.from_api_version == "apps/v1beta1") {
    Value* strategy = spec->Get("updateStrategy");
    if (strategy == nullptr || !strategy->IsMapping())
      strategy = &spec->Set("updateStrategy", Value::Mapping());
    MakeDefaultExplicit(*strategy, "spec.updateStrategy.", "type", Value::String("OnDelete"),
                        "RollingUpdate", context);
  }
}

}  // namespace greenlight::overlay::internal
