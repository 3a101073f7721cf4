// Validating/MutatingWebhookConfiguration admissionregistration.k8s.io/v1beta1 -> v1:
// sideEffects and admissionReviewVersions became required, and four defaults changed; the old
// defaults are written out so the webhook behaves as it did.
#include <string>

#include "overlay/internal/converters.h"

namespace greenlight::overlay::internal {

using document::Value;

namespace {

struct ChangedDefault {
  std::string_view field;
  std::string_view old_default;
  std::string_view new_default;
  bool is_int;
};

constexpr ChangedDefault kChangedDefaults[] = {
    {"failurePolicy", "Ignore", "Fail", false},
    {"matchPolicy", "Exact", "Equivalent", false},
    {"timeoutSeconds", "30", "10", true},
};

void ConvertWebhook(Value& webhook, const std::string& at, ConversionContext& context) {
  std::string side_effects = ScalarText(webhook.Get("sideEffects"));
  if (side_effects != "None" && side_effects != "NoneOnDryRun") {
    std::string was = side_effects.empty() ? "unset (Unknown)" : side_effects;
    webhook.Set("sideEffects", Value::String("None"));
    context.AddEdit(at + ".sideEffects",
                    "set to None (was " + was + "; v1 accepts only None or NoneOnDryRun)");
    context.Raise(Applicability::kManual, "sideEffects " + was + " is not allowed in v1");
    context.AddNote(
        Severity::kError,
        at + ".sideEffects was " + was +
            ", which v1 rejects; it is now None, which also lets dry-run requests reach the "
            "webhook. Confirm the webhook has no side effects, or make it honour dryRun and use "
            "NoneOnDryRun");
  }
  if (!webhook.Has("admissionReviewVersions")) {
    Value versions = Value::Sequence();
    versions.Append(Value::String("v1beta1"));
    webhook.Set("admissionReviewVersions", std::move(versions));
    context.AddEdit(at + ".admissionReviewVersions",
                    "set to [v1beta1] (the old default; v1 requires it)");
    context.AddNote(Severity::kInfo,
                    at + ".admissionReviewVersions: [v1beta1] made explicit (what the webhook "
                         "received before); add v1 first once the webhook accepts it");
  }
  for (const ChangedDefault& d : kChangedDefaults) {
    if (webhook.Has(d.field)) continue;
    std::string old_default(d.old_default);
    webhook.Set(d.field, d.is_int ? Value::Scalar(old_default, document::ScalarType::kInt)
                                  : Value::String(old_default));
    std::string path = at + "." + std::string(d.field);
    context.AddEdit(path, "set to " + old_default + " (the v1beta1 default; v1 defaults to " +
                              std::string(d.new_default) + ")");
    context.AddNote(Severity::kInfo, path + ": " + old_default +
                                         " made explicit to keep the v1beta1 behaviour "
                                         "(v1 defaults to " +
                                         std::string(d.new_default) + ")");
  }
}

}  // namespace

void ConvertWebhookConfiguration(Value& object, const Hop& hop, const ConvertOptions&,
                                 ConversionContext& context) {
  SetApiVersion(object, hop, context);
  Value* webhooks = object.Get("webhooks");
  if (webhooks == nullptr || !webhooks->IsSequence()) return;
  for (size_t i = 0; i < webhooks->items().size(); ++i) {
    if (!webhooks->items()[i].IsMapping()) continue;
    ConvertWebhook(webhooks->items()[i], "webhooks[" + std::to_string(i) + "]", context);
  }
}

}  // namespace greenlight::overlay::internal
