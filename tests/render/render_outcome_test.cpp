// RenderOutcome::Owns: which listed files belong to a rendered unit and are not scanned again.
#include <gtest/gtest.h>

#include "render/repository.h"

namespace greenlight::render {
namespace {

TEST(RenderOutcomeOwnsTest, FilesUnderAnOwnedFolderAndOwnedFilesOnly) {
  RenderOutcome outcome;
  outcome.owned_folders = {"/repo/charts/shop", "/repo/kustomize/base"};
  outcome.owned_files = {"/repo/common/patch.yaml"};
  EXPECT_TRUE(outcome.Owns("/repo/charts/shop/templates/deployment.yaml"));
  EXPECT_TRUE(outcome.Owns("/repo/charts/shop"));
  EXPECT_TRUE(outcome.Owns("/repo/kustomize/base/sub/dir/x.yaml"));
  EXPECT_TRUE(outcome.Owns("/repo/common/patch.yaml"));
  // A sibling whose name starts like an owned folder is not inside it.
  EXPECT_FALSE(outcome.Owns("/repo/charts/shop-web/templates/deployment.yaml"));
  EXPECT_FALSE(outcome.Owns("/repo/charts/values.yaml"));
  EXPECT_FALSE(outcome.Owns("/repo/common/other.yaml"));
  EXPECT_FALSE(outcome.Owns("/elsewhere/charts/shop/templates/x.yaml"));
}

TEST(RenderOutcomeOwnsTest, PathsAreNormalisedFirst) {
  RenderOutcome outcome;
  outcome.owned_folders = {"/repo/charts/shop"};
  EXPECT_TRUE(outcome.Owns("/repo/charts/other/../shop/./templates/x.yaml"));
  EXPECT_FALSE(outcome.Owns("/repo/charts/shop/../other/x.yaml"));
}

}  // namespace
}  // namespace greenlight::render
