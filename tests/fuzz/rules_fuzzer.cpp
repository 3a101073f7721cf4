// Rule files and rule expressions: the bytes are loaded as a rule file (schema, field paths,
// operators, RE2 patterns, message templates); a rule that loads is evaluated against the
// objects of a fixed set of manifests and its messages formatted. The same bytes are also read
// as one field path and as manifest text holding "# greenlight:ignore" comment directives.
#include <cstdint>
#include <string>
#include <vector>

#include "document/object.h"
#include "document/parser.h"
#include "fuzz_support.h"
#include "rules/field_path.h"
#include "rules/loader.h"
#include "rules/rule.h"
#include "rules/suppression.h"

using namespace greenlight;

namespace {

// Objects every loaded rule runs on: nested maps, lists, annotations, numbers, durations.
constexpr char kManifests[] = R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    kubernetes.io/ingress.class: nginx
    external-dns.kubernetes.io/set-identifier: blue
    external-dns.kubernetes.io/aws-weight: "300"
    external-dns.kubernetes.io/ttl: 5m
spec:
  rules: [{host: a.example.com, http: {paths: [{path: /, backend: {service: {name: web}}}]}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, labels: {app: api}}
spec:
  template:
    spec:
      nodeSelector: {beta.kubernetes.io/os: linux}
      containers:
        - {name: a, image: "repo/a:latest", args: ["--cluster=blue-1"], env: [{name: X, value: "1.25"}]}
        - {name: b, image: repo/b}
      volumes: [{name: d, hostPath: {path: /var/run/docker.sock}}]
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: Service, metadata: {name: s}, spec: {type: LoadBalancer, ports: [{port: 80}]}}
)";

const std::vector<document::Document>& Documents() {
  static const std::vector<document::Document> kDocs = [] {
    document::ParsedStream stream = document::ParseStream(kManifests, "fixed.yaml");
    if (!stream.errors.empty()) fuzz::Fail("fixed manifests do not parse", stream.errors[0].ToString());
    return std::move(stream.documents);
  }();
  return kDocs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes = fuzz::Bytes(data, size);
  rules::RuleSet set;
  Status loaded = rules::LoadRuleText(bytes, "rule.yaml", set);
  fuzz::RequireNamesFile(loaded, "rule.yaml");
  for (const auto& rule : set.rules()) {
    for (const Version target : {Version(1, 22), Version(1, 25), Version(1, 33)}) (void)rule->AppliesTo(target);
    for (const document::Document& doc : Documents()) {
      for (const document::Object& object : document::ExtractObjects(doc)) {
        if (!rule->MatchesObject(object)) continue;
        std::vector<rules::RuleMatch> matches;
        rules::Evaluate(*rule, object, matches);
        for (const rules::RuleMatch& match : matches) (void)rules::FormatMessage(*rule, object, match);
      }
    }
  }
  std::string_view first_line = std::string_view(bytes).substr(0, bytes.find('\n'));
  if (auto path = rules::FieldPath::Parse(first_line); path.ok()) {
    for (const document::Document& doc : Documents()) {
      for (const document::Object& object : document::ExtractObjects(doc)) {
        std::vector<rules::FieldMatch> found;
        path->Resolve(object, found);
      }
    }
  }
  (void)rules::FindCommentDirectives(bytes);
  return 0;
}
