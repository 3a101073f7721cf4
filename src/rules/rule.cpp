#include "rules/rule.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <utility>

namespace greenlight::rules {
namespace {

using document::Node;

constexpr std::array<std::pair<Op, std::string_view>, 13> kOps = {{
    {Op::kExists, "exists"}, {Op::kAbsent, "absent"}, {Op::kEquals, "equals"},
    {Op::kOneOf, "one-of"}, {Op::kMatches, "matches"}, {Op::kGt, "gt"}, {Op::kGe, "ge"},
    {Op::kLt, "lt"}, {Op::kLe, "le"}, {Op::kVersionGt, "version-gt"},
    {Op::kVersionGe, "version-ge"}, {Op::kVersionLt, "version-lt"}, {Op::kVersionLe, "version-le"},
}};

// A number ("300", "1.5") or a Go duration ("1m30s", "90s"), in seconds.
std::optional<double> ParseNumber(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size()) return value;
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"m", 60}, {"h", 3600}};
  double total = 0;
  const char* p = text.data();
  const char* stop = text.data() + text.size();
  if (p == stop) return std::nullopt;
  while (p < stop) {
    double amount = 0;
    auto [after, error] = std::from_chars(p, stop, amount);
    if (error != std::errc()) return std::nullopt;
    p = after;
    bool found = false;
    for (const auto& [unit, scale] : kUnits) {
      if (std::string_view(p, static_cast<size_t>(stop - p)).starts_with(unit) &&
          !(unit == "m" && std::string_view(p, static_cast<size_t>(stop - p)).starts_with("ms"))) {
        total += amount * scale;
        p += unit.size();
        found = true;
        break;
      }
    }
    if (!found) return std::nullopt;
  }
  return total;
}

struct Candidate {
  const Node* key;
  const Node* value;
  const std::string* path;
};

bool LeafAccepts(const Condition& c, const Candidate& candidate, std::string& text) {
  const Node* tested = c.on_key ? candidate.key : candidate.value;
  if (tested == nullptr || !tested->IsScalar() || tested->IsNull()) return false;
  text = tested->scalar();
  switch (c.op) {
    case Op::kExists:
    case Op::kAbsent:
      return true;
    case Op::kEquals:
    case Op::kOneOf:
      return std::find(c.values.begin(), c.values.end(), text) != c.values.end();
    case Op::kMatches:
      return RE2::PartialMatch(text, *c.regex);
    case Op::kGt: case Op::kGe: case Op::kLt: case Op::kLe: {
      auto n = ParseNumber(text);
      if (!n) return false;
      return c.op == Op::kGt ? *n > c.number : c.op == Op::kGe ? *n >= c.number
           : c.op == Op::kLt ? *n < c.number : *n <= c.number;
    }
    case Op::kVersionGt: case Op::kVersionGe: case Op::kVersionLt: case Op::kVersionLe: {
      auto v = Version::Parse(text);
      if (!v.ok()) return false;
      auto order = *v <=> c.version;
      return c.op == Op::kVersionGt ? order > 0 : c.op == Op::kVersionGe ? order >= 0
           : c.op == Op::kVersionLt ? order < 0 : order <= 0;
    }
  }
  return false;
}

// The node conditions are relative to: the object, or one item of the rule's `each`.
struct Scope {
  const document::Object& object;
  const FieldMatch* item = nullptr;
};

bool EvaluateLeaf(const Condition& c, const Scope& scope, std::vector<RuleMatch>& subject) {
  std::vector<FieldMatch> reached;
  for (const FieldPath& path : c.paths) {
    if (scope.item) path.ResolveUnder(scope.object, scope.item->value, scope.item->path, reached);
    else path.Resolve(scope.object, reached);
  }
  if (c.op == Op::kAbsent) {
    return std::none_of(reached.begin(), reached.end(), [](const FieldMatch& m) {
      return m.value != nullptr && !m.value->IsNull();
    });
  }
  bool holds = false;
  std::vector<const Node*> seen;
  for (const FieldMatch& m : reached) {
    if (m.value == nullptr || m.value->IsNull()) continue;
    std::string text;
    if (c.op == Op::kExists) {
      if (c.on_key && m.key == nullptr) continue;
      if (c.on_key) text = m.key->scalar();
      else if (m.value->IsScalar()) text = m.value->scalar();
    } else if (!LeafAccepts(c, Candidate{m.key, m.value, &m.path}, text)) {
      continue;
    }
    const Node* at = m.key != nullptr ? m.key : m.value;
    if (std::find(seen.begin(), seen.end(), at) != seen.end()) continue;
    seen.push_back(at);
    holds = true;
    subject.push_back(RuleMatch{at, std::move(text), m.path});
  }
  return holds;
}

bool EvaluateCondition(const Condition& c, const Scope& object, std::vector<RuleMatch>& subject) {
  switch (c.kind) {
    case Condition::Kind::kLeaf:
      return EvaluateLeaf(c, object, subject);
    case Condition::Kind::kAll: {
      std::vector<RuleMatch> first;
      for (const Condition& child : c.children) {
        std::vector<RuleMatch> matches;
        if (!EvaluateCondition(child, object, matches)) return false;
        if (first.empty()) first = std::move(matches);
      }
      std::move(first.begin(), first.end(), std::back_inserter(subject));
      return true;
    }
    case Condition::Kind::kAny:
      for (const Condition& child : c.children) {
        std::vector<RuleMatch> matches;
        if (EvaluateCondition(child, object, matches)) {
          std::move(matches.begin(), matches.end(), std::back_inserter(subject));
          return true;
        }
      }
      return false;
    case Condition::Kind::kNot: {
      std::vector<RuleMatch> ignored;
      return !EvaluateCondition(c.children.front(), object, ignored);
    }
  }
  return false;
}

