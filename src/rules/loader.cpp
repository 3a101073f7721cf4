#include "rules/loader.h"

#include <re2/re2.h>

#include <algorithm>
#include <filesystem>

#include "base/file_io.h"
#include "base/edit_distance.h"
#include "document/field_reader.h"
#include "document/parser.h"
#include "embedded/embedded.h"

namespace greenlight::rules {
namespace {

namespace fs = std::filesystem;
using document::MappingReader;
using document::Node;

constexpr int kSchemaVersion = 1;
constexpr const char* kReservedFamilies[] = {"GL", "API", "ADD", "CUT"};

Location At(const Node* node, const std::string& file) { return document::LocationOf(node, file); }

// Reports an unknown key before any "missing required key" error, so that a typo
// ("severty") is named with its correction instead of as a missing 'severity'.
Status CheckKnownKeys(const Node* node, const std::string& file, std::string_view what,
                      const std::vector<std::string>& known) {
  if (node == nullptr || !node->IsMapping()) return Status::Ok();
  for (const auto& [key, value] : node->entries()) {
    if (std::find(known.begin(), known.end(), key->scalar()) != known.end()) continue;
    std::string message = "unknown key '" + key->scalar() + "' in " + std::string(what);
    if (auto near = ClosestMatch(key->scalar(), known)) message += " (did you mean '" + *near + "'?)";
    return InvalidArgument(message, At(key, file));
  }
  return Status::Ok();
}

bool IsRuleId(std::string_view id) {
  size_t letters = 0;
  while (letters < id.size() && id[letters] >= 'A' && id[letters] <= 'Z') ++letters;
  if (letters < 2 || letters > 5 || id.size() != letters + 3) return false;
  return std::all_of(id.begin() + static_cast<long>(letters), id.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

bool IsKebabName(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && name[i - 1] != '-');
    if (!ok) return false;
  }
  return true;
}

// A required key whose value must be one of `allowed`.
std::string ReadEnum(MappingReader& r, std::string_view key, const std::vector<std::string>& allowed) {
  const Node* node = r.node() && r.node()->IsMapping() ? r.node()->Get(key) : nullptr;
  auto value = r.RequiredString(key);
  if (!value) return {};
  if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    std::string message = "'" + std::string(key) + "' must be one of " + list + ", got '" + *value + "'";
    if (auto near = ClosestMatch(*value, allowed)) message += " (did you mean '" + *near + "'?)";
    r.Fail(node, message);
    return {};
  }
  return *value;
}

Status ReadPaths(const Node* node, const std::string& file, Condition& c) {
  std::vector<const Node*> items;
  if (node->IsScalar() && !node->IsNull()) {
    items.push_back(node);
  } else if (node->IsSequence() && !node->items().empty()) {
    items = node->items();
  } else {
    return InvalidArgument("'path' must be a field path or a list of field paths, found " +
                               document::DescribeNode(node),
                           At(node, file));
  }
  for (const Node* item : items) {
    if (!item->IsScalar() || item->IsNull()) {
      return InvalidArgument("'path' must be a field path, found " + document::DescribeNode(item), At(item, file));
    }
    auto path = FieldPath::Parse(item->scalar());
    if (!path.ok()) return InvalidArgument(path.status().message(), At(item, file));
    c.paths.push_back(std::move(path).value());
  }
  return Status::Ok();
}

Status ReadOperand(MappingReader& r, const std::string& file, Condition& c) {
  const Node* value = r.Raw("value");
  const Node* values = r.Raw("values");
  const std::string op(OpName(c.op));
  auto need_value = [&]() -> Status {
    if (values != nullptr) {
      return InvalidArgument("operator '" + op + "' takes 'value', not 'values'", At(values, file));
    }
    if (value == nullptr || value->IsNull() || !value->IsScalar()) {
      return InvalidArgument("operator '" + op + "' needs a scalar 'value'" +
                                 (value ? ", found " + document::DescribeNode(value) : std::string()),
                             At(value ? value : r.node(), file));
    }
    return Status::Ok();
  };
  switch (c.op) {
    case Op::kExists:
    case Op::kAbsent:
      if (value || values) {
        return InvalidArgument("operator '" + op + "' takes no 'value' or 'values'", At(value ? value : values, file));
      }
      return Status::Ok();
    case Op::kEquals:
      GL_RETURN_IF_ERROR(need_value());
      c.values.push_back(value->scalar());
      return Status::Ok();
    case Op::kOneOf: {
      if (value) return InvalidArgument("operator 'one-of' takes 'values' (a list), not 'value'", At(value, file));
      std::vector<std::string> list = r.OptionalStringList("values");
      GL_RETURN_IF_ERROR(r.Finish());
      if (list.empty()) {
        return InvalidArgument("operator 'one-of' needs a non-empty list 'values'", At(values ? values : r.node(), file));
      }
      c.values = std::move(list);
      return Status::Ok();
    }
    case Op::kMatches: {
      GL_RETURN_IF_ERROR(need_value());
      RE2::Options options;
      options.set_log_errors(false);
      auto regex = std::make_shared<RE2>(value->scalar(), options);
      if (!regex->ok()) {
        return InvalidArgument("invalid regular expression '" + value->scalar() + "': " + regex->error(),
                               At(value, file));
      }
      c.regex = std::move(regex);
      return Status::Ok();
    }
    case Op::kGt: case Op::kGe: case Op::kLt: case Op::kLe: {
      GL_RETURN_IF_ERROR(need_value());
      auto type = value->scalar_type();
      if (type != document::ScalarType::kInt && type != document::ScalarType::kFloat) {
        return InvalidArgument("operator '" + op + "' needs a number as 'value', found " +
                                   document::DescribeNode(value),
                               At(value, file));
      }
      c.number = std::strtod(value->scalar().c_str(), nullptr);
      return Status::Ok();
    }
    case Op::kVersionGt: case Op::kVersionGe: case Op::kVersionLt: case Op::kVersionLe: {
      GL_RETURN_IF_ERROR(need_value());
      auto version = Version::Parse(value->scalar());
      if (!version.ok()) {
        return InvalidArgument("operator '" + op + "': " + version.status().message(), At(value, file));
      }
      c.version = *version;
      return Status::Ok();
    }
  }
  return Status::Ok();
}

Status ReadCondition(const Node* node, const std::string& file, Condition& c, int depth);

Status ReadGroup(const Node* node, const std::string& file, std::string_view key, Condition& c, int depth) {
  if (!node->IsSequence() || node->items().empty()) {
    return InvalidArgument("'" + std::string(key) + "' must be a non-empty list of conditions, found " +
                               document::DescribeNode(node),
                           At(node, file));
  }
  for (const Node* item : node->items()) {
    Condition child;
    GL_RETURN_IF_ERROR(ReadCondition(item, file, child, depth + 1));
    c.children.push_back(std::move(child));
  }
  return Status::Ok();
}

Status ReadCondition(const Node* node, const std::string& file, Condition& c, int depth) {
  if (depth > 16) return InvalidArgument("conditions nested deeper than 16 levels", At(node, file));
  MappingReader r(node, file, "condition");
  c.origin = At(node, file);
  if (!r.ok()) return r.Finish();
  GL_RETURN_IF_ERROR(CheckKnownKeys(node, file, "condition",
                                    {"path", "op", "value", "values", "on", "all", "any", "not"}));
  int forms = r.Has("path") + r.Has("all") + r.Has("any") + r.Has("not");
  if (forms != 1) {
    return InvalidArgument("a condition needs exactly one of 'path', 'all', 'any' or 'not'" +
                               std::string(forms > 1 ? " (found several)" : ""),
                           At(node, file));
  }
  if (const Node* all = r.Raw("all")) {
    c.kind = Condition::Kind::kAll;
    GL_RETURN_IF_ERROR(ReadGroup(all, file, "all", c, depth));
    return r.Finish();
  }
  if (const Node* any = r.Raw("any")) {
    c.kind = Condition::Kind::kAny;
    GL_RETURN_IF_ERROR(ReadGroup(any, file, "any", c, depth));
    return r.Finish();
  }
  if (const Node* negated = r.Raw("not")) {
    c.kind = Condition::Kind::kNot;
    Condition child;
    GL_RETURN_IF_ERROR(ReadCondition(negated, file, child, depth + 1));
    c.children.push_back(std::move(child));
    return r.Finish();
  }
  c.kind = Condition::Kind::kLeaf;
  GL_RETURN_IF_ERROR(ReadPaths(r.Raw("path"), file, c));
  const Node* op_node = node->Get("op");
  auto op_name = r.RequiredString("op");
  if (!op_name) return r.Finish();
  auto op = ParseOp(*op_name);
  if (!op) {
    std::string message = "unknown operator '" + *op_name + "'";
    if (auto near = ClosestMatch(*op_name, OpNames())) message += " (did you mean '" + *near + "'?)";
    return InvalidArgument(message, At(op_node, file));
  }
  c.op = *op;
  const Node* on_node = node->Get("on");
  auto on = r.OptionalString("on").value_or("value");
  if (on != "value" && on != "key") {
    return InvalidArgument("'on' must be value or key, got '" + on + "'", At(on_node, file));
  }
  c.on_key = on == "key";
  if (c.on_key) {
    for (const FieldPath& path : c.paths) {
      if (!path.EndsAtMappingEntry()) {
        return InvalidArgument("'on: key' needs a path that ends at a mapping entry (a key or [*]), got '" +
                                   path.text() + "'",
                               At(on_node, file));
      }
    }
  }
  GL_RETURN_IF_ERROR(ReadOperand(r, file, c));
  return r.Finish();
}

Status CheckMessage(const Node* node, const std::string& file, const std::string& message) {
  for (size_t open = message.find('{'); open != std::string::npos; open = message.find('{', open + 1)) {
    size_t close = message.find('}', open);
    if (close == std::string::npos) return InvalidArgument("'message' has an unclosed '{'", At(node, file));
    std::string name = message.substr(open + 1, close - open - 1);
    const auto& known = MessagePlaceholders();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string text = "'message' uses unknown placeholder {" + name + "}";
      if (auto near = ClosestMatch(name, known)) text += " (did you mean {" + *near + "}?)";
      return InvalidArgument(text, At(node, file));
    }
  }
  return Status::Ok();
}

