// Matching and comparing the two sides: identity across API versions, normalisation through the
// overlay's conversions (converted fields are not differences), the fields that matter per kind,
// per-cluster values and ignore entries. The embedded catalog is the one users run with.
#include "parity/parity.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "parity/cluster_values.h"
#include "parity/diff_sink.h"

namespace greenlight::parity {
namespace {

const catalog::ApiCatalog& Catalog() {
  static const catalog::ApiCatalog catalog = *catalog::LoadEmbeddedCatalog();
  return catalog;
}

std::vector<overlay::SourceFile> Files(const std::string& name, const std::string& yaml) {
  return {overlay::SourceFile{name, name, yaml, false, false}};
}

ParityResult Compare(const std::string& blue, const std::string& green, ParityConfig config = {}) {
  ParityOptions options;
  options.target = Version(1, 25);
  options.config = std::move(config);
  return CompareFiles("blue", Files("blue.yaml", blue), "green", Files("green.yaml", green),
                      Catalog(), options);
}

std::vector<std::string> Ids(const ParityResult& result) {
  std::vector<std::string> ids;
  for (const Difference& d : result.differences) ids.push_back(d.rule_id + " " + d.field);
  return ids;
}

constexpr char kBlueIngress[] = R"(apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: shop
  namespace: web
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            backend:
              serviceName: shop
              servicePort: 80
)";

constexpr char kGreenIngress[] = R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: web
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: shop
                port:
                  number: 80
)";

TEST(ParityTest, IngressMatchesAcrossGroupsAndConvertedFieldsAreEqual) {
  ParityResult result = Compare(kBlueIngress, kGreenIngress);
  EXPECT_TRUE(result.differences.empty()) << ::testing::PrintToString(Ids(result));
  EXPECT_EQ(result.summary.matched, 1u);
  EXPECT_EQ(result.summary.converted_blue, 1u);
  EXPECT_EQ(result.summary.converted_green, 0u);
}

TEST(ParityTest, CanonicalKeyFollowsTheCatalogsReplacements) {
  ObjectKey old_ingress = CanonicalKey(Catalog(), "extensions/v1beta1", "Ingress");
  ObjectKey new_ingress = CanonicalKey(Catalog(), "networking.k8s.io/v1", "Ingress");
  EXPECT_EQ(old_ingress.group, "networking.k8s.io");
  EXPECT_EQ(old_ingress, new_ingress);
  EXPECT_EQ(CanonicalKey(Catalog(), "extensions/v1beta1", "Deployment").group, "apps");
  EXPECT_EQ(CanonicalKey(Catalog(), "v1", "Service").group, "");
}

TEST(ParityTest, ChangedBackendOfAConvertedIngressIsReportedWithBothLocations) {
  std::string green = kGreenIngress;
  green.replace(green.find("number: 80"), 10, "number: 8080");
  ParityResult result = Compare(kBlueIngress, green);
  ASSERT_EQ(result.differences.size(), 1u) << ::testing::PrintToString(Ids(result));
  const Difference& d = result.differences[0];
  EXPECT_EQ(d.rule_id, "PAR611");
  EXPECT_EQ(d.field, "spec.rules[shop.example.com].http.paths[/].backend");
  EXPECT_EQ(d.blue_value, "shop:80");
  EXPECT_EQ(d.green_value, "shop:8080");
  // Blue's backend is where serviceName/servicePort are written; green's is its own line.
  EXPECT_EQ(d.blue_location->ToString(), "blue.yaml:13:15");
  EXPECT_EQ(d.green_location->ToString(), "green.yaml:14:15");
  EXPECT_EQ(d.blue_api_version, "extensions/v1beta1");
}

TEST(ParityTest, MissingAndExtraObjects) {
  const char* blue = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n";
  const char* green = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: x}\n";
  ParityResult result = Compare(blue, green);
  ASSERT_EQ(result.differences.size(), 2u);
  EXPECT_EQ(result.differences[0].rule_id, "PAR601");
  EXPECT_EQ(result.differences[0].severity, Severity::kError);
  EXPECT_FALSE(result.differences[0].green_location.has_value());
  EXPECT_EQ(result.differences[1].rule_id, "PAR602");
  EXPECT_EQ(result.differences[1].severity, Severity::kInfo);
  EXPECT_FALSE(result.differences[1].blue_location.has_value());
  EXPECT_TRUE(HasDifferenceAtOrAbove(result, Severity::kError));
}

TEST(ParityTest, SameNameInAnotherNamespaceIsAnotherObject) {
  const char* blue = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n";
  const char* green = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: y}\n";
  EXPECT_EQ(Compare(blue, green).differences.size(), 2u);
}

constexpr char kDeployment[] = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: REPLICAS
  template:
    spec:
      initContainers:
        - name: init
          image: init:INIT
      containers:
        - name: web
          image: web:1.0
          env:
            - {name: CLUSTER, value: CLUSTER_NAME}
          resources:
            requests: {cpu: CPU}
)";

