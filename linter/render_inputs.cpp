#include "render_inputs.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "base/utf8.h"

namespace greenlight::cli {

void AddRenderFlags(CLI::App& command, RenderFlags& flags) {
  command.add_flag("--render", flags.render,
                   "Render what the inputs hold before checking: Argo CD Applications and "
                   "ApplicationSets (app-of-apps followed), Helm charts (helm template at the "
                   "target's --kube-version and API set) and kustomizations (kubectl kustomize); "
                   "their files are not scanned again as plain YAML");
  command.add_option("--helm", flags.helm, "helm program for --render (default: helm on PATH)");
  command.add_option("--kubectl", flags.kubectl, "kubectl program for --render (default: kubectl on PATH)");
  command.add_option("--render-timeout", flags.timeout_seconds,
                     "Seconds one unit may take to render before it is stopped (default 120)");
  command.add_option("--repo-map", flags.repo_map,
                     "Read Applications' sources with this repoURL from a local folder, e.g. "
                     "--repo-map https://github.com/org/gitops.git=. (repeatable; nothing is fetched)");
  command.add_option("--version-pattern", flags.version_patterns,
                     "Per-version layout: a file or folder name with {version}, e.g. 'chart-{version}' "
                     "or 'values-{version}.yaml'; the variant of the target version is rendered "
                     "(repeatable; default '*-{version}', 'values-{version}.yaml', 'values-{version}.yml')");
  command.add_flag("--quiet,-q", flags.quiet, "No render progress on stderr");
}

RenderProgressLine::RenderProgressLine() = default;

RenderProgressLine::~RenderProgressLine() {
  if (shown_) std::cerr << "\r\033[K" << std::flush;
}

void RenderProgressLine::Attach(RenderFlags& flags) {
  if (flags.quiet || !isatty(STDERR_FILENO)) return;
  flags.progress = [this](const render::RenderProgress& p) {
    std::string line = "rendering: " + std::to_string(p.done) + "/" + std::to_string(p.total) + " units";
    if (!p.slowest_label.empty()) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.1f s", p.slowest_seconds);
      line += "; slowest running: " + p.slowest_label + " (" + seconds + ")";
    }
    if (line.size() > 160) line = std::string(Utf8Prefix(line, 157)) + "...";
    std::cerr << "\r\033[K" << line << std::flush;
    shown_ = true;
  };
}

}  // namespace greenlight::cli
