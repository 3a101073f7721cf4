#include "checks/finding.h"

#include <cstdint>
#include <cstdio>
#include <tuple>

namespace greenlight::checks {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "error";
}

std::optional<Severity> ParseSeverity(std::string_view text) {
  if (text == "info") return Severity::kInfo;
  if (text == "warning") return Severity::kWarning;
  if (text == "error") return Severity::kError;
  return std::nullopt;
}

std::string ComputeFingerprint(const Finding& f) {
  // FNV-1a 64 over the identifying fields, separated so that ("ab","c") != ("a","bc").
  uint64_t hash = 1469598103934665603ULL;
  auto mix = [&](const std::string& s) {
    for (unsigned char c : s) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
    hash ^= 0x1f;
    hash *= 1099511628211ULL;
  };
  mix(f.rule_id);
  mix(f.api_version);
  mix(f.kind);
  mix(f.namespace_name);
  mix(f.name);
  mix(f.helm_source);
  if (!f.render_unit.empty()) mix(f.render_unit);  // plain findings keep their fingerprints
  // A recorded manifest is a second source beside the live object; the revision is left out so
  // a problem carried into the next revision keeps its fingerprint.
  if (!f.recorded_in.empty()) mix(f.recorded_in);
  if (f.helm_release) mix(f.helm_release->namespace_name + "/" + f.helm_release->name);
  // Objects without a name (e.g. generateName) fall back to the file so they stay distinct.
  if (f.name.empty() || f.kind.empty()) mix(f.location.file);
  if (f.kind.empty()) mix(f.message);
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

bool FindingLess(const Finding& a, const Finding& b) {
  return std::tie(a.location.file, a.location.line, a.location.column, a.item, a.rule_id, a.message) <
         std::tie(b.location.file, b.location.line, b.location.column, b.item, b.rule_id, b.message);
}

}  // namespace greenlight::checks
