#include "cutover/render.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace greenlight::cutover {
namespace {

using Json = nlohmann::ordered_json;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string BatchDir(bool preview) { return preview ? "preview" : "batches"; }

std::string PatchFileName(const AnnotationPatch& patch, size_t order) {
  std::string n = std::to_string(order + 1);
  return (n.size() < 2 ? "0" + n : n) + "-" + patch.cluster + "-" + Lower(patch.resource.kind) +
         "-" + patch.resource.namespace_name + "-" + patch.resource.name + ".yaml";
}

std::string RollbackStem(const Phase& phase, const Rollback& rollback) {
  return phase.id + "-to-" + std::to_string(rollback.blue_weight) + "-" +
         std::to_string(rollback.green_weight);
}

std::vector<std::string> RollbackPaths(const Plan& plan, const Phase& phase,
                                       const Rollback& rollback) {
  return BatchPaths(plan, "rollback/" + RollbackStem(phase, rollback), rollback.batches.size());
}

std::string PatchDir(const Phase& phase) { return "patches/" + phase.id; }
std::string RollbackPatchDir(const Phase& phase, const Rollback& rollback) {
  return "patches/rollback/" + RollbackStem(phase, rollback);
}

std::string KindLabel(RecordKind kind) {
  switch (kind) {
    case RecordKind::kAlias:
      return "alias A+AAAA";
    case RecordKind::kAliasA:
      return "alias A";
    case RecordKind::kAliasAaaa:
      return "alias AAAA";
    case RecordKind::kCname:
      return "CNAME";
    case RecordKind::kA:
      return "A";
  }
  return "";
}

std::string ApplyCommands(const CutoverSpec& spec, const std::string& path) {
  return "CHANGE_ID=$(aws route53 change-resource-record-sets --hosted-zone-id " + spec.zone_id +
         " \\\n    --change-batch file://" + path + " --query ChangeInfo.Id --output text)\n" +
         "aws route53 wait resource-record-sets-changed --id \"$CHANGE_ID\"\n";
}

constexpr char kGainingSideFirst[] = "the side that gains weight first, so both are never 0";

std::string_view PatchOrderReason(const Phase& phase) {
  switch (phase.kind) {
    case PhaseKind::kConvert:
      return "blue first: green's external-dns cannot publish its member while blue's record is "
             "simple";
    case PhaseKind::kStep:
      return kGainingSideFirst;
    case PhaseKind::kTtlLower:
    case PhaseKind::kTtlRestore:
      return "any order: only the TTL changes";
    case PhaseKind::kDecommission:
      return "blue only: it stops publishing these names";
  }
  return kGainingSideFirst;
}

void AppendPatchList(std::string& out, const CutoverSpec& spec,
                     const std::vector<AnnotationPatch>& patches, const std::string& dir,
                     std::string_view why) {
  out += "Apply in this order (" + std::string(why) + "):\n\n```sh\n";
  for (const auto& patch : patches) out += KubectlPatchCommand(spec, patch) + "\n";
  out += "```\n\nThe same as kustomize patches: ";
  for (size_t i = 0; i < patches.size(); ++i) {
    out += (i ? ", `" : "`") + dir + "/" + PatchFileName(patches[i], i) + "`";
  }
  out += ".\n\n";
}

void AppendBatchList(std::string& out, const CutoverSpec& spec, bool preview,
                     const std::vector<std::string>& paths) {
  if (paths.empty()) return;
  if (preview) {
    out += "Preview of what external-dns will send (validate, do not apply): ";
    for (size_t i = 0; i < paths.size(); ++i) out += (i ? ", `" : "`") + paths[i] + "`";
    out += ".\n\n";
    return;
  }
  out += "```sh\n";
  for (const auto& path : paths) out += ApplyCommands(spec, path);
  out += "```\n\n";
}

void AppendPhase(std::string& out, const CutoverSpec& spec, const Plan& plan, const Phase& phase,
                 size_t index) {
  out += "## " + std::to_string(index + 1) + ". " + phase.title + "\n\n";
  if (phase.kind == PhaseKind::kDecommission) out += "How: " + phase.how + ".\n\n";
  if (!phase.patches.empty())
    AppendPatchList(out, spec, phase.patches, PatchDir(phase), PatchOrderReason(phase));
  if (phase.kind == PhaseKind::kDecommission) {
    if (!phase.preview) {
      out += "Rebuild the DELETE batch from the zone as it is now (a DELETE must match the live "
             "record exactly; the file below shows the records the plan expects):\n\n```sh\n"
             "aws route53 list-resource-record-sets --hosted-zone-id " + spec.zone_id +
             " > now.json\ngreenlight cutover decommission " + spec.file +
             " --state now.json --out decommission/\n```\n\n";
    }
  }
  AppendBatchList(out, spec, phase.preview, PhaseBatchPaths(plan, phase));
  out +=
      "Check that the zone is where the plan says:\n\n```sh\n"
      "aws route53 list-resource-record-sets --hosted-zone-id " +
      spec.zone_id + " > state.json\ngreenlight cutover verify " + spec.file +
      " --state state.json --step " + StepArgument(phase) + "\n```\n\n";
  if (phase.wait_seconds > 0) {
    out += "Wait " + FormatDuration(phase.wait_seconds) + " (" + phase.wait_reason + ").\n\n";
  }
  for (const auto& rollback : phase.rollbacks) {
    out += "Rollback, " + rollback.title + ":\n\n";
    if (!rollback.patches.empty()) {
      AppendPatchList(out, spec, rollback.patches, RollbackPatchDir(phase, rollback),
                      kGainingSideFirst);
    }
    AppendBatchList(out, spec, plan.preview, RollbackPaths(plan, phase, rollback));
  }
}

Json BatchesJson(const std::vector<ChangeBatch>& batches, const std::vector<std::string>& paths) {
  Json out = Json::array();
  for (size_t i = 0; i < batches.size(); ++i) {
    out.push_back(
        Json{{"file", paths[i]}, {"changeBatch", Json::parse(ChangeBatchToJson(batches[i]))}});
  }
  return out;
}

Json PatchesJson(const CutoverSpec& spec, const std::vector<AnnotationPatch>& patches,
                 const std::string& dir) {
  Json out = Json::array();
  for (size_t i = 0; i < patches.size(); ++i) {
    const auto& patch = patches[i];
    Json annotations = Json::object();
    for (const auto& [key, value] : patch.annotations) annotations[key] = value;
    for (const auto& key : patch.remove) annotations[key] = nullptr;
    out.push_back(Json{{"cluster", patch.cluster},
                       {"kind", patch.resource.kind},
                       {"namespace", patch.resource.namespace_name},
                       {"name", patch.resource.name},
                       {"annotations", annotations},
                       {"command", KubectlPatchCommand(spec, patch)},
                       {"file", dir + "/" + PatchFileName(patch, i)}});
  }
  return out;
}

void AddPatchFiles(std::vector<OutputFile>& files, const std::vector<AnnotationPatch>& patches,
                   const std::string& dir) {
  for (size_t i = 0; i < patches.size(); ++i) {
    files.push_back({dir + "/" + PatchFileName(patches[i], i), KustomizePatch(patches[i])});
  }
}

void AddBatchFiles(std::vector<OutputFile>& files, const std::vector<ChangeBatch>& batches,
                   const std::vector<std::string>& paths) {
  for (size_t i = 0; i < batches.size(); ++i)
    files.push_back({paths[i], ChangeBatchToJson(batches[i])});
}

}  // namespace

