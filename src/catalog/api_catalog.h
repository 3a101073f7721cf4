// File: src/catalog/api_catalog.h
// The deprecated-API catalog: which apiVersion/kind pairs Kubernetes (or a CRD's project)
// deprecated or removed, in which version, and what replaces them. The data lives in
// api-catalog/*.yaml, is embedded at build time, and can be replaced (--catalog) or extended
// (--extra-catalog) by the user. Every entry remembers the file and line it came from.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"
#include "base/status.h"
#include "base/version.h"

namespace greenlight::catalog {

struct ApiReplacement {
  std::string api_version;
  std::string kind;  ///< same as the entry's kind unless the kind changed
  std::optional<Version> since;  ///< first release that serves the replacement
};

struct ApiEntry {
  std::string api_version;  ///< "batch/v1beta1", "v1"
  std::string kind;         ///< "CronJob", or "*" for every kind of api_version
  std::optional<Version> deprecated_in;
  std::optional<Version> removed_in;  ///< nullopt: no removal scheduled
  std::optional<ApiReplacement> replacement;  ///< nullopt: nothing replaces it (PSP)
  std::string notes;        ///< migration notes
  std::string source;       ///< URL of the fact's source
  std::string component;    ///< "kubernetes", or the user file's component
  Location origin;          ///< where the entry is defined ("embedded:api-catalog/...:120")

  /// Where the object stands at `target`.
  enum class Status { kOk, kDeprecated, kRemoved };
  Status StatusAt(const Version& target) const;
};

/// Metadata of one loaded catalog file.
struct CatalogFile {
  std::string path;  ///< display path, "embedded:api-catalog/kubernetes.yaml" for built-in data
  int schema_version = 0;
  std::string data_version;
  std::string date;
  std::string component;
};

class ApiCatalog {
 public:
  /// The entry for (apiVersion, kind): an exact entry first, then a "*" entry of api_version.
  const ApiEntry* Find(std::string_view api_version, std::string_view kind) const;

  const std::vector<ApiEntry>& entries() const { return entries_; }
  const std::vector<CatalogFile>& files() const { return files_; }

  /// Adds an entry; a second entry for the same (apiVersion, kind) is an error naming both.
  Status Add(ApiEntry entry);
  void AddFile(CatalogFile file) { files_.push_back(std::move(file)); }

 private:
  std::vector<ApiEntry> entries_;
  std::map<std::pair<std::string, std::string>, size_t, std::less<>> index_;
  std::vector<CatalogFile> files_;
};

/// The group/versions and group/version/kinds the catalog knows to be served at `target`
/// (entries not removed there, and replacements already available), sorted. Rendering passes
/// them to helm as --api-versions so that charts switching on .Capabilities.APIVersions.Has
/// take the branch the target cluster would.
std::vector<std::string> ServedApiVersions(const ApiCatalog& catalog, const Version& target);

/// Parses one catalog file's bytes into `into` (strict: unknown keys, bad versions, duplicates
/// and dangling fields are errors with file:line:col).
Status LoadCatalogText(std::string bytes, std::string_view display_path, ApiCatalog& into);

/// Loads a file, or every *.yaml/*.yml file of a directory (sorted), into `into`.
Status LoadCatalogPath(const std::string& path, ApiCatalog& into);

/// The catalog compiled into the binary (api-catalog/kubernetes.yaml).
StatusOr<ApiCatalog> LoadEmbeddedCatalog();

}  // namespace greenlight::catalog
