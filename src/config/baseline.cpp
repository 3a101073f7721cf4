#include "config/baseline.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <map>
#include <tuple>

#include "base/file_io.h"
#include "document/field_reader.h"
#include "document/parser.h"

namespace greenlight::config {

using checks::Finding;

FindingComparison CompareByFingerprint(std::vector<Finding> current,
                                       const std::vector<Finding>& reference) {
  // Fingerprints leave out the file, so the same object in several folders (one Ingress per
  // environment) shares one: match occurrences as a multiset, same file first, then any file
  // (a rename), so three copies removed are three fixed and a fourth copy added is one new.
  std::map<std::string, std::vector<size_t>, std::less<>> open_reference;  // fingerprint -> indices
  for (size_t i = 0; i < reference.size(); ++i) open_reference[reference[i].fingerprint].push_back(i);
  std::vector<bool> reference_matched(reference.size(), false);
  std::vector<int> current_match(current.size(), -1);
  auto match = [&](bool same_file_only) {
    for (size_t c = 0; c < current.size(); ++c) {
      if (current_match[c] >= 0) continue;
      auto it = open_reference.find(current[c].fingerprint);
      if (it == open_reference.end()) continue;
      for (size_t r : it->second) {
        if (reference_matched[r]) continue;
        if (same_file_only && reference[r].location.file != current[c].location.file) continue;
        reference_matched[r] = true;
        current_match[c] = static_cast<int>(r);
        break;
      }
    }
  };
  match(/*same_file_only=*/true);
  match(/*same_file_only=*/false);
  FindingComparison out;
  for (size_t c = 0; c < current.size(); ++c) {
    (current_match[c] >= 0 ? out.unchanged : out.new_findings).push_back(std::move(current[c]));
  }
  for (size_t r = 0; r < reference.size(); ++r) {
    if (!reference_matched[r]) out.fixed.push_back(reference[r]);
  }
  return out;
}

std::string WriteBaseline(const std::vector<Finding>& findings, std::string_view tool_version) {
  // One entry per finding (copies of an object in several folders count separately).
  std::vector<const Finding*> sorted;
  for (const Finding& f : findings) sorted.push_back(&f);
  std::sort(sorted.begin(), sorted.end(), [](const Finding* a, const Finding* b) {
    return std::tie(a->fingerprint, a->location.file, a->location.line) <
           std::tie(b->fingerprint, b->location.file, b->location.line);
  });
  nlohmann::ordered_json root;
  root["schemaVersion"] = 1;
  root["tool"] = "greenlight " + std::string(tool_version);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Finding* f : sorted) {
    nlohmann::ordered_json entry;
    entry["fingerprint"] = f->fingerprint;
    entry["ruleId"] = f->rule_id;
    entry["file"] = f->location.file;
    entry["line"] = f->location.line;
    entry["apiVersion"] = f->api_version;
    entry["kind"] = f->kind;
    entry["namespace"] = f->namespace_name;
    entry["name"] = f->name;
    entry["message"] = f->message;
    list.push_back(std::move(entry));
  }
  root["findings"] = std::move(list);
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

StatusOr<std::vector<Finding>> ParseBaseline(std::string text, std::string_view display_path) {
  GL_ASSIGN_OR_RETURN(document::Document doc, document::ParseSingleDocument(std::move(text), display_path));
  document::MappingReader top(doc.root(), display_path, "baseline file");
  auto schema = top.OptionalInt("schemaVersion");
  top.OptionalString("tool");
  const document::Node* list = top.RequiredSequence("findings");
  if (top.ok() && schema && *schema != 1) {
    top.Fail(top.Raw("schemaVersion"),
             "unsupported baseline schemaVersion " + std::to_string(*schema) + "; expected 1");
  }
  GL_RETURN_IF_ERROR(top.Finish());
  std::vector<Finding> entries;
  for (const document::Node* item : list->items()) {
    document::MappingReader r(item, display_path, "baseline entry");
    Finding f;
    f.fingerprint = r.RequiredString("fingerprint").value_or("");
    f.rule_id = r.RequiredString("ruleId").value_or("");
    f.location.file = r.OptionalString("file").value_or("");
    f.location.line = static_cast<uint32_t>(std::max(0LL, r.OptionalInt("line").value_or(0)));
    f.api_version = r.OptionalString("apiVersion").value_or("");
    f.kind = r.OptionalString("kind").value_or("");
    f.namespace_name = r.OptionalString("namespace").value_or("");
    f.name = r.OptionalString("name").value_or("");
    f.message = r.OptionalString("message").value_or("");
    GL_RETURN_IF_ERROR(r.Finish());
    entries.push_back(std::move(f));
  }
  return entries;
}

StatusOr<std::vector<Finding>> LoadBaseline(const std::string& path) {
  GL_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path, path));
  return ParseBaseline(std::move(text), path);
}

}  // namespace greenlight::config
