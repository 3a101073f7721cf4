// File: src/render/argocd.h
// The part of Argo CD's data model that decides what gets rendered: Applications (one source or
// several), and ApplicationSets with list and git-directory generators, expanded the way Argo CD
// does (fasttemplate "{{key}}" or, with goTemplate, "{{.key}}" field access). Only what rendering
// needs is read; everything else in the manifests is ignored, since they are not our files.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/location.h"
#include "base/status.h"
#include "document/value.h"

namespace greenlight::render {

struct HelmParameter {
  std::string name, value;
  bool force_string = false;
};

/// spec.source.helm: valueFiles, then values / valuesObject, then parameters, each overriding
/// the one before (Argo CD's order).
struct ArgoHelm {
  std::string release_name;
  std::vector<std::string> value_files;  ///< relative to the source path
  std::string values_yaml;               ///< values or valuesObject, as YAML ("" when none)
  std::vector<HelmParameter> parameters;
  bool ignore_missing_value_files = false;
};

/// spec.source.kustomize: the options Argo CD applies on top of the kustomization.
struct ArgoKustomize {
  std::string name_prefix, name_suffix, namespace_name;
  std::vector<std::pair<std::string, std::string>> common_labels, common_annotations;
  std::vector<std::string> images;  ///< "name=newName:tag" / "name:tag", as Argo CD writes them
};

struct ArgoSource {
  std::string repo_url;
  std::string path;   ///< folder in the repository ("" for a chart from a Helm repository)
  std::string chart;  ///< chart name when repo_url is a Helm repository
  std::string target_revision;
  std::optional<ArgoHelm> helm;
  std::optional<ArgoKustomize> kustomize;
  bool directory_recurse = false;  ///< directory.recurse: plain manifests in subfolders too
  /// directory.include / directory.exclude: globs over paths relative to the source path, with
  /// "{a,b}" alternatives ("" = everything / nothing).
  std::string directory_include, directory_exclude;
};

/// Argo CD's directory include/exclude match: `pattern` ("*.yaml", "{a.yaml,b.yaml}",
/// "external-dns/*") against a path relative to the source folder.
bool DirectoryGlobMatch(std::string_view pattern, std::string_view relative_path);

struct ArgoApplication {
  std::string name, namespace_name;
  std::vector<ArgoSource> sources;  ///< spec.source, or every entry of spec.sources
  std::string destination_namespace, destination_name, destination_server;
  Location location;  ///< where the Application (or the ApplicationSet that made it) is written
  std::string generated_by;  ///< "ApplicationSet argocd/catalog-api", "" when written by hand
};

bool IsArgoApplication(std::string_view api_version, std::string_view kind);
bool IsArgoApplicationSet(std::string_view api_version, std::string_view kind);

/// Reads an Application manifest. Missing spec.source(s) is an error at `where`.
StatusOr<ArgoApplication> ParseApplication(const document::Value& manifest, const Location& where);

/// Lists the folders of the repository whose path matches a git generator's directory glob
/// ("clusters/*"), '/'-separated and relative to the repository root, sorted.
using DirectoryLister = std::function<std::vector<std::string>(const std::string& repo_url,
                                                               const std::string& glob)>;

struct ExpandedApplicationSet {
  std::vector<ArgoApplication> applications;
  std::vector<Status> errors;   ///< templates that cannot be expanded (Argo CD would fail too)
  std::vector<Status> skipped;  ///< generators that need live data (cluster, SCM, ...): not expanded
};

/// Expands an ApplicationSet's list and git-directory generators into Applications. Other
/// generators (cluster, SCM provider, matrix, git files, ...) are listed in `skipped`.
ExpandedApplicationSet ExpandApplicationSet(const document::Value& manifest, const Location& where,
                                            const DirectoryLister& list_directories);

/// Substitutes generator parameters into every string of `tmpl`. With `go_template`, "{{.a.b}}"
/// reads nested parameters; otherwise "{{a.b}}" is a flat key as in fasttemplate. An unknown
/// parameter is an error (Argo CD's missingkey=error), so nothing renders half-substituted.
StatusOr<document::Value> SubstituteParameters(const document::Value& tmpl,
                                               const document::Value& parameters, bool go_template);

}  // namespace greenlight::render
