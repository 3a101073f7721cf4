// File: tests/render/argocd_test.cpp
// Argo CD's data model as rendering reads it: Applications (one source or several, Helm and
// Kustomize options), parameter substitution (fasttemplate and goTemplate field access) and
// ApplicationSet expansion with list and git-directory generators.
#include "render/argocd.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "render/render_test_util.h"

namespace greenlight::render {
namespace {

using document::Value;
using testing::Yaml;

Location Where(uint32_t line = 3) { return Location{"apps/shop.yaml", line, 1, 0}; }

// --- IsArgoApplication / IsArgoApplicationSet -----------------------------------------------

TEST(ArgoCdKindTest, RecognisesApplicationsOnlyInTheArgoGroup) {
  EXPECT_TRUE(IsArgoApplication("argoproj.io/v1alpha1", "Application"));
  EXPECT_FALSE(IsArgoApplication("argoproj.io/v1alpha1", "ApplicationSet"));
  EXPECT_FALSE(IsArgoApplication("app.k8s.io/v1beta1", "Application"));  // SIG Apps' Application CRD
  EXPECT_FALSE(IsArgoApplication("apps/v1", "Application"));
  EXPECT_FALSE(IsArgoApplication("argoproj.io/v1alpha1", "application"));
}

TEST(ArgoCdKindTest, RecognisesApplicationSetsOnlyInTheArgoGroup) {
  EXPECT_TRUE(IsArgoApplicationSet("argoproj.io/v1alpha1", "ApplicationSet"));
  EXPECT_FALSE(IsArgoApplicationSet("argoproj.io/v1alpha1", "Application"));
  EXPECT_FALSE(IsArgoApplicationSet("example.com/v1", "ApplicationSet"));
}

// --- ParseApplication --------------------------------------------------------------------------

TEST(ArgoCdParseApplicationTest, SingleSourceWithDestination) {
  Value manifest = Yaml(R"(apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: catalog-api
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/acme/gitops.git
    path: charts/catalog-api
    targetRevision: main
  destination:
    server: https://kubernetes.default.svc
    namespace: catalog
)");
  auto app = ParseApplication(manifest, Where());
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_EQ(app->name, "catalog-api");
  EXPECT_EQ(app->namespace_name, "argocd");
  ASSERT_EQ(app->sources.size(), 1u);
  EXPECT_EQ(app->sources[0].repo_url, "https://github.com/acme/gitops.git");
  EXPECT_EQ(app->sources[0].path, "charts/catalog-api");
  EXPECT_EQ(app->sources[0].target_revision, "main");
  EXPECT_TRUE(app->sources[0].chart.empty());
  EXPECT_FALSE(app->sources[0].helm.has_value());
  EXPECT_FALSE(app->sources[0].kustomize.has_value());
  EXPECT_FALSE(app->sources[0].directory_recurse);
  EXPECT_EQ(app->destination_namespace, "catalog");
  EXPECT_EQ(app->destination_server, "https://kubernetes.default.svc");
  EXPECT_TRUE(app->destination_name.empty());
  EXPECT_EQ(app->location.file, "apps/shop.yaml");
  EXPECT_EQ(app->location.line, 3u);
  EXPECT_TRUE(app->generated_by.empty());
}

TEST(ArgoCdParseApplicationTest, MultipleSourcesInOrder) {
  Value manifest = Yaml(R"(kind: Application
metadata: {name: billing}
spec:
  sources:
    - chart: redis
      repoURL: https://charts.example.com
      targetRevision: 17.3.0
    - repoURL: git@github.com:acme/gitops.git
      path: apps/billing
  destination: {name: green, namespace: billing}
)");
  auto app = ParseApplication(manifest, Where());
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  ASSERT_EQ(app->sources.size(), 2u);
  EXPECT_EQ(app->sources[0].chart, "redis");
  EXPECT_EQ(app->sources[0].repo_url, "https://charts.example.com");
  EXPECT_EQ(app->sources[0].target_revision, "17.3.0");
  EXPECT_TRUE(app->sources[0].path.empty());
  EXPECT_EQ(app->sources[1].path, "apps/billing");
  EXPECT_EQ(app->sources[1].repo_url, "git@github.com:acme/gitops.git");
  EXPECT_EQ(app->destination_name, "green");
  EXPECT_EQ(app->destination_namespace, "billing");
}

// Argo CD: "When you specify the sources field, Argo CD will ignore the values under source"
// (docs/user-guide/multiple_sources.md; ApplicationSpec.GetSources returns Sources when set).
TEST(ArgoCdParseApplicationTest, SourcesWinOverSourceWhenBothAreSet) {
  Value manifest = Yaml(R"(kind: Application
metadata: {name: both}
spec:
  source:
    repoURL: https://github.com/acme/gitops.git
    path: apps/old
  sources:
    - repoURL: https://github.com/acme/gitops.git
      path: apps/new-a
    - repoURL: https://github.com/acme/gitops.git
      path: apps/new-b
)");
  auto app = ParseApplication(manifest, Where());
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  std::vector<std::string> paths;
  for (const ArgoSource& s : app->sources) paths.push_back(s.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"apps/new-a", "apps/new-b"}));
}