namespace {
std::vector<std::string> BatchPathsIn(bool preview, const std::string& stem, size_t count) {
  std::vector<std::string> out;
  for (size_t i = 0; i < count; ++i) {
    std::string suffix = count > 1 ? "-part-" + std::to_string(i + 1) : "";
    out.push_back(BatchDir(preview) + "/" + stem + suffix + ".json");
  }
  return out;
}
}  // namespace

std::vector<std::string> BatchPaths(const Plan& plan, const std::string& stem, size_t count) {
  return BatchPathsIn(plan.preview, stem, count);
}

std::vector<std::string> PhaseBatchPaths(const Plan&, const Phase& phase) {
  return BatchPathsIn(phase.preview, phase.id, phase.batches.size());
}

std::string StepArgument(const Phase& phase) {
  switch (phase.kind) {
    case PhaseKind::kTtlLower:
      return "ttl-lower";
    case PhaseKind::kTtlRestore:
      return "ttl-restore";
    case PhaseKind::kConvert:
      return "1";
    case PhaseKind::kStep:
      return std::to_string(phase.step);
    case PhaseKind::kDecommission:
      return "decommission";
  }
  return "1";
}

std::string KubectlPatchCommand(const CutoverSpec& spec, const AnnotationPatch& patch) {
  Json annotations = Json::object();
  for (const auto& [key, value] : patch.annotations) annotations[key] = value;
  for (const auto& key : patch.remove) annotations[key] = nullptr;  // merge patch: null deletes
  Json body{{"metadata", Json{{"annotations", annotations}}}};
  const std::string& context =
      patch.cluster == "blue" ? spec.blue_dns.kube_context : spec.green_dns.kube_context;
  return "kubectl --context " + context + " --namespace " + patch.resource.namespace_name +
         " patch " + Lower(patch.resource.kind) + " " + patch.resource.name +
         " --type merge --patch '" + body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "'";
}