Status ReadDocs(const Node* node, const std::string& file, RuleDocs& docs) {
  MappingReader r(node, file, "docs");
  docs.what = r.RequiredString("what").value_or("");
  docs.why = r.RequiredString("why").value_or("");
  docs.example = r.OptionalString("example").value_or("");
  docs.use_instead = r.OptionalString("use_instead").value_or("");
  docs.fix_safety = r.OptionalString("fix_safety").value_or("");
  const Node* references = r.OptionalSequence("references");
  GL_RETURN_IF_ERROR(r.Finish());
  if (references == nullptr) return Status::Ok();
  for (const Node* item : references->items()) {
    MappingReader ref(item, file, "reference");
    RuleDocs::Reference reference;
    reference.title = ref.RequiredString("title").value_or("");
    reference.url = ref.RequiredString("url").value_or("");
    GL_RETURN_IF_ERROR(ref.Finish());
    if (!reference.url.starts_with("https://") && !reference.url.starts_with("http://")) {
      return InvalidArgument("reference 'url' must start with https:// or http://, got '" + reference.url + "'",
                             At(item->Get("url"), file));
    }
    docs.references.push_back(std::move(reference));
  }
  return Status::Ok();
}

Status ReadMatch(const Node* node, const std::string& file, Rule& rule) {
  MappingReader r(node, file, "match");
  rule.kinds = r.OptionalStringList("kinds", /*allow_scalar=*/true);
  rule.api_versions = r.OptionalStringList("apiVersions", /*allow_scalar=*/true);
  GL_RETURN_IF_ERROR(r.Finish());
  if (rule.kinds.empty()) return InvalidArgument("'match' needs 'kinds' (a list of kinds, or \"*\")", At(node, file));
  return Status::Ok();
}

