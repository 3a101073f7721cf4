#include "addon_rows.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "base/file_io.h"

namespace greenlight::cli {

std::vector<AddonRow> BuildAddonRows(const std::vector<checks::AddonSighting>& sightings,
                                     const catalog::AddonMatrix& matrix, const Version& target) {
  std::map<std::pair<std::string, std::string>, AddonRow> rows;
  for (const auto& s : sightings) {
    std::string version = s.version ? s.version->ToString() : std::string();
    AddonRow& row = rows[{s.addon, version}];
    if (row.id.empty()) {
      row.id = s.addon;
      const catalog::AddonSpec* spec = matrix.Find(s.addon);
      row.display_name = spec != nullptr ? spec->display_name : s.addon;
      if (s.version) row.version = version;
      row.version_note = s.version_note;
      if (spec != nullptr) {
        row.verdict = catalog::AddonMatrix::Evaluate(*spec, s.version, target);
      } else {
        row.verdict.reason = "add-on not in the matrix";
      }
      if (!s.version && spec != nullptr) row.verdict.reason = s.version_note;
    }
    row.locations.push_back(s.location);
    std::string object = s.kind;
    if (!s.name.empty())
      object += " " + (s.namespace_name.empty() ? "" : s.namespace_name + "/") + s.name;
    row.objects.push_back(object);
  }
  std::vector<AddonRow> out;
  for (auto& [key, row] : rows) out.push_back(std::move(row));
  return out;
}

std::string StatusText(const AddonRow& row) {
  switch (row.verdict.status) {
    case catalog::AddonStatus::kOk:
      return "ok";
    case catalog::AddonStatus::kUpgrade:
      return row.verdict.minimum.empty() ? "upgrade" : "upgrade to >= " + row.verdict.minimum;
    case catalog::AddonStatus::kUnsupported:
      return "not supported";
    case catalog::AddonStatus::kUnknown:
      return "unknown";
  }
  return "unknown";
}

StatusOr<catalog::AddonMatrix> LoadAddonMatrix(const std::string& path) {
  if (path.empty()) return catalog::LoadEmbeddedAddonMatrix();
  catalog::AddonMatrix matrix;
  GL_RETURN_IF_ERROR(catalog::LoadAddonMatrixPath(path, matrix));
  return matrix;
}

StatusOr<std::vector<checks::AddonSighting>> LoadInventories(
    const std::vector<std::string>& paths) {
  std::vector<checks::AddonSighting> out;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
      return NotFound("inventory is not a readable file", Location{path});
    GL_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(path, path));
    GL_ASSIGN_OR_RETURN(auto sightings, checks::ParseAddonInventory(std::move(bytes), path));
    for (auto& s : sightings) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace greenlight::cli