TEST(ArgoCdParseApplicationTest, HelmOptions) {
  Value manifest = Yaml(R"(kind: Application
metadata: {name: payments}
spec:
  source:
    repoURL: https://github.com/acme/gitops
    path: charts/payments
    helm:
      releaseName: payments-green
      ignoreMissingValueFiles: true
      valueFiles:
        - values.yaml
        - values-1.25.yaml
      values: |
        replicas: 2
      parameters:
        - name: image.tag
          value: "1.4.0"
        - name: podAnnotations.build
          value: "0012"
          forceString: true
)");
  auto app = ParseApplication(manifest, Where());
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  ASSERT_TRUE(app->sources[0].helm.has_value());
  const ArgoHelm& helm = *app->sources[0].helm;
  EXPECT_EQ(helm.release_name, "payments-green");
  EXPECT_TRUE(helm.ignore_missing_value_files);
  EXPECT_EQ(helm.value_files, (std::vector<std::string>{"values.yaml", "values-1.25.yaml"}));
  EXPECT_EQ(helm.values_yaml, "replicas: 2\n");
  ASSERT_EQ(helm.parameters.size(), 2u);
  EXPECT_EQ(helm.parameters[0].name, "image.tag");
  EXPECT_EQ(helm.parameters[0].value, "1.4.0");
  EXPECT_FALSE(helm.parameters[0].force_string);
  EXPECT_EQ(helm.parameters[1].name, "podAnnotations.build");
  EXPECT_EQ(helm.parameters[1].value, "0012");
  EXPECT_TRUE(helm.parameters[1].force_string);
}

TEST(ArgoCdParseApplicationTest, ValuesObjectWinsOverValues) {
  Value manifest = Yaml(R"(kind: Application
metadata: {name: payments}
spec:
  source:
    repoURL: https://github.com/acme/gitops
    path: charts/payments
    helm:
      values: |
        replicas: 1
      valuesObject:
        replicas: 5
        pdb:
          enabled: true
)");
  auto app = ParseApplication(manifest, Where());
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  const std::string& values = app->sources[0].helm->values_yaml;
  EXPECT_EQ(values.find("replicas: 1"), std::string::npos) << values;
  EXPECT_NE(values.find("replicas: 5"), std::string::npos) << values;
  // The object is written back as YAML helm can read: parse it again.
  Value reparsed = Yaml(values);
  ASSERT_TRUE(reparsed.IsMapping()) << values;
  const Value* enabled = document::FindValue(reparsed, {"pdb", "enabled"});
  ASSERT_NE(enabled, nullptr) << values;
  EXPECT_EQ(enabled->text(), "true");
}

TEST(ArgoCdParseApplicationTest, HelmWithoutValuesLeavesValuesEmpty) {
  Value manifest = Yaml(R"(kind: Application
metadata: {name: web}
spec:
  source: {repoURL: r, path: charts/web, helm: {releaseName: web}}
)");
  auto app = ParseApplication(manifest, Where());
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  ASSERT_TRUE(app->sources[0].helm.has_value());
  EXPECT_TRUE(app->sources[0].helm->values_yaml.empty());
  EXPECT_TRUE(app->sources[0].helm->value_files.empty());
  EXPECT_TRUE(app->sources[0].helm->parameters.empty());
  EXPECT_FALSE(app->sources[0].helm->ignore_missing_value_files);
}

