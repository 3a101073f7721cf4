// policy: PodDisruptionBudget v1beta1 -> v1 (empty selector changes meaning), PodSecurityPolicy
// (no replacement: explained in terms of Pod Security Admission), and the smaller hops of
// certificates, events and flowcontrol.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "overlay/internal/converters.h"

namespace greenlight::overlay::internal {

using document::Value;

void ConvertPdb(Value& object, const Hop& hop, const ConvertOptions&, ConversionContext& context) {
  SetApiVersion(object, hop, context);
  const Value* selector = document::FindValue(object, {"spec", "selector"});
  if (selector == nullptr || selector->IsNull()) return;
  auto empty = [](const Value* v) { return v == nullptr || v->IsNull() || v->size() == 0; };
  bool selects_everything = selector->IsMapping() && empty(selector->Get("matchLabels")) &&
                            empty(selector->Get("matchExpressions"));
  if (!selects_everything) return;
  context.Raise(Applicability::kUnsafe,
                "an empty spec.selector now selects every pod of the namespace");
  context.AddNote(
      Severity::kWarning,
      "spec.selector is empty: in policy/v1beta1 it selected no pods, in policy/v1 it selects "
      "every pod in the namespace, so this budget now limits evictions of all of them; give it "
      "labels, or delete it to keep the old (no-op) behaviour");
}

void ConvertCsr(Value& object, const Hop& hop, const ConvertOptions&, ConversionContext& context) {
  SetApiVersion(object, hop, context);
  Value* spec = object.Get("spec");
  if (spec == nullptr || !spec->IsMapping()) return;
  if (!spec->Has("usages")) {
    Value usages = Value::Sequence();
    usages.Append(Value::String("digital signature"));
    usages.Append(Value::String("key encipherment"));
    spec->Set("usages", std::move(usages));
    context.AddEdit(
        "spec.usages",
        "set to [digital signature, key encipherment] (the old default; v1 requires it)");
  }
  if (!spec->Has("signerName")) {
    context.Raise(Applicability::kManual, "certificates.k8s.io/v1 requires spec.signerName");
    context.AddNote(
        Severity::kError,
        "spec.signerName is required in certificates.k8s.io/v1 and the old default "
        "(kubernetes.io/legacy-unknown) cannot be requested there; set it to the signer that "
        "should issue this certificate, e.g. kubernetes.io/kube-apiserver-client");
  }
}

void ConvertEvent(Value& object, const Hop& hop, const ConvertOptions&,
                  ConversionContext& context) {
  SetApiVersion(object, hop, context);
  std::string type = ScalarText(object.Get("type"));
  if (!type.empty() && type != "Normal" && type != "Warning") {
    context.Raise(Applicability::kManual, "events.k8s.io/v1 accepts only Normal or Warning events");
    context.AddNote(Severity::kError,
                    "type " + type + " is rejected by events.k8s.io/v1 (Normal or Warning only)");
  }
}

void ConvertFlowControl(Value& object, const Hop& hop, const ConvertOptions&,
                        ConversionContext& context) {
  SetApiVersion(object, hop, context);
  if (hop.kind != "PriorityLevelConfiguration") return;
  Value* limited = document::FindValue(object, {"spec", "limited"});
  if (limited == nullptr || !limited->IsMapping()) return;
  // v1beta3 renamed the field; v1 kept the new name.
  bool to_new_name =
      hop.to_api_version.ends_with("/v1beta3") || hop.to_api_version.ends_with("/v1");
  if (to_new_name && limited->Rename("assuredConcurrencyShares", "nominalConcurrencyShares")) {
    context.AddEdit("spec.limited.assuredConcurrencyShares", "renamed to nominalConcurrencyShares");
  }
  if (hop.to_api_version.ends_with("/v1")) {
    const Value* shares = limited->Get("nominalConcurrencyShares");
    if (shares != nullptr && shares->IsInt() && shares->text() == "0") {
      context.Raise(Applicability::kUnsafe, "nominalConcurrencyShares 0 means zero in v1");
      context.AddNote(Severity::kWarning,
                      "spec.limited.nominalConcurrencyShares: 0 meant the default (30) "
                      "before v1 and means no nominal seats in v1; set 30 to keep the old "
                      "behaviour");
    }
  }
}

namespace {

bool IsTrue(const Value* v) {
  return v != nullptr && v->scalar_type() == document::ScalarType::kBool &&
         (v->text() == "true" || v->text() == "True" || v->text() == "TRUE");
}

std::vector<std::string> Strings(const Value* list) {
  std::vector<std::string> out;
  if (list == nullptr || !list->IsSequence()) return out;
  for (const Value& v : list->items()) out.push_back(ScalarText(&v));
  return out;
}

}  // namespace

void ExplainPodSecurityPolicy(const Value& psp, ConversionContext& context) {
  const Value* spec = psp.Get("spec");
  static const Value kEmpty = Value::Mapping();
  if (spec == nullptr || !spec->IsMapping()) spec = &kEmpty;
  std::vector<std::string> privileged_because;
  if (IsTrue(spec->Get("privileged"))) privileged_because.push_back("privileged containers");
  for (std::string_view host : {"hostNetwork", "hostPID", "hostIPC"}) {
    if (IsTrue(spec->Get(host))) privileged_because.push_back(std::string(host));
  }
  if (spec->Has("hostPorts")) privileged_because.push_back("hostPorts");
  static const std::set<std::string> kBaselineCaps = {
      "AUDIT_WRITE",      "CHOWN",   "DAC_OVERRIDE", "FOWNER",  "FSETID", "KILL",      "MKNOD",
      "NET_BIND_SERVICE", "SETFCAP", "SETGID",       "SETPCAP", "SETUID", "SYS_CHROOT"};
  for (const std::string& cap : Strings(spec->Get("allowedCapabilities"))) {
    if (!kBaselineCaps.count(cap)) {
      privileged_because.push_back("capability " + cap);
      break;
    }
  }
  std::vector<std::string> volumes = Strings(spec->Get("volumes"));
  if (std::count(volumes.begin(), volumes.end(), "*") ||
      std::count(volumes.begin(), volumes.end(), "hostPath")) {
    privileged_because.push_back("hostPath volumes");
  }
  std::string level;
  std::string reason;
  if (!privileged_because.empty()) {
    level = "privileged";
    reason = "it allows ";
    for (size_t i = 0; i < privileged_because.size(); ++i)
      reason += (i ? ", " : "") + privileged_because[i];
  } else {
    static const std::set<std::string> kRestrictedVolumes = {
        "configMap", "csi",   "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
        "projected", "secret"};
    bool volumes_ok =
        !volumes.empty() && std::all_of(volumes.begin(), volumes.end(), [](const std::string& v) {
          return kRestrictedVolumes.count(v) > 0;
        });
    std::vector<std::string> drops = Strings(spec->Get("requiredDropCapabilities"));
    bool drops_all = std::count(drops.begin(), drops.end(), "ALL") > 0;
    const Value* no_escalation = spec->Get("allowPrivilegeEscalation");
    bool escalation_off =
        no_escalation != nullptr && !IsTrue(no_escalation) && !no_escalation->IsNull();
    std::string run_as = ScalarText(document::FindValue(*spec, {"runAsUser", "rule"}));
    bool non_root = run_as == "MustRunAsNonRoot";
    if (volumes_ok && drops_all && escalation_off && non_root) {
      level = "restricted";
      reason =
          "it requires non-root users, drops ALL capabilities, forbids privilege escalation and "
          "allows only restricted volume types";
    } else {
      level = "baseline";
      reason =
          "it forbids privileged and host access but does not require everything the restricted "
          "level does";
    }
  }
  std::string name = ScalarText(document::FindValue(psp, {"metadata", "name"}));
  context.AddNote(
      Severity::kError,
      "PodSecurityPolicy " + name +
          " has no replacement API and is left out of the overlay. Pod Security Admission, built "
          "into the "
          "API server, enforces the Pod Security Standards per namespace through labels. This "
          "policy is "
          "closest to the " +
          level + " level (" + reason +
          "); label every namespace whose pods it admitted with "
          "pod-security.kubernetes.io/enforce=" +
          level + " (and pod-security.kubernetes.io/warn=" + level +
          ", pod-security.kubernetes.io/audit=" + level +
          " to see what would be refused), then delete the RBAC rules that granted 'use' on it");
}

}  // namespace greenlight::overlay::internal
