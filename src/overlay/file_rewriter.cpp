#include "overlay/file_rewriter.h"

#include <algorithm>
#include <map>

#include "document/emitter.h"
#include "document/object.h"
#include "document/parser.h"
#include "overlay/internal/converters.h"
#include "overlay/text_patch.h"

namespace greenlight::overlay {
namespace {

using document::Value;

std::string IdentityOf(const Value& object) {
  std::string api = internal::ScalarText(object.Get("apiVersion"));
  size_t slash = api.rfind('/');
  std::string group = slash == std::string::npos ? std::string() : api.substr(0, slash);
  return group + "/" + internal::ScalarText(object.Get("kind")) + "/" +
         internal::ScalarText(document::FindValue(object, {"metadata", "namespace"})) + "/" +
         internal::ScalarText(document::FindValue(object, {"metadata", "name"}));
}

bool IsToolConfig(std::string_view api_version, std::string_view kind) {
  return api_version.starts_with("kustomize.config.k8s.io/") &&
         (kind == "Kustomization" || kind == "Component");
}

// A short comment left where a dropped document stood, so the file says what happened.
std::string DroppedComment(const std::vector<ObjectConversion>& dropped) {
  std::string out;
  for (const ObjectConversion& c : dropped) {
    out += "# greenlight overlay: " + c.kind + "/" + c.name + " (" + c.from_api_version +
           ") left out: its API has no replacement at the target\n";
  }
  return out;
}

struct DocumentWork {
  DocumentOutcome outcome;
  std::vector<ObjectConversion> dropped;
  Value before, after;  // kConverted: the document's tree before and after conversion
};

DocumentWork ConvertDocument(const document::Document& doc, const std::string& display_path,
                             bool is_json, const catalog::ApiCatalog& catalog,
                             const ConvertOptions& options,
                             std::vector<ObjectConversion>& conversions) {
  DocumentWork work;
  DocumentOutcome& outcome = work.outcome;
  std::vector<document::Object> objects = document::ExtractObjects(doc);
  if (objects.empty()) {
    outcome.state = DocumentOutcome::State::kNotObject;
    return work;
  }
  const document::Object& first = objects.front();
  if (objects.size() == 1 && first.item < 0 && IsToolConfig(first.api_version, first.kind)) {
    outcome.state = DocumentOutcome::State::kToolConfig;
    return work;
  }
  bool is_list = first.item >= 0;
  // Most documents need nothing: ask the catalog before copying any tree.
  bool any_moves = std::any_of(objects.begin(), objects.end(), [&](const document::Object& o) {
    MigrationPlan plan = PlanMigration(catalog, o.api_version, o.kind, options);
    return !plan.hops.empty() || plan.ends_without_replacement;
  });
  if (!any_moves) {
    outcome.kind = std::string(is_list ? "List" : first.kind);
    for (const document::Object& o : objects) {
      std::string_view api = o.api_version;
      size_t slash = api.rfind('/');
      outcome.identities.push_back(
          std::string(slash == std::string_view::npos ? "" : api.substr(0, slash)) + "/" +
          std::string(o.kind) + "/" + std::string(o.namespace_name) + "/" + std::string(o.name));
    }
    return work;
  }
  Value root = document::ValueFromNode(doc.root());
  work.before = root;
  outcome.kind = std::string(is_list ? "List" : first.kind);
  outcome.name = std::string(is_list ? "" : first.name);
  outcome.namespace_name = std::string(is_list ? "" : first.namespace_name);
  outcome.display_name = is_list ? "List" : outcome.kind + "/" + outcome.name;

  bool changed = false;
  std::vector<size_t> dropped_items;
  for (const document::Object& object : objects) {
    Value* slot = &root;
    if (object.item >= 0) {
      Value* items = root.Get("items");
      slot = &items->items()[static_cast<size_t>(object.item)];
    }
    ConvertedObject result = ConvertObject(*slot, catalog, options);
    if (result.report.from_api_version.empty()) {
      outcome.identities.push_back(IdentityOf(*slot));
      continue;
    }
    result.report.location =
        document::LocationOf(object.api_version_node, display_path, doc.index());
    if (result.report.written) {
      *slot = std::move(*result.object);
      outcome.identities.push_back(IdentityOf(*slot));
      changed = true;
    } else if (result.report.to_api_version.empty() && !result.object) {
      if (object.item >= 0) dropped_items.push_back(static_cast<size_t>(object.item));
      work.dropped.push_back(result.report);
      changed = true;
    } else {
      outcome.identities.push_back(IdentityOf(*slot));  // left as it was (manual)
    }
    conversions.push_back(std::move(result.report));
  }
  if (!changed) return work;
  if (!is_list && !work.dropped.empty()) {
    outcome.state = DocumentOutcome::State::kDropped;
    return work;
  }
  std::sort(dropped_items.rbegin(), dropped_items.rend());
  for (size_t i : dropped_items) {
    auto& items = root.Get("items")->items();
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
  }
  outcome.state = DocumentOutcome::State::kConverted;
  outcome.body = is_json ? document::EmitJson(root) : document::EmitYaml(root);
  work.after = std::move(root);
  return work;
}

// A converted YAML document keeps its text: only the lines whose content changes are rewritten
// (comments, key order, quoting and blank lines stay). Documents the line editor cannot follow
// (flow style, anchors, CRLF) keep the re-emitted body.
void PreserveText(const std::string& text, bool is_json, DocumentWork& work) {
  DocumentOutcome& outcome = work.outcome;
  if (is_json || outcome.state != DocumentOutcome::State::kConverted) return;
  std::string_view body(text.data() + outcome.range.body_begin,
                        outcome.range.body_end - outcome.range.body_begin);
  if (body.starts_with("---") || body.find('\r') != std::string_view::npos) return;
  std::optional<std::string> patched = PatchManifestDocument(body, work.before, work.after);
  if (!patched) return;
  if (!patched->empty() && patched->back() != '\n') *patched += '\n';
  outcome.body = std::move(*patched);
}

}  // namespace

FileRewrite RewriteFile(const std::string& bytes, const std::string& display_path, bool is_json,
                        const catalog::ApiCatalog& catalog, const ConvertOptions& options) {
  FileRewrite out;
  out.text = bytes;
  StatusOr<std::string> decoded = document::DecodeToUtf8(bytes, display_path);
  if (!decoded.ok()) {
    out.errors.push_back(decoded.status());
    return out;
  }
  out.decoded_input = std::move(*decoded);
  const std::string& text = out.decoded_input;
  document::ParsedStream parsed = document::ParseStream(text, display_path, is_json);
  out.errors = parsed.errors;
  std::map<int, const document::Document*> by_index;
  for (const document::Document& doc : parsed.documents) by_index[doc.index()] = &doc;

  // Convert first; the layout is needed only when something changed.
  std::map<int, DocumentWork> work;
  for (const document::Document& doc : parsed.documents) {
    work[doc.index()] =
        ConvertDocument(doc, display_path, is_json, catalog, options, out.conversions);
  }
  bool any_change = std::any_of(work.begin(), work.end(), [](const auto& w) {
    return w.second.outcome.state == DocumentOutcome::State::kConverted ||
           w.second.outcome.state == DocumentOutcome::State::kDropped;
  });
  StatusOr<std::vector<document::DocumentRange>> ranges =
      document::LayoutStream(text, is_json, display_path);
  if (!ranges.ok()) {
    if (any_change) out.errors.push_back(ranges.status());
    return out;
  }
  for (const document::DocumentRange& range : *ranges) {
    auto it = work.find(range.index);
    if (it == work.end()) continue;  // a document that did not parse: kept verbatim
    it->second.outcome.range = range;
    PreserveText(text, is_json, it->second);
    out.documents.push_back(it->second.outcome);
  }
  if (!any_change) return out;

  std::string rewritten;
  size_t cursor = 0;
  for (const document::DocumentRange& range : *ranges) {
    auto it = work.find(range.index);
    if (it == work.end()) continue;
    const DocumentOutcome& outcome = it->second.outcome;
    if (outcome.state != DocumentOutcome::State::kConverted &&
        outcome.state != DocumentOutcome::State::kDropped) {
      continue;
    }
    rewritten.append(text, cursor, range.body_begin - cursor);
    std::string_view old_body(text.data() + range.body_begin, range.body_end - range.body_begin);
    std::string replacement = outcome.state == DocumentOutcome::State::kConverted
                                  ? outcome.body
                                  : DroppedComment(it->second.dropped);
    // A start marker with content on its line belongs to the body; the new body needs its own.
    if (old_body.starts_with("---")) replacement = "---\n" + replacement;
    // A CRLF file stays CRLF.
    if (old_body.find("\r\n") != std::string_view::npos) {
      std::string crlf;
      for (char c : replacement) {
        if (c == '\n') crlf += '\r';
        crlf += c;
      }
      replacement = std::move(crlf);
    }
    rewritten += replacement;
    cursor = range.body_end;
  }
  rewritten.append(text, cursor, std::string::npos);
  out.text = std::move(rewritten);
  out.changed = true;
  return out;
}

}  // namespace greenlight::overlay
