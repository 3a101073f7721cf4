#include "rules/field_path.h"

#include <algorithm>
#include <cctype>

namespace greenlight::rules {
namespace {

using document::Node;

bool IsKeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

std::string At(size_t offset) { return " at offset " + std::to_string(offset); }

// The dotted prefix under which a kind keeps its pod template.
std::vector<std::string_view> PodTemplatePrefix(std::string_view kind) {
  if (kind == "Pod") return {};
  if (kind == "CronJob") return {"spec", "jobTemplate", "spec", "template"};
  if (kind == "PodTemplate") return {"template"};
  return {"spec", "template"};
}

// One step taken by a walk: the step, and the list index or mapping key a wildcard chose.
struct Taken {
  const PathStep* step;
  size_t index;
  const Node* key;
};

// The concrete path is only spelled out for nodes a walk reaches (usually a handful per
// object), not for every step tried.
std::string Spell(const std::string& base, const std::vector<Taken>& trail) {
  std::string path = base;
  for (const Taken& t : trail) {
    if (t.step->kind == PathStep::Kind::kKey) {
      if (t.step->plain) {
        if (!path.empty()) path += '.';
        path += t.step->key;
      } else {
        path += "[\"" + t.step->key + "\"]";
      }
    } else if (t.key != nullptr) {
      path += "[\"" + t.key->scalar() + "\"]";
    } else {
      path += "[" + std::to_string(t.index) + "]";
    }
  }
  return path;
}

// The last entry with this key (what Node::Get returns), with its key node, in one scan.
const Node::Entry* FindEntry(const Node* mapping, const std::string& key) {
  const auto& entries = mapping->entries();
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->first->scalar() == key) return &*it;
  }
  return nullptr;
}

void Walk(const Node* node, const Node* key, const std::vector<PathStep>& steps, size_t i,
          const std::string& base, std::vector<Taken>& trail, std::vector<FieldMatch>& out) {
  if (i == steps.size()) {
    out.push_back(FieldMatch{key, node, Spell(base, trail)});
    return;
  }
  const PathStep& step = steps[i];
  switch (step.kind) {
    case PathStep::Kind::kKey: {
      if (!node->IsMapping()) return;
      const Node::Entry* entry = FindEntry(node, step.key);
      if (entry == nullptr) return;
      trail.push_back(Taken{&step, 0, nullptr});
      Walk(entry->second, entry->first, steps, i + 1, base, trail, out);
      trail.pop_back();
      break;
    }
    case PathStep::Kind::kIndex:
      if (!node->IsSequence() || step.index >= node->items().size()) return;
      trail.push_back(Taken{&step, step.index, nullptr});
      Walk(node->items()[step.index], nullptr, steps, i + 1, base, trail, out);
      trail.pop_back();
      break;
    case PathStep::Kind::kEach:
      if (node->IsSequence()) {
        for (size_t n = 0; n < node->items().size(); ++n) {
          trail.push_back(Taken{&step, n, nullptr});
          Walk(node->items()[n], nullptr, steps, i + 1, base, trail, out);
          trail.pop_back();
        }
      } else if (node->IsMapping()) {
        for (const auto& [k, v] : node->entries()) {
          trail.push_back(Taken{&step, 0, k});
          Walk(v, k, steps, i + 1, base, trail, out);
          trail.pop_back();
        }
      }
      break;
  }
}

}  // namespace

