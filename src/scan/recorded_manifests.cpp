#include "scan/recorded_manifests.h"

#include <algorithm>
#include <map>
#include <set>

#include "checks/rule_info.h"
#include "document/cluster_record.h"
#include "document/parser.h"

namespace greenlight::scan {
namespace {

using checks::Finding;
using document::Node;
using document::Object;

std::string Describe(const Object& object) {
  std::string out(object.kind);
  out += ' ';
  if (!object.namespace_name.empty()) out += std::string(object.namespace_name) + "/";
  out += object.name.empty() ? std::string("<unnamed>") : std::string(object.name);
  return out;
}

// A finding about the record itself (GL010, GL011), about the live object it is part of.
Finding RecordProblem(const char* rule_id, const Object& object, std::string message, Location location) {
  const checks::RuleInfo* rule = checks::FindRule(rule_id);
  Finding f = checks::FindingFor(object, location.file);
  f.rule_id = rule->id;
  f.rule_name = rule->name;
  f.severity = rule->severity;
  f.message = std::move(message);
  f.help = rule->help;
  f.location = std::move(location);
  f.fingerprint = checks::ComputeFingerprint(f);
  return f;
}

void CheckLastApplied(const Object& object, const Node* annotation, std::string_view file,
                      const checks::ApiCheck& api_check, std::vector<Finding>& out, checks::ScanSummary& summary) {
  const std::string& json = annotation->scalar();
  Location where = document::LocationOf(annotation, file, object.document);
  auto invalid = [&](const std::string& why) {
    out.push_back(RecordProblem(checks::kRuleUnreadableRecord, object,
                                "the " + std::string(document::kLastAppliedAnnotation) + " annotation of " +
                                    Describe(object) + " is not valid JSON (" + why +
                                    "); the object itself was checked",
                                where));
    ++summary.input_errors;
  };
  size_t first = json.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return;  // empty: nothing was applied with kubectl
  if (json[first] != '{') return invalid("it does not start with '{'");
  document::ParsedStream parsed = document::ParseStream(json, "annotation", /*is_json=*/true);
  if (!parsed.errors.empty()) {
    const Status& error = parsed.errors.front();
    std::string why = error.message();
    if (error.location()) why += " at column " + std::to_string(error.location()->column);
    return invalid(why);
  }
  if (parsed.documents.size() != 1) return invalid("it holds " + std::to_string(parsed.documents.size()) + " values");
  ++summary.last_applied;
  std::vector<Object> applied = document::ExtractObjects(parsed.documents[0]);
  // The live object already reports its own API; only a different one is news.
  if (applied.size() != 1 || (applied[0].api_version == object.api_version && applied[0].kind == object.kind)) return;
  Finding identity = checks::FindingFor(object, file);
  identity.api_version = std::string(applied[0].api_version);
  identity.kind = std::string(applied[0].kind);
  identity.location = where;
  identity.recorded_in = "last-applied-configuration";
  const size_t before = out.size();
  api_check.RunOnIdentity(std::move(identity), out);
  for (size_t i = before; i < out.size(); ++i) {
    Finding& f = out[i];
    f.message += "; in the live object's last-applied-configuration (the cluster serves it as " +
                 std::string(object.api_version) + "; the next kubectl apply of that manifest sends " + f.api_version + ")";
    f.fingerprint = checks::ComputeFingerprint(f);
  }
}

std::string ReleaseLabel(const checks::HelmReleaseRef& r) {
  std::string chart = r.chart.empty() ? std::string("unknown chart") : r.chart + " " + r.chart_version;
  return "Helm release " + r.namespace_name + "/" + r.name + " revision " + std::to_string(r.revision) + " (" +
         r.status + ", chart " + chart + ")";
}

// Checks the objects of one manifest of a release (its main manifest or a hook's).
void CheckReleaseManifest(const std::string& manifest, const std::string& hook_path, const Object& record,
                          Location where, const checks::HelmReleaseRef& ref, const checks::ApiCheck& api_check,
                          std::vector<Finding>& out, checks::ScanSummary& summary) {
  document::ParsedStream parsed = document::ParseStream(manifest, where.file);
  for (const Status& error : parsed.errors) {
    std::string line = error.location() ? " line " + std::to_string(error.location()->line) : std::string();
    out.push_back(RecordProblem(checks::kRuleUnreadableRecord, record,
                                "the manifest of " + ReleaseLabel(ref) + " does not parse at" + line + ": " +
                                    error.message(),
                                where));
    out.back().helm_release = ref;  // history when the revision is not current, like its findings
    ++summary.input_errors;
  }
  for (const document::Document& doc : parsed.documents) {
    for (const Object& object : document::ExtractObjects(doc)) {
      Finding identity = checks::FindingFor(object, where.file);
      const uint32_t manifest_line = object.api_version_node->mark().line;
      identity.location = where;
      identity.item = record.item;
      if (identity.namespace_name.empty()) identity.namespace_name = ref.namespace_name;
      if (identity.helm_source.empty()) identity.helm_source = hook_path;
      identity.recorded_in = "helm-release";
      identity.helm_release = ref;
      const size_t before = out.size();
      api_check.RunOnIdentity(std::move(identity), out);
      for (size_t i = before; i < out.size(); ++i) {
        Finding& f = out[i];
        f.message += "; in the manifest of " + ReleaseLabel(ref);
        f.notes.push_back("release manifest line " + std::to_string(manifest_line) +
                          (hook_path.empty() ? std::string() : " (hook " + hook_path + ")") + "; stored in " +
                          ref.storage + " " + ref.record);
        f.fingerprint = checks::ComputeFingerprint(f);
      }
    }
  }
}

void CheckRelease(const Object& record, document::ReleaseStorage storage, std::string_view file,
                  const checks::ApiCheck& api_check, std::vector<Finding>& out,
                  std::vector<ReleaseRevision>& revisions, checks::ScanSummary& summary) {
  StatusOr<document::HelmRelease> release = document::DecodeHelmRelease(record, storage, file);
  if (!release.ok()) {
    Location where = release.status().location().value_or(Location{std::string(file)});
    where.document = record.document;
    out.push_back(RecordProblem(checks::kRuleUnreadableRecord, record, release.status().message(), where));
    ++summary.input_errors;
    return;
  }
  ++summary.helm_revisions;
  checks::HelmReleaseRef ref{release->name,  release->namespace_name, release->revision,
                             release->status, release->chart, release->chart_version,
                             release->app_version, std::string(document::ReleaseStorageName(storage)),
                             std::string(record.name)};
  revisions.push_back({ref.namespace_name + "/" + ref.name, ref.revision, ref.status});
  // Findings point at the record's name line: readable, unlike its base64 data.
  const Node* name = document::FindPath(record.node, {"metadata", "name"});
  Location where = document::LocationOf(name != nullptr ? name : record.api_version_node, file, record.document);
  CheckReleaseManifest(release->manifest, "", record, where, ref, api_check, out, summary);
  for (const document::HelmRelease::Hook& hook : release->hooks) {
    CheckReleaseManifest(hook.manifest, hook.path, record, where, ref, api_check, out, summary);
  }
}

bool IsUnfinished(const std::string& status) { return status == "failed" || status.starts_with("pending-"); }

}  // namespace

void CheckRecordedManifests(const Object& object, std::string_view file, const checks::ApiCheck& api_check,
                            std::vector<Finding>& out, std::vector<ReleaseRevision>& revisions,
                            checks::ScanSummary& summary) {
  if (const Node* annotation = document::LastAppliedNode(object)) {
    CheckLastApplied(object, annotation, file, api_check, out, summary);
  }
  const document::ReleaseStorage storage = document::ClassifyReleaseRecord(object);
  if (storage == document::ReleaseStorage::kNone) return;
  if (storage == document::ReleaseStorage::kTiller) {
    out.push_back(RecordProblem(checks::kRuleTillerRelease, object,
                                "Helm 2 (Tiller) release record " + Describe(object) +
                                    " is not read: greenlight decodes Helm 3 releases only, so this "
                                    "release's manifest was not checked",
                                checks::FindingFor(object, file).location));
    return;
  }
  CheckRelease(object, storage, file, api_check, out, revisions, summary);
}

void KeepCurrentReleaseRevisions(const std::vector<ReleaseRevision>& revisions, std::vector<Finding>& findings,
                                 checks::ScanSummary& summary) {
  if (revisions.empty()) return;
  struct History {
    int latest_deployed = 0;
    int newest = 0;
    std::string newest_status;
    std::set<int> seen;
  };
  std::map<std::string, History> releases;
  for (const ReleaseRevision& r : revisions) {
    History& h = releases[r.release];
    h.seen.insert(r.revision);
    if (r.status == "deployed") h.latest_deployed = std::max(h.latest_deployed, r.revision);
    if (r.revision > h.newest) {
      h.newest = r.revision;
      h.newest_status = r.status;
    }
  }
  summary.helm_releases = releases.size();
  auto current = [&](const std::string& release, int revision) {
    const History& h = releases.at(release);
    if (revision == h.latest_deployed) return true;
    return revision == h.newest && revision > h.latest_deployed && IsUnfinished(h.newest_status);
  };
  summary.helm_history_revisions = 0;
  for (const auto& [release, h] : releases) {
    for (int revision : h.seen) summary.helm_history_revisions += current(release, revision) ? 0 : 1;
  }
  std::erase_if(findings, [&](const Finding& f) {
    return f.helm_release && !current(f.helm_release->namespace_name + "/" + f.helm_release->name, f.helm_release->revision);
  });
}

}  // namespace greenlight::scan
