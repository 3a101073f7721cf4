#include "parity/parity_config.h"

#include <algorithm>

#include "document/field_reader.h"
#include "document/parser.h"

namespace greenlight::parity {
namespace {

using document::MappingReader;
using document::Node;

Status ReadClusterValues(const Node* list, std::string_view file, ParityConfig& into) {
  for (const Node* item : list->items()) {
    MappingReader r(item, file, "cluster value");
    ClusterValue value;
    value.blue = r.RequiredString("blue").value_or("");
    value.green = r.RequiredString("green").value_or("");
    value.where = document::LocationOf(item, file);
    if (r.ok() && value.blue == value.green) {
      r.Fail(item, "'blue' and 'green' are both '" + value.blue + "'; list values that differ");
    }
    GL_RETURN_IF_ERROR(r.Finish());
    for (const ClusterValue& seen : into.cluster_values) {
      if (seen.blue == value.blue) {
        return InvalidArgument(
            "blue value '" + value.blue + "' is already paired at " + seen.where.ToString(),
            value.where);
      }
    }
    into.cluster_values.push_back(std::move(value));
  }
  return Status::Ok();
}

Status ReadIgnore(const Node* list, std::string_view file, ParityConfig& into) {
  for (const Node* item : list->items()) {
    IgnoreEntry entry;
    entry.where = document::LocationOf(item, file);
    if (item->IsString()) {  // shorthand: a field glob for every kind
      entry.field = item->scalar();
      into.ignore.push_back(std::move(entry));
      continue;
    }
    MappingReader r(item, file, "ignore entry");
    entry.field = r.OptionalString("field").value_or("");
    entry.kinds = r.OptionalStringList("kinds", /*allow_scalar=*/true);
    entry.objects = r.OptionalStringList("objects", /*allow_scalar=*/true);
    if (r.ok() && entry.field.empty() && entry.kinds.empty() && entry.objects.empty()) {
      r.Fail(item, "an ignore entry needs 'field', 'kinds' or 'objects'");
    }
    GL_RETURN_IF_ERROR(r.Finish());
    into.ignore.push_back(std::move(entry));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<ParityConfig> ReadParitySection(const Node* section, std::string_view file) {
  ParityConfig config;
  config.origin = std::string(file);
  MappingReader r(section, file, "parity section");
  const Node* values = r.OptionalSequence("clusterValues");
  const Node* ignore = r.OptionalSequence("ignore");
  GL_RETURN_IF_ERROR(r.Finish());
  if (values != nullptr) GL_RETURN_IF_ERROR(ReadClusterValues(values, file, config));
  if (ignore != nullptr) GL_RETURN_IF_ERROR(ReadIgnore(ignore, file, config));
  return config;
}

StatusOr<ParityConfig> ParseParityConfig(std::string text, std::string_view display_path) {
  GL_ASSIGN_OR_RETURN(document::Document doc,
                      document::ParseSingleDocument(std::move(text), display_path));
  const Node* root = doc.root();
  ParityConfig empty;
  empty.origin = std::string(display_path);
  if (root == nullptr) return empty;
  if (!root->IsMapping()) {
    return InvalidArgument(
        "expected a mapping at the top of the config file, got " + document::DescribeNode(root),
        document::LocationOf(root, display_path));
  }
  const Node* section = root->Get("parity");
  if (section == nullptr) return empty;
  return ReadParitySection(section, display_path);
}

bool FieldGlobMatch(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star_p = ++p;
      star_t = t;
    } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (star_p != std::string_view::npos) {
      p = star_p;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool IgnoreMatches(const IgnoreEntry& entry, std::string_view kind, std::string_view namespace_name,
                   std::string_view name, std::string_view field) {
  if (!entry.kinds.empty() &&
      std::find(entry.kinds.begin(), entry.kinds.end(), kind) == entry.kinds.end()) {
    return false;
  }
  if (!entry.objects.empty()) {
    std::string object = namespace_name.empty()
                             ? std::string(name)
                             : std::string(namespace_name) + "/" + std::string(name);
    bool any = std::any_of(entry.objects.begin(), entry.objects.end(),
                           [&](const std::string& glob) { return FieldGlobMatch(glob, object); });
    if (!any) return false;
  }
  // An entry without a field covers the whole object; one with a field never covers the
  // object's absence (that would hide a forgotten app behind a field rule).
  if (entry.field.empty()) return true;
  return !field.empty() && FieldGlobMatch(entry.field, field);
}

}  // namespace greenlight::parity
