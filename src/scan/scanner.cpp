#include "scan/scanner.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "checks/api_check.h"
#include "checks/rule_info.h"
#include "checks/suppression.h"
#include "document/object.h"
#include "scan/recorded_manifests.h"
#include "scan/unrendered_template.h"

namespace greenlight::scan {
namespace {

using checks::Finding;

std::string LineAt(std::string_view text, uint32_t line) {
  if (line == 0) return {};
  size_t pos = 0;
  for (uint32_t l = 1; l < line; ++l) {
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  size_t end = text.find('\n', pos);
  std::string_view out = text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return std::string(out.substr(0, 400));
}

// Sets the excerpt of findings[first..] in one pass over `text`: a cluster dump holds tens of
// thousands of objects in one file, and a search from the top per finding is quadratic there.
void SetExcerpts(std::string_view text, std::vector<Finding>& findings, size_t first) {
  std::vector<std::pair<uint32_t, size_t>> wanted;  // line, finding index
  for (size_t i = first; i < findings.size(); ++i) {
    if (findings[i].location.line > 0) wanted.emplace_back(findings[i].location.line, i);
  }
  std::sort(wanted.begin(), wanted.end());
  size_t pos = 0;
  uint32_t line = 1;
  for (const auto& [target, index] : wanted) {
    while (line < target && pos != std::string_view::npos) {
      pos = text.find('\n', pos);
      if (pos != std::string_view::npos) ++pos;
      ++line;
    }
    if (pos == std::string_view::npos || pos > text.size()) break;
    size_t end = text.find('\n', pos);
    std::string_view out = text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    findings[index].excerpt = std::string(out.substr(0, 400));
  }
}

Finding InputProblem(const char* rule_id, const Status& status, std::string_view text) {
  const checks::RuleInfo* rule = checks::FindRule(rule_id);
  Finding f;
  f.rule_id = rule->id;
  f.rule_name = rule->name;
  f.severity = rule->severity;
  f.message = status.message();
  f.help = rule->help;
  f.location = status.location().value_or(Location{});
  f.excerpt = LineAt(text, f.location.line);
  f.fingerprint = checks::ComputeFingerprint(f);
  return f;
}

void Merge(ScanResult& into, ScanResult&& from) {
  ScanSummary& a = into.summary;
  const ScanSummary& b = from.summary;
  a.files += b.files;
  a.bytes += b.bytes;
  a.documents += b.documents;
  a.objects += b.objects;
  a.non_object_documents += b.non_object_documents;
  a.input_errors += b.input_errors;
  a.unrendered_documents += b.unrendered_documents;
  a.suppressed_by_annotation += b.suppressed_by_annotation;
  a.suppressed_by_comment += b.suppressed_by_comment;
  a.last_applied += b.last_applied;
  a.helm_revisions += b.helm_revisions;
  std::move(from.release_revisions.begin(), from.release_revisions.end(), std::back_inserter(into.release_revisions));
  std::move(from.findings.begin(), from.findings.end(), std::back_inserter(into.findings));
  std::move(from.objects.begin(), from.objects.end(), std::back_inserter(into.objects));
}

// A rendered object's findings name the unit and point at the line of the repository file
// (template or kustomize resource) where the object's apiVersion is written.
void PointAtRenderSource(const source::InputFile& file, checks::Finding& finding) {
  finding.render_unit = file.render_unit;
  finding.render_values = file.render_values;
  const int document = finding.location.document;
  if (document >= 0 && static_cast<size_t>(document) < file.source_lines.size() &&
      file.source_lines[static_cast<size_t>(document)] > 0) {
    // The line and column of the apiVersion in the repository file; the rendered text's line
    // and column (and its excerpt) would point at the wrong place there. Column 0 (unknown,
    // null in JSON) where the source file's line shows no apiVersion value.
    const size_t index = static_cast<size_t>(document);
    finding.location.line = file.source_lines[index];
    finding.location.column = index < file.source_columns.size() ? file.source_columns[index] : 0;
    finding.excerpt.clear();
  }
  finding.fingerprint = checks::ComputeFingerprint(finding);
}

}  // namespace

ScanResult ScanFile(const source::InputFile& file, const catalog::ApiCatalog& catalog,
                    const ScanOptions& options) {
  ScanResult result;
  result.summary.files = 1;
  StatusOr<std::string> bytes = file.load();
  if (!bytes.ok()) {
    Status error = bytes.status();
    error.WithLocation(Location{file.display_path});
    result.findings.push_back(InputProblem(checks::kRuleUnreadableFile, error, {}));
    result.summary.input_errors = 1;
    return result;
  }
  result.summary.bytes = bytes->size();
  StatusOr<std::string> text = document::DecodeToUtf8(std::move(bytes).value(), file.display_path);
  if (!text.ok()) {
    result.findings.push_back(InputProblem(checks::kRuleUnreadableFile, text.status(), {}));
    result.summary.input_errors = 1;
    return result;
  }
  document::ParsedStream stream =
      document::ParseStream(*text, file.display_path, file.is_json(), options.backend);
  result.summary.documents = static_cast<uint64_t>(stream.document_count);
  for (const Status& error : stream.errors) {
    if (file.helm_template) {
      Status unrendered(error.code(), "Helm template is not YAML until rendered: " + error.message(),
                        error.location());
      result.findings.push_back(InputProblem(checks::kRuleUnrenderedTemplate, unrendered, *text));
      ++result.summary.unrendered_documents;
    } else {
      result.findings.push_back(InputProblem(checks::kRuleInvalidYaml, error, *text));
      ++result.summary.input_errors;
    }
  }
  checks::ApiCheck api_check(catalog, options.target, options.from);
  size_t first_object_finding = result.findings.size();
  checks::SuppressionScope suppressions(file.display_path, *text);
  if (file.helm_template) {
    CheckUnrenderedTemplate(stream, *text, file.display_path, api_check, result.findings);
    suppressions.ApplyComments(result.findings, first_object_finding, result.summary);
  }
  for (const document::Document& doc : stream.documents) {
    std::vector<document::Object> objects = document::ExtractObjects(doc);
    if (!document::IsObject(doc.root())) ++result.summary.non_object_documents;
    result.summary.objects += objects.size();
    checks::CheckContext context{file.display_path, *text};
    for (const document::Object& object : objects) {
      if (options.record_objects) {
        document::Mark mark = object.api_version_node ? object.api_version_node->mark() : document::Mark{};
        if (const size_t doc = static_cast<size_t>(object.document); doc < file.source_lines.size()) {
          // rendered: the repository file's line and apiVersion column
          mark = document::Mark{file.source_lines[doc],
                                doc < file.source_columns.size() ? file.source_columns[doc] : 0};
        }
        result.objects.push_back(CheckedObject{
            Location{file.display_path, mark.line, mark.column, object.document}, object.item,
            std::string(object.api_version), std::string(object.kind),
            std::string(object.namespace_name), std::string(object.name)});
      }
      size_t first_of_object = result.findings.size();
      api_check.Run(object, context, result.findings);
      for (const checks::ObjectCheck* check : options.extra_checks) {
        check->Run(object, context, result.findings);
      }
      CheckRecordedManifests(object, file.display_path, api_check, result.findings, result.release_revisions,
                             result.summary);
      suppressions.Apply(object, result.findings, first_of_object, result.summary);
    }
  }
  suppressions.AppendUnknownCommentIds(result.findings);
  SetExcerpts(*text, result.findings, first_object_finding);
  for (size_t i = first_object_finding; i < result.findings.size(); ++i) {
    if (!file.render_unit.empty()) PointAtRenderSource(file, result.findings[i]);
  }
  return result;
}

ScanResult Scan(const source::InputList& inputs, const catalog::ApiCatalog& catalog,
                const ScanOptions& options) {
  const size_t n = inputs.files.size();
  std::vector<ScanResult> per_file(n);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < n; i = next++) {
      per_file[i] = ScanFile(inputs.files[i], catalog, options);
    }
  };
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
  jobs = std::clamp<int>(jobs, 1, std::max<int>(1, static_cast<int>(n)));
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();

  ScanResult result;
  for (const Status& error : inputs.errors) {
    result.findings.push_back(InputProblem(checks::kRuleUnreadableFile, error, {}));
    ++result.summary.input_errors;
  }
  for (auto& r : per_file) Merge(result, std::move(r));
  // Revisions of one release may sit in different files: only now is the current one known.
  KeepCurrentReleaseRevisions(result.release_revisions, result.findings, result.summary);
  std::stable_sort(result.findings.begin(), result.findings.end(), checks::FindingLess);
  return result;
}

void AddInputProblems(ScanResult& result, const char* rule_id, const std::vector<Status>& problems) {
  for (const Status& problem : problems) {
    result.findings.push_back(InputProblem(rule_id, problem, {}));
    if (result.findings.back().severity == checks::Severity::kError) ++result.summary.input_errors;
  }
  std::stable_sort(result.findings.begin(), result.findings.end(), checks::FindingLess);
}

}  // namespace greenlight::scan