bool GlobMatches(std::string_view pattern, std::string_view text) {
  // '*' matches any run of characters (apiVersion patterns like "networking.k8s.io/*").
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == text;
  if (!text.starts_with(pattern.substr(0, star))) return false;
  std::string_view rest = pattern.substr(star + 1);
  for (size_t i = star; i <= text.size(); ++i) {
    if (GlobMatches(rest, text.substr(i))) return true;
  }
  return false;
}

}  // namespace

std::string_view OpName(Op op) {
  for (const auto& [o, name] : kOps) {
    if (o == op) return name;
  }
  return "?";
}

std::optional<Op> ParseOp(std::string_view name) {
  for (const auto& [o, n] : kOps) {
    if (n == name) return o;
  }
  return std::nullopt;
}

std::vector<std::string> OpNames() {
  std::vector<std::string> out;
  for (const auto& [o, n] : kOps) out.emplace_back(n);
  return out;
}

bool Rule::AppliesTo(const Version& target) const {
  if (status == "removed") return false;
  if (target_from && Version::CompareMinor(target, *target_from) < 0) return false;
  if (target_until && Version::CompareMinor(target, *target_until) >= 0) return false;
  return true;
}

bool Rule::MatchesObject(const document::Object& object) const {
  bool kind_ok = std::any_of(kinds.begin(), kinds.end(),
                             [&](const std::string& k) { return k == "*" || k == object.kind; });
  if (!kind_ok) return false;
  if (api_versions.empty()) return true;
  return std::any_of(api_versions.begin(), api_versions.end(),
                     [&](const std::string& p) { return GlobMatches(p, object.api_version); });
}

void Evaluate(const Rule& rule, const document::Object& object, std::vector<RuleMatch>& out) {
  if (!rule.MatchesObject(object)) return;
  if (!rule.each) {
    std::vector<RuleMatch> subject;
    if (!EvaluateCondition(rule.when, Scope{object}, subject)) return;
    if (subject.empty()) subject.push_back(RuleMatch{nullptr, "", ""});
    std::move(subject.begin(), subject.end(), std::back_inserter(out));
    return;
  }
  std::vector<FieldMatch> items;
  rule.each->Resolve(object, items);
  for (const FieldMatch& item : items) {
    if (item.value == nullptr || item.value->IsNull()) continue;
    std::vector<RuleMatch> subject;
    if (!EvaluateCondition(rule.when, Scope{object, &item}, subject)) continue;
    if (subject.empty()) {
      const Node* at = item.key != nullptr ? item.key : item.value;
      subject.push_back(RuleMatch{at, item.value->IsScalar() ? item.value->scalar() : std::string(), item.path});
    }
    std::move(subject.begin(), subject.end(), std::back_inserter(out));
  }
}

const std::vector<std::string>& MessagePlaceholders() {
  static const std::vector<std::string> kNames = {"value", "path", "kind", "name", "namespace",
                                                  "apiVersion"};
  return kNames;
}

std::string FormatMessage(const Rule& rule, const document::Object& object, const RuleMatch& match) {
  constexpr size_t kMaxValue = 120;
  std::string out;
  const std::string& t = rule.message;
  for (size_t i = 0; i < t.size(); ++i) {
    size_t close = t[i] == '{' ? t.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out += t[i];
      continue;
    }
    std::string_view name = std::string_view(t).substr(i + 1, close - i - 1);
    if (name == "value") {
      out += match.value.size() > kMaxValue ? match.value.substr(0, kMaxValue) + "..." : match.value;
    } else if (name == "path") {
      out += match.path;
    } else if (name == "kind") {
      out += object.kind;
    } else if (name == "name") {
      out += object.name.empty() ? std::string_view("<unnamed>") : object.name;
    } else if (name == "namespace") {
      out += object.namespace_name.empty() ? std::string_view("<none>") : object.namespace_name;
    } else if (name == "apiVersion") {
      out += object.api_version;
    } else {
      out += t.substr(i, close - i + 1);  // the loader rejects these; keep them visible
    }
    i = close;
  }
  return out;
}

Status RuleSet::Add(Rule rule) {
  for (const auto& existing : rules_) {
    if (existing->id == rule.id || existing->name == rule.name) {
      bool same_id = existing->id == rule.id;
      return InvalidArgument(std::string(same_id ? "duplicate rule id " : "duplicate rule name ") +
                                 (same_id ? rule.id : rule.name) + ": already defined in " +
                                 existing->origin.ToString(),
                             rule.origin);
    }
  }
  auto it = std::lower_bound(rules_.begin(), rules_.end(), rule.id,
                             [](const std::unique_ptr<Rule>& r, const std::string& id) { return r->id < id; });
  rules_.insert(it, std::make_unique<Rule>(std::move(rule)));
  return Status::Ok();
}

const Rule* RuleSet::Find(std::string_view id_or_name) const {
  for (const auto& rule : rules_) {
    if (rule->id == id_or_name || rule->name == id_or_name) return rule.get();
  }
  return nullptr;
}

std::vector<std::string> RuleSet::Names() const {
  std::vector<std::string> out;
  for (const auto& rule : rules_) {
    out.push_back(rule->id);
    out.push_back(rule->name);
  }
  return out;
}

}  // namespace greenlight::rules