TEST(ArgoCdParseApplicationTest, KustomizeOptions) {
  Value manifest = Yaml(R"(kind: Application
metadata: {name: shop-web}
spec:
  source:
    repoURL: https://github.com/acme/gitops
    path: kustomize/overlays/green
    kustomize:
      namePrefix: green-
      nameSuffix: -v2
      namespace: shop
      commonLabels:
        env: green
        team: web
      commonAnnotations:
        owner: platform
      images:
        - nginx=registry.example.com/nginx:1.25
        - redis:7.2
)");
  auto app = ParseApplication(manifest, Where());
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  ASSERT_TRUE(app->sources[0].kustomize.has_value());
  const ArgoKustomize& k = *app->sources[0].kustomize;
  EXPECT_EQ(k.name_prefix, "green-");
  EXPECT_EQ(k.name_suffix, "-v2");
  EXPECT_EQ(k.namespace_name, "shop");
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(k.common_labels, (Pairs{{"env", "green"}, {"team", "web"}}));
  EXPECT_EQ(k.common_annotations, (Pairs{{"owner", "platform"}}));
  EXPECT_EQ(k.images, (std::vector<std::string>{"nginx=registry.example.com/nginx:1.25", "redis:7.2"}));
  EXPECT_FALSE(app->sources[0].helm.has_value());
}

TEST(ArgoCdParseApplicationTest, DirectoryRecurse) {
  Value manifest = Yaml(R"(kind: Application
metadata: {name: plain}
spec:
  source:
    repoURL: https://github.com/acme/gitops
    path: manifests
    directory:
      recurse: true
)");
  auto app = ParseApplication(manifest, Where());
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_TRUE(app->sources[0].directory_recurse);
}

TEST(ArgoCdParseApplicationTest, MissingSpecIsAnErrorAtTheApplication) {
  Value manifest = Yaml("kind: Application\nmetadata: {name: broken}\n");
  auto app = ParseApplication(manifest, Where(7));
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(app.status().location().has_value());
  EXPECT_EQ(app.status().location()->file, "apps/shop.yaml");
  EXPECT_EQ(app.status().location()->line, 7u);
  EXPECT_NE(app.status().message().find("broken"), std::string::npos) << app.status().ToString();
  EXPECT_EQ(app.status().ToString().rfind("apps/shop.yaml:7:1:", 0), 0u) << app.status().ToString();
}

TEST(ArgoCdParseApplicationTest, SpecWithoutSourceIsAnError) {
  Value manifest = Yaml(R"(kind: Application
metadata: {name: nosource}
spec:
  destination: {namespace: x}
)");
  auto app = ParseApplication(manifest, Where(11));
  ASSERT_FALSE(app.ok());
  EXPECT_NE(app.status().message().find("spec.source"), std::string::npos) << app.status().ToString();
  ASSERT_TRUE(app.status().location().has_value());
  EXPECT_EQ(app.status().location()->line, 11u);
}

// --- SubstituteParameters ----------------------------------------------------------------------

TEST(ArgoCdSubstituteTest, FastTemplateFlatKeysIncludingDottedNames) {
  Value params = Value::Mapping();
  params.Set("path", Value::String("apps/billing"));
  params.Set("path.basename", Value::String("billing"));
  Value tmpl = Yaml(R"(metadata:
  name: '{{path.basename}}-green'
spec:
  source:
    path: '{{ path }}'
  info:
    - 'in {{path}} ({{path.basename}})'
  replicas: 3
)");
  auto out = SubstituteParameters(tmpl, params, /*go_template=*/false);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(document::FindValue(*out, {"metadata", "name"})->text(), "billing-green");
  EXPECT_EQ(document::FindValue(*out, {"spec", "source", "path"})->text(), "apps/billing");
  const Value* info = document::FindValue(*out, {"spec", "info"});
  ASSERT_NE(info, nullptr);
  ASSERT_TRUE(info->IsSequence());
  EXPECT_EQ(info->items()[0].text(), "in apps/billing (billing)");
  // Non-string scalars are left as they are.
  const Value* replicas = document::FindValue(*out, {"spec", "replicas"});
  ASSERT_NE(replicas, nullptr);
  EXPECT_TRUE(replicas->IsInt());
  EXPECT_EQ(replicas->text(), "3");
}

