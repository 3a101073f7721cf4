#include "cutover/journal.h"

#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace greenlight::cutover {

std::string JournalToJson(const Journal& journal) {
  nlohmann::ordered_json out{{"schemaVersion", 1},
                             {"spec", journal.spec_file},
                             {"specDigest", journal.spec_digest},
                             {"zoneId", journal.zone_id},
                             {"mode", journal.mode},
                             {"state", journal.state},
                             {"completed", journal.completed},
                             {"applied", journal.applied},
                             {"weights", {{"blue", journal.blue_weight},
                                          {"green", journal.green_weight}}},
                             {"cause", journal.cause},
                             {"updated", journal.updated}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

StatusOr<Journal> ParseJournal(std::string_view text, std::string_view display_path) {
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto bad = [&](const std::string& what) {
    return InvalidArgument(std::string(display_path) + ": " + what +
                           " (not a greenlight cutover journal?)");
  };
  if (doc.is_discarded() || !doc.is_object()) return bad("not a JSON object");
  if (doc.value("schemaVersion", 0) != 1) return bad("expected schemaVersion 1");
  Journal journal;
  try {
    journal.spec_file = doc.at("spec").get<std::string>();
    journal.spec_digest = doc.at("specDigest").get<std::string>();
    journal.zone_id = doc.at("zoneId").get<std::string>();
    journal.mode = doc.at("mode").get<std::string>();
    journal.state = doc.at("state").get<std::string>();
    journal.completed = doc.at("completed").get<std::vector<std::string>>();
    journal.applied = doc.at("applied").get<std::string>();
    journal.blue_weight = doc.at("weights").at("blue").get<int>();
    journal.green_weight = doc.at("weights").at("green").get<int>();
    journal.cause = doc.value("cause", "");
    journal.updated = doc.value("updated", "");
  } catch (const nlohmann::json::exception& e) {
    return bad(std::string("missing or mistyped field: ") + e.what());
  }
  return journal;
}

std::string Digest(std::string_view bytes) {
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

}  // namespace greenlight::cutover
