#include "document/cluster_record.h"

#include <zlib.h>

#include <array>
#include <charconv>

#include "document/parser.h"

namespace greenlight::document {
namespace {

const Node* ScalarAt(const Node* node, std::initializer_list<std::string_view> path) {
  const Node* v = FindPath(node, path);
  return v != nullptr && v->IsScalar() && !v->IsNull() ? v : nullptr;
}

std::string StringAt(const Node* node, std::initializer_list<std::string_view> path) {
  const Node* v = ScalarAt(node, path);
  return v != nullptr ? v->scalar() : std::string();
}

std::string Describe(const Object& object) {
  std::string out(object.kind);
  out += ' ';
  if (!object.namespace_name.empty()) out += std::string(object.namespace_name) + "/";
  out += object.name.empty() ? std::string("<unnamed>") : std::string(object.name);
  return out;
}

constexpr std::array<int8_t, 256> MakeBase64Table() {
  std::array<int8_t, 256> table{};
  for (auto& v : table) v = -1;
  constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < kAlphabet.size(); ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  return table;
}

// The release JSON (Helm's rspb.Release as encoding/json writes it) read through the document
// layer: JSON is a YAML flow document.
StatusOr<HelmRelease> ParseReleaseJson(std::string_view json, std::string_view what) {
  ParsedStream stream = ParseStream(json, what, /*is_json=*/true);
  if (!stream.errors.empty()) {
    return DataLoss("release JSON does not parse: " + stream.errors.front().message());
  }
  if (stream.documents.size() != 1 || stream.documents[0].root() == nullptr ||
      !stream.documents[0].root()->IsMapping()) {
    return DataLoss("release JSON is not one object");
  }
  const Node* root = stream.documents[0].root();
  HelmRelease release;
  release.name = StringAt(root, {"name"});
  release.namespace_name = StringAt(root, {"namespace"});
  release.status = StringAt(root, {"info", "status"});
  release.chart = StringAt(root, {"chart", "metadata", "name"});
  release.chart_version = StringAt(root, {"chart", "metadata", "version"});
  release.app_version = StringAt(root, {"chart", "metadata", "appVersion"});
  release.manifest = StringAt(root, {"manifest"});
  const std::string revision = StringAt(root, {"version"});
  auto [end, ec] = std::from_chars(revision.data(), revision.data() + revision.size(), release.revision);
  if (ec != std::errc() || end != revision.data() + revision.size() || release.name.empty()) {
    return DataLoss("release JSON has no name or no revision (\"version\"); not a Helm 3 release");
  }
  if (const Node* hooks = FindPath(root, {"hooks"}); hooks != nullptr && hooks->IsSequence()) {
    for (const Node* hook : hooks->items()) {
      std::string manifest = StringAt(hook, {"manifest"});
      if (!manifest.empty()) release.hooks.push_back({StringAt(hook, {"path"}), std::move(manifest)});
    }
  }
  return release;
}

}  // namespace

const Node* LastAppliedNode(const Object& object) {
  const Node* annotations = FindPath(object.node, {"metadata", "annotations"});
  if (annotations == nullptr || !annotations->IsMapping() || annotations->size() == 0) return nullptr;
  const Node* value = annotations->Get(kLastAppliedAnnotation);
  return value != nullptr && value->IsScalar() ? value : nullptr;
}

ReleaseStorage ClassifyReleaseRecord(const Object& object) {
  const bool secret = object.kind == "Secret";
  if (!secret && object.kind != "ConfigMap") return ReleaseStorage::kNone;
  if (object.api_version != "v1") return ReleaseStorage::kNone;
  const Node* labels = FindPath(object.node, {"metadata", "labels"});
  if (labels != nullptr && labels->IsMapping()) {
    const Node* tiller = labels->Get("OWNER");
    if (tiller != nullptr && tiller->IsScalar() && tiller->scalar() == "TILLER") return ReleaseStorage::kTiller;
  }
  if (secret) {
    const Node* type = object.node->Get("type");
    return type != nullptr && type->IsScalar() && type->scalar() == "helm.sh/release.v1" ? ReleaseStorage::kHelmSecret
                                                                                          : ReleaseStorage::kNone;
  }
  const Node* owner = labels != nullptr && labels->IsMapping() ? labels->Get("owner") : nullptr;
  return owner != nullptr && owner->IsScalar() && owner->scalar() == "helm" ? ReleaseStorage::kHelmConfigMap
                                                                            : ReleaseStorage::kNone;
}

std::string_view ReleaseStorageName(ReleaseStorage storage) {
  switch (storage) {
    case ReleaseStorage::kHelmSecret: return "secret";
    case ReleaseStorage::kHelmConfigMap: return "configmap";
    case ReleaseStorage::kTiller: return "tiller";
    case ReleaseStorage::kNone: break;
  }
  return "";
}

StatusOr<std::string> DecodeBase64(std::string_view text) {
  static constexpr std::array<int8_t, 256> kTable = MakeBase64Table();
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0, padding = 0;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    const int8_t value = kTable[static_cast<unsigned char>(c)];
    if (value < 0 || padding > 0) {
      return DataLoss(padding > 0 ? "base64 has data after its '=' padding"
                                  : "not base64: unexpected character '" + std::string(1, c) + "'");
    }
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  if (symbols % 4 == 1 || padding > 2 || (padding > 0 && (symbols + padding) % 4 != 0)) {
    return DataLoss("base64 is truncated (" + std::to_string(symbols) + " symbols)");
  }
  return out;
}

bool IsGzip(std::string_view bytes) {
  return bytes.size() > 3 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b && static_cast<unsigned char>(bytes[2]) == 0x08;
}

StatusOr<std::string> Gunzip(std::string_view bytes) {
  if (!IsGzip(bytes)) return DataLoss("not gzip data (no 1f 8b 08 header)");
  z_stream stream{};
  // 16 + MAX_WBITS: a gzip wrapper, not zlib's own.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return Internal("zlib inflateInit2 failed");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  std::array<char, 64 * 1024> chunk;
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk.data(), chunk.size() - stream.avail_out);
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) break;  // input ended before the stream did
  }
  std::string why = stream.msg != nullptr ? stream.msg : "";
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) {
    return DataLoss("gzip data is corrupt or truncated" + (why.empty() ? std::string() : ": " + why));
  }
  return out;
}

