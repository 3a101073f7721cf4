// The hop table: which converter rewrites which (from, to, kind). Sorted by from apiVersion,
// then kind. A hop missing here is reported as a manual conversion, never guessed.
#include <algorithm>
#include <array>
#include <string_view>

#include "overlay/internal/converters.h"

namespace greenlight::overlay {
namespace {

using namespace internal;

struct HopConverter {
  std::string_view from;
  std::string_view to;
  std::string_view kind;  ///< "*": every kind of `from`
  ConverterFn convert;
};

constexpr std::array kHops = {
    HopConverter{"admissionregistration.k8s.io/v1beta1", "admissionregistration.k8s.io/v1",
                 "MutatingWebhookConfiguration", ConvertWebhookConfiguration},
    HopConverter{"admissionregistration.k8s.io/v1beta1", "admissionregistration.k8s.io/v1",
                 "ValidatingAdmissionPolicy", ConvertSameSchema},
    HopConverter{"admissionregistration.k8s.io/v1beta1", "admissionregistration.k8s.io/v1",
                 "ValidatingAdmissionPolicyBinding", ConvertSameSchema},
    HopConverter{"admissionregistration.k8s.io/v1beta1", "admissionregistration.k8s.io/v1",
                 "ValidatingWebhookConfiguration", ConvertWebhookConfiguration},
    HopConverter{"apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1",
                 "CustomResourceDefinition", ConvertCrd},
    HopConverter{"apiregistration.k8s.io/v1beta1", "apiregistration.k8s.io/v1", "APIService",
                 ConvertSameSchema},
    HopConverter{"apps/v1beta1", "apps/v1", "ControllerRevision", ConvertSameSchema},
    HopConverter{"apps/v1beta1", "apps/v1", "Deployment", ConvertWorkload},
    HopConverter{"apps/v1beta1", "apps/v1", "ReplicaSet", ConvertWorkload},
    HopConverter{"apps/v1beta1", "apps/v1", "StatefulSet", ConvertWorkload},
    HopConverter{"apps/v1beta2", "apps/v1", "ControllerRevision", ConvertSameSchema},
    HopConverter{"apps/v1beta2", "apps/v1", "DaemonSet", ConvertWorkload},
    HopConverter{"apps/v1beta2", "apps/v1", "Deployment", ConvertWorkload},
    HopConverter{"apps/v1beta2", "apps/v1", "ReplicaSet", ConvertWorkload},
    HopConverter{"apps/v1beta2", "apps/v1", "StatefulSet", ConvertWorkload},
    HopConverter{"authentication.k8s.io/v1beta1", "authentication.k8s.io/v1", "*",
                 ConvertSameSchema},
    HopConverter{"authorization.k8s.io/v1beta1", "authorization.k8s.io/v1", "*", ConvertSameSchema},
    HopConverter{"autoscaling/v2beta1", "autoscaling/v2", "HorizontalPodAutoscaler",
                 ConvertHpaV2beta1},
    HopConverter{"autoscaling/v2beta2", "autoscaling/v2", "HorizontalPodAutoscaler",
                 ConvertSameSchema},
    HopConverter{"batch/v1beta1", "batch/v1", "CronJob", ConvertSameSchema},
    HopConverter{"certificates.k8s.io/v1beta1", "certificates.k8s.io/v1",
                 "CertificateSigningRequest", ConvertCsr},
    HopConverter{"coordination.k8s.io/v1beta1", "coordination.k8s.io/v1", "Lease",
                 ConvertSameSchema},
    HopConverter{"discovery.k8s.io/v1beta1", "discovery.k8s.io/v1", "EndpointSlice",
                 ConvertEndpointSlice},
    HopConverter{"events.k8s.io/v1beta1", "events.k8s.io/v1", "Event", ConvertEvent},
    HopConverter{"extensions/v1beta1", "apps/v1", "DaemonSet", ConvertWorkload},
    HopConverter{"extensions/v1beta1", "apps/v1", "Deployment", ConvertWorkload},
    HopConverter{"extensions/v1beta1", "apps/v1", "ReplicaSet", ConvertWorkload},
    HopConverter{"extensions/v1beta1", "networking.k8s.io/v1", "Ingress", ConvertIngress},
    HopConverter{"extensions/v1beta1", "networking.k8s.io/v1", "NetworkPolicy", ConvertSameSchema},
    HopConverter{"extensions/v1beta1", "policy/v1beta1", "PodSecurityPolicy", ConvertSameSchema},
    HopConverter{"flowcontrol.apiserver.k8s.io/v1beta1", "*", "*", ConvertFlowControl},
    HopConverter{"flowcontrol.apiserver.k8s.io/v1beta2", "*", "*", ConvertFlowControl},
    HopConverter{"flowcontrol.apiserver.k8s.io/v1beta3", "*", "*", ConvertFlowControl},
    HopConverter{"networking.k8s.io/v1beta1", "networking.k8s.io/v1", "IPAddress",
                 ConvertSameSchema},
    HopConverter{"networking.k8s.io/v1beta1", "networking.k8s.io/v1", "Ingress", ConvertIngress},
    HopConverter{"networking.k8s.io/v1beta1", "networking.k8s.io/v1", "IngressClass",
                 ConvertSameSchema},
    HopConverter{"networking.k8s.io/v1beta1", "networking.k8s.io/v1", "ServiceCIDR",
                 ConvertSameSchema},
    HopConverter{"node.k8s.io/v1beta1", "node.k8s.io/v1", "RuntimeClass", ConvertSameSchema},
    HopConverter{"policy/v1beta1", "policy/v1", "PodDisruptionBudget", ConvertPdb},
    HopConverter{"rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1", "*",
                 ConvertSameSchema},
    HopConverter{"scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1", "PriorityClass",
                 ConvertSameSchema},
    HopConverter{"storage.k8s.io/v1beta1", "storage.k8s.io/v1", "*", ConvertSameSchema},
};

bool IsFlowControlApi(std::string_view api) {
  return api.starts_with("flowcontrol.apiserver.k8s.io/");
}

}  // namespace

ConverterFn FindConverter(const Hop& hop) {
  for (const HopConverter& h : kHops) {
    if (h.from != hop.from_api_version) continue;
    if (h.kind != "*" && h.kind != hop.kind) continue;
    bool to_matches =
        h.to == hop.to_api_version || (h.to == "*" && IsFlowControlApi(hop.to_api_version));
    if (!to_matches) continue;
    if (IsFlowControlApi(hop.from_api_version) && hop.kind != "FlowSchema" &&
        hop.kind != "PriorityLevelConfiguration") {
      continue;
    }
    return h.convert;
  }
  return nullptr;
}

}  // namespace greenlight::overlay
