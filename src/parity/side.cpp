#include "parity/side.h"

#include <map>

#include "document/object.h"
#include "document/parser.h"
#include "overlay/conversion.h"

namespace greenlight::parity {
namespace {

std::string GroupOf(std::string_view api_version) {
  size_t slash = api_version.rfind('/');
  return slash == std::string_view::npos ? std::string()
                                         : std::string(api_version.substr(0, slash));
}

// configMapGenerator/secretGenerator names end in "-" and a 10-character content hash written
// with kustomize's alphabet (hex digits with 0 1 3 a e replaced by g h k m t). Blue's and green's
// generated ConfigMaps differ by design (per-cluster literals), so the hash is not their identity.
std::string WithoutGeneratorHash(const std::string& name) {
  constexpr std::string_view kAlphabet = "bcdfghkmt2456789";
  constexpr size_t kHash = 10;
  if (name.size() <= kHash + 1 || name[name.size() - kHash - 1] != '-') return name;
  for (size_t i = name.size() - kHash; i < name.size(); ++i) {
    if (kAlphabet.find(name[i]) == std::string_view::npos) return name;
  }
  return name.substr(0, name.size() - kHash - 1);
}

// References to ConfigMaps and Secrets (env, envFrom, volumes, projected sources) by name.
void StripGeneratorHashes(document::Value& value) {
  if (value.IsSequence()) {
    for (document::Value& item : value.items()) StripGeneratorHashes(item);
    return;
  }
  if (!value.IsMapping()) return;
  for (auto& [key, child] : value.entries()) {
    const bool reference = key == "configMapKeyRef" || key == "secretKeyRef" || key == "configMapRef" ||
                           key == "secretRef" || key == "configMap" || key == "secret";
    if (reference && child.IsMapping()) {
      for (const char* field : {"name", "secretName"}) {
        if (document::Value* name = child.Get(field); name != nullptr && name->IsString()) {
          *name = document::Value::String(WithoutGeneratorHash(name->text()));
        }
      }
    }
    StripGeneratorHashes(child);
  }
}

bool IsConfigObject(const ObjectKey& key) {
  return key.group.empty() && (key.kind == "ConfigMap" || key.kind == "Secret");
}

// Kustomize's own files are configuration for a tool, not resources of the cluster.
bool IsToolConfig(std::string_view api_version) {
  return api_version.starts_with("kustomize.config.k8s.io/");
}

struct Loader {
  Side& side;
  const catalog::ApiCatalog& catalog;
  overlay::ConvertOptions options;
  std::map<ObjectKey, Location> seen;

  void AddObject(const document::Object& object, const std::string& file) {
    if (IsToolConfig(object.api_version)) return;
    SideObject out;
    out.key = CanonicalKey(catalog, object.api_version, object.kind);
    out.key.namespace_name = std::string(object.namespace_name);
    out.key.name = std::string(object.name);
    if (IsConfigObject(out.key)) out.key.name = WithoutGeneratorHash(out.key.name);
    out.api_version = std::string(object.api_version);
    out.location = document::LocationOf(object.api_version_node, file, object.document);
    out.node = object.node;
    auto [it, inserted] = seen.emplace(out.key, out.location);
    if (!inserted) {
      side.notes.push_back(overlay::Message{overlay::Severity::kWarning, out.location,
                                            out.key.Display() + " is defined again (first at " +
                                                it->second.ToString() +
                                                "); only the first is compared"});
      return;
    }
    overlay::ConvertedObject converted =
        overlay::ConvertObject(document::ValueFromNode(object.node), catalog, options);
    out.converted = !converted.report.from_api_version.empty() && converted.object.has_value();
    out.normalized = std::move(converted.object);
    if (out.normalized) StripGeneratorHashes(*out.normalized);
    side.objects.push_back(std::move(out));
  }

  void AddFile(const overlay::SourceFile& file) {
    ++side.files;
    if (file.helm_template) {
      side.notes.push_back(overlay::Message{
          overlay::Severity::kInfo, Location{file.display_path, 0, 0, -1},
          "unrendered Helm chart template: not compared (compare rendered manifests)"});
      return;
    }
    auto text = document::DecodeToUtf8(file.bytes, file.display_path);
    if (!text.ok()) {
      side.errors.push_back(text.status());
      return;
    }
    document::ParsedStream stream = document::ParseStream(*text, file.display_path, file.is_json);
    for (Status& error : stream.errors) side.errors.push_back(std::move(error));
    for (document::Document& doc : stream.documents) {
      side.documents.push_back(std::move(doc));
      for (const document::Object& object : document::ExtractObjects(side.documents.back())) {
        AddObject(object, file.display_path);
      }
    }
  }
};

}  // namespace

std::string ObjectKey::Display() const {
  return kind + " " + (namespace_name.empty() ? "" : namespace_name + "/") +
         (name.empty() ? "<unnamed>" : name);
}

ObjectKey CanonicalKey(const catalog::ApiCatalog& catalog, std::string_view api_version,
                       std::string_view kind) {
  std::string api(api_version);
  std::string current_kind(kind);
  // A replacement chain never revisits an API; the bound guards against a cyclic user catalog.
  for (int step = 0; step < 16; ++step) {
    const catalog::ApiEntry* entry = catalog.Find(api, current_kind);
    if (entry == nullptr || !entry->replacement) break;
    api = entry->replacement->api_version;
    if (!entry->replacement->kind.empty()) current_kind = entry->replacement->kind;
  }
  return ObjectKey{GroupOf(api), current_kind, "", ""};
}

Version NewestCatalogVersion(const catalog::ApiCatalog& catalog) {
  Version newest(1, 0);
  auto consider = [&](const std::optional<Version>& v) {
    if (v && Version::CompareMinor(*v, newest) > 0) newest = v->Minor();
  };
  for (const catalog::ApiEntry& entry : catalog.entries()) {
    consider(entry.deprecated_in);
    consider(entry.removed_in);
    if (entry.replacement) consider(entry.replacement->since);
  }
  return newest;
}

Side LoadSide(std::string label, const std::vector<overlay::SourceFile>& files,
              const catalog::ApiCatalog& catalog, const Version& target) {
  Side side;
  side.label = std::move(label);
  overlay::ConvertOptions options;
  options.target = target.Minor();
  // Both sides move to the newest API the target serves, so that an object green already
  // moved and its blue twin meet in the same schema.
  options.include_deprecated = true;
  Loader loader{side, catalog, options, {}};
  for (const overlay::SourceFile& file : files) loader.AddFile(file);
  return side;
}

}  // namespace greenlight::parity
