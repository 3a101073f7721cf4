#include "cluster_source.h"

#include <filesystem>
#include <memory>

#include "base/atomic_file.h"
#include "render/live_cluster.h"

namespace greenlight::cli {

void AddClusterFlags(CLI::App& command, ClusterFlags& flags) {
  command.add_flag("--cluster", flags.cluster,
                   "Read the live cluster with kubectl (read-only: api-resources, then get -o json of "
                   "every listable resource; Secrets only of Helm's type helm.sh/release.v1) and scan "
                   "the objects, their last-applied configurations and Helm releases");
  command.add_option("--context", flags.context,
                     "With --cluster: the kubeconfig context to read, e.g. --context blue (default: "
                     "the current context)");
  command.add_option("--kubeconfig", flags.kubeconfig,
                     "With --cluster: the kubeconfig file (default: kubectl's, $KUBECONFIG or ~/.kube/config)");
  command.add_option("--save", flags.save,
                     "With --cluster: keep the dump in this new (or empty) folder (one JSON List per "
                     "resource, written atomically) so the scan can be rerun offline: greenlight scan DIR");
}

Status CheckClusterFlags(const ClusterFlags& flags) {
  if (flags.cluster) return Status::Ok();
  if (!flags.context.empty()) return InvalidArgument("--context needs --cluster");
  if (!flags.kubeconfig.empty()) return InvalidArgument("--kubeconfig needs --cluster");
  if (!flags.save.empty()) return InvalidArgument("--save needs --cluster");
  return Status::Ok();
}

Status AddClusterInputs(const ClusterFlags& flags, source::InputList& inputs) {
  render::ClusterReadOptions options;
  if (!flags.kubectl.empty()) options.kubectl = flags.kubectl;
  options.context = flags.context;
  options.kubeconfig = flags.kubeconfig;
  if (!flags.save.empty()) {
    // A dump mixes with nothing: stale files of an earlier dump would be rescanned as this
    // cluster's, and nothing the user already has is overwritten.
    std::error_code ec;
    if (std::filesystem::exists(flags.save, ec) &&
        (!std::filesystem::is_directory(flags.save, ec) || !std::filesystem::is_empty(flags.save, ec))) {
      return InvalidArgument("--save " + flags.save + ": name a new or empty folder (it holds files already)");
    }
  }
  GL_ASSIGN_OR_RETURN(render::ClusterDump dump, render::ReadCluster(options));
  if (dump.cancelled) return FailedPrecondition("interrupted while reading the cluster");
  std::filesystem::path save_dir(flags.save);
  if (!flags.save.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(save_dir, ec);
    if (ec) return InvalidArgument("--save " + flags.save + ": cannot create the folder: " + ec.message());
  }
  for (render::ResourceList& list : dump.lists) {
    source::InputFile file;
    const std::string name = render::DumpFileName(list.resource);
    file.display_path = flags.save.empty() ? "cluster/" + name : (save_dir / name).generic_string();
    file.origin = "cluster";
    if (!flags.save.empty()) GL_RETURN_IF_ERROR(WriteFileAtomically(save_dir / name, list.json));
    auto bytes = std::make_shared<std::string>(std::move(list.json));
    file.load = [bytes]() -> StatusOr<std::string> { return *bytes; };
    inputs.files.push_back(std::move(file));
  }
  for (Status& error : dump.errors) {
    error.WithLocation(Location{"cluster"});
    inputs.errors.push_back(std::move(error));
  }
  return Status::Ok();
}

}  // namespace greenlight::cli