std::string KustomizePatch(const AnnotationPatch& patch) {
  std::string out = "apiVersion: " + AnnotatedKindApiVersion(patch.resource.kind).value_or("v1") +
                    "\nkind: " + patch.resource.kind +
                    "\nmetadata:\n  name: " + patch.resource.name +
                    "\n  namespace: " + patch.resource.namespace_name + "\n  annotations:\n";
  for (const auto& [key, value] : patch.annotations) {
    out += "    " + key + ": " + Json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  // A strategic merge patch deletes a key whose value is null.
  for (const auto& key : patch.remove) out += "    " + key + ": null\n";
  return out;
}

std::string RenderRunbook(const CutoverSpec& spec, const Plan& plan) {
  std::string out = "# Cutover runbook: " + spec.zone_name + " (" + spec.zone_id + ")\n\n";
  if (plan.preview) {
    out +=
        "Mode: external-dns. Each cluster's external-dns publishes its own weighted member "
        "(blue: owner id `" +
        spec.blue_dns.txt_owner_id + "`, external-dns " +
        (spec.blue_dns.version.empty() ? "version unknown" : spec.blue_dns.version) +
        ", annotation prefix `" + spec.blue_dns.annotation_prefix + "`; green: owner id `" +
        spec.green_dns.txt_owner_id + "`, external-dns " +
        (spec.green_dns.version.empty() ? "version unknown" : spec.green_dns.version) +
        ", annotation prefix `" + spec.green_dns.annotation_prefix +
        "`; each cluster's patches use the prefix it reads). Shift by patching annotations; never change a weight in Route 53 by hand, "
        "external-dns reverts it within one sync interval.\n\n";
  } else {
    out +=
        "Mode: route53. These batches own the records below; external-dns must not publish "
        "these names (no hostname annotation, or --exclude-domains). One change at a time: "
        "each command waits until Route 53 reports the change INSYNC.\n\n";
  }
  out +=
      "Run the commands from the directory holding this runbook (the file:// paths are "
      "relative to it); `" +
      spec.file + "` is the spec as given to `greenlight cutover plan`. `greenlight cutover run " +
      spec.file +
      " --state-dir run/` executes these phases itself (verify after each, hooks, alarms, "
      "automatic rollback, resumable journal).\n\n";
  out += "| hostname | type | blue | green |\n|---|---|---|---|\n";
  for (const auto& record : spec.records) {
    out += "| " + record.hostname + " | " + KindLabel(record.kind) + " | `" +
           record.blue.set_identifier + "` -> " + record.blue.values.front() + " | `" +
           record.green.set_identifier + "` -> " + record.green.values.front() + " |\n";
  }
  out += "\n";
  for (const auto& note : plan.notes) out += "> Note: " + note + ".\n\n";
  for (size_t i = 0; i < plan.phases.size(); ++i) AppendPhase(out, spec, plan, plan.phases[i], i);
  return out;
}

std::string RenderPlanJson(const CutoverSpec& spec, const Plan& plan) {
  Json records = Json::array();
  for (const auto& record : spec.records) {
    auto side = [](const Side& s) {
      return Json{{"setIdentifier", s.set_identifier},
                  {"values", s.values},
                  {"aliasHostedZoneId", s.alias_zone_id}};
    };
    records.push_back(Json{{"hostname", record.hostname},
                           {"type", KindLabel(record.kind)},
                           {"blue", side(record.blue)},
                           {"green", side(record.green)}});
  }
  Json phases = Json::array();
  for (const auto& phase : plan.phases) {
    Json rollbacks = Json::array();
    for (const auto& rollback : phase.rollbacks) {
      rollbacks.push_back(Json{
          {"title", rollback.title},
          {"weights", Json{{"blue", rollback.blue_weight}, {"green", rollback.green_weight}}},
          {"batches", BatchesJson(rollback.batches, RollbackPaths(plan, phase, rollback))},
          {"patches", PatchesJson(spec, rollback.patches, RollbackPatchDir(phase, rollback))}});
    }
    phases.push_back(Json{
        {"id", phase.id},
        {"kind", PhaseKindName(phase.kind)},
        {"title", phase.title},
        {"step", phase.step},
        {"weights", Json{{"blue", phase.blue_weight}, {"green", phase.green_weight}}},
        {"ttl", phase.ttl},
        {"waitSeconds", phase.wait_seconds},
        {"waitReason", phase.wait_reason},
        {"verifyStep", StepArgument(phase)},
        {"batches", BatchesJson(phase.batches, PhaseBatchPaths(plan, phase))},
        {"preview", phase.preview},
        {"how", phase.how},
        {"patches", PatchesJson(spec, phase.patches, PatchDir(phase))},
        {"rollbacks", rollbacks}});
  }
  Json out{{"schemaVersion", 1},
           {"zone", Json{{"name", spec.zone_name}, {"id", spec.zone_id}}},
           {"mode", spec.mode == OwnershipMode::kExternalDns ? "external-dns" : "route53"},
           {"preview", plan.preview},
           {"annotationPrefix", Json{{"blue", spec.blue_dns.annotation_prefix},
                                     {"green", spec.green_dns.annotation_prefix}}},
           {"convertedHostnames", plan.converted_hostnames},
           {"notes", plan.notes},
           {"records", records},
           {"phases", phases}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::vector<OutputFile> RenderPlanFiles(const CutoverSpec& spec, const Plan& plan) {
  std::vector<OutputFile> files;
  for (const auto& phase : plan.phases) {
    AddBatchFiles(files, phase.batches, PhaseBatchPaths(plan, phase));
    AddPatchFiles(files, phase.patches, PatchDir(phase));
    for (const auto& rollback : phase.rollbacks) {
      AddBatchFiles(files, rollback.batches, RollbackPaths(plan, phase, rollback));
      AddPatchFiles(files, rollback.patches, RollbackPatchDir(phase, rollback));
    }
  }
  files.push_back({"runbook.md", RenderRunbook(spec, plan)});
  files.push_back({"plan.json", RenderPlanJson(spec, plan)});
  std::sort(files.begin(), files.end(),
            [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  return files;
}

}  // namespace greenlight::cutover