StatusOr<HelmRelease> DecodeHelmRelease(const Object& object, ReleaseStorage storage, std::string_view file) {
  const Node* data = FindPath(object.node, {"data", "release"});
  const Node* at = data != nullptr ? data : object.api_version_node;
  auto fail = [&](const std::string& why) {
    return DataLoss("Helm release record " + Describe(object) + " (" + std::string(ReleaseStorageName(storage)) +
                        " storage) cannot be decoded: " + why,
                    LocationOf(at, file));
  };
  if (data == nullptr || !data->IsScalar() || data->scalar().empty()) return fail("it has no data.release");
  std::string encoded = data->scalar();
  if (storage == ReleaseStorage::kHelmSecret) {
    // A Secret's data values are base64 on the wire; Helm's own base64 text is inside.
    StatusOr<std::string> inner = DecodeBase64(encoded);
    if (!inner.ok()) return fail("Secret data: " + inner.status().message());
    encoded = std::move(inner).value();
  }
  StatusOr<std::string> bytes = DecodeBase64(encoded);
  if (!bytes.ok()) return fail(bytes.status().message());
  std::string json;
  if (IsGzip(*bytes)) {
    StatusOr<std::string> inflated = Gunzip(*bytes);
    if (!inflated.ok()) return fail(inflated.status().message());
    json = std::move(inflated).value();
  } else {
    json = std::move(bytes).value();  // Helm reads records written before compression as plain JSON
  }
  StatusOr<HelmRelease> release = ParseReleaseJson(json, file);
  if (!release.ok()) return fail(release.status().message());
  if (release->namespace_name.empty()) release->namespace_name = std::string(object.namespace_name);
  return release;
}

}  // namespace greenlight::document