std::string Deployment(const std::string& replicas, const std::string& init,
                       const std::string& cluster, const std::string& cpu) {
  std::string text = kDeployment;
  auto put = [&](const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
  };
  put("REPLICAS", replicas);
  put("INIT", init);
  put("CLUSTER_NAME", cluster);
  put("CPU", cpu);
  return text;
}

TEST(ParityTest, WorkloadFieldsThatMatter) {
  ParityResult result =
      Compare(Deployment("3", "1", "blue-c", "500m"), Deployment("2", "2", "green-c", "250m"));
  EXPECT_EQ(Ids(result), (std::vector<std::string>{
                             "PAR603 spec.template.spec.initContainers[init].image",
                             "PAR604 spec.replicas",
                             "PAR607 spec.template.spec.containers[web].env[CLUSTER]",
                             "PAR606 spec.template.spec.containers[web].resources.requests.cpu",
                         }));
}

TEST(ParityTest, QuantitiesCompareByValue) {
  ParityResult result =
      Compare(Deployment("3", "1", "c", "0.5"), Deployment("3", "1", "c", "500m"));
  EXPECT_TRUE(result.differences.empty()) << ::testing::PrintToString(Ids(result));
  EXPECT_EQ(ParseQuantity("1Gi"), ParseQuantity("1024Mi"));
  EXPECT_FALSE(ParseQuantity("lots").has_value());
}

TEST(ParityTest, DeclaredClusterValuesAreEqualAlsoInsideLongerStrings) {
  ParityConfig config;
  config.cluster_values.push_back(ClusterValue{"blue-c", "green-c", {}});
  ParityResult result = Compare(Deployment("3", "1", "arn:role/blue-c-web", "1"),
                                Deployment("3", "1", "arn:role/green-c-web", "1"), config);
  EXPECT_TRUE(result.differences.empty()) << ::testing::PrintToString(Ids(result));
  EXPECT_EQ(result.summary.cluster_values, 1u);
}

TEST(ParityTest, ClusterValuesOnlyPairBlueWithGreen) {
  ClusterValueMap values({ClusterValue{"blue-c", "green-c", {}}});
  EXPECT_TRUE(values.Same("x-blue-c-y", "x-green-c-y"));
  EXPECT_FALSE(values.Same("x-green-c-y", "x-blue-c-y"));  // swapped sides are a real difference
  EXPECT_FALSE(values.Same("blue-c", "green-d"));
}

TEST(ParityTest, LongestClusterValueWins) {
  ClusterValueMap values(
      {ClusterValue{"eks", "aks", {}}, ClusterValue{"eks-blue", "eks-green", {}}});
  EXPECT_TRUE(values.Same("eks-blue-1", "eks-green-1"));
  EXPECT_TRUE(values.Same("eks", "aks"));
}

TEST(ParityTest, IgnoreEntriesByFieldKindAndObject) {
  ParityConfig config;
  config.ignore.push_back(IgnoreEntry{"spec.replicas", {"Deployment"}, {}, {}});
  config.ignore.push_back(IgnoreEntry{"*.resources.*", {}, {"shop/*"}, {}});
  ParityResult result =
      Compare(Deployment("3", "1", "c", "1"), Deployment("2", "1", "c", "2"), config);
  EXPECT_TRUE(result.differences.empty()) << ::testing::PrintToString(Ids(result));
  EXPECT_EQ(result.summary.ignored, 2u);

  ParityConfig other_kind;
  other_kind.ignore.push_back(IgnoreEntry{"spec.replicas", {"StatefulSet"}, {}, {}});
  EXPECT_EQ(Compare(Deployment("3", "1", "c", "1"), Deployment("2", "1", "c", "1"), other_kind)
                .differences.size(),
            1u);
}

TEST(ParityTest, FieldIgnoreNeverHidesAMissingObject) {
  ParityConfig config;
  config.ignore.push_back(IgnoreEntry{"*", {}, {}, {}});
  ParityResult result = Compare(Deployment("3", "1", "c", "1"), "");
  ASSERT_EQ(result.differences.size(), 1u);
  EXPECT_EQ(result.differences[0].rule_id, "PAR601");
  config.ignore.push_back(IgnoreEntry{"", {}, {"shop/web"}, {}});  // the object itself
  EXPECT_TRUE(Compare(Deployment("3", "1", "c", "1"), "", config).differences.empty());
}

TEST(ParityTest, ConvertedAutoscalerAndBudgetCompareBounds) {
  const char* blue = R"(apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: cpu, targetAverageUtilization: 70}
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec: {minAvailable: 2}
)";
  const char* green = R"(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  minReplicas: 1
  maxReplicas: 6
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec: {maxUnavailable: 1}
)";
  ParityResult result = Compare(blue, green);
  EXPECT_EQ(Ids(result),
            (std::vector<std::string>{"PAR605 spec.maxReplicas", "PAR613 spec.maxUnavailable",
                                      "PAR613 spec.minAvailable"}));
  EXPECT_EQ(result.summary.converted_blue, 2u);
}

