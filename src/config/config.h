// File: src/config/config.h
// The project settings file, .greenlight.yaml at the scanned root (or --config FILE): target and
// from versions, include/exclude globs, disabled rules, severity overrides, per-path overrides
// and extra catalog/rule paths. Loaded strictly: an unknown key, a wrong type or an unknown rule
// id is an error naming file:line:col and the key. Command-line flags win over the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "base/version.h"
#include "checks/finding.h"

namespace greenlight::config {

/// The default file name looked up at the scanned root.
inline constexpr char kConfigFileName[] = ".greenlight.yaml";

/// A rule id or name as written in the file, and where (for "unknown rule" errors).
struct RuleRef {
  std::string id;
  Location where;
};

/// Rule selection that applies to a set of paths.
struct RuleSettings {
  std::vector<RuleRef> disable;
  std::vector<std::pair<RuleRef, checks::Severity>> severity;
};

/// Settings for the files matching any of `paths` (globs, relative to the scanned root),
/// applied after the top-level settings, in file order.
struct PathOverride {
  std::vector<std::string> paths;
  RuleSettings rules;
};

/// The `render:` section (scan --render): settings a repository wants every scan to use.
struct RenderSettings {
  std::optional<bool> enabled;        ///< render without --render
  std::optional<std::string> helm;    ///< helm program (resolved against the config's folder when relative with '/')
  std::optional<long long> timeout_seconds;
  /// repoMap: repository URL -> local folder (resolved against the config's folder).
  std::vector<std::pair<std::string, std::string>> repo_map;
  std::vector<std::string> version_patterns;
};

struct Config {
  std::string origin;  ///< the file it came from
  RenderSettings render;
  std::optional<Version> target;
  std::optional<Version> from;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  RuleSettings rules;
  std::vector<PathOverride> overrides;
  std::vector<std::string> extra_catalog;  ///< resolved against the config file's folder
  std::vector<std::string> extra_rules;    ///< resolved against the config file's folder
};

/// Parses config text. `base_dir` is where relative catalog/rule paths point ("" = as written).
StatusOr<Config> ParseConfig(std::string text, std::string_view display_path,
                             std::string_view base_dir);

/// Loads a config file from disk (paths resolved against its folder).
StatusOr<Config> LoadConfigFile(const std::string& path);

/// Replaces rule names by ids and fails on an unknown rule (with "did you mean"), naming the
/// file:line:col. Call it once every rule source (built-in, lint rules, extraRules) is
/// registered with checks::RegisterLintRules, since the config may name any of them.
Status ResolveRuleIds(Config& config);

/// Applies disabled rules and severity overrides to `findings` (top level first, then each
/// matching path override), dropping disabled ones. Returns how many were dropped.
size_t ApplyRuleSettings(const Config& config, std::vector<checks::Finding>& findings);

}  // namespace greenlight::config
