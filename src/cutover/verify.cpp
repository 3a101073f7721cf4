#include "cutover/verify.h"

#include <algorithm>
#include <map>

#include "cutover/plan.h"

namespace greenlight::cutover {
namespace {

struct Expectation {
  PhaseKind kind = PhaseKind::kStep;
  std::string label;  // "step 2", "the TTL-lowering step"
  int blue = 0, green = 0, ttl = 0;
};

StatusOr<Expectation> FindExpectation(const CutoverSpec& spec, std::string_view step) {
  GL_ASSIGN_OR_RETURN(Plan plan, BuildPlan(spec, nullptr));
  std::vector<std::string> known;
  for (const auto& phase : plan.phases) {
    std::string name = phase.kind == PhaseKind::kStep ? std::to_string(phase.step)
                                                      : std::string(PhaseKindName(phase.kind));
    if (phase.kind == PhaseKind::kConvert) continue;
    known.push_back(name);
    if (name != step) continue;
    std::string label = phase.kind == PhaseKind::kStep ? "step " + name : name;
    return Expectation{phase.kind, label, phase.blue_weight, phase.green_weight, phase.ttl};
  }
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  return InvalidArgument("--step must be one of " + list + ", got '" + std::string(step) + "'");
}

class RecordChecker {
 public:
  RecordChecker(const CutoverSpec& spec, const RecordSpec& record, const Expectation& expect,
                std::vector<std::string>& out)
      : spec_(spec), record_(record), expect_(expect), out_(out) {}

  void Run(const std::vector<RecordSet>& live) {
    std::map<std::string, std::vector<const RecordSet*>> by_type;
    for (const auto& rs : live) {
      if (NormalizeDnsName(rs.name) == record_.hostname) by_type[rs.type].push_back(&rs);
    }
    bool has_cname = by_type.count("CNAME") > 0;
    bool has_address = by_type.count("A") > 0 || by_type.count("AAAA") > 0;
    if (has_cname && has_address) {
      Report("CNAME and A/AAAA records both exist at " + record_.hostname +
             " (Route 53 refuses a CNAME beside other records)");
    } else if (record_.kind == RecordKind::kCname && has_address) {
      Report(record_.hostname + " has A/AAAA records, the plan expects a CNAME");
    } else if (record_.kind != RecordKind::kCname && has_cname) {
      Report(record_.hostname + " has a CNAME, the plan expects " +
             (IsAliasKind(record_.kind) ? "alias A/AAAA records" : "A records"));
    }
    if (expect_.kind == PhaseKind::kTtlLower && !HasWeightedMembers(by_type)) {
      // Not converted yet: the TTL step only lowers the TTL of the simple record.
      for (const auto& [type, records] : by_type) {
        for (const RecordSet* rs : records) {
          if (rs->IsSimple() && (type == "CNAME" || type == "A" || type == "AAAA"))
            CheckSimple(type, *rs);
        }
      }
      return;
    }
    for (const auto& type : RecordTypes(record_)) CheckGroup(type, by_type[type]);
  }

  static bool HasWeightedMembers(
      const std::map<std::string, std::vector<const RecordSet*>>& by_type) {
    for (const auto& [type, records] : by_type) {
      for (const RecordSet* rs : records) {
        if (!rs->IsSimple()) return true;
      }
    }
    return false;
  }

 private:
  void Report(std::string message) { out_.push_back(std::move(message)); }

  std::string Where(const std::string& type, const std::string& set_id = "") const {
    return record_.hostname + " " + type + (set_id.empty() ? "" : " [" + set_id + "]");
  }

