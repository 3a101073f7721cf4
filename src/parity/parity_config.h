// File: src/parity/parity_config.h
// What the user declares about their two clusters: values that are meant to differ between blue
// and green (cluster name, set identifier, owner id, subnet and security-group ids), and fields
// or objects to leave out of the comparison. It is the `parity:` section of .greenlight.yaml (or
// of the file --config names), loaded strictly: unknown keys and wrong types are errors with
// file:line:col.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"
#include "base/status.h"
#include "document/node.h"

namespace greenlight::parity {

/// A value blue uses where green uses another; equal wherever it occurs, also inside a longer
/// string ("arn:aws:iam::1:role/eks-blue-1-22-dns" and "...role/eks-green-1-25-dns").
struct ClusterValue {
  std::string blue;
  std::string green;
  Location where;
};

/// Differences to leave out: a field-path glob (omitted: the whole object, missing and extra
/// included), optionally limited to some kinds and to objects matching NAMESPACE/NAME globs.
struct IgnoreEntry {
  std::string field;
  std::vector<std::string> kinds;
  std::vector<std::string> objects;
  Location where;
};

struct ParityConfig {
  std::string origin;  ///< the file it came from; "" when none was read
  std::vector<ClusterValue> cluster_values;
  std::vector<IgnoreEntry> ignore;
};

/// Reads the `parity:` section of a config file's text; other top-level keys belong to the scan
/// config and are not looked at. A file without the section yields an empty config.
StatusOr<ParityConfig> ParseParityConfig(std::string text, std::string_view display_path);

/// Reads a `parity:` mapping node that sits in `file`.
StatusOr<ParityConfig> ReadParitySection(const document::Node* section, std::string_view file);

/// Field-path globs: '*' matches any run of characters (dots and slashes included, since
/// annotation keys hold both), '?' one character; everything else matches itself.
bool FieldGlobMatch(std::string_view pattern, std::string_view text);

/// True when `entry` covers a difference of `kind` NAMESPACE/NAME at `field` ("" = the object).
bool IgnoreMatches(const IgnoreEntry& entry, std::string_view kind, std::string_view namespace_name,
                   std::string_view name, std::string_view field);

}  // namespace greenlight::parity
