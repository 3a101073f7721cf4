#include "pipeline/cluster_manifests.h"

#include "source/input.h"

namespace greenlight::pipeline {

StatusOr<cutover::ClusterManifests> LoadClusterManifests(std::string_view name,
                                                         const std::vector<std::string>& paths) {
  source::InputList inputs = source::ListInputs(paths, {});
  if (!inputs.errors.empty()) return inputs.errors.front();
  std::vector<cutover::ManifestText> texts;
  for (const auto& file : inputs.files) {
    GL_ASSIGN_OR_RETURN(std::string bytes, file.load());
    texts.push_back({file.display_path, std::move(bytes), file.is_json()});
  }
  return cutover::ReadClusterManifests(name, texts);
}

}  // namespace greenlight::pipeline
