#include "overlay/overlay.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/atomic_file.h"
#include "overlay/file_rewriter.h"

namespace greenlight::overlay {
namespace fs = std::filesystem;

std::string SanitizeFileName(std::string_view raw) {
  // Letters and digits are kept (lower-cased); every run of other characters becomes one '-',
  // except a single '.' or '_' between two kept characters ("app.v2", "my_job").
  std::string out;
  size_t i = 0;
  while (i < raw.size()) {
    unsigned char u = static_cast<unsigned char>(raw[i]);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
      ++i;
      continue;
    }
    size_t run_end = i;
    while (run_end < raw.size() && !std::isalnum(static_cast<unsigned char>(raw[run_end])))
      ++run_end;
    bool single_separator = run_end - i == 1 && (raw[i] == '.' || raw[i] == '_');
    out += single_separator ? raw[i] : '-';
    i = run_end;
  }
  size_t lead = out.find_first_not_of(".-");
  out = lead == std::string::npos ? std::string() : out.substr(lead);
  if (out.size() > 120) out.resize(120);
  while (!out.empty() && (out.back() == '.' || out.back() == '-')) out.pop_back();
  return out.empty() ? "object" : out;
}

namespace {

using State = DocumentOutcome::State;

std::string TextOf(const std::string& text, const document::DocumentRange& r) {
  return text.substr(r.begin, r.end - r.begin);
}

Location FileLocation(const SourceFile& file, const DocumentOutcome* doc = nullptr) {
  return Location{file.display_path, doc ? doc->range.start_line : 1, 1,
                  doc ? doc->range.index : -1};
}

// Collects the kustomize layout: one file per converted document under converted/, the
// documents left alone under unchanged/<input path>, and the kustomization.yaml naming them.
class KustomizeBuilder {
 public:
  explicit KustomizeBuilder(OverlayResult& result) : result_(result) {}

  void Add(const SourceFile& file, const FileRewrite& rewrite) {
    std::string kept_text;
    bool everything_kept = rewrite.errors.empty();
    for (const DocumentOutcome& doc : rewrite.documents) {
      switch (doc.state) {
        case State::kUnchanged:
          if (!Claim(doc, file)) {
            everything_kept = false;
            break;
          }
          AppendDocument(kept_text, rewrite, doc);
          break;
        case State::kConverted:
          everything_kept = false;
          if (Claim(doc, file)) AddConverted(file, doc);
          break;
        case State::kDropped:
          everything_kept = false;
          break;
        case State::kNotObject:
        case State::kToolConfig:
          everything_kept = false;
          if (doc.range.body_begin != doc.range.body_end) {
            result_.messages.push_back(
                {Severity::kInfo, FileLocation(file, &doc),
                 doc.state == State::kToolConfig
                     ? "a kustomize configuration, not a resource: not part of the kustomize layout"
                     : "not a Kubernetes object: not part of the kustomize layout"});
          }
          break;
      }
    }
    if (kept_text.empty()) return;
    std::string path = "unchanged/" + file.relative_path;
    // A file kept whole is copied byte for byte; otherwise its kept documents, verbatim.
    result_.files.push_back(
        OutputFile{path, everything_kept ? file.bytes : kept_text, file.relative_path});
    resources_.push_back(path);
  }

  void Finish() {
    std::string k = "# Written by greenlight overlay: the manifests converted for Kubernetes " +
                    target_ +
                    ".\n# Build with: kubectl kustomize .\n"
                    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";
    if (resources_.empty()) {
      k += "resources: []\n";
    } else {
      k += "resources:\n";
      for (const std::string& r : resources_) k += "  - " + r + "\n";
    }
    result_.files.push_back(OutputFile{"kustomization.yaml", k, ""});
  }

  void set_target(std::string target) { target_ = std::move(target); }

 private:
  // Kustomize refuses two resources with the same id; say where both are.
  bool Claim(const DocumentOutcome& doc, const SourceFile& file) {
    bool ok = true;
    for (const std::string& id : doc.identities) {
      Location here = FileLocation(file, &doc);
      auto [it, inserted] = seen_.emplace(id, here);
      if (!inserted) {
        result_.conflicts.push_back(
            InvalidArgument("kustomize layout: object " + id + " is also defined at " +
                                it->second.file + ":" + std::to_string(it->second.line) +
                                "; kustomize refuses duplicate objects (use --layout files, "
                                "or overlay the two sets separately)",
                            here));
        ok = false;
      }
    }
    return ok;
  }

