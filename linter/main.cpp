// The greenlight program: builds the CLI11 app from the subcommand table, parses, runs the
// chosen subcommand, and maps the outcome to an exit code. This is the only place that exits.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <iostream>

#include "base/edit_distance.h"
#include "base/exit_code.h"
#include "commands.h"

namespace greenlight::cli {

void PrintError(const std::string& message) { std::cerr << "greenlight: error: " << message << "\n"; }

namespace {

constexpr char kFooter[] = R"(Exit codes:
  0    nothing at or above --fail-on (default: error)
  1    findings at or above --fail-on
  2    usage error, or input that could not be read or parsed (other inputs are still reported)
  130  interrupted

Run 'greenlight <command> --help' for a command's flags and examples.)";

// "did you mean" for a mistyped subcommand (CLI11 only says it is not expected).
int SuggestSubcommand(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
      names.push_back(sub->get_name());
    }
    bool known = std::find(names.begin(), names.end(), argv[1]) != names.end();
    if (!known) {
      std::string message = "unknown command '" + std::string(argv[1]) + "'";
      if (auto near = ClosestMatch(argv[1], names)) message += " (did you mean '" + *near + "'?)";
      PrintError(message + "; see 'greenlight --help'");
      return kExitUsageOrInputError;
    }
  }
  PrintError(error.what());
  return kExitUsageOrInputError;
}

// A command's long description teaches in `greenlight CMD --help`; the command list shows only
// its first sentence, and the rest (details, examples) moves below that command's flags.
void ShortenCommandList(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    std::string description = sub->get_description();
    if (description.find('\n') == std::string::npos) continue;
    std::string flat = description;
    for (char& c : flat) c = c == '\n' ? ' ' : c;
    size_t end = flat.find(". ");
    size_t paragraph = description.find("\n\n");
    if (end == std::string::npos || (paragraph != std::string::npos && end > paragraph)) {
      end = paragraph == std::string::npos ? flat.size() : paragraph;
    } else {
      end += 1;  // keep the full stop
    }
    std::string rest = description.substr(std::min(end, description.size()));
    while (!rest.empty() && (rest.front() == '\n' || rest.front() == ' ')) rest.erase(0, 1);
    sub->description(flat.substr(0, end));
    sub->footer(rest + (sub->get_footer().empty() ? "" : "\n\n" + sub->get_footer()));
  }
}

// Ctrl-C or SIGTERM outside a render (which handles them itself to stop its children): stop at
// once with the documented code. Output files are written atomically with these signals held
// back (base/atomic_file.h), so nothing partial is left.
extern "C" void ExitInterrupted(int) { ::_exit(kExitInterrupted); }

void InstallInterruptHandler() {
  struct sigaction action {};
  action.sa_handler = ExitInterrupted;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace
}  // namespace greenlight::cli

int main(int argc, char** argv) {
  using namespace greenlight;
  cli::InstallInterruptHandler();
  CLI::App app{
      "greenlight: pre-flight checks for blue/green Kubernetes (EKS) upgrades.\n"
      "Finds manifests that use APIs the target Kubernetes version removed or deprecated.\n\n"
      "Example:\n  greenlight scan --target 1.25 --from 1.22 ./gitops-repo",
      "greenlight"};
  app.require_subcommand(1);
  app.footer(cli::kFooter);
  cli::Action action;
  cli::RegisterScan(app, action);
  cli::RegisterBaseline(app, action);
  cli::RegisterCatalog(app, action);
  cli::RegisterVersion(app, action);
  cli::RegisterOverlay(app, action);
  cli::RegisterCutover(app, action);
  cli::RegisterRules(app, action);
  cli::RegisterAddons(app, action);
  cli::RegisterReport(app, action);
  cli::RegisterParity(app, action);
  cli::ShortenCommandList(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    return cli::SuggestSubcommand(app, e, argc, argv);
  }
  return action ? action() : kExitUsageOrInputError;
}
