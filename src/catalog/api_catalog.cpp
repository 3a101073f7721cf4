#include "catalog/api_catalog.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "base/file_io.h"
#include "document/field_reader.h"
#include "document/parser.h"
#include "embedded/embedded.h"

namespace greenlight::catalog {
namespace fs = std::filesystem;
using document::MappingReader;
using document::Node;

ApiEntry::Status ApiEntry::StatusAt(const Version& target) const {
  if (removed_in && Version::CompareMinor(*removed_in, target) <= 0) return Status::kRemoved;
  if (deprecated_in && Version::CompareMinor(*deprecated_in, target) <= 0) return Status::kDeprecated;
  return Status::kOk;
}

const ApiEntry* ApiCatalog::Find(std::string_view api_version, std::string_view kind) const {
  auto it = index_.find(std::make_pair(std::string(api_version), std::string(kind)));
  if (it == index_.end()) it = index_.find(std::make_pair(std::string(api_version), std::string("*")));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

Status ApiCatalog::Add(ApiEntry entry) {
  auto key = std::make_pair(entry.api_version, entry.kind);
  if (auto it = index_.find(key); it != index_.end()) {
    return InvalidArgument("duplicate catalog entry " + entry.api_version + " " + entry.kind +
                               ": already defined at " + entries_[it->second].origin.ToString(),
                           entry.origin);
  }
  index_.emplace(std::move(key), entries_.size());
  entries_.push_back(std::move(entry));
  return Status::Ok();
}

namespace {

bool IsValidApiVersion(std::string_view v) {
  if (v.empty() || v.find(' ') != std::string_view::npos) return false;
  size_t slash = v.find('/');
  if (slash == std::string_view::npos) return true;
  return slash > 0 && slash + 1 < v.size() && v.find('/', slash + 1) == std::string_view::npos;
}

Status ReadReplacement(const Node* node, const std::string& file, ApiEntry& entry) {
  if (node == nullptr || node->IsNull()) return Status::Ok();
  MappingReader r(node, file, "replacement");
  ApiReplacement replacement;
  replacement.api_version = r.RequiredString("apiVersion").value_or("");
  replacement.kind = r.OptionalString("kind").value_or(entry.kind);
  replacement.since = r.OptionalVersion("since");
  GL_RETURN_IF_ERROR(r.Finish());
  if (!IsValidApiVersion(replacement.api_version)) {
    return InvalidArgument("replacement apiVersion '" + replacement.api_version +
                               "' is not of the form group/version or v1",
                           document::LocationOf(node, file));
  }
  entry.replacement = std::move(replacement);
  return Status::Ok();
}

StatusOr<ApiEntry> ReadEntry(const Node* node, const std::string& file, const std::string& component) {
  MappingReader r(node, file, "catalog entry");
  ApiEntry entry;
  entry.origin = document::LocationOf(node, file);
  entry.component = component;
  entry.api_version = r.RequiredString("apiVersion").value_or("");
  entry.kind = r.RequiredString("kind").value_or("");
  entry.deprecated_in = r.OptionalVersion("deprecatedIn");
  entry.removed_in = r.OptionalVersion("removedIn");
  const Node* replacement = r.Raw("replacement");
  entry.notes = r.OptionalString("notes").value_or("");
  entry.source = r.RequiredString("source").value_or("");
  if (r.ok() && !r.Has("replacement")) {
    r.Fail(node, "missing required key 'replacement' in catalog entry (write 'replacement: null' "
                 "when nothing replaces the API)");
  }
  GL_RETURN_IF_ERROR(r.Finish());
  GL_RETURN_IF_ERROR(ReadReplacement(replacement, file, entry));
  if (!IsValidApiVersion(entry.api_version)) {
    return InvalidArgument("apiVersion '" + entry.api_version + "' is not of the form group/version or v1",
                           entry.origin);
  }
  if (!entry.deprecated_in && !entry.removed_in) {
    return InvalidArgument("catalog entry " + entry.api_version + " " + entry.kind +
                               " needs deprecatedIn or removedIn",
                           entry.origin);
  }
  if (entry.deprecated_in && entry.removed_in &&
      Version::CompareMinor(*entry.deprecated_in, *entry.removed_in) > 0) {
    return InvalidArgument("catalog entry " + entry.api_version + " " + entry.kind + ": deprecatedIn " +
                               entry.deprecated_in->ToString() + " is after removedIn " +
                               entry.removed_in->ToString(),
                           entry.origin);
  }
  return entry;
}

}  // namespace

namespace {

Status LoadCatalogDocument(const document::Document& doc, const std::string& file, ApiCatalog& into) {
  MappingReader top(doc.root(), file, "catalog file");
  CatalogFile meta;
  meta.path = file;
  auto schema = top.OptionalInt("schemaVersion");
  meta.data_version = top.RequiredString("dataVersion").value_or("");
  meta.date = top.OptionalString("date").value_or("");
  meta.component = top.OptionalString("component").value_or("kubernetes");
  const Node* apis = top.RequiredSequence("apis");
  if (top.ok() && !schema) top.Fail(doc.root(), "missing required key 'schemaVersion' in catalog file");
  if (top.ok() && *schema != 1) {
    top.Fail(top.node()->Get("schemaVersion"),
             "unsupported schemaVersion " + std::to_string(*schema) + " (this greenlight reads 1)");
  }
  GL_RETURN_IF_ERROR(top.Finish());
  meta.schema_version = static_cast<int>(*schema);
  for (const Node* item : apis->items()) {
    GL_ASSIGN_OR_RETURN(ApiEntry entry, ReadEntry(item, file, meta.component));
    GL_RETURN_IF_ERROR(into.Add(std::move(entry)));
  }
  into.AddFile(std::move(meta));
  return Status::Ok();
}

}  // namespace

Status LoadCatalogText(std::string bytes, std::string_view display_path, ApiCatalog& into) {
  const std::string file(display_path);
  GL_ASSIGN_OR_RETURN(document::Document doc, document::ParseSingleDocument(std::move(bytes), file));
  return LoadCatalogDocument(doc, file, into);
}

Status LoadCatalogPath(const std::string& path, ApiCatalog& into) {
  GL_ASSIGN_OR_RETURN(std::vector<fs::path> files, ListYamlFiles(path, "catalog files"));
  std::error_code ec;
  const bool directory = fs::is_directory(path, ec);
  size_t loaded = 0;
  for (const auto& file : files) {
    const std::string display = file.generic_string();
    GL_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(file, display));
    GL_ASSIGN_OR_RETURN(document::Document doc, document::ParseSingleDocument(std::move(bytes), display));
    // A data directory also holds greenlight's other data files (api-catalog/eks.yaml, the EKS
    // calendar): in a directory only files with an 'apis' list are API catalogs.
    if (directory && doc.root() && doc.root()->IsMapping() && !doc.root()->Get("apis")) continue;
    GL_RETURN_IF_ERROR(LoadCatalogDocument(doc, display, into));
    ++loaded;
  }
  if (loaded == 0) return NotFound("no API catalog file (a YAML file with an 'apis' list) here", Location{path});
  return Status::Ok();
}

StatusOr<ApiCatalog> LoadEmbeddedCatalog() {
  ApiCatalog catalog;
  auto data = embedded::Find("api-catalog/kubernetes.yaml");
  if (!data) return Internal("the embedded catalog is missing from this build");
  GL_RETURN_IF_ERROR(
      LoadCatalogText(std::string(*data), "embedded:api-catalog/kubernetes.yaml", catalog));
  return catalog;
}

std::vector<std::string> ServedApiVersions(const ApiCatalog& catalog, const Version& target) {
  std::set<std::pair<std::string, std::string>> candidates, removed;
  for (const ApiEntry& entry : catalog.entries()) {
    auto& into = entry.StatusAt(target) == ApiEntry::Status::kRemoved ? removed : candidates;
    into.emplace(entry.api_version, entry.kind);
    const auto& r = entry.replacement;
    if (r && (!r->since || Version::CompareMinor(*r->since, target) <= 0)) {
      candidates.emplace(r->api_version, r->kind.empty() ? entry.kind : r->kind);
    }
  }
  // A replacement may itself be removed at the target (PSP's policy/v1beta1): its entry wins.
  std::set<std::string> served;
  for (const auto& [api_version, kind] : candidates) {
    if (removed.count({api_version, kind}) || removed.count({api_version, "*"})) continue;
    served.insert(api_version);
    if (kind != "*") served.insert(api_version + "/" + kind);
  }
  return {served.begin(), served.end()};
}

}  // namespace greenlight::catalog
