// File: src/catalog/eks_calendar.h
// The Amazon EKS version calendar: for each Kubernetes minor on EKS, its release date, end of
// standard support and end of extended support (api-catalog/eks.yaml, embedded, overridable by
// path), and the support phase of a version on a given day.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"
#include "base/status.h"
#include "base/version.h"

namespace greenlight::catalog {

/// A calendar day, as days since 1970-01-01 (UTC).
struct Day {
  int days = 0;
  /// Parses "YYYY-MM-DD" (a real date); nullopt otherwise.
  static std::optional<Day> Parse(std::string_view text);
  static Day Today();
  std::string ToString() const;  ///< "YYYY-MM-DD"
  friend auto operator<=>(const Day&, const Day&) = default;
};

struct EksVersion {
  Version version;  ///< the minor, "1.25"
  std::optional<Day> upstream_release;
  Day eks_release, end_of_standard, end_of_extended;
  std::string source;
  Location origin;
};

enum class SupportPhase { kNotYetReleased, kStandard, kExtended, kEnded };
const char* SupportPhaseName(
    SupportPhase phase);  ///< "not yet released", "standard", "extended", "ended"

class EksCalendar {
 public:
  const EksVersion* Find(const Version& minor) const;
  const std::vector<EksVersion>& versions() const { return versions_; }
  Status Add(EksVersion v);

  std::string data_version, date, file;

 private:
  std::vector<EksVersion> versions_;
};

/// The phase of `v` on `day` (standard until and including the end-of-standard day's eve).
SupportPhase PhaseOn(const EksVersion& v, Day day);

Status LoadEksCalendarText(std::string bytes, std::string_view display_path, EksCalendar& into);
Status LoadEksCalendarPath(const std::string& path, EksCalendar& into);
StatusOr<EksCalendar> LoadEmbeddedEksCalendar();

}  // namespace greenlight::catalog
