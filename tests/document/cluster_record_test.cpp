#include "document/cluster_record.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "document/parser.h"

namespace greenlight::document {
namespace {

// What Go's gzip.NewWriterLevel(BestCompression) produces, through zlib's gzip wrapper.
std::string Gzip(std::string_view text) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, text.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string Base64(std::string_view bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t v = uint8_t(bytes[i]) << 16;
    out += std::string{kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    out += std::string{kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

constexpr char kRelease[] =
    R"({"name":"web","info":{"status":"deployed"},"chart":{"metadata":{"name":"web","version":"1.2.3",)"
    R"("appVersion":"4.5"}},"manifest":"---\n# Source: web/templates/pdb.yaml\napiVersion: policy/v1beta1\n)"
    R"(kind: PodDisruptionBudget\nmetadata:\n  name: web\n","hooks":[{"path":"web/templates/job.yaml",)"
    R"("manifest":"apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: hook\n"}],"version":4,)"
    R"("namespace":"shop"})";

// A Secret record exactly as `kubectl get secret -o yaml` shows it: Kubernetes' base64 of
// Helm's base64 of the gzip of the release JSON.
std::string SecretRecord(const std::string& release_value, const char* type = "helm.sh/release.v1") {
  return std::string("apiVersion: v1\nkind: Secret\nmetadata:\n  name: sh.helm.release.v1.web.v4\n"
                     "  namespace: shop\n  labels:\n    owner: helm\n    name: web\ntype: ") +
         type + "\ndata:\n  release: " + release_value + "\n";
}

struct Parsed {
  ParsedStream stream;
  Object object;
};

Parsed ParseOne(const std::string& text) {
  Parsed p{ParseStream(text, "dump.yaml"), {}};
  EXPECT_EQ(p.stream.documents.size(), 1u);
  auto objects = ExtractObjects(p.stream.documents[0]);
  EXPECT_EQ(objects.size(), 1u);
  if (!objects.empty()) p.object = objects[0];
  return p;
}

TEST(ClusterRecordTest, Base64RoundTripsEveryLength) {
  std::string bytes;
  for (int n = 0; n < 70; ++n) {
    auto decoded = DecodeBase64(Base64(bytes));
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    EXPECT_EQ(*decoded, bytes);
    bytes.push_back(static_cast<char>(n * 37 + 1));
  }
  EXPECT_FALSE(DecodeBase64("abc!").ok());
  EXPECT_FALSE(DecodeBase64("abcde").ok());      // one symbol too many
  EXPECT_FALSE(DecodeBase64("ab==cd").ok());     // data after padding
}

TEST(ClusterRecordTest, GunzipInflatesAndRejectsDamage) {
  std::string text(100000, 'k');
  text += "the end";
  std::string gz = Gzip(text);
  ASSERT_TRUE(IsGzip(gz));
  auto inflated = Gunzip(gz);
  ASSERT_TRUE(inflated.ok()) << inflated.status().message();
  EXPECT_EQ(*inflated, text);
  auto truncated = Gunzip(gz.substr(0, gz.size() / 2));
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("truncated"), std::string::npos);
  EXPECT_FALSE(Gunzip("{\"plain\":1}").ok());
}

TEST(ClusterRecordTest, Issue19_DecodesSecretDriverRecord) {
  Parsed p = ParseOne(SecretRecord(Base64(Base64(Gzip(kRelease)))));
  ASSERT_EQ(ClassifyReleaseRecord(p.object), ReleaseStorage::kHelmSecret);
  auto release = DecodeHelmRelease(p.object, ReleaseStorage::kHelmSecret, "dump.yaml");
  ASSERT_TRUE(release.ok()) << release.status().ToString();
  EXPECT_EQ(release->name, "web");
  EXPECT_EQ(release->namespace_name, "shop");
  EXPECT_EQ(release->revision, 4);
  EXPECT_EQ(release->status, "deployed");
  EXPECT_EQ(release->chart, "web");
  EXPECT_EQ(release->chart_version, "1.2.3");
  EXPECT_EQ(release->app_version, "4.5");
  EXPECT_NE(release->manifest.find("policy/v1beta1"), std::string::npos);
  ASSERT_EQ(release->hooks.size(), 1u);
  EXPECT_EQ(release->hooks[0].path, "web/templates/job.yaml");
}

TEST(ClusterRecordTest, Issue19_ConfigMapDriverHasOneBase64LayerAndPlainJsonIsRead) {
  std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web.v4\n  namespace: shop\n"
                     "  labels:\n    owner: helm\ndata:\n  release: " + Base64(Gzip(kRelease)) + "\n";
  Parsed p = ParseOne(text);
  ASSERT_EQ(ClassifyReleaseRecord(p.object), ReleaseStorage::kHelmConfigMap);
  auto release = DecodeHelmRelease(p.object, ReleaseStorage::kHelmConfigMap, "dump.yaml");
  ASSERT_TRUE(release.ok()) << release.status().ToString();
  EXPECT_EQ(release->revision, 4);
  // Records written before Helm compressed them are base64 JSON; Helm still reads them.
  Parsed old = ParseOne(SecretRecord(Base64(Base64(kRelease))));
  auto plain = DecodeHelmRelease(old.object, ReleaseStorage::kHelmSecret, "dump.yaml");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->chart, "web");
}

TEST(ClusterRecordTest, Issue19_DamagedRecordIsAnErrorNamingTheObjectAndLine) {
  // One base64 layer only: what a Secret would hold if the Secret's own layer were forgotten.
  Parsed p = ParseOne(SecretRecord(Base64(Gzip(kRelease))));
  auto release = DecodeHelmRelease(p.object, ReleaseStorage::kHelmSecret, "dump.yaml");
  ASSERT_FALSE(release.ok());
  EXPECT_NE(release.status().message().find("Secret shop/sh.helm.release.v1.web.v4"), std::string::npos)
      << release.status().message();
  ASSERT_TRUE(release.status().location().has_value());
  EXPECT_EQ(release.status().location()->line, 11u);  // the data.release line
  EXPECT_EQ(release.status().location()->file, "dump.yaml");
}

TEST(ClusterRecordTest, Issue19_ClassifiesOnlyReleaseRecords) {
  EXPECT_EQ(ClassifyReleaseRecord(ParseOne(SecretRecord("eA==", "Opaque")).object), ReleaseStorage::kNone);
  EXPECT_EQ(ClassifyReleaseRecord(ParseOne("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n").object),
            ReleaseStorage::kNone);
  EXPECT_EQ(ClassifyReleaseRecord(
                ParseOne("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web.v1\n  namespace: kube-system\n"
                         "  labels:\n    OWNER: TILLER\n    NAME: web\n")
                    .object),
            ReleaseStorage::kTiller);
  EXPECT_EQ(ClassifyReleaseRecord(ParseOne("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n").object),
            ReleaseStorage::kNone);
}

TEST(ClusterRecordTest, Issue19_FindsTheLastAppliedAnnotation) {
  Parsed p = ParseOne(
      "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  annotations:\n"
      "    kubectl.kubernetes.io/last-applied-configuration: |\n"
      "      {\"apiVersion\":\"policy/v1beta1\",\"kind\":\"PodDisruptionBudget\"}\n");
  const Node* node = LastAppliedNode(p.object);
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(node->mark().line, 6u);
  EXPECT_NE(node->scalar().find("policy/v1beta1"), std::string::npos);
  EXPECT_EQ(LastAppliedNode(ParseOne("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n").object), nullptr);
}

}  // namespace
}  // namespace greenlight::document
