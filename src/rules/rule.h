// File: src/rules/rule.h
// The lint-rule model: a rule is data (rules/<ID>-<name>.yaml) that says which objects it looks
// at, a condition tree over field paths, the target versions it applies to, the message and its
// documentation. Regular expressions are compiled once, at load, with RE2 (linear time in the
// input, no backtracking), so evaluating a rule never depends on what a user's manifest holds.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"
#include "base/status.h"
#include "base/version.h"
#include "document/object.h"
#include "rules/field_path.h"

namespace re2 {
class RE2;
}

namespace greenlight::rules {

enum class Op {
  kExists, kAbsent, kEquals, kOneOf, kMatches,
  kGt, kGe, kLt, kLe,                               // numbers, or durations like 5m in seconds
  kVersionGt, kVersionGe, kVersionLt, kVersionLe,   // "1.25", "v1.25.3" (compared as written)
};

/// The operator's spelling in rule files ("exists", "one-of", "version-lt", ...).
std::string_view OpName(Op op);
std::optional<Op> ParseOp(std::string_view name);
/// Every operator name, for "did you mean" and the docs.
std::vector<std::string> OpNames();

/// A node of the condition tree. Leaves test field paths; groups combine them.
struct Condition {
  enum class Kind { kLeaf, kAll, kAny, kNot };
  Kind kind = Kind::kLeaf;
  Location origin;  ///< where the condition is written (for errors and --explain)

  // Leaves.
  std::vector<FieldPath> paths;  ///< union of the nodes every path reaches
  Op op = Op::kExists;
  bool on_key = false;           ///< test the mapping key instead of the value
  std::vector<std::string> values;  ///< equals: one; one-of: several
  double number = 0;             ///< numeric operators
  Version version;               ///< version operators
  std::shared_ptr<const re2::RE2> regex;  ///< matches (compiled at load)

  // Groups.
  std::vector<Condition> children;
};

/// Sections every rule documents (ruff's rule pages).
struct RuleDocs {
  std::string what, why, example, use_instead, fix_safety;
  struct Reference {
    std::string title;
    std::string url;
  };
  std::vector<Reference> references;
};

struct Rule {
  std::string id;        ///< "REL401"
  std::string name;      ///< "ingress-class-annotation"
  std::string title;     ///< one line: what is flagged
  std::string severity;  ///< "error" | "warning" | "info"
  std::string category;
  std::string status;    ///< "preview" | "stable" | "deprecated" | "removed"
  std::string since;     ///< greenlight version that introduced the rule

  std::vector<std::string> kinds;        ///< "*" = every kind
  std::vector<std::string> api_versions; ///< patterns with '*'; empty = every apiVersion
  std::optional<Version> target_from;    ///< applies when target >= from (minor)
  std::optional<Version> target_until;   ///< ... and target < until (minor)

  /// With `each`, the conditions run once per node this path reaches (paths without a $ root
  /// are relative to that node), so several fields of one list item can be tested together.
  std::optional<FieldPath> each;
  Condition when;        ///< an kAll group of the rule's 'when' list
  std::string message;   ///< template: {value} {path} {kind} {name} {namespace} {apiVersion}
  std::string help;
  RuleDocs docs;
  std::string example_fires, example_passes;  ///< fixture paths, relative to the repository

  Location origin;       ///< file (and line 1) the rule was loaded from
  std::string file;      ///< display path of the rule file

  bool AppliesTo(const Version& target) const;
  bool MatchesObject(const document::Object& object) const;
};

/// What a firing rule reports: one entry per node of its subject condition (the first leaf
/// that reached a node), or one entry with no node for rules that only test absence.
struct RuleMatch {
  const document::Node* node = nullptr;  ///< key node when there is one, else the value
  std::string value;                     ///< text of the matched scalar (or key)
  std::string path;
};

/// Evaluates `rule` on `object`; appends one RuleMatch per reported node.
void Evaluate(const Rule& rule, const document::Object& object, std::vector<RuleMatch>& out);

/// Fills the message template for one match.
std::string FormatMessage(const Rule& rule, const document::Object& object, const RuleMatch& match);

/// Placeholders the message template accepts.
const std::vector<std::string>& MessagePlaceholders();

/// The loaded rules, by id, each remembering the file it came from.
class RuleSet {
 public:
  /// Adds a rule; a duplicate id or name is an error naming both files.
  Status Add(Rule rule);
  const std::vector<std::unique_ptr<Rule>>& rules() const { return rules_; }
  /// By id or by name; nullptr when unknown.
  const Rule* Find(std::string_view id_or_name) const;
  /// Ids and names, for "did you mean".
  std::vector<std::string> Names() const;

 private:
  std::vector<std::unique_ptr<Rule>> rules_;  // sorted by id
};

}  // namespace greenlight::rules
