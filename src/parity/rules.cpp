#include "parity/rules.h"

namespace greenlight::parity {

const std::vector<ParityRule>& ParityRules() {
  static const std::vector<ParityRule> kRules = {
      {kMissingOnGreen, "missing-on-green", Severity::kError,
       "An object deployed on blue has no counterpart on green: the app or add-on was forgotten."},
      {kExtraOnGreen, "extra-on-green", Severity::kInfo,
       "An object exists only on green; usually new cluster plumbing, worth a glance."},
      {kImageDrift, "image-drift", Severity::kError,
       "A container runs another image or tag on green (or exists on one side only); during a "
       "migration both sides run the same tag."},
      {kReplicasChanged, "replicas-changed", Severity::kWarning,
       "spec.replicas differs: green may not carry blue's load when traffic moves."},
      {kAutoscalingChanged, "autoscaling-bounds-changed", Severity::kWarning,
       "A HorizontalPodAutoscaler's minReplicas or maxReplicas differs."},
      {kResourcesChanged, "resources-changed", Severity::kWarning,
       "A container's resource requests or limits differ (quantities compared by value, so 500m "
       "equals 0.5)."},
      {kEnvChanged, "env-changed", Severity::kWarning,
       "A container's environment variable differs or exists on one side only."},
      {kConfigReferenceChanged, "config-reference-changed", Severity::kWarning,
       "A ConfigMap or Secret reference differs: envFrom, env valueFrom, or a volume."},
      {kServiceChanged, "service-changed", Severity::kError,
       "A Service's type or ports differ: clients reach it differently on green."},
      {kIngressHostMissing, "ingress-host-missing-on-green", Severity::kError,
       "A host blue's Ingress serves (rules or TLS) is not served by green's."},
      {kIngressRouteChanged, "ingress-route-changed", Severity::kWarning,
       "An Ingress path, backend or class differs, or green serves a host blue does not."},
      {kDnsHostnameMissing, "dns-hostname-missing-on-green", Severity::kError,
       "A hostname blue publishes through external-dns is not published by green."},
      {kDisruptionBudgetChanged, "disruption-budget-changed", Severity::kWarning,
       "A PodDisruptionBudget's minAvailable, maxUnavailable or selector differs."},
      {kScheduleChanged, "schedule-changed", Severity::kWarning,
       "A CronJob runs on another schedule (or is suspended on one side only)."},
      {kCommandChanged, "command-changed", Severity::kWarning,
       "A container's command or args differ."},
      {kAnnotationChanged, "annotation-changed", Severity::kWarning,
       "An annotation that steers DNS, load balancers or cloud identity differs (external-dns, "
       "AWS load balancer, IRSA role)."},
  };
  return kRules;
}

const ParityRule* FindParityRule(std::string_view id_or_name) {
  for (const ParityRule& rule : ParityRules()) {
    if (rule.id == id_or_name || rule.name == id_or_name) return &rule;
  }
  return nullptr;
}

}  // namespace greenlight::parity