TEST(ArgoCdSubstituteTest, GoTemplateReadsNestedFields) {
  Value params = Yaml("cluster:\n  name: green\n  region: eu-west-1\nenv: prod\n");
  Value tmpl = Yaml("name: '{{.cluster.name}}-{{ .env }}'\nregion: '{{.cluster.region}}'\n");
  auto out = SubstituteParameters(tmpl, params, /*go_template=*/true);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->Get("name")->text(), "green-prod");
  EXPECT_EQ(out->Get("region")->text(), "eu-west-1");
}

TEST(ArgoCdSubstituteTest, GoTemplateTrimMarkersAreAccepted) {
  Value params = Yaml("x: web\n");
  auto out = SubstituteParameters(Value::String("{{- .x -}}"), params, true);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->text(), "web");
  out = SubstituteParameters(Value::String("app-{{- .x }}"), params, true);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->text(), "app-web");
}

// Go's text/template: "{{- " trims the white space before the action and " -}}" the white
// space after it, so "app- {{- .x -}} -blue" renders "app-web-blue".
TEST(ArgoCdSubstituteTest, GoTemplateTrimMarkersTrimSurroundingWhitespace) {
  Value params = Yaml("x: web\n");
  auto out = SubstituteParameters(Value::String("app- {{- .x -}} -blue"), params, true);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->text(), "app-web-blue");
}

TEST(ArgoCdSubstituteTest, UnknownParameterIsAnError) {
  Value params = Yaml("cluster: green\n");
  auto flat = SubstituteParameters(Yaml("name: '{{clusterName}}'\n"), params, false);
  ASSERT_FALSE(flat.ok());
  EXPECT_NE(flat.status().message().find("clusterName"), std::string::npos) << flat.status().ToString();
  auto go = SubstituteParameters(Yaml("name: '{{.cluster.name}}'\n"), params, true);
  ASSERT_FALSE(go.ok());  // .cluster is a string, it has no field "name"
  EXPECT_NE(go.status().message().find("cluster.name"), std::string::npos) << go.status().ToString();
  auto missing = SubstituteParameters(Yaml("name: '{{.region}}'\n"), params, true);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("region"), std::string::npos) << missing.status().ToString();
}

TEST(ArgoCdSubstituteTest, GoTemplateRejectsAnythingButFieldAccess) {
  Value params = Yaml("x: web\n");
  for (const char* text : {"{{ .x | upper }}", "{{ upper .x }}", "{{ x }}", "{{ index .x 0 }}", "{{ . }}"}) {
    auto out = SubstituteParameters(Value::String(text), params, true);
    ASSERT_FALSE(out.ok()) << text << " gave " << out->text();
    EXPECT_EQ(out.status().code(), StatusCode::kInvalidArgument) << text;
  }
}

TEST(ArgoCdSubstituteTest, FastTemplateDoesNotReadGoFieldSyntax) {
  // In fasttemplate mode ".x" is a key named ".x", which the parameters do not have.
  Value params = Yaml("x: web\n");
  auto out = SubstituteParameters(Value::String("{{.x}}"), params, false);
  EXPECT_FALSE(out.ok());
}

TEST(ArgoCdSubstituteTest, TextWithoutTemplatesIsUnchanged) {
  Value params = Value::Mapping();
  auto out = SubstituteParameters(Value::String("plain {not a template}"), params, false);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->text(), "plain {not a template}");
}

// --- ExpandApplicationSet ----------------------------------------------------------------------

const char* kListSet = R"(apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: shop-web
  namespace: argocd
spec:
  generators:
    - list:
        elements:
          - cluster: blue
            url: https://blue.example.com
          - cluster: green
            url: https://green.example.com
  template:
    metadata:
      name: 'shop-web-{{cluster}}'
    spec:
      project: default
      source:
        repoURL: https://github.com/acme/gitops.git
        path: charts/shop-web
        helm:
          valueFiles: ['values-{{cluster}}.yaml']
      destination:
        server: '{{url}}'
        namespace: shop
)";

DirectoryLister NoDirectories() {
  return [](const std::string&, const std::string&) { return std::vector<std::string>{}; };
}