  void AppendDocument(std::string& out, const FileRewrite& rewrite, const DocumentOutcome& doc) {
    // Ranges are positions in the decoded input: the kept documents' bytes are the input's.
    std::string text = TextOf(rewrite.decoded_input, doc.range);
    if (!out.empty() && !text.starts_with("---")) out += "---\n";
    out += text;
    if (!out.empty() && out.back() != '\n') out += '\n';
  }

  void AddConverted(const SourceFile& file, const DocumentOutcome& doc) {
    std::string base = doc.kind == "List"
                           ? "list-" + file.relative_path + "-" + std::to_string(doc.range.index)
                           : doc.kind + "-" +
                                 (doc.namespace_name.empty() ? "" : doc.namespace_name + "-") +
                                 doc.name;
    std::string name = SanitizeFileName(base);
    std::string path = "converted/" + name + ".yaml";
    for (int n = 2; used_.count(path); ++n)
      path = "converted/" + name + "-" + std::to_string(n) + ".yaml";
    used_.insert(path);
    // A JSON body is valid YAML: kustomize reads it as it is.
    result_.files.push_back(OutputFile{path, doc.body, ""});
    resources_.push_back(path);
  }

  OverlayResult& result_;
  std::string target_;
  std::vector<std::string> resources_;
  std::map<std::string, Location> seen_;
  std::set<std::string> used_;
};

}  // namespace

OverlayResult BuildOverlay(const std::vector<SourceFile>& inputs,
                           const catalog::ApiCatalog& catalog, const OverlayOptions& options) {
  OverlayResult result;
  KustomizeBuilder kustomize(result);
  kustomize.set_target(options.convert.target.Minor().ToString());
  for (const SourceFile& file : inputs) {
    if (file.helm_template) {
      result.messages.push_back(
          {Severity::kWarning, Location{file.display_path, 1, 1, -1},
           "a Helm chart template: not converted (render the chart, then run overlay "
           "on the output)"});
      if (options.layout == Layout::kFiles) {
        result.files.push_back(OutputFile{file.relative_path, file.bytes, file.relative_path});
      }
      continue;
    }
    FileRewrite rewrite =
        RewriteFile(file.bytes, file.display_path, file.is_json, catalog, options.convert);
    if (options.layout == Layout::kFiles) {
      result.files.push_back(OutputFile{file.relative_path, rewrite.text, file.relative_path});
    } else {
      kustomize.Add(file, rewrite);  // documents that did not parse are left out
    }
    for (Status& e : rewrite.errors) result.errors.push_back(std::move(e));
    for (ObjectConversion& c : rewrite.conversions) result.conversions.push_back(std::move(c));
  }
  if (options.layout == Layout::kKustomize) kustomize.Finish();
  std::sort(result.files.begin(), result.files.end(), [](const OutputFile& a, const OutputFile& b) {
    return a.relative_path < b.relative_path;
  });
  return result;
}

Status WriteOverlay(const OverlayResult& result, const fs::path& root, bool force) {
  std::error_code ec;
  if (fs::exists(root, ec)) {
    if (!fs::is_directory(root, ec))
      return FailedPrecondition(root.string() + " exists and is not a directory");
    if (!fs::is_empty(root, ec) && !force) {
      return FailedPrecondition(root.string() +
                                " is not empty; pass --force to overwrite the files greenlight "
                                "writes there");
    }
  }
  fs::create_directories(root, ec);
  if (ec) return DataLoss("cannot create " + root.string() + ": " + ec.message());
  for (const OutputFile& file : result.files) {
    GL_ASSIGN_OR_RETURN(fs::path target, ResolveInside(root, file.relative_path));
    fs::create_directories(target.parent_path(), ec);
    if (ec) return DataLoss("cannot create " + target.parent_path().string() + ": " + ec.message());
    // Recheck after the folders exist: a symlinked folder created meanwhile must not lead out.
    GL_ASSIGN_OR_RETURN(target, ResolveInside(root, file.relative_path));
    GL_RETURN_IF_ERROR(WriteFileAtomically(target, file.contents));
  }
  return Status::Ok();
}

}  // namespace greenlight::overlay
