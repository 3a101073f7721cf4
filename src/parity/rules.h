// File: src/parity/rules.h
// The kinds of difference `greenlight parity` reports between the blue and the green side. Each
// has a stable code (PAR6xx, never reused), a kebab-case name that describes the pattern, and a
// fixed severity; the report, --fail-on and the README all read this one table.
#pragma once

#include <string_view>
#include <vector>

#include "overlay/fix.h"

namespace greenlight::parity {

using Severity = overlay::Severity;

struct ParityRule {
  std::string_view id;    ///< "PAR603"
  std::string_view name;  ///< "image-drift"
  Severity severity;
  std::string_view summary;  ///< one sentence: what differs and why it matters
};

inline constexpr std::string_view kMissingOnGreen = "PAR601";
inline constexpr std::string_view kExtraOnGreen = "PAR602";
inline constexpr std::string_view kImageDrift = "PAR603";
inline constexpr std::string_view kReplicasChanged = "PAR604";
inline constexpr std::string_view kAutoscalingChanged = "PAR605";
inline constexpr std::string_view kResourcesChanged = "PAR606";
inline constexpr std::string_view kEnvChanged = "PAR607";
inline constexpr std::string_view kConfigReferenceChanged = "PAR608";
inline constexpr std::string_view kServiceChanged = "PAR609";
inline constexpr std::string_view kIngressHostMissing = "PAR610";
inline constexpr std::string_view kIngressRouteChanged = "PAR611";
inline constexpr std::string_view kDnsHostnameMissing = "PAR612";
inline constexpr std::string_view kDisruptionBudgetChanged = "PAR613";
inline constexpr std::string_view kScheduleChanged = "PAR614";
inline constexpr std::string_view kCommandChanged = "PAR615";
inline constexpr std::string_view kAnnotationChanged = "PAR616";

/// Every rule, sorted by id.
const std::vector<ParityRule>& ParityRules();

/// The rule with this id or name; nullptr when there is none.
const ParityRule* FindParityRule(std::string_view id_or_name);

}  // namespace greenlight::parity