StatusOr<FieldPath> FieldPath::Parse(std::string_view text) {
  FieldPath result;
  result.text_ = std::string(text);
  size_t p = 0;
  auto read_key = [&]() -> std::string {
    size_t start = p;
    while (p < text.size() && IsKeyChar(text[p])) ++p;
    return std::string(text.substr(start, p - start));
  };
  if (text.empty()) return InvalidArgument("empty field path");
  if (text[0] == '$') {
    ++p;
    std::string root = read_key();
    if (root == "podspec") {
      result.root_ = PathRoot::kPodSpec;
    } else if (root == "podmeta") {
      result.root_ = PathRoot::kPodMetadata;
    } else {
      return InvalidArgument("unknown path root '$" + root + "' in '" + result.text_ +
                             "' (expected $podspec or $podmeta)");
    }
  } else if (text[0] != '[') {
    std::string key = read_key();
    if (key.empty()) {
      return InvalidArgument("bad field path '" + result.text_ + "': unexpected '" +
                             std::string(1, text[p]) + "'" + At(p));
    }
    result.steps_.push_back(PathStep{PathStep::Kind::kKey, key, 0, true});
  }
  while (p < text.size()) {
    const size_t here = p;
    if (text[p] == '.') {
      ++p;
      std::string key = read_key();
      if (key.empty()) {
        return InvalidArgument("bad field path '" + result.text_ + "': expected a key after '.'" + At(here));
      }
      result.steps_.push_back(PathStep{PathStep::Kind::kKey, key, 0, true});
      continue;
    }
    if (text[p] != '[') {
      return InvalidArgument("bad field path '" + result.text_ + "': unexpected '" +
                             std::string(1, text[p]) + "'" + At(p));
    }
    ++p;
    if (p < text.size() && text[p] == '*') {
      ++p;
      result.steps_.push_back(PathStep{PathStep::Kind::kEach, "", 0, true});
    } else if (p < text.size() && (text[p] == '"' || text[p] == '\'')) {
      char quote = text[p++];
      size_t close = text.find(quote, p);
      if (close == std::string_view::npos) {
        return InvalidArgument("bad field path '" + result.text_ + "': unterminated quoted key" + At(here));
      }
      if (close == p) return InvalidArgument("bad field path '" + result.text_ + "': empty quoted key" + At(here));
      std::string key(text.substr(p, close - p));
      bool plain = std::all_of(key.begin(), key.end(), IsKeyChar);
      result.steps_.push_back(PathStep{PathStep::Kind::kKey, std::move(key), 0, plain});
      p = close + 1;
    } else if (p < text.size() && std::isdigit(static_cast<unsigned char>(text[p]))) {
      size_t index = 0;
      while (p < text.size() && std::isdigit(static_cast<unsigned char>(text[p]))) {
        index = index * 10 + static_cast<size_t>(text[p++] - '0');
        if (index > 1000000) return InvalidArgument("bad field path '" + result.text_ + "': index too large");
      }
      result.steps_.push_back(PathStep{PathStep::Kind::kIndex, "", index, true});
    } else {
      return InvalidArgument("bad field path '" + result.text_ +
                             "': expected *, a number or a quoted key after '['" + At(here));
    }
    if (p >= text.size() || text[p] != ']') {
      return InvalidArgument("bad field path '" + result.text_ + "': expected ']'" + At(p));
    }
    ++p;
  }
  return result;
}

bool FieldPath::EndsAtMappingEntry() const {
  return !steps_.empty() && steps_.back().kind != PathStep::Kind::kIndex;
}

void FieldPath::Resolve(const document::Object& object, std::vector<FieldMatch>& out) const {
  const Node* start = object.node;
  std::string path;
  if (root_ != PathRoot::kObject) {
    for (std::string_view key : PodTemplatePrefix(object.kind)) {
      start = start->IsMapping() ? start->Get(key) : nullptr;
      if (start == nullptr) return;
      path += (path.empty() ? "" : ".") + std::string(key);
    }
    std::string_view last = root_ == PathRoot::kPodSpec ? "spec" : "metadata";
    const Node* parent = start;
    start = parent->IsMapping() ? parent->Get(last) : nullptr;
    if (start == nullptr) return;
    path += (path.empty() ? "" : ".") + std::string(last);
    if (steps_.empty()) {
      out.push_back(FieldMatch{parent->GetKey(last), start, path});
      return;
    }
  }
  if (steps_.empty()) return;
  std::vector<Taken> trail;
  Walk(start, nullptr, steps_, 0, path, trail, out);
}

void FieldPath::ResolveUnder(const document::Object& object, const Node* start, const std::string& base,
                             std::vector<FieldMatch>& out) const {
  if (root_ != PathRoot::kObject || start == nullptr) {
    Resolve(object, out);
    return;
  }
  if (steps_.empty()) {
    out.push_back(FieldMatch{nullptr, start, base});
    return;
  }
  std::vector<Taken> trail;
  Walk(start, nullptr, steps_, 0, base, trail, out);
}

}  // namespace greenlight::rules