  void CheckGroup(const std::string& type, const std::vector<const RecordSet*>& members) {
    std::vector<const RecordSet*> simple, weighted;
    for (const RecordSet* rs : members) (rs->IsSimple() ? simple : weighted).push_back(rs);
    if (!simple.empty() && !weighted.empty()) {
      Report(Where(type) + ": simple and weighted records mixed (Route 53 refuses this state)");
      return;
    }
    if (!simple.empty()) {
      if (expect_.kind == PhaseKind::kTtlLower) {
        CheckSimple(type, *simple.front());
      } else {
        Report(Where(type) + ": a simple record is live; " + expect_.label +
               " expects weighted members (convert it first)");
      }
      return;
    }
    std::map<std::string, int> seen;
    for (const RecordSet* rs : weighted) {
      if (++seen[rs->set_identifier] == 2) {
        Report(Where(type, rs->set_identifier) + ": set identifier listed more than once");
      }
    }
    bool all_zero = !weighted.empty();
    for (const RecordSet* rs : weighted) all_zero = all_zero && rs->weight.value_or(0) == 0;
    if (all_zero && !spec_.allow_all_zero) {
      Report(Where(type) + ": every weight is 0, which Route 53 treats as an even split");
    }
    for (const RecordSet* rs : weighted) {
      if (rs->set_identifier != record_.blue.set_identifier &&
          rs->set_identifier != record_.green.set_identifier) {
        Report(Where(type, rs->set_identifier) + ": extra member, not in the plan (weight " +
               std::to_string(rs->weight.value_or(0)) + ")");
      }
    }
    for (const auto& expected : MemberRecords(record_, expect_.blue, expect_.green, expect_.ttl)) {
      if (expected.type != type) continue;
      if (expect_.kind == PhaseKind::kDecommission &&
          expected.set_identifier == record_.blue.set_identifier) {
        if (std::any_of(weighted.begin(), weighted.end(), [&](const RecordSet* rs) {
              return rs->set_identifier == expected.set_identifier;
            })) {
          Report(Where(type, expected.set_identifier) +
                 ": blue's member is still live, decommission deletes it");
        }
        continue;
      }
      auto found = std::find_if(weighted.begin(), weighted.end(), [&](const RecordSet* rs) {
        return rs->set_identifier == expected.set_identifier;
      });
      if (found == weighted.end()) {
        Report(Where(type, expected.set_identifier) + ": missing member (" + expect_.label +
               " expects weight " + std::to_string(*expected.weight) + ")");
        continue;
      }
      CheckMember(expected, **found);
    }
  }

  void CheckSimple(const std::string& type, const RecordSet& live) {
    if (IsAliasKind(record_.kind)) return;  // no TTL to lower on an alias
    if (live.ttl.value_or(-1) != expect_.ttl) {
      Report(Where(type) + ": TTL is " + std::to_string(live.ttl.value_or(0)) + ", " +
             expect_.label + " expects " + std::to_string(expect_.ttl));
    }
  }

  void CheckMember(const RecordSet& expected, const RecordSet& live) {
    std::string where = Where(expected.type, expected.set_identifier);
    if (live.weight != expected.weight) {
      Report(where + ": weight is " + (live.weight ? std::to_string(*live.weight) : "absent") +
             ", " + expect_.label + " expects " + std::to_string(*expected.weight));
    }
    if (expected.alias) {
      if (!live.alias) {
        Report(where + ": not an alias record, the plan expects an alias to " +
               expected.alias->dns_name);
        return;
      }
      if (NormalizeDnsName(live.alias->dns_name) != NormalizeDnsName(expected.alias->dns_name) ||
          live.alias->hosted_zone_id != expected.alias->hosted_zone_id) {
        Report(where + ": alias target is " + live.alias->dns_name + " (zone " +
               live.alias->hosted_zone_id + "), the plan expects " + expected.alias->dns_name +
               " (zone " + expected.alias->hosted_zone_id + ")");
      }
      return;
    }
    if (live.ttl != expected.ttl) {
      Report(where + ": TTL is " + (live.ttl ? std::to_string(*live.ttl) : "absent") + ", " +
             expect_.label + " expects " + std::to_string(*expected.ttl));
    }
    std::vector<std::string> live_values, expected_values;
    for (const auto& v : live.values) live_values.push_back(NormalizeDnsName(v));
    for (const auto& v : expected.values) expected_values.push_back(NormalizeDnsName(v));
    std::sort(live_values.begin(), live_values.end());
    std::sort(expected_values.begin(), expected_values.end());
    if (live_values != expected_values) {
      std::string shown;
      for (const auto& v : live.values) shown += (shown.empty() ? "" : ", ") + v;
      Report(where + ": values are [" + shown + "], the plan expects [" + expected.values.front() +
             (expected.values.size() > 1 ? ", ..." : "") + "]");
    }
  }

  const CutoverSpec& spec_;
  const RecordSpec& record_;
  const Expectation& expect_;
  std::vector<std::string>& out_;
};

}  // namespace

StatusOr<std::vector<std::string>> VerifyListing(const CutoverSpec& spec,
                                                 const std::vector<RecordSet>& live,
                                                 std::string_view step) {
  GL_ASSIGN_OR_RETURN(Expectation expect, FindExpectation(spec, step));
  std::vector<std::string> differences;
  for (const auto& record : spec.records)
    RecordChecker(spec, record, expect, differences).Run(live);
  return differences;
}

}  // namespace greenlight::cutover