TEST(ParityTest, ServicePortsHostnamesAndAnnotations) {
  const char* blue = R"(apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    external-dns.alpha.kubernetes.io/hostname: a.example.com, b.example.com
    external-dns.alpha.kubernetes.io/ttl: "60"
spec:
  type: LoadBalancer
  ports: [{name: http, port: 80, targetPort: 8080}]
)";
  const char* green = R"(apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    external-dns.kubernetes.io/hostname: a.example.com
    external-dns.kubernetes.io/ttl: "300"
spec:
  ports: [{name: http, port: 80, targetPort: 9090, protocol: TCP}]
)";
  ParityResult result = Compare(blue, green);
  EXPECT_EQ(Ids(result),
            (std::vector<std::string>{
                "PAR612 metadata.annotations[external-dns.alpha.kubernetes.io/hostname]",
                "PAR609 spec.ports[http].targetPort", "PAR609 spec.type",
                "PAR616 metadata.annotations[external-dns.alpha.kubernetes.io/ttl]"}));
  EXPECT_EQ(result.differences[0].blue_value, "b.example.com");
  EXPECT_FALSE(result.differences[0].green_value.has_value());
}

TEST(ParityTest, CronJobScheduleAndConfigReferences) {
  const char* blue = R"(apiVersion: batch/v1beta1
kind: CronJob
metadata: {name: nightly, namespace: ops}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: job:1
              envFrom: [{secretRef: {name: creds-v1}}]
          volumes: [{name: cfg, configMap: {name: settings-v1}}]
)";
  std::string green = blue;
  green.replace(green.find("batch/v1beta1"), 13, "batch/v1");
  green.replace(green.find("0 2"), 3, "0 3");
  green.replace(green.find("creds-v1"), 8, "creds-v2");
  green.replace(green.find("settings-v1"), 11, "settings-v2");
  ParityResult result = Compare(blue, green);
  EXPECT_EQ(Ids(result), (std::vector<std::string>{
                             "PAR608 spec.jobTemplate.spec.template.spec.containers[job].envFrom",
                             "PAR608 spec.jobTemplate.spec.template.spec.containers[job].envFrom",
                             "PAR608 spec.jobTemplate.spec.template.spec.volumes[cfg]",
                             "PAR614 spec.schedule"}));
}

// Issue 20: nested mappings (env valueFrom, volume sources, PDB selectors, Ingress backends)
// are compared as structures, so the order either side writes their keys in does not matter;
// a changed value inside them still does.
TEST(ParityTest, Issue20_NestedMappingsCompareAsStructuresNotText) {
  const char* blue = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: shop-db, key: password, optional: false}
      volumes:
        - name: cfg
          projected:
            sources: [{configMap: {name: settings, optional: true}}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: web, tier: front}
)";
  const char* green = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  optional: false
                  key: password
                  name: shop-db
      volumes:
        - projected:
            sources: [{configMap: {optional: true, name: settings}}]
          name: cfg
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec:
  selector:
    matchLabels: {tier: front, app: web}
  minAvailable: 1
)";
  EXPECT_TRUE(Ids(Compare(blue, green)).empty());
  std::string changed = green;
  changed.replace(changed.find("key: password"), 13, "key: passwd");
  EXPECT_EQ(Ids(Compare(blue, changed)),
            (std::vector<std::string>{
                "PAR608 spec.template.spec.containers[web].env[DB_PASSWORD]"}));
}

TEST(ParityTest, InputErrorsAreKeptAndOtherDocumentsCompared) {
  std::string blue =
      std::string("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkey: value: bad\n");
  ParityResult result = Compare(blue, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].location()->file, "blue.yaml");
  EXPECT_EQ(result.errors[0].location()->line, 5u);
  EXPECT_TRUE(result.differences.empty());
  EXPECT_EQ(result.summary.matched, 1u);
}

TEST(ParityTest, DuplicateObjectsAreNotedAndTheFirstIsCompared) {
  const char* blue =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n";
  ParityResult result = Compare(blue, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
  ASSERT_EQ(result.notes.size(), 1u);
  EXPECT_NE(result.notes[0].text.find("defined again"), std::string::npos);
  EXPECT_TRUE(result.differences.empty());
}

TEST(ParityTest, ObjectsWhoseApiTheTargetRemovesWithoutReplacementAreNotMissing) {
  const char* blue =
      "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: restricted}\n";
  ParityResult result = Compare(blue, "");
  EXPECT_TRUE(result.differences.empty()) << ::testing::PrintToString(Ids(result));
  EXPECT_EQ(result.summary.removed_api, 1u);
}

TEST(ParityTest, UnrenderedHelmTemplatesAreNotedNotCompared) {
  std::vector<overlay::SourceFile> blue = {overlay::SourceFile{
      "t.yaml", "chart/templates/t.yaml", "kind: {{ .Values.kind }}\n", false, true}};
  ParityOptions options;
  options.target = Version(1, 25);
  ParityResult result = CompareFiles("blue", blue, "green", {}, Catalog(), options);
  ASSERT_EQ(result.notes.size(), 1u);
  EXPECT_EQ(result.notes[0].location.file, "chart/templates/t.yaml");
  EXPECT_TRUE(result.errors.empty());
  EXPECT_TRUE(result.differences.empty());
}

}  // namespace
}  // namespace greenlight::parity
