#include "pipeline/coverage.h"

#include <algorithm>
#include <map>
#include <set>

namespace greenlight::pipeline {
namespace {

bool IsUnder(const std::string& path, const std::string& folder) {
  if (folder == "." || folder.empty()) return path != "-";
  return path == folder || (path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
                            path[folder.size()] == '/');
}

std::string Plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// A listed file that the scan read: what it held decides its disposition.
FileCoverage FromScan(const std::string& path, const checks::ScanSummary& counts) {
  if (counts.objects > 0) return {path, Disposition::kScanned, Plural(counts.objects, "object")};
  if (counts.input_errors > 0) {
    return {path, Disposition::kSkipped, "could not be read or parsed (reported as an error)", true};
  }
  if (counts.unrendered_documents > 0) {
    return {path, Disposition::kScanned, "Helm template, not rendered: checked by the GL003 heuristic"};
  }
  return {path, Disposition::kNotManifest,
          counts.documents == 0 ? "empty" : "no Kubernetes object (" + Plural(counts.documents, "document") + ")"};
}

FileCoverage FromPassedOver(const source::PassedOver& file, const RenderedInputs& rendered) {
  using Reason = source::PassedOver::Reason;
  const std::string reason(source::PassedOverReason(file.reason));
  switch (file.reason) {
    case Reason::kExcluded:
    case Reason::kUnchanged: return {file.path, Disposition::kExcluded, reason};
    case Reason::kSymlinkedFolder: return {file.path, Disposition::kSkipped, reason};
    case Reason::kNotManifestName:
    case Reason::kUpperCaseExtension: break;
  }
  // A chart's _helpers.tpl, NOTES.txt or templates are read by the unit that renders it.
  if (std::string reader = rendered.ReaderOf(file.path); !reader.empty()) {
    return {file.path, Disposition::kRendered, reader};
  }
  if (file.reason == Reason::kUpperCaseExtension) return {file.path, Disposition::kSkipped, reason};
  return {file.path, Disposition::kNotManifest, reason};
}

}  // namespace

std::string_view DispositionName(Disposition disposition) {
  switch (disposition) {
    case Disposition::kScanned: return "scanned";
    case Disposition::kRendered: return "rendered";
    case Disposition::kNotManifest: return "not-manifest";
    case Disposition::kExcluded: return "excluded";
    case Disposition::kSkipped: return "skipped";
  }
  return "";
}

size_t Coverage::Count(Disposition disposition) const {
  return static_cast<size_t>(std::count_if(files.begin(), files.end(),
                                           [&](const FileCoverage& f) { return f.disposition == disposition; }));
}

size_t Coverage::RenderUnits() const {
  std::set<std::string> units;
  for (const FileCoverage& f : files) {
    if (f.disposition == Disposition::kRendered) units.insert(f.detail);
  }
  return units.size();
}

size_t Coverage::ObjectsUnder(const std::string& path) const {
  size_t objects = 0;
  for (const auto& [file, count] : objects_by_path) {
    if (IsUnder(file, path)) objects += count;
  }
  return objects;
}

size_t Coverage::FilesUnder(const std::string& path) const {
  return static_cast<size_t>(
      std::count_if(files.begin(), files.end(), [&](const FileCoverage& f) { return IsUnder(f.path, path); }));
}

std::string Coverage::SummaryUnder(const std::string& path) const {
  size_t counts[5] = {0, 0, 0, 0, 0};
  for (const FileCoverage& f : files) {
    if (IsUnder(f.path, path)) ++counts[static_cast<int>(f.disposition)];
  }
  return std::to_string(counts[static_cast<int>(Disposition::kNotManifest)]) + " not manifests, " +
         std::to_string(counts[static_cast<int>(Disposition::kExcluded)]) + " excluded, " +
         std::to_string(counts[static_cast<int>(Disposition::kSkipped)]) + " skipped";
}

report::CoverageSummary Coverage::Summary() const {
  report::CoverageSummary out;
  out.files = files.size();
  out.scanned = Count(Disposition::kScanned);
  out.rendered = Count(Disposition::kRendered);
  out.render_units = RenderUnits();
  out.not_manifests = Count(Disposition::kNotManifest);
  out.excluded = Count(Disposition::kExcluded);
  out.skipped = Count(Disposition::kSkipped);
  for (const FileCoverage& f : files) {
    if (f.disposition == Disposition::kScanned || f.disposition == Disposition::kRendered) continue;
    out.not_scanned.push_back({f.path, std::string(DispositionName(f.disposition)), f.detail});
  }
  return out;
}

void AccountStage(const std::vector<std::string>& listed, const std::vector<source::PassedOver>& passed_over,
                  const RenderedInputs& rendered, const scan::ScanResult& result, Coverage& into) {
  std::map<std::string, const checks::ScanSummary*> plain;  // listed files the scan read
  const std::vector<source::InputFile>& scanned = rendered.inputs.files;
  for (size_t i = 0; i < scanned.size() && i < result.per_file.size(); ++i) {
    into.objects_by_path.emplace_back(scanned[i].display_path, result.per_file[i].objects);
    if (scanned[i].origin != "render") plain.emplace(scanned[i].display_path, &result.per_file[i]);
  }
  for (const std::string& path : listed) {
    if (auto it = plain.find(path); it != plain.end()) {
      into.files.push_back(FromScan(path, *it->second));
    } else if (std::string reader = rendered.ReaderOf(path); !reader.empty()) {
      into.files.push_back({path, Disposition::kRendered, reader});
    } else if (rendered.Owned(path)) {
      into.files.push_back({path, Disposition::kSkipped,
                            "belongs to a chart or kustomization that was not rendered (see GL006)", true});
    } else {
      into.files.push_back({path, Disposition::kSkipped, "listed but not scanned"});
    }
  }
  for (const source::PassedOver& file : passed_over) into.files.push_back(FromPassedOver(file, rendered));
}

void Finish(Coverage& coverage) {
  std::stable_sort(coverage.files.begin(), coverage.files.end(),
                   [](const FileCoverage& a, const FileCoverage& b) { return a.path < b.path; });
  // A file named twice (overlapping inputs) is accounted for once.
  coverage.files.erase(std::unique(coverage.files.begin(), coverage.files.end(),
                                   [](const FileCoverage& a, const FileCoverage& b) { return a.path == b.path; }),
                       coverage.files.end());
}

}  // namespace greenlight::pipeline
