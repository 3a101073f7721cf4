#include "pipeline/side_inputs.h"

#include <filesystem>
#include <memory>
#include <optional>

#include "pipeline/input_stage.h"
#include "source/git_repository.h"
#include "source/input.h"

namespace greenlight::pipeline {
namespace {
namespace fs = std::filesystem;

// Lists the side and, with --render, turns it into its plain files plus what its units rendered.
StatusOr<source::InputList> PrepareSide(InputStage& stage, const SideRender& render, SideFiles& out) {
  RenderOptions none;
  const RenderOptions& options = render.options != nullptr ? *render.options : none;
  GL_ASSIGN_OR_RETURN(RenderedInputs rendered, Prepare(stage, options, *render.catalog, render.version));
  for (Status& error : rendered.errors) out.errors.push_back(std::move(error));
  out.interrupted = rendered.interrupted;
  return std::move(rendered.inputs);
}

// DIR@REV names a git revision; a path that exists on disk is always a path ('@' is legal in
// folder names).
struct SideSpec {
  std::string path;
  std::optional<std::string> rev;
};

SideSpec ParseSideSpec(const std::string& text) {
  std::error_code ec;
  size_t at = text.rfind('@');
  if (fs::exists(text, ec) || at == std::string::npos || at + 1 == text.size())
    return {text, std::nullopt};
  std::string dir = text.substr(0, at);
  return {dir.empty() ? "." : dir, text.substr(at + 1)};
}

void LoadInto(source::InputList listed, const std::string& root, const std::string& display_prefix,
              SideFiles& out) {
  for (Status& e : listed.errors) out.errors.push_back(std::move(e));
  for (source::InputFile& file : listed.files) {
    std::string display = display_prefix + file.display_path;
    auto bytes = file.load();
    if (!bytes.ok()) {
      out.errors.push_back(bytes.status());
      continue;
    }
    std::string relative =
        root.empty() ? file.display_path
                     : fs::path(file.display_path).lexically_relative(root).generic_string();
    out.files.push_back(overlay::SourceFile{relative, display, std::move(*bytes), file.is_json(),
                                            file.helm_template});
  }
}

// The repository a DIR@REV names: DIR itself (a work tree, .git folder or bare repository), else
// the nearest parent folder holding a .git, with DIR's path inside it limiting the listing.
StatusOr<std::pair<std::shared_ptr<source::GitRepository>, std::string>> OpenRepository(
    const std::string& dir) {
  auto direct = source::GitRepository::Open(dir);
  if (direct.ok()) return std::make_pair(std::move(*direct), std::string());
  std::error_code ec;
  fs::path wanted = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  for (fs::path at = wanted.parent_path(); !at.empty(); at = at.parent_path()) {
    if (fs::exists(at / ".git", ec)) {
      GL_ASSIGN_OR_RETURN(auto repo, source::GitRepository::Open(at.string()));
      return std::make_pair(std::move(repo), wanted.lexically_relative(at).generic_string());
    }
    if (at == at.root_path()) break;
  }
  return direct.status();
}

}  // namespace

// The files of one side, listed and read the way `scan` reads its inputs.
StatusOr<SideFiles> ReadSide(const std::string& text, const SideRender& render) {
  SideSpec spec = ParseSideSpec(text);
  SideFiles out;
  std::error_code ec;
  if (!spec.rev) {
    if (!fs::exists(spec.path, ec)) return NotFound("no such file or directory: " + spec.path);
    bool is_dir = fs::is_directory(spec.path, ec);
    std::unique_ptr<InputStage> stage = DiskInputs({spec.path}, {});
    GL_ASSIGN_OR_RETURN(source::InputList listed, PrepareSide(*stage, render, out));
    LoadInto(std::move(listed), is_dir ? spec.path : "", "", out);
    return out;
  }
  GL_ASSIGN_OR_RETURN(auto opened, OpenRepository(spec.path));
  auto& [repo, folder] = opened;
  GL_ASSIGN_OR_RETURN(std::string commit, repo->ResolveCommit(*spec.rev));
  source::TreeListOptions listing;
  if (!folder.empty()) listing.paths.push_back(folder);
  std::unique_ptr<InputStage> stage = RevisionInputs(repo, commit, std::move(listing));
  GL_ASSIGN_OR_RETURN(source::InputList listed, PrepareSide(*stage, render, out));
  // Both sides may come from one repository, so a file is named "REV:path" (what `git show`
  // takes).
  LoadInto(std::move(listed), "", *spec.rev + ":", out);
  return out;
}

}  // namespace greenlight::pipeline