Status ReadTargetVersions(const Node* node, const std::string& file, Rule& rule) {
  if (node == nullptr) return Status::Ok();
  MappingReader r(node, file, "targetVersions");
  rule.target_from = r.OptionalVersion("from");
  rule.target_until = r.OptionalVersion("until");
  GL_RETURN_IF_ERROR(r.Finish());
  if (rule.target_from && rule.target_until &&
      Version::CompareMinor(*rule.target_from, *rule.target_until) >= 0) {
    return InvalidArgument("'targetVersions': from " + rule.target_from->ToString() +
                               " must be older than until " + rule.target_until->ToString(),
                           At(node, file));
  }
  return Status::Ok();
}

Status ReadExamples(const Node* node, const std::string& file, Rule& rule) {
  if (node == nullptr) return Status::Ok();
  MappingReader r(node, file, "examples");
  rule.example_fires = r.OptionalString("fires").value_or("");
  rule.example_passes = r.OptionalString("passes").value_or("");
  return r.Finish();
}

Status CheckIdentity(MappingReader& top, const std::string& file, const Rule& rule) {
  const Node* root = top.node();
  if (!IsRuleId(rule.id)) {
    return InvalidArgument("'id' must be 2-5 capital letters and 3 digits like REL401, got '" + rule.id + "'",
                           At(root->Get("id"), file));
  }
  for (const char* family : kReservedFamilies) {
    std::string_view letters = std::string_view(rule.id).substr(0, rule.id.size() - 3);
    if (letters == family) {
      return InvalidArgument("'id' family " + std::string(family) +
                                 " is reserved for built-in checks (lint rules use REL4xx, SEC3xx or "
                                 "a family of your own)",
                             At(root->Get("id"), file));
    }
  }
  if (!IsKebabName(rule.name)) {
    return InvalidArgument("'name' must be kebab-case like latest-image-tag, got '" + rule.name + "'",
                           At(root->Get("name"), file));
  }
  return Status::Ok();
}

}  // namespace

