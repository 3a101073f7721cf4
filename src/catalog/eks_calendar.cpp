#include "catalog/eks_calendar.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "base/file_io.h"
#include "document/field_reader.h"
#include "document/parser.h"
#include "embedded/embedded.h"

namespace greenlight::catalog {
using document::MappingReader;
using document::Node;
namespace chr = std::chrono;

std::optional<Day> Day::Parse(std::string_view text) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::string s(text);
  if (std::sscanf(s.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
  chr::year_month_day ymd{chr::year{y}, chr::month{m}, chr::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return Day{static_cast<int>(chr::sys_days(ymd).time_since_epoch().count())};
}

Day Day::Today() {
  auto now = chr::floor<chr::days>(chr::system_clock::now());
  return Day{static_cast<int>(now.time_since_epoch().count())};
}

std::string Day::ToString() const {
  chr::year_month_day ymd{chr::sys_days{chr::days{days}}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

const char* SupportPhaseName(SupportPhase phase) {
  switch (phase) {
    case SupportPhase::kNotYetReleased:
      return "not yet released";
    case SupportPhase::kStandard:
      return "standard";
    case SupportPhase::kExtended:
      return "extended";
    case SupportPhase::kEnded:
      return "ended";
  }
  return "ended";
}

SupportPhase PhaseOn(const EksVersion& v, Day day) {
  if (day < v.eks_release) return SupportPhase::kNotYetReleased;
  if (day < v.end_of_standard) return SupportPhase::kStandard;
  if (day < v.end_of_extended) return SupportPhase::kExtended;
  return SupportPhase::kEnded;
}

const EksVersion* EksCalendar::Find(const Version& minor) const {
  for (const auto& v : versions_) {
    if (Version::CompareMinor(v.version, minor) == 0) return &v;
  }
  return nullptr;
}

Status EksCalendar::Add(EksVersion v) {
  if (const EksVersion* existing = Find(v.version)) {
    return InvalidArgument("EKS version " + v.version.ToString() + " is already defined at " +
                               existing->origin.ToString(),
                           v.origin);
  }
  versions_.push_back(std::move(v));
  std::sort(versions_.begin(), versions_.end(),
            [](const EksVersion& a, const EksVersion& b) { return a.version < b.version; });
  return Status::Ok();
}

namespace {

std::optional<Day> ReadDay(MappingReader& r, std::string_view key, bool required) {
  auto text = required ? r.RequiredString(key) : r.OptionalString(key);
  if (!text) return std::nullopt;
  auto day = Day::Parse(*text);
  if (!day)
    r.Fail(r.node()->Get(key),
           "'" + std::string(key) + "' must be a date YYYY-MM-DD, found '" + *text + "'");
  return day;
}

Status ReadVersion(const Node* item, const std::string& file, EksCalendar& into) {
  MappingReader r(item, file, "EKS version");
  EksVersion v;
  v.origin = document::LocationOf(item, file);
  auto version = r.RequiredString("version");
  v.upstream_release = ReadDay(r, "upstreamRelease", false);
  auto release = ReadDay(r, "eksRelease", true);
  auto standard = ReadDay(r, "endOfStandardSupport", true);
  auto extended = ReadDay(r, "endOfExtendedSupport", true);
  v.source = r.RequiredString("source").value_or("");
  GL_RETURN_IF_ERROR(r.Finish());
  auto parsed = Version::Parse(*version);
  if (!parsed.ok()) return InvalidArgument("'version': " + parsed.status().message(), v.origin);
  v.version = parsed->Minor();
  v.eks_release = *release;
  v.end_of_standard = *standard;
  v.end_of_extended = *extended;
  if (!(v.eks_release < v.end_of_standard && v.end_of_standard <= v.end_of_extended)) {
    return InvalidArgument(
        "EKS version " + v.version.ToString() +
            ": dates must be eksRelease < endOfStandardSupport <= endOfExtendedSupport",
        v.origin);
  }
  return into.Add(std::move(v));
}

}  // namespace

Status LoadEksCalendarText(std::string bytes, std::string_view display_path, EksCalendar& into) {
  const std::string file(display_path);
  GL_ASSIGN_OR_RETURN(document::Document doc,
                      document::ParseSingleDocument(std::move(bytes), file));
  MappingReader top(doc.root(), file, "EKS calendar");
  auto schema = top.OptionalInt("schemaVersion");
  into.data_version = top.RequiredString("dataVersion").value_or("");
  into.date = top.RequiredString("date").value_or("");
  auto component = top.OptionalString("component");
  const Node* versions = top.RequiredSequence("versions");
  if (top.ok() && (!schema || *schema != 1)) {
    top.Fail(doc.root(), "schemaVersion must be 1 (this greenlight reads 1)");
  }
  if (top.ok() && component && *component != "eks") {
    top.Fail(top.node()->Get("component"), "component must be 'eks', found '" + *component + "'");
  }
  GL_RETURN_IF_ERROR(top.Finish());
  into.file = file;
  for (const Node* item : versions->items()) GL_RETURN_IF_ERROR(ReadVersion(item, file, into));
  return Status::Ok();
}

Status LoadEksCalendarPath(const std::string& path, EksCalendar& into) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return NotFound("EKS calendar is not a readable file", Location{path});
  GL_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(path, path));
  return LoadEksCalendarText(std::move(bytes), path, into);
}

StatusOr<EksCalendar> LoadEmbeddedEksCalendar() {
  auto data = embedded::Find("api-catalog/eks.yaml");
  if (!data) return Internal("the embedded EKS calendar is missing from this build");
  EksCalendar calendar;
  GL_RETURN_IF_ERROR(
      LoadEksCalendarText(std::string(*data), "embedded:api-catalog/eks.yaml", calendar));
  return calendar;
}

}  // namespace greenlight::catalog
