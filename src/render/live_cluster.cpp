#include "render/live_cluster.h"

#include <algorithm>
#include <optional>
#include <thread>

#include "render/process.h"

namespace greenlight::render {
namespace {

std::vector<std::string> Base(const ClusterReadOptions& options) {
  std::vector<std::string> argv = {options.kubectl};
  if (!options.kubeconfig.empty()) argv.push_back("--kubeconfig=" + options.kubeconfig);
  if (!options.context.empty()) argv.push_back("--context=" + options.context);
  return argv;
}

// kubectl's message, trimmed to its first lines (it repeats itself per retry).
std::string FirstLines(const std::string& text) {
  std::string out;
  size_t start = 0;
  for (int lines = 0; lines < 3 && start < text.size(); ++lines) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out += (out.empty() ? "" : "; ") + text.substr(start, end - start);
    start = end + 1;
  }
  return out.empty() ? std::string("no message") : out;
}

std::string Failure(const std::vector<std::string>& argv, const ProcessResult& r) {
  std::string command;
  for (size_t i = 1; i < argv.size(); ++i) command += (i > 1 ? " " : "") + argv[i];
  if (r.timed_out) return "kubectl " + command + " timed out";
  return "kubectl " + command + " failed (exit " + std::to_string(r.exit_code) + "): " + FirstLines(r.err);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) out.push_back(std::move(line));
    start = end + 1;
  }
  return out;
}

}  // namespace

std::vector<std::string> DiscoveryCommand(const ClusterReadOptions& options) {
  std::vector<std::string> argv = Base(options);
  argv.insert(argv.end(), {"api-resources", "--verbs=list", "-o", "name"});
  return argv;
}

std::vector<std::string> ListCommand(const ClusterReadOptions& options, const std::string& resource) {
  std::vector<std::string> argv = Base(options);
  argv.insert(argv.end(), {"get", resource, "--all-namespaces", "-o", "json"});
  // Only Helm's release records: the dump must not carry anyone's credentials.
  if (resource == "secrets") argv.push_back("--field-selector=type=helm.sh/release.v1");
  return argv;
}

std::string DumpFileName(const std::string& resource) { return resource + ".json"; }

StatusOr<ClusterDump> ReadCluster(const ClusterReadOptions& options) {
  ProcessOptions process;
  process.timeout = options.timeout;
  process.cancel = options.cancel;
  const std::vector<std::string> discovery = DiscoveryCommand(options);
  StatusOr<ProcessResult> listed = RunProcess(discovery, process);
  if (!listed.ok()) return FailedPrecondition("cannot run kubectl for --cluster: " + listed.status().message());
  ClusterDump dump;
  if (listed->cancelled) {
    dump.cancelled = true;
    return dump;
  }
  std::vector<std::string> resources = Lines(listed->out);
  if (listed->exit_code != 0) {
    // Aggregated APIs that do not answer make discovery exit 1 after printing the rest.
    if (resources.empty()) return FailedPrecondition(Failure(discovery, *listed));
    dump.errors.push_back(InvalidArgument("discovery incomplete, resources of the groups it names were not read: " +
                                          Failure(discovery, *listed)));
  }
  std::sort(resources.begin(), resources.end());
  resources.erase(std::unique(resources.begin(), resources.end()), resources.end());

  std::vector<std::optional<ResourceList>> lists(resources.size());
  std::vector<std::optional<Status>> errors(resources.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> cancelled{false};
  auto worker = [&] {
    for (size_t i = next++; i < resources.size(); i = next++) {
      if (cancelled) return;
      std::vector<std::string> argv = ListCommand(options, resources[i]);
      StatusOr<ProcessResult> got = RunProcess(argv, process);
      if (!got.ok()) {
        errors[i] = got.status();
      } else if (got->cancelled) {
        cancelled = true;
      } else if (got->exit_code != 0 || got->timed_out) {
        errors[i] = InvalidArgument(Failure(argv, *got) + "; its objects were not checked");
      } else {
        lists[i] = ResourceList{resources[i], std::move(got->out)};
      }
    }
  };
  const int jobs = std::clamp<int>(options.jobs, 1, std::max<int>(1, static_cast<int>(resources.size())));
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  dump.cancelled = cancelled;
  for (size_t i = 0; i < resources.size(); ++i) {
    if (lists[i]) dump.lists.push_back(std::move(*lists[i]));
    if (errors[i]) dump.errors.push_back(std::move(*errors[i]));
  }
  return dump;
}

}  // namespace greenlight::render
