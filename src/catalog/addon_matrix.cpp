#include "catalog/addon_matrix.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>

#include "base/file_io.h"
#include "catalog/api_catalog.h"
#include "document/field_reader.h"
#include "document/parser.h"
#include "embedded/embedded.h"

namespace greenlight::catalog {
namespace fs = std::filesystem;
using document::MappingReader;
using document::Node;

namespace {

// Reads a decimal number at `pos`; false when there is none.
bool ReadNumber(std::string_view text, size_t& pos, int& out) {
  size_t start = pos;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
  if (pos == start || pos - start > 6) return false;
  std::from_chars(text.data() + start, text.data() + pos, out);
  return true;
}

bool IsPrereleaseSuffix(std::string_view suffix) {
  for (std::string_view word : {"alpha", "beta", "rc", "pre", "dev"}) {
    if (suffix.starts_with(word)) return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

int CompareNumbers(const AddonVersion& a, const AddonVersion& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  return 0;
}

}  // namespace

std::optional<AddonVersion> AddonVersion::Parse(std::string_view tag) {
  if (!tag.empty() && (tag.front() == 'v' || tag.front() == 'V')) tag.remove_prefix(1);
  AddonVersion v;
  size_t pos = 0;
  if (!ReadNumber(tag, pos, v.major) || pos >= tag.size() || tag[pos] != '.') return std::nullopt;
  ++pos;
  if (!ReadNumber(tag, pos, v.minor)) return std::nullopt;
  if (pos < tag.size() && tag[pos] == '.') {
    ++pos;
    if (!ReadNumber(tag, pos, v.patch)) return std::nullopt;
    v.has_patch = true;
  }
  if (pos == tag.size()) return v;
  if (tag[pos] != '-' && tag[pos] != '+') return std::nullopt;  // "1.2x" is not a version
  std::string_view suffix = tag.substr(pos + 1);
  if (tag[pos] == '-' && IsPrereleaseSuffix(suffix)) {
    v.prerelease = std::string(suffix);
  } else {
    v.build = std::string(suffix);
  }
  if (size_t at = suffix.find("eksbuild."); at != std::string_view::npos) {
    size_t number = at + 9;
    int n = 0;
    if (ReadNumber(suffix, number, n)) v.eksbuild = n;
  }
  return v;
}

std::string AddonVersion::ToString() const {
  std::string out = std::to_string(major) + "." + std::to_string(minor);
  if (has_patch) out += "." + std::to_string(patch);
  if (!prerelease.empty()) out += "-" + prerelease;
  if (!build.empty()) out += "-" + build;
  return out;
}

int AddonVersion::Compare(const AddonVersion& a, const AddonVersion& b) {
  if (int c = CompareNumbers(a, b); c != 0) return c;
  if (a.prerelease.empty() != b.prerelease.empty()) return a.prerelease.empty() ? 1 : -1;
  if (a.prerelease != b.prerelease) return a.prerelease < b.prerelease ? -1 : 1;
  if (a.eksbuild != b.eksbuild) return a.eksbuild < b.eksbuild ? -1 : 1;
  return 0;
}

// ---- VersionSpec ------------------------------------------------------------------------------

StatusOr<VersionSpec> VersionSpec::Parse(std::string_view text) {
  VersionSpec spec;
  spec.text = std::string(Trim(text));
  std::string_view body = spec.text;
  auto parse = [&](std::string_view part) -> StatusOr<AddonVersion> {
    auto v = AddonVersion::Parse(Trim(part));
    if (!v || !v->prerelease.empty() || !v->build.empty()) {
      return InvalidArgument("'" + std::string(Trim(part)) +
                             "' is not a version like 1.5 or 1.5.3");
    }
    return *v;
  };
  if (body.starts_with(">=")) {
    spec.kind = Kind::kAtLeast;
    GL_ASSIGN_OR_RETURN(spec.low, parse(body.substr(2)));
  } else if (body.starts_with("<=")) {
    spec.kind = Kind::kAtMost;
    GL_ASSIGN_OR_RETURN(spec.high, parse(body.substr(2)));
    spec.high_is_minor = !spec.high.has_patch;
  } else if (size_t dash = body.find(" - "); dash != std::string_view::npos) {
    spec.kind = Kind::kRange;
    GL_ASSIGN_OR_RETURN(spec.low, parse(body.substr(0, dash)));
    GL_ASSIGN_OR_RETURN(spec.high, parse(body.substr(dash + 3)));
    spec.high_is_minor = !spec.high.has_patch;
    if (CompareNumbers(spec.low, spec.high) > 0) {
      return InvalidArgument("range '" + spec.text + "' ends before it starts");
    }
  } else {
    GL_ASSIGN_OR_RETURN(spec.low, parse(body));
    spec.kind = spec.low.has_patch ? Kind::kExact : Kind::kMinor;
    spec.high = spec.low;
  }
  return spec;
}

bool VersionSpec::Contains(const AddonVersion& v) const {
  auto at_most_high = [&] {
    if (high_is_minor)
      return v.major < high.major || (v.major == high.major && v.minor <= high.minor);
    return CompareNumbers(v, high) <= 0;
  };
  switch (kind) {
    case Kind::kMinor:
      return v.major == low.major && v.minor == low.minor;
    case Kind::kExact:
      return CompareNumbers(v, low) == 0;
    // A pre-release of the lower bound comes before it (2.5.0-rc.1 is not ">=2.5.0").
    case Kind::kAtLeast:
      return AddonVersion::Compare(v, low) >= 0;
    case Kind::kAtMost:
      return at_most_high();
    case Kind::kRange:
      return AddonVersion::Compare(v, low) >= 0 && at_most_high();
  }
  return false;
}

std::optional<AddonVersion> VersionSpec::Lowest() const {
  if (kind == Kind::kAtMost) return std::nullopt;
  return low;
}

// ---- KubernetesRange --------------------------------------------------------------------------

StatusOr<KubernetesRange> KubernetesRange::Parse(std::string_view text) {
  KubernetesRange range;
  range.text = std::string(Trim(text));
  std::string_view body = range.text;
  if (body == "unknown") {
    range.unknown = true;
    return range;
  }
  auto parse = [](std::string_view part) -> StatusOr<Version> {
    return Version::Parse(Trim(part));
  };
  if (body.starts_with(">=")) {
    GL_ASSIGN_OR_RETURN(range.min, parse(body.substr(2)));
  } else if (body.starts_with("<=")) {
    GL_ASSIGN_OR_RETURN(range.max, parse(body.substr(2)));
  } else if (size_t dash = body.find(" - "); dash != std::string_view::npos) {
    GL_ASSIGN_OR_RETURN(range.min, parse(body.substr(0, dash)));
    GL_ASSIGN_OR_RETURN(range.max, parse(body.substr(dash + 3)));
    if (Version::CompareMinor(*range.min, *range.max) > 0) {
      return InvalidArgument("range '" + range.text + "' ends before it starts");
    }
  } else {
    return InvalidArgument(
        "'" + range.text +
        "' is not a Kubernetes range like \"1.16 - 1.22\", \">=1.19\" or unknown");
  }
  return range;
}

bool KubernetesRange::Contains(const Version& k) const {
  if (unknown) return false;
  if (min && Version::CompareMinor(k, *min) < 0) return false;
  if (max && Version::CompareMinor(k, *max) > 0) return false;
  return true;
}

// ---- names ------------------------------------------------------------------------------------

const char* AddonPolicyName(AddonPolicy policy) {
  switch (policy) {
    case AddonPolicy::kTable:
      return "table";
    case AddonPolicy::kKubernetesMinor:
      return "kubernetes-minor";
    case AddonPolicy::kMinimumPerKubernetes:
      return "minimum-per-kubernetes";
    case AddonPolicy::kEksDocumented:
      return "eks-documented";
    case AddonPolicy::kNone:
      return "none";
  }
  return "none";
}

const char* AddonStatusName(AddonStatus status) {
  switch (status) {
    case AddonStatus::kOk:
      return "ok";
    case AddonStatus::kUpgrade:
      return "upgrade";
    case AddonStatus::kUnsupported:
      return "unsupported";
    case AddonStatus::kUnknown:
      return "unknown";
  }
  return "unknown";
}

const AddonSpec* AddonMatrix::Find(std::string_view id) const {
  for (const auto& a : addons_) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

Status AddonMatrix::Add(AddonSpec spec) {
  if (const AddonSpec* existing = Find(spec.id)) {
    return InvalidArgument("add-on '" + spec.id + "' is already defined in " + existing->file,
                           Location{spec.file});
  }
  addons_.push_back(std::move(spec));
  std::sort(addons_.begin(), addons_.end(),
            [](const AddonSpec& a, const AddonSpec& b) { return a.id < b.id; });
  return Status::Ok();
}

// ---- verdicts ---------------------------------------------------------------------------------

namespace {

const AddonKubernetesRow* RowFor(const std::vector<AddonKubernetesRow>& rows, const Version& k) {
  for (const auto& row : rows) {
    if (Version::CompareMinor(row.kubernetes, k) == 0) return &row;
  }
  return nullptr;
}

std::string MinorOf(const AddonVersion& v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor);
}

bool SameMinor(const AddonVersion& v, const Version& k) {
  return v.major == k.major() && v.minor == k.minor();
}

AddonVerdict Unknown(AddonVerdict v, std::string reason) {
  v.status = AddonStatus::kUnknown;
  v.reason = std::move(reason);
  return v;
}

AddonVerdict EvaluateKubernetesMinor(const AddonSpec& spec,
                                     const std::optional<AddonVersion>& found, const Version& t,
                                     AddonVerdict v) {
  const AddonKubernetesRow* doc = RowFor(spec.documented, t);
  v.supported = t.ToString() + ".x";
  v.minimum = t.ToString() + ".0";
  v.recommended = doc ? doc->version_text : t.ToString() + ".x";
  if (doc) v.source = doc->source;
  if (!found) return Unknown(v, "version not readable from the manifest");
  if (SameMinor(*found, t)) {
    v.status = AddonStatus::kOk;
    v.reason = "its minor matches the cluster's minor " + t.ToString();
  } else {
    v.status = AddonStatus::kUpgrade;
    v.reason = "its minor " + MinorOf(*found) + " must match the cluster's minor " + t.ToString();
  }
  return v;
}

AddonVerdict EvaluateEksDocumented(const AddonSpec& spec, const std::optional<AddonVersion>& found,
                                   const Version& t, AddonVerdict v) {
  const AddonKubernetesRow* doc = RowFor(spec.documented, t);
  if (!doc)
    return Unknown(v, "the EKS user guide documents no version for Kubernetes " + t.ToString());
  v.source = doc->source;
  v.supported = ">= " + MinorOf(doc->version);
  v.minimum = doc->version_text;
  v.recommended = doc->version_text;
  if (!found) return Unknown(v, "version not readable from the manifest");
  AddonVersion doc_minor{doc->version.major, doc->version.minor, 0, true, "", "", -1};
  AddonVersion found_minor{found->major, found->minor, 0, true, "", "", -1};
  if (AddonVersion::Compare(found_minor, doc_minor) < 0) {
    v.status = AddonStatus::kUpgrade;
    v.reason = "EKS documents " + doc->version_text + " for Kubernetes " + t.ToString();
  } else {
    v.status = AddonStatus::kOk;
    v.reason = "at or above the minor EKS documents for Kubernetes " + t.ToString();
  }
  return v;
}

AddonVerdict EvaluateMinimum(const AddonSpec& spec, const std::optional<AddonVersion>& found,
                             const Version& t, AddonVerdict v) {
  const AddonKubernetesRow* row = RowFor(spec.minimums, t);
  if (!row)
    return Unknown(
        v, "the project's compatibility matrix has no entry for Kubernetes " + t.ToString());
  v.source = row->source;
  v.supported = ">= " + row->version_text;
  v.minimum = row->version_text;
  v.recommended = row->version_text;
  if (!found) return Unknown(v, "version not readable from the manifest");
  if (AddonVersion::Compare(*found, row->version) >= 0) {
    v.recommended = found->ToString();  // nothing to change
    v.status = AddonStatus::kOk;
    v.reason = "Kubernetes " + t.ToString() + " needs >= " + row->version_text;
  } else {
    v.status = AddonStatus::kUpgrade;
    v.reason = "Kubernetes " + t.ToString() + " needs >= " + row->version_text;
  }
  return v;
}

// The newest version a row names: "1.11" for a minor, the upper end of a range, the lower end
// of an open range (the first release known to qualify).
std::string NewestIn(const VersionSpec& spec) {
  switch (spec.kind) {
    case VersionSpec::Kind::kRange:
    case VersionSpec::Kind::kAtMost:
      return spec.high.ToString();
    case VersionSpec::Kind::kAtLeast:
    case VersionSpec::Kind::kMinor:
    case VersionSpec::Kind::kExact:
      return spec.low.ToString();
  }
  return spec.text;
}

// "1.9 supports Kubernetes 1.20 - 1.24", "2.8 is tested on Kubernetes 1.24 - 1.27", with the
// row's note and any derived cap.
std::string RangeReason(const AddonSpec& spec, const AddonRelease& row) {
  std::string reason = row.versions.text +
                       (spec.ranges_are_tested ? " is tested on Kubernetes " : " supports Kubernetes ") +
                       row.kubernetes.text;
  if (spec.ranges_are_tested) reason += " (the project's tested versions, its only published range)";
  if (!row.cap_note.empty()) reason += " (" + row.cap_note + ")";
  if (!row.note.empty()) reason += " (" + row.note + ")";
  return reason;
}

AddonVerdict EvaluateTable(const AddonSpec& spec, const std::optional<AddonVersion>& found,
                           const Version& t, AddonVerdict v) {
  std::vector<const AddonRelease*> supporting;
  for (const auto& row : spec.releases) {
    if (row.kubernetes.Contains(t)) supporting.push_back(&row);
  }
  for (const AddonRelease* row : supporting) {
    v.supported += (v.supported.empty() ? "" : ", ") + row->versions.text;
  }
  if (!supporting.empty()) v.recommended = NewestIn(supporting.back()->versions);
  if (!found) return Unknown(v, "version not readable from the manifest");
  const AddonRelease* own = nullptr;
  for (const auto& row : spec.releases) {
    if (row.versions.Contains(*found)) {
      own = &row;
      break;
    }
  }
  if (own == nullptr) return Unknown(v, found->ToString() + " is not in the project's table");
  v.source = own->source;
  if (own->kubernetes.unknown) {
    std::string reason = "the project's table gives no Kubernetes range for " + own->versions.text;
    if (!own->note.empty()) reason += " (" + own->note + ")";
    return Unknown(v, reason);
  }
  v.reason = RangeReason(spec, *own);
  if (own->kubernetes.Contains(t)) {
    v.status = AddonStatus::kOk;
    v.recommended = found->ToString();  // nothing to change
    return v;
  }
  if (supporting.empty()) {
    v.status = AddonStatus::kUnsupported;
    v.reason += "; no version in the table supports " + t.ToString();
    return v;
  }
  for (const AddonRelease* row : supporting) {
    auto lowest = row->versions.Lowest();
    if (lowest && AddonVersion::Compare(*lowest, *found) > 0) {
      v.minimum = lowest->ToString();
      v.status = AddonStatus::kUpgrade;
      return v;
    }
  }
  // Only releases older than the one found support the target (an add-on newer than the
  // cluster it would run on): no upgrade helps.
  v.status = AddonStatus::kUnsupported;
  v.reason += "; only older releases (" + v.supported + ") support " + t.ToString();
  return v;
}

}  // namespace

AddonVerdict AddonMatrix::Evaluate(const AddonSpec& spec, const std::optional<AddonVersion>& found,
                                   const Version& target) {
  AddonVerdict v;
  v.source = spec.policy_source;
  const Version t = target.Minor();
  switch (spec.policy) {
    case AddonPolicy::kKubernetesMinor:
      return EvaluateKubernetesMinor(spec, found, t, std::move(v));
    case AddonPolicy::kEksDocumented:
      return EvaluateEksDocumented(spec, found, t, std::move(v));
    case AddonPolicy::kMinimumPerKubernetes:
      return EvaluateMinimum(spec, found, t, std::move(v));
    case AddonPolicy::kTable:
      return EvaluateTable(spec, found, t, std::move(v));
    case AddonPolicy::kNone:
      break;
  }
  return Unknown(std::move(v), "the project publishes no compatibility table greenlight records");
}

// ---- loading ----------------------------------------------------------------------------------

namespace {

std::optional<AddonPolicy> ParsePolicy(std::string_view text) {
  for (AddonPolicy p :
       {AddonPolicy::kTable, AddonPolicy::kKubernetesMinor, AddonPolicy::kMinimumPerKubernetes,
        AddonPolicy::kEksDocumented, AddonPolicy::kNone}) {
    if (text == AddonPolicyName(p)) return p;
  }
  return std::nullopt;
}

Status ReadReleases(const Node* seq, const std::string& file, AddonSpec& spec) {
  if (seq == nullptr) return Status::Ok();
  for (const Node* item : seq->items()) {
    MappingReader r(item, file, "release");
    auto versions = r.RequiredString("versions");
    auto kubernetes = r.RequiredString("kubernetes");
    auto source = r.RequiredString("source");
    auto note = r.OptionalString("note");
    auto uses = r.OptionalStringList("uses");
    auto uses_source = r.OptionalString("usesSource");
    GL_RETURN_IF_ERROR(r.Finish());
    AddonRelease row;
    row.origin = document::LocationOf(item, file);
    if (!uses.empty() && !uses_source) {
      return InvalidArgument("'uses' needs 'usesSource': the file that shows the APIs", row.origin);
    }
    row.note = note.value_or("");
    row.uses = std::move(uses);
    row.uses_source = uses_source.value_or("");
    auto spec_or = VersionSpec::Parse(*versions);
    if (!spec_or.ok())
      return InvalidArgument("'versions': " + spec_or.status().message(), row.origin);
    auto range = KubernetesRange::Parse(*kubernetes);
    if (!range.ok())
      return InvalidArgument("'kubernetes': " + range.status().message(), row.origin);
    row.versions = *spec_or;
    row.kubernetes = *range;
    row.documented_range = range->text;
    row.source = *source;
    spec.releases.push_back(std::move(row));
  }
  return Status::Ok();
}

Status ReadKubernetesRows(const Node* seq, const std::string& file, std::string_view version_key,
                          std::vector<AddonKubernetesRow>& out) {
  if (seq == nullptr) return Status::Ok();
  for (const Node* item : seq->items()) {
    MappingReader r(item, file, "row");
    auto kubernetes = r.RequiredString("kubernetes");
    auto version = r.RequiredString(version_key);
    auto source = r.RequiredString("source");
    GL_RETURN_IF_ERROR(r.Finish());
    Location where = document::LocationOf(item, file);
    auto k = Version::Parse(*kubernetes);
    if (!k.ok()) return InvalidArgument("'kubernetes': " + k.status().message(), where);
    auto v = AddonVersion::Parse(*version);
    if (!v)
      return InvalidArgument(
          "'" + std::string(version_key) + "': '" + *version + "' is not a version", where);
    out.push_back({*k, *v, *version, *source});
  }
  return Status::Ok();
}

}  // namespace

namespace {

// The earliest removal among a release's `uses`, as (removed-in, "api kind"); an error for an
// entry the catalog cannot date.
StatusOr<std::pair<Version, std::string>> EarliestRemoval(const AddonRelease& row,
                                                          const ApiCatalog& apis) {
  std::optional<std::pair<Version, std::string>> earliest;
  for (const std::string& use : row.uses) {
    size_t space = use.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 == use.size()) {
      return InvalidArgument("'uses': expected \"group/version Kind\", found '" + use + "'",
                             row.origin);
    }
    const ApiEntry* entry = apis.Find(use.substr(0, space), use.substr(space + 1));
    if (entry == nullptr || !entry->removed_in) {
      return InvalidArgument(
          "'uses': the API catalog records no removal of '" + use + "' to cap the range by",
          row.origin);
    }
    if (!earliest || Version::CompareMinor(*entry->removed_in, earliest->first) < 0) {
      earliest = std::make_pair(entry->removed_in->Minor(), use);
    }
  }
  return *earliest;
}

}  // namespace

Status CapRangesByRemovedApis(AddonMatrix& matrix, const ApiCatalog& apis) {
  for (AddonSpec& spec : matrix.mutable_addons()) {
    for (AddonRelease& row : spec.releases) {
      row.cap_note.clear();
      if (row.uses.empty()) continue;
      GL_ASSIGN_OR_RETURN(row.kubernetes, KubernetesRange::Parse(row.documented_range));
      if (row.kubernetes.unknown) continue;
      GL_ASSIGN_OR_RETURN(auto removal, EarliestRemoval(row, apis));
      const Version cap = removal.first.PreviousMinor();
      if (row.kubernetes.max && Version::CompareMinor(*row.kubernetes.max, cap) <= 0) continue;
      if (row.kubernetes.min && Version::CompareMinor(*row.kubernetes.min, cap) > 0) {
        return InvalidArgument("'uses': " + removal.second + " was removed in " +
                                   removal.first.ToString() + ", before the range '" +
                                   row.documented_range + "' starts",
                               row.origin);
      }
      row.kubernetes.max = cap;
      row.kubernetes.text = row.kubernetes.min ? row.kubernetes.min->ToString() + " - " +
                                                     cap.ToString()
                                               : "<=" + cap.ToString();
      row.cap_note = "capped at " + cap.ToString() + " by greenlight, not by the project: " +
                     removal.second + ", which this release's manifests use (" +
                     row.uses_source + "), was removed in Kubernetes " +
                     removal.first.ToString() + "; the project documents " +
                     row.documented_range;
    }
  }
  return Status::Ok();
}

Status LoadAddonText(std::string bytes, std::string_view display_path, AddonMatrix& into) {
  const std::string file(display_path);
  GL_ASSIGN_OR_RETURN(document::Document doc,
                      document::ParseSingleDocument(std::move(bytes), file));
  MappingReader top(doc.root(), file, "add-on file");
  AddonSpec spec;
  spec.file = file;
  auto schema = top.OptionalInt("schemaVersion");
  spec.data_version = top.RequiredString("dataVersion").value_or("");
  spec.date = top.RequiredString("date").value_or("");
  spec.id = top.RequiredString("addon").value_or("");
  spec.display_name = top.OptionalString("displayName").value_or(spec.id);
  spec.provider = top.RequiredString("provider").value_or("");
  auto policy_text = top.RequiredString("policy");
  spec.policy_source = top.RequiredString("policySource").value_or("");
  spec.chart_version_is_app_version = top.OptionalBool("chartVersionIsAppVersion").value_or(false);
  auto ranges_are = top.OptionalString("rangesAre");
  const Node* recognise = top.RequiredMapping("recognise");
  const Node* releases = top.OptionalSequence("releases");
  const Node* minimums = top.OptionalSequence("minimums");
  const Node* documented = top.OptionalSequence("documented");
  if (top.ok() && !schema)
    top.Fail(doc.root(), "missing required key 'schemaVersion' in add-on file");
  if (top.ok() && *schema != 1) {
    top.Fail(top.node()->Get("schemaVersion"),
             "unsupported schemaVersion " + std::to_string(*schema) + " (this greenlight reads 1)");
  }
  std::optional<AddonPolicy> policy;
  if (top.ok()) {
    policy = ParsePolicy(*policy_text);
    if (!policy) {
      top.Fail(top.node()->Get("policy"),
               "unknown policy '" + *policy_text +
                   "' (expected table, kubernetes-minor, minimum-per-kubernetes, "
                   "eks-documented or none)");
    }
  }
  if (top.ok() && ranges_are && *ranges_are != "supported" && *ranges_are != "tested") {
    top.Fail(top.node()->Get("rangesAre"),
             "rangesAre must be supported or tested, found '" + *ranges_are + "'");
  }
  spec.ranges_are_tested = ranges_are.value_or("supported") == "tested";
  if (top.ok() && spec.provider != "eks" && spec.provider != "third-party") {
    top.Fail(top.node()->Get("provider"),
             "provider must be eks or third-party, found '" + spec.provider + "'");
  }
  GL_RETURN_IF_ERROR(top.Finish());
  spec.policy = *policy;
  MappingReader rec(recognise, file, "recognise");
  spec.images = rec.OptionalStringList("images");
  spec.names = rec.OptionalStringList("names");
  spec.helm_charts = rec.OptionalStringList("helmCharts");
  GL_RETURN_IF_ERROR(rec.Finish());
  GL_RETURN_IF_ERROR(ReadReleases(releases, file, spec));
  GL_RETURN_IF_ERROR(ReadKubernetesRows(minimums, file, "minimum", spec.minimums));
  GL_RETURN_IF_ERROR(ReadKubernetesRows(documented, file, "version", spec.documented));
  Location where = document::LocationOf(doc.root(), file);
  if (spec.policy == AddonPolicy::kTable && spec.releases.empty()) {
    return InvalidArgument("policy 'table' needs a non-empty 'releases' list", where);
  }
  if (spec.policy == AddonPolicy::kMinimumPerKubernetes && spec.minimums.empty()) {
    return InvalidArgument("policy 'minimum-per-kubernetes' needs a non-empty 'minimums' list",
                           where);
  }
  if (spec.policy == AddonPolicy::kEksDocumented && spec.documented.empty()) {
    return InvalidArgument("policy 'eks-documented' needs a non-empty 'documented' list", where);
  }
  if (spec.images.empty() && spec.names.empty() && spec.helm_charts.empty()) {
    return InvalidArgument("'recognise' needs at least one of images, names, helmCharts", where);
  }
  return into.Add(std::move(spec));
}

Status LoadAddonMatrixPath(const std::string& path, AddonMatrix& into) {
  GL_ASSIGN_OR_RETURN(std::vector<fs::path> files, ListYamlFiles(path, "add-on files"));
  for (const auto& file : files) {
    GL_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(file, file.generic_string()));
    GL_RETURN_IF_ERROR(LoadAddonText(std::move(bytes), file.generic_string(), into));
  }
  GL_ASSIGN_OR_RETURN(ApiCatalog apis, LoadEmbeddedCatalog());
  return CapRangesByRemovedApis(into, apis);
}

StatusOr<AddonMatrix> LoadEmbeddedAddonMatrix() {
  AddonMatrix matrix;
  for (const auto& file : embedded::List("api-catalog/addons/")) {
    GL_RETURN_IF_ERROR(
        LoadAddonText(std::string(file.contents), "embedded:" + std::string(file.path), matrix));
  }
  if (matrix.addons().empty())
    return Internal("the embedded add-on matrix is missing from this build");
  GL_ASSIGN_OR_RETURN(ApiCatalog apis, LoadEmbeddedCatalog());
  GL_RETURN_IF_ERROR(CapRangesByRemovedApis(matrix, apis));
  return matrix;
}

}  // namespace greenlight::catalog