TEST(ArgoCdApplicationSetTest, ListGeneratorMakesOneApplicationPerElement) {
  auto expanded = ExpandApplicationSet(Yaml(kListSet), Where(1), NoDirectories());
  ASSERT_TRUE(expanded.errors.empty()) << expanded.errors[0].ToString();
  ASSERT_EQ(expanded.applications.size(), 2u);
  const ArgoApplication& blue = expanded.applications[0];
  const ArgoApplication& green = expanded.applications[1];
  EXPECT_EQ(blue.name, "shop-web-blue");
  EXPECT_EQ(green.name, "shop-web-green");
  EXPECT_EQ(green.destination_server, "https://green.example.com");
  EXPECT_EQ(green.destination_namespace, "shop");
  ASSERT_EQ(green.sources.size(), 1u);
  ASSERT_TRUE(green.sources[0].helm.has_value());
  EXPECT_EQ(green.sources[0].helm->value_files, (std::vector<std::string>{"values-green.yaml"}));
  for (const ArgoApplication& app : expanded.applications) {
    EXPECT_EQ(app.namespace_name, "argocd") << app.name;  // inherited from the set
    EXPECT_EQ(app.generated_by, "ApplicationSet argocd/shop-web") << app.name;
    EXPECT_EQ(app.location.file, "apps/shop.yaml");
    EXPECT_EQ(app.location.line, 1u);
  }
}

TEST(ArgoCdApplicationSetTest, TemplateNamespaceIsKept) {
  Value set = Yaml(R"(kind: ApplicationSet
metadata: {name: s}
spec:
  generators:
    - list: {elements: [{n: a}]}
  template:
    metadata: {name: 'app-{{n}}', namespace: team-apps}
    spec:
      source: {repoURL: r, path: p}
)");
  auto expanded = ExpandApplicationSet(set, Where(), NoDirectories());
  ASSERT_EQ(expanded.applications.size(), 1u);
  EXPECT_EQ(expanded.applications[0].namespace_name, "team-apps");
  EXPECT_EQ(expanded.applications[0].generated_by, "ApplicationSet s");  // the set has no namespace
}

const char* kGitSet = R"(kind: ApplicationSet
metadata:
  name: services
  namespace: argocd
