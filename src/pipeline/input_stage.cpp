#include "pipeline/input_stage.h"

#include <utility>

namespace greenlight::pipeline {
namespace {

class DiskStage : public InputStage {
 public:
  DiskStage(std::vector<std::string> paths, source::WalkOptions walk)
      : paths_(std::move(paths)), walk_(std::move(walk)) {}

  StatusOr<source::InputList> List() override { return source::ListInputs(paths_, walk_); }

  StatusOr<RenderedInputs> Render(const RenderOptions& options, source::InputList listed,
                                  const catalog::ApiCatalog& catalog, const Version& version) override {
    if (!options.render) return InputStage::Render(options, std::move(listed), catalog, version);
    return RenderDiskInputs(options, paths_, std::move(listed), catalog, version);
  }

 private:
  std::vector<std::string> paths_;
  source::WalkOptions walk_;
};

class RevisionStage : public InputStage {
 public:
  RevisionStage(std::shared_ptr<source::GitRepository> repo, std::string commit, source::TreeListOptions listing)
      : repo_(std::move(repo)), commit_(std::move(commit)), listing_(std::move(listing)) {}

  StatusOr<source::InputList> List() override { return repo_->ListTree(commit_, listing_); }

  StatusOr<RenderedInputs> Render(const RenderOptions& options, source::InputList listed,
                                  const catalog::ApiCatalog& catalog, const Version& version) override {
    if (!options.render) return InputStage::Render(options, std::move(listed), catalog, version);
    return RenderRevisionInputs(options, *repo_, commit_, std::move(listed), catalog, version);
  }

 private:
  std::shared_ptr<source::GitRepository> repo_;
  std::string commit_;
  source::TreeListOptions listing_;
};

}  // namespace

StatusOr<RenderedInputs> InputStage::Render(const RenderOptions&, source::InputList listed,
                                            const catalog::ApiCatalog&, const Version&) {
  RenderedInputs out;
  out.inputs = std::move(listed);
  return out;
}

std::unique_ptr<InputStage> DiskInputs(std::vector<std::string> paths, source::WalkOptions walk) {
  return std::make_unique<DiskStage>(std::move(paths), std::move(walk));
}

std::unique_ptr<InputStage> RevisionInputs(std::shared_ptr<source::GitRepository> repo, std::string commit,
                                           source::TreeListOptions listing) {
  return std::make_unique<RevisionStage>(std::move(repo), std::move(commit), std::move(listing));
}

StatusOr<RenderedInputs> Prepare(InputStage& stage, const RenderOptions& options, const catalog::ApiCatalog& catalog,
                                 const Version& version) {
  GL_ASSIGN_OR_RETURN(source::InputList listed, stage.List());
  return stage.Render(options, std::move(listed), catalog, version);
}

}  // namespace greenlight::pipeline
