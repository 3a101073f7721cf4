#include "parity/parity.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "document/parser.h"
#include "parity/compare.h"

namespace greenlight::parity {
namespace {

std::string Quote(const std::optional<std::string>& value) {
  return "'" + value.value_or("") + "'";
}

std::string MessageFor(const Difference& d) {
  if (d.rule_id == kMissingOnGreen) return d.object.Display() + " is on blue but not on green";
  if (d.rule_id == kExtraOnGreen) return d.object.Display() + " is on green only";
  std::string object = d.object.Display() + ": ";
  if (!d.blue_value) return object + d.field + " " + Quote(d.green_value) + " is on green only";
  if (!d.green_value) return object + d.field + " " + Quote(d.blue_value) + " is missing on green";
  return object + d.field + " is " + Quote(d.blue_value) + " on blue, " + Quote(d.green_value) +
         " on green";
}

Location FieldLocation(const SideObject& object, const FieldPath& path) {
  return document::LocationOf(path.Locate(object.node), object.location.file,
                              object.location.document);
}

class Comparison {
 public:
  explicit Comparison(const ParityOptions& options)
      : options_(options), values_(options.config.cluster_values) {}

  void Run(const Side& blue, const Side& green) {
    std::map<ObjectKey, const SideObject*> green_by_key;
    for (const SideObject& object : green.objects) green_by_key.emplace(object.key, &object);
    std::map<ObjectKey, bool> matched;
    for (const SideObject& b : blue.objects) {
      auto it = green_by_key.find(b.key);
      if (it == green_by_key.end()) {
        if (!b.normalized) {
          ++result_.summary.removed_api;  // the target cannot serve it: its absence is expected
        } else {
          Emit(kMissingOnGreen, &b, nullptr, {}, "present", std::nullopt);
        }
        continue;
      }
      matched[b.key] = true;
      ++result_.summary.matched;
      CompareMatched(b, *it->second);
    }
    for (const SideObject& g : green.objects) {
      if (!matched.count(g.key)) Emit(kExtraOnGreen, nullptr, &g, {}, std::nullopt, "present");
    }
  }

  ParityResult Take() { return std::move(result_); }

 private:
  bool Ignored(const ObjectKey& key, std::string_view field) const {
    return std::any_of(options_.config.ignore.begin(), options_.config.ignore.end(),
                       [&](const IgnoreEntry& entry) {
                         return IgnoreMatches(entry, key.kind, key.namespace_name, key.name, field);
                       });
  }

  void CompareMatched(const SideObject& b, const SideObject& g) {
    if (!b.normalized || !g.normalized) return;
    DiffSink sink(values_);
    CompareObjectPair(b.key.kind, *b.normalized, *g.normalized, sink);
    result_.summary.cluster_values += sink.cluster_value_matches();
    for (RawDifference& raw : sink.Take()) {
      Emit(raw.rule_id, &b, &g, raw.path, std::move(raw.blue), std::move(raw.green));
    }
  }

  void Emit(std::string_view rule_id, const SideObject* b, const SideObject* g,
            const FieldPath& path, std::optional<std::string> blue_value,
            std::optional<std::string> green_value) {
    const ObjectKey& key = b != nullptr ? b->key : g->key;
    std::string field = path.ToString();
    if (Ignored(key, field)) {
      ++result_.summary.ignored;
      return;
    }
    const ParityRule* rule = FindParityRule(rule_id);
    Difference d;
    d.rule_id = std::string(rule->id);
    d.rule_name = std::string(rule->name);
    d.severity = rule->severity;
    d.object = key;
    d.field = std::move(field);
    d.blue_value = std::move(blue_value);
    d.green_value = std::move(green_value);
    if (b != nullptr) {
      d.blue_api_version = b->api_version;
      d.blue_location = path.empty() ? b->location : FieldLocation(*b, path);
    }
    if (g != nullptr) {
      d.green_api_version = g->api_version;
      d.green_location = path.empty() ? g->location : FieldLocation(*g, path);
    }
    d.message = MessageFor(d);
    result_.differences.push_back(std::move(d));
  }

  const ParityOptions& options_;
  ClusterValueMap values_;
  ParityResult result_;
};

void Summarise(const Side& blue, const Side& green, ParityResult& result) {
  ParitySummary& s = result.summary;
  s.blue_objects = blue.objects.size();
  s.green_objects = green.objects.size();
  for (const SideObject& o : blue.objects) s.converted_blue += o.converted ? 1 : 0;
  for (const SideObject& o : green.objects) s.converted_green += o.converted ? 1 : 0;
  for (const Difference& d : result.differences) {
    if (d.severity == Severity::kError) ++s.errors;
    if (d.severity == Severity::kWarning) ++s.warnings;
    if (d.severity == Severity::kInfo) ++s.infos;
  }
}

}  // namespace

ParityResult CompareSides(const Side& blue, const Side& green, const ParityOptions& options) {
  Comparison comparison(options);
  comparison.Run(blue, green);
  ParityResult result = comparison.Take();
  result.target = options.target;
  result.blue_label = blue.label;
  result.green_label = green.label;
  // Most severe first; then an app's objects together (namespace and name before kind).
  std::stable_sort(result.differences.begin(), result.differences.end(),
                   [](const Difference& a, const Difference& b) {
                     return std::tie(b.severity, a.object.namespace_name, a.object.name,
                                     a.object.kind, a.object.group, a.field, a.rule_id) <
                            std::tie(a.severity, b.object.namespace_name, b.object.name,
                                     b.object.kind, b.object.group, b.field, b.rule_id);
                   });
  for (const Side* side : {&blue, &green}) {
    result.errors.insert(result.errors.end(), side->errors.begin(), side->errors.end());
    result.notes.insert(result.notes.end(), side->notes.begin(), side->notes.end());
  }
  Summarise(blue, green, result);
  return result;
}

ParityResult CompareFiles(const std::string& blue_label,
                          const std::vector<overlay::SourceFile>& blue,
                          const std::string& green_label,
                          const std::vector<overlay::SourceFile>& green,
                          const catalog::ApiCatalog& catalog, const ParityOptions& options) {
  Side blue_side = LoadSide(blue_label, blue, catalog, options.target);
  Side green_side = LoadSide(green_label, green, catalog, options.target);
  return CompareSides(blue_side, green_side, options);
}

bool HasDifferenceAtOrAbove(const ParityResult& result, Severity threshold) {
  return std::any_of(result.differences.begin(), result.differences.end(),
                     [&](const Difference& d) { return d.severity >= threshold; });
}

}  // namespace greenlight::parity
