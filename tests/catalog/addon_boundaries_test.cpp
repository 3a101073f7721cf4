// Issue 20: every add-on of the embedded matrix at its boundaries, generated from the data.
// For each row: the first and last Kubernetes minor it supports and one minor outside on each
// bounded side (table rows); the documented or minimum version and one minor below it, and a
// Kubernetes minor outside the documented ones (per-Kubernetes rows). The cases are derived
// from the row data by the plain range rules below, not by AddonMatrix::Evaluate, and written
// to testdata/addons/boundary-cases.tsv: a data edit changes the cases, so the checked-in file
// no longer matches and the drift test fails until the cases are regenerated
// (GREENLIGHT_UPDATE_SNAPSHOTS=1) and the diff reviewed. Each add-on's cases then run through
// Evaluate as one test per add-on.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "catalog/addon_matrix.h"
#include "catalog/eks_calendar.h"
#include "test_paths.h"

namespace greenlight::catalog {
namespace {

struct BoundaryCase {
  std::string addon, version, target, expected, why;
};

const AddonMatrix& Matrix() {
  static const AddonMatrix matrix = *LoadEmbeddedAddonMatrix();
  return matrix;
}

std::string Minor(const Version& v) { return v.ToString(); }
Version Next(const Version& v) { return v.NextMinor(); }
Version Previous(const Version& v) { return v.PreviousMinor(); }

// The version a table row is evaluated with: its lowest version (the upper end for "<=X").
AddonVersion RowVersion(const AddonRelease& row) {
  AddonVersion v = row.versions.Lowest().value_or(row.versions.high);
  v.has_patch = true;
  return v;
}

// What the plain range rules expect for `found` (in row `own`) at `target`: ok inside the row's
// range; an upgrade when a newer release's range holds the target; else unsupported.
std::string ExpectedForTable(const AddonSpec& spec, const AddonRelease& own,
                             const AddonVersion& found, const Version& target) {
  if (own.kubernetes.unknown) return "unknown";
  if (own.kubernetes.Contains(target)) return "ok";
  for (const AddonRelease& row : spec.releases) {
    auto lowest = row.versions.Lowest();
    if (!row.kubernetes.unknown && row.kubernetes.Contains(target) && lowest &&
        AddonVersion::Compare(*lowest, found) > 0) {
      return "upgrade";
    }
  }
  return "unsupported";
}

void TableCases(const AddonSpec& spec, std::vector<BoundaryCase>& out) {
  for (const AddonRelease& row : spec.releases) {
    const AddonVersion v = RowVersion(row);
    auto add = [&](const Version& target, const std::string& why) {
      out.push_back({spec.id, v.ToString(), Minor(target),
                     ExpectedForTable(spec, row, v, target), row.versions.text + ": " + why});
    };
    if (row.kubernetes.unknown) {
      add(Version(1, 30), "no range published");
      continue;
    }
    const KubernetesRange& k = row.kubernetes;
    if (k.min) {
      add(*k.min, "first supported minor");
      add(Previous(*k.min), "one below");
    }
    if (k.max) {
      add(*k.max, "last supported minor" + std::string(row.cap_note.empty() ? "" : " (derived cap)"));
      add(Next(*k.max), "one above");
    }
  }
}

// Rows keyed by Kubernetes minor: the row's version is ok there, one minor lower needs the
// upgrade; a minor outside the rows is unknown. `minor_follows` (kube-proxy): the version is
// the cluster's own minor.
void PerKubernetesCases(const AddonSpec& spec, const std::vector<AddonKubernetesRow>& rows,
                        std::vector<BoundaryCase>& out) {
  if (rows.empty()) return;
  for (const AddonKubernetesRow* row : {&rows.front(), &rows.back()}) {
    const std::string k = Minor(row->kubernetes);
    AddonVersion lower{row->version.major, row->version.minor - 1, 0, true, "", "", -1};
    out.push_back({spec.id, row->version.ToString(), k, "ok", "documented for " + k});
    if (row->version.minor > 0) {
      out.push_back({spec.id, lower.ToString(), k, "upgrade", "a minor below the one for " + k});
    }
  }
  if (spec.policy == AddonPolicy::kKubernetesMinor) return;  // every minor has a rule
  for (const Version& outside :
       {Previous(rows.front().kubernetes), Next(rows.back().kubernetes)}) {
    out.push_back({spec.id, rows.back().version.ToString(), Minor(outside), "unknown",
                   "no row for " + Minor(outside)});
  }
}

// kubernetes-minor without documented rows (cluster-autoscaler): the EKS calendar's first and
// last minors, the same minor ok, the minor before needs the upgrade.
void MinorFollowsCases(const AddonSpec& spec, std::vector<BoundaryCase>& out) {
  static const EksCalendar calendar = *LoadEmbeddedEksCalendar();
  for (const EksVersion* e : {&calendar.versions().front(), &calendar.versions().back()}) {
    const Version k = e->version;
    const Version before = Previous(k);
    out.push_back({spec.id, Minor(k) + ".0", Minor(k), "ok", "its minor is the cluster's"});
    out.push_back({spec.id, Minor(before) + ".0", Minor(k), "upgrade", "a minor behind"});
  }
}

std::vector<BoundaryCase> GenerateCases() {
  std::vector<BoundaryCase> out;
  for (const AddonSpec& spec : Matrix().addons()) {
    switch (spec.policy) {
      case AddonPolicy::kTable:
        TableCases(spec, out);
        break;
      case AddonPolicy::kEksDocumented:
        PerKubernetesCases(spec, spec.documented, out);
        break;
      case AddonPolicy::kMinimumPerKubernetes:
        PerKubernetesCases(spec, spec.minimums, out);
        break;
      case AddonPolicy::kKubernetesMinor:
        if (spec.documented.empty()) {
          MinorFollowsCases(spec, out);
        } else {
          PerKubernetesCases(spec, spec.documented, out);
        }
        break;
      case AddonPolicy::kNone:
        out.push_back({spec.id, "1.0.0", "1.30", "unknown", "no table published"});
        break;
    }
  }
  return out;
}

std::string Render(const std::vector<BoundaryCase>& cases) {
  std::string text =
      "# Generated from api-catalog/addons/*.yaml by tests/catalog/addon_boundaries_test.cpp;\n"
      "# regenerate with GREENLIGHT_UPDATE_SNAPSHOTS=1 and review the diff.\n"
      "# addon\tversion\ttarget\texpected\twhy\n";
  for (const BoundaryCase& c : cases) {
    text += c.addon + "\t" + c.version + "\t" + c.target + "\t" + c.expected + "\t" + c.why + "\n";
  }
  return text;
}

std::filesystem::path CasesFile() { return testing::TestData("addons/boundary-cases.tsv"); }

std::vector<BoundaryCase> ReadCases() {
  std::ifstream in(CasesFile());
  std::vector<BoundaryCase> cases;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    BoundaryCase c;
    std::getline(fields, c.addon, '\t');
    std::getline(fields, c.version, '\t');
    std::getline(fields, c.target, '\t');
    std::getline(fields, c.expected, '\t');
    std::getline(fields, c.why);
    cases.push_back(std::move(c));
  }
  return cases;
}

TEST(AddonBoundaryCasesTest, CheckedInCasesMatchTheMatrixData) {
  const std::string generated = Render(GenerateCases());
  if (std::getenv("GREENLIGHT_UPDATE_SNAPSHOTS") != nullptr) {
    std::ofstream(CasesFile(), std::ios::binary) << generated;
  }
  EXPECT_EQ(testing::ReadFileOrDie(CasesFile()), generated)
      << "the add-on matrix changed: regenerate " << CasesFile()
      << " with GREENLIGHT_UPDATE_SNAPSHOTS=1 and review the new boundary cases";
}

TEST(AddonBoundaryCasesTest, EveryAddonHasCasesOnBothSidesOfABoundary) {
  std::map<std::string, std::set<std::string>> outcomes;
  for (const BoundaryCase& c : ReadCases()) outcomes[c.addon].insert(c.expected);
  for (const AddonSpec& spec : Matrix().addons()) {
    ASSERT_TRUE(outcomes.count(spec.id)) << spec.id;
    EXPECT_TRUE(outcomes[spec.id].count("ok")) << spec.id << ": no supported case";
    EXPECT_GE(outcomes[spec.id].size(), 2u) << spec.id << ": no case outside a boundary";
  }
}

class AddonBoundaryTest : public ::testing::TestWithParam<std::string> {};

TEST_P(AddonBoundaryTest, EvaluatesAsTheRangeSays) {
  const AddonSpec* spec = Matrix().Find(GetParam());
  ASSERT_NE(spec, nullptr);
  size_t count = 0;
  for (const BoundaryCase& c : ReadCases()) {
    if (c.addon != GetParam()) continue;
    ++count;
    AddonVerdict verdict =
        AddonMatrix::Evaluate(*spec, AddonVersion::Parse(c.version), *Version::Parse(c.target));
    EXPECT_EQ(AddonStatusName(verdict.status), c.expected)
        << c.addon << " " << c.version << " at " << c.target << " (" << c.why
        << "): " << verdict.reason;
    if (verdict.status != AddonStatus::kUnknown) {
      EXPECT_FALSE(verdict.source.empty()) << c.addon << " " << c.version << " at " << c.target;
    }
  }
  EXPECT_GT(count, 0u) << "no boundary cases for " << GetParam();
}

std::vector<std::string> AddonIds() {
  std::vector<std::string> ids;
  for (const AddonSpec& spec : Matrix().addons()) ids.push_back(spec.id);
  return ids;
}

INSTANTIATE_TEST_SUITE_P(EmbeddedMatrix, AddonBoundaryTest, ::testing::ValuesIn(AddonIds()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace greenlight::catalog