Status LoadRuleText(std::string bytes, std::string_view display_path, RuleSet& into) {
  const std::string file(display_path);
  GL_ASSIGN_OR_RETURN(document::Document doc, document::ParseSingleDocument(std::move(bytes), file));
  MappingReader top(doc.root(), file, "rule file");
  if (!top.ok()) return top.Finish();
  GL_RETURN_IF_ERROR(CheckKnownKeys(doc.root(), file, "rule file",
                                    {"schemaVersion", "id", "name", "title", "severity", "category", "status",
                                     "since", "match", "targetVersions", "each", "when", "message", "help",
                                     "docs", "examples"}));
  Rule rule;
  rule.file = file;
  rule.origin = Location{file, 1, 1};
  if (const Node* id_node = doc.root()->Get("id")) rule.origin = At(id_node, file);
  const Node* schema_node = doc.root()->Get("schemaVersion");
  auto schema = top.OptionalInt("schemaVersion");
  if (top.ok() && !schema) top.Fail(doc.root(), "missing required key 'schemaVersion' in rule file");
  if (top.ok() && *schema != kSchemaVersion) {
    top.Fail(schema_node, "unsupported schemaVersion " + std::to_string(*schema) + " (this greenlight reads 1)");
  }
  rule.id = top.RequiredString("id").value_or("");
  rule.name = top.RequiredString("name").value_or("");
  rule.title = top.RequiredString("title").value_or("");
  rule.severity = ReadEnum(top, "severity", {"error", "warning", "info"});
  rule.category = top.RequiredString("category").value_or("");
  rule.status = ReadEnum(top, "status", {"preview", "stable", "deprecated", "removed"});
  rule.since = top.RequiredString("since").value_or("");
  const Node* match = top.RequiredMapping("match");
  const Node* target = top.OptionalMapping("targetVersions");
  const Node* each_node = doc.root()->Get("each");
  auto each = top.OptionalString("each");
  const Node* when = top.RequiredSequence("when");
  const Node* message_node = doc.root()->Get("message");
  rule.message = top.RequiredString("message").value_or("");
  rule.help = top.RequiredString("help").value_or("");
  const Node* docs = top.RequiredMapping("docs");
  const Node* examples = top.OptionalMapping("examples");
  GL_RETURN_IF_ERROR(top.Finish());
  GL_RETURN_IF_ERROR(CheckIdentity(top, file, rule));
  GL_RETURN_IF_ERROR(ReadMatch(match, file, rule));
  GL_RETURN_IF_ERROR(ReadTargetVersions(target, file, rule));
  if (each) {
    auto path = FieldPath::Parse(*each);
    if (!path.ok()) return InvalidArgument(path.status().message(), At(each_node, file));
    rule.each = std::move(path).value();
  }
  rule.when.kind = Condition::Kind::kAll;
  rule.when.origin = At(when, file);
  GL_RETURN_IF_ERROR(ReadGroup(when, file, "when", rule.when, 0));
  GL_RETURN_IF_ERROR(CheckMessage(message_node, file, rule.message));
  GL_RETURN_IF_ERROR(ReadDocs(docs, file, rule.docs));
  GL_RETURN_IF_ERROR(ReadExamples(examples, file, rule));
  return into.Add(std::move(rule));
}

Status LoadRulePath(const std::string& path, RuleSet& into) {
  GL_ASSIGN_OR_RETURN(std::vector<fs::path> files, ListYamlFiles(path, "rules"));
  for (const auto& file : files) {
    GL_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(file, file.generic_string()));
    GL_RETURN_IF_ERROR(LoadRuleText(std::move(bytes), file.generic_string(), into));
  }
  return Status::Ok();
}

StatusOr<RuleSet> LoadEmbeddedRules() {
  RuleSet rules;
  for (const embedded::EmbeddedFile& file : embedded::List("rules/")) {
    if (!file.path.ends_with(".yaml")) continue;
    GL_RETURN_IF_ERROR(LoadRuleText(std::string(file.contents), "embedded:" + std::string(file.path), rules));
  }
  return rules;
}

}  // namespace greenlight::rules
