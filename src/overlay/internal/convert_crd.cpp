// CustomResourceDefinition apiextensions.k8s.io/v1beta1 -> v1: top-level validation,
// subresources and printer columns move into every version, a schema becomes required and
// must be structural, pruning becomes the rule (preserveUnknownFields), and the conversion
// webhook settings move under conversion.webhook.
#include <string>
#include <vector>

#include "overlay/internal/converters.h"

namespace greenlight::overlay::internal {

using document::Value;

namespace {

// Schema nodes that do not say their type (structural schemas require one, except where
// x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields stands in for it).
void FindUntypedNodes(const Value& schema, const std::string& path, std::vector<std::string>& out) {
  if (!schema.IsMapping()) return;
  bool exempt = schema.Has("x-kubernetes-int-or-string") ||
                schema.Has("x-kubernetes-preserve-unknown-fields");
  if (!schema.Has("type") && !exempt) out.push_back(path.empty() ? "<root>" : path);
  if (const Value* props = schema.Get("properties"); props != nullptr && props->IsMapping()) {
    for (const auto& [name, child] : props->entries()) {
      FindUntypedNodes(child, path.empty() ? name : path + "." + name, out);
    }
  }
  if (const Value* items = schema.Get("items")) FindUntypedNodes(*items, path + "[]", out);
  if (const Value* extra = schema.Get("additionalProperties");
      extra != nullptr && extra->IsMapping()) {
    FindUntypedNodes(*extra, path + ".*", out);
  }
}

Value RenameJsonPath(Value columns, ConversionContext& context, const std::string& at) {
  if (!columns.IsSequence()) return columns;
  for (Value& column : columns.items()) {
    if (column.IsMapping() && column.Rename("JSONPath", "jsonPath")) {
      context.AddEdit(at, "additionalPrinterColumns[].JSONPath -> jsonPath");
    }
  }
  return columns;
}

void ConvertConversion(Value& spec, ConversionContext& context) {
  Value* conversion = spec.Get("conversion");
  if (conversion == nullptr || !conversion->IsMapping()) return;
  Value client = conversion->Take("webhookClientConfig");
  Value review = conversion->Take("conversionReviewVersions");
  if (client.IsNull() && review.IsNull()) return;
  Value webhook = Value::Mapping();
  if (!client.IsNull()) webhook.Set("clientConfig", std::move(client));
  if (review.IsNull()) {
    Value versions = Value::Sequence();
    versions.Append(Value::String("v1beta1"));
    review = std::move(versions);
    context.AddNote(Severity::kInfo,
                    "spec.conversion.webhook.conversionReviewVersions: [v1beta1] made explicit "
                    "(the old default; v1 requires the field); add v1 once the webhook speaks it");
  }
  webhook.Set("conversionReviewVersions", std::move(review));
  conversion->Set("webhook", std::move(webhook));
  context.AddEdit("spec.conversion",
                  "webhookClientConfig/conversionReviewVersions -> webhook{clientConfig, "
                  "conversionReviewVersions}");
}

}  // namespace

void ConvertCrd(Value& object, const Hop& hop, const ConvertOptions&, ConversionContext& context) {
  SetApiVersion(object, hop, context);
  Value* spec_ptr = object.Get("spec");
  if (spec_ptr == nullptr || !spec_ptr->IsMapping()) return;
  Value& spec = *spec_ptr;

  if (!spec.Has("scope")) {
    spec.SetAfter("names", "scope", Value::String("Namespaced"));
    context.AddEdit("spec.scope", "set to Namespaced (the old default; v1 requires it)");
  }
  Value single_version = spec.Take("version");
  Value validation = spec.Take("validation");
  Value subresources = spec.Take("subresources");
  Value columns = spec.Take("additionalPrinterColumns");
  Value preserve = spec.Take("preserveUnknownFields");
  bool preserved_unknown =
      !(preserve.scalar_type() == document::ScalarType::kBool && preserve.text() == "false");

  Value* versions = spec.Get("versions");
  if (versions == nullptr || !versions->IsSequence() || versions->size() == 0) {
    Value list = Value::Sequence();
    Value only = Value::Mapping();
    only.Set("name", single_version);
    only.Set("served", Value::Bool(true));
    only.Set("storage", Value::Bool(true));
    list.Append(std::move(only));
    versions = &spec.SetAfter("scope", "versions", std::move(list));
    context.AddEdit("spec.version", "-> spec.versions[0] (served and storage)");
  } else if (!single_version.IsNull()) {
    context.AddEdit("spec.version", "removed (spec.versions lists every version)");
  }
  if (!validation.IsNull())
    context.AddEdit("spec.validation", "copied into every version's schema");
  if (!subresources.IsNull()) context.AddEdit("spec.subresources", "copied into every version");
  if (!columns.IsNull())
    context.AddEdit("spec.additionalPrinterColumns", "copied into every version");

  std::vector<std::string> untyped;
  bool added_open_schema = false;
  for (size_t i = 0; i < versions->items().size(); ++i) {
    Value& version = versions->items()[i];
    if (!version.IsMapping()) continue;
    std::string at = "spec.versions[" + std::to_string(i) + "]";
    for (std::string_view flag : {"served", "storage"}) {
      if (!version.Has(flag)) {
        version.Set(flag, Value::Bool(false));
        context.AddEdit(at + "." + std::string(flag), "set to false (required in v1)");
      }
    }
    if (!version.Has("schema") && !validation.IsNull()) version.Set("schema", validation);
    if (!version.Has("subresources") && !subresources.IsNull())
      version.Set("subresources", subresources);
    if (!version.Has("additionalPrinterColumns") && !columns.IsNull()) {
      version.Set("additionalPrinterColumns", columns);
    }
    if (Value* own = version.Get("additionalPrinterColumns"))
      *own = RenameJsonPath(*own, context, at);
    Value* schema = document::FindValue(version, {"schema", "openAPIV3Schema"});
    if (schema == nullptr || !schema->IsMapping()) {
      Value open = Value::Mapping();
      open.Set("type", Value::String("object"));
      open.Set("x-kubernetes-preserve-unknown-fields", Value::Bool(true));
      Value wrapper = Value::Mapping();
      wrapper.Set("openAPIV3Schema", std::move(open));
      version.Set("schema", std::move(wrapper));
      context.AddEdit(at + ".schema",
                      "added an open schema (type: object, x-kubernetes-preserve-unknown-fields)");
      added_open_schema = true;
      continue;
    }
    if (preserved_unknown && !schema->Has("x-kubernetes-preserve-unknown-fields")) {
      schema->Set("x-kubernetes-preserve-unknown-fields", Value::Bool(true));
      context.AddEdit(at + ".schema.openAPIV3Schema",
                      "x-kubernetes-preserve-unknown-fields: true (was "
                      "spec.preserveUnknownFields)");
    }
    std::vector<std::string> found;
    FindUntypedNodes(*schema, "", found);
    for (auto& f : found)
      untyped.push_back(std::string(ScalarText(version.Get("name"))) + ": " + f);
  }
  if (!preserve.IsNull() || preserved_unknown) {
    context.AddEdit("spec.preserveUnknownFields",
                    "removed (v1 prunes unknown fields; see the schema)");
  }
  if (added_open_schema) {
    context.Raise(Applicability::kUnsafe, "a version had no schema; an open one was written");
    context.AddNote(
        Severity::kWarning,
        "a version had no validation schema; v1 requires one, so an open schema (any object, "
        "unknown fields kept) was written: the API server validates nothing, as before");
  }
  if (preserved_unknown) {
    context.Raise(Applicability::kUnsafe, "unknown fields are now pruned below the schema root");
    context.AddNote(
        Severity::kWarning,
        "spec.preserveUnknownFields (true by default in v1beta1) is gone in v1: unknown fields "
        "are kept only at the schema root (x-kubernetes-preserve-unknown-fields: true); fields "
        "not declared inside nested objects are now pruned on write");
  }
  if (!untyped.empty()) {
    context.Raise(Applicability::kManual, "the schema is not structural");
    std::string list;
    for (size_t i = 0; i < untyped.size() && i < 5; ++i) list += (i ? ", " : "") + untyped[i];
    if (untyped.size() > 5) list += ", and " + std::to_string(untyped.size() - 5) + " more";
    context.AddNote(Severity::kError, "the schema is not structural (v1 rejects it): no type at " +
                                          list +
                                          "; add a type, or x-kubernetes-preserve-unknown-fields / "
                                          "x-kubernetes-int-or-string where the value is open");
  }
  ConvertConversion(spec, context);
}

}  // namespace greenlight::overlay::internal