spec:
  generators:
    - git:
        repoURL: https://github.com/acme/gitops.git
        revision: HEAD
        directories:
          - path: apps/*
          - path: apps/legacy
            exclude: true
  template:
    metadata:
      name: '{{path.basename}}'
    spec:
      source:
        repoURL: https://github.com/acme/gitops.git
        path: '{{path}}'
      destination:
        namespace: '{{path.basename}}'
)";

TEST(ArgoCdApplicationSetTest, GitDirectoriesGeneratorWithExclude) {
  std::vector<std::pair<std::string, std::string>> calls;
  DirectoryLister lister = [&calls](const std::string& repo_url, const std::string& glob) {
    calls.emplace_back(repo_url, glob);
    if (glob == "apps/*") return std::vector<std::string>{"apps/billing", "apps/catalog", "apps/legacy"};
    if (glob == "apps/legacy") return std::vector<std::string>{"apps/legacy"};
    return std::vector<std::string>{};
  };
  auto expanded = ExpandApplicationSet(Yaml(kGitSet), Where(), lister);
  ASSERT_TRUE(expanded.errors.empty()) << expanded.errors[0].ToString();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0], (std::pair<std::string, std::string>{"https://github.com/acme/gitops.git", "apps/*"}));
  EXPECT_EQ(calls[1].second, "apps/legacy");
  ASSERT_EQ(expanded.applications.size(), 2u);
  EXPECT_EQ(expanded.applications[0].name, "billing");
  EXPECT_EQ(expanded.applications[0].sources[0].path, "apps/billing");
  EXPECT_EQ(expanded.applications[0].destination_namespace, "billing");
  EXPECT_EQ(expanded.applications[1].name, "catalog");
  EXPECT_EQ(expanded.applications[1].sources[0].path, "apps/catalog");
  for (const ArgoApplication& app : expanded.applications) {
    EXPECT_EQ(app.generated_by, "ApplicationSet argocd/services");
    EXPECT_EQ(app.namespace_name, "argocd");
  }
}

TEST(ArgoCdApplicationSetTest, GitDirectoriesGeneratorWithGoTemplate) {
  Value set = Yaml(R"(kind: ApplicationSet
metadata: {name: clusters, namespace: argocd}
spec:
  goTemplate: true
  generators:
    - git:
        repoURL: https://github.com/acme/gitops.git
        directories:
          - path: clusters/*
  template:
    metadata:
      name: 'cluster-{{ .path.basename }}'
    spec:
      source:
        repoURL: https://github.com/acme/gitops.git
        path: '{{.path.path}}'
)");
  DirectoryLister lister = [](const std::string&, const std::string&) {
    return std::vector<std::string>{"clusters/green-1-25"};
  };
  auto expanded = ExpandApplicationSet(set, Where(), lister);
  ASSERT_TRUE(expanded.errors.empty()) << expanded.errors[0].ToString();
  ASSERT_EQ(expanded.applications.size(), 1u);
  EXPECT_EQ(expanded.applications[0].name, "cluster-green-1-25");
  EXPECT_EQ(expanded.applications[0].sources[0].path, "clusters/green-1-25");
}

// Argo CD's path.basenameNormalized is utils.SanitizeName(basename): lower case, every
// character outside [-a-z0-9.] replaced by '-', leading/trailing '-' and '.' trimmed
// (applicationset/utils/utils.go).
TEST(ArgoCdApplicationSetTest, BasenameNormalizedFollowsArgoSanitizeName) {
  Value set = Yaml(R"(kind: ApplicationSet
metadata: {name: s, namespace: argocd}
spec:
  generators:
    - git: {repoURL: r, directories: [{path: 'apps/*'}]}
  template:
    metadata: {name: '{{path.basenameNormalized}}'}
    spec: {source: {repoURL: r, path: '{{path}}'}}
)");
  DirectoryLister lister = [](const std::string&, const std::string&) {
    return std::vector<std::string>{"apps/Catalog_API.v2"};
  };
  auto expanded = ExpandApplicationSet(set, Where(), lister);
  ASSERT_EQ(expanded.applications.size(), 1u);
  EXPECT_EQ(expanded.applications[0].name, "catalog-api.v2");
}

// Argo CD's flat git-directory parameters include path[n], the n-th path segment
// (applicationset/generators/git.go), often used as '{{path[1]}}' for a namespace.
TEST(ArgoCdApplicationSetTest, GitDirectoriesGeneratorProvidesPathSegments) {
  Value set = Yaml(R"(kind: ApplicationSet
metadata: {name: s, namespace: argocd}
spec:
  generators:
    - git: {repoURL: r, directories: [{path: 'services/*/overlays/green'}]}
  template:
    metadata: {name: '{{path[1]}}-green'}
    spec:
      source: {repoURL: r, path: '{{path}}'}
      destination: {namespace: '{{path[1]}}'}
)");
  DirectoryLister lister = [](const std::string&, const std::string&) {
    return std::vector<std::string>{"services/billing/overlays/green"};
  };
  auto expanded = ExpandApplicationSet(set, Where(), lister);
  ASSERT_TRUE(expanded.errors.empty()) << expanded.errors[0].ToString();
  ASSERT_EQ(expanded.applications.size(), 1u);
  EXPECT_EQ(expanded.applications[0].name, "billing-green");
  EXPECT_EQ(expanded.applications[0].destination_namespace, "billing");
}

TEST(ArgoCdApplicationSetTest, UnsupportedGeneratorIsReportedNotExpanded) {
  Value set = Yaml(R"(kind: ApplicationSet
metadata: {name: fleet, namespace: argocd}
spec:
  generators:
    - clusters:
        selector: {matchLabels: {env: prod}}
    - list:
        elements: [{cluster: green}]
  template:
    metadata: {name: 'fleet-{{cluster}}'}
    spec: {source: {repoURL: r, path: p}}
)");
  auto expanded = ExpandApplicationSet(set, Where(9), NoDirectories());
  // Live-data generators are skipped (reported as info by the scan), not errors.
  EXPECT_TRUE(expanded.errors.empty());
  ASSERT_EQ(expanded.skipped.size(), 1u);
  EXPECT_NE(expanded.skipped[0].message().find("clusters"), std::string::npos) << expanded.skipped[0].ToString();
  ASSERT_TRUE(expanded.skipped[0].location().has_value());
  EXPECT_EQ(expanded.skipped[0].location()->file, "apps/shop.yaml");
  EXPECT_EQ(expanded.skipped[0].location()->line, 9u);
  // The list generator next to it still expands.
  ASSERT_EQ(expanded.applications.size(), 1u);
  EXPECT_EQ(expanded.applications[0].name, "fleet-green");
}

TEST(ArgoCdApplicationSetTest, GitFilesGeneratorIsReported) {
  Value set = Yaml(R"(kind: ApplicationSet
metadata: {name: cfg}
spec:
  generators:
    - git: {repoURL: r, files: [{path: 'apps/**/config.json'}]}
  template:
    metadata: {name: x}
    spec: {source: {repoURL: r, path: p}}
)");
  bool lister_called = false;
  DirectoryLister lister = [&](const std::string&, const std::string&) {
    lister_called = true;
    return std::vector<std::string>{};
  };
  auto expanded = ExpandApplicationSet(set, Where(), lister);
  EXPECT_TRUE(expanded.applications.empty());
  EXPECT_TRUE(expanded.errors.empty());
  ASSERT_EQ(expanded.skipped.size(), 1u);
  EXPECT_NE(expanded.skipped[0].message().find("files"), std::string::npos) << expanded.skipped[0].ToString();
  EXPECT_FALSE(lister_called);
}

TEST(ArgoCdApplicationSetTest, TemplateErrorNamesTheSetAndKeepsOtherElements) {
  Value set = Yaml(R"(kind: ApplicationSet
metadata: {name: partial, namespace: argocd}
spec:
  generators:
    - list:
        elements:
          - cluster: blue
            url: https://blue
          - cluster: green
  template:
    metadata: {name: 'app-{{cluster}}'}
    spec:
      source: {repoURL: r, path: p}
      destination: {server: '{{url}}'}
)");
  auto expanded = ExpandApplicationSet(set, Where(4), NoDirectories());
  ASSERT_EQ(expanded.applications.size(), 1u);
  EXPECT_EQ(expanded.applications[0].name, "app-blue");
  ASSERT_EQ(expanded.errors.size(), 1u);
  const std::string text = expanded.errors[0].ToString();
  EXPECT_NE(text.find("ApplicationSet partial"), std::string::npos) << text;
  EXPECT_NE(text.find("url"), std::string::npos) << text;
  EXPECT_EQ(text.rfind("apps/shop.yaml:4:1:", 0), 0u) << text;
}

TEST(ArgoCdApplicationSetTest, MissingTemplateIsAnError) {
  Value set = Yaml("kind: ApplicationSet\nmetadata: {name: empty}\nspec:\n  generators: []\n");
  auto expanded = ExpandApplicationSet(set, Where(2), NoDirectories());
  EXPECT_TRUE(expanded.applications.empty());
  ASSERT_EQ(expanded.errors.size(), 1u);
  EXPECT_NE(expanded.errors[0].message().find("empty"), std::string::npos);
  ASSERT_TRUE(expanded.errors[0].location().has_value());
  EXPECT_EQ(expanded.errors[0].location()->line, 2u);
}

TEST(ArgoCdApplicationSetTest, GeneratedApplicationWithoutSourceIsAnError) {
  Value set = Yaml(R"(kind: ApplicationSet
metadata: {name: nosrc}
spec:
  generators:
    - list: {elements: [{n: a}]}
  template:
    metadata: {name: 'app-{{n}}'}
    spec: {destination: {namespace: x}}
)");
  auto expanded = ExpandApplicationSet(set, Where(), NoDirectories());
  EXPECT_TRUE(expanded.applications.empty());
  ASSERT_EQ(expanded.errors.size(), 1u);
  EXPECT_NE(expanded.errors[0].message().find("app-a"), std::string::npos) << expanded.errors[0].ToString();
}

}  // namespace
}  // namespace greenlight::render

namespace greenlight::render {
namespace {

TEST(ArgoCdDirectoryGlobTest, IncludeAndExcludePatterns) {
  EXPECT_TRUE(DirectoryGlobMatch("blue.yaml", "blue.yaml"));
  EXPECT_FALSE(DirectoryGlobMatch("blue.yaml", "green.yaml"));
  EXPECT_TRUE(DirectoryGlobMatch("external-dns/*", "external-dns/blue.yaml"));
  EXPECT_FALSE(DirectoryGlobMatch("external-dns/*", "cert-manager/deployment.yaml"));
  EXPECT_TRUE(DirectoryGlobMatch("{a.yaml,b.yaml}", "b.yaml"));
  EXPECT_FALSE(DirectoryGlobMatch("{a.yaml,b.yaml}", "c.yaml"));
  EXPECT_TRUE(DirectoryGlobMatch("*.{yaml,json}", "x.json"));
  EXPECT_FALSE(DirectoryGlobMatch("*.{yaml,json}", "x.yml"));
}

}  // namespace
}  // namespace greenlight::render
