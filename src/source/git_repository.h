// File: src/source/git_repository.h
// Reading revisions of a git repository straight from its object database (libgit2): resolve a
// commit, branch or tag, list the manifests of its tree as InputFiles whose bytes come from the
// blobs, find merge bases and the files changed between two revisions (renames followed). The
// working tree and the index are never read or written, so bare repositories work the same.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/file_io.h"
#include "base/status.h"
#include "source/input.h"

struct git_repository;  // libgit2 stays behind this header

namespace greenlight::source {

struct TreeWalk;  // the blobs and folders of a tree (git_repository.cpp)

/// How a file differs between two revisions.
struct ChangedFile {
  enum class Kind { kAdded, kModified, kDeleted, kRenamed };
  Kind kind = Kind::kModified;
  std::string old_path;  ///< path at the base revision ("" when added)
  std::string new_path;  ///< path at the head revision ("" when deleted)
};

struct TreeListOptions {
  WalkOptions walk;  ///< include/exclude globs, matched against repo-relative paths
  /// Repo-relative files or folders to limit the listing to; empty = the whole tree.
  std::vector<std::string> paths;
  /// When set, only these exact repo-relative paths are listed (used by --changed-only).
  std::optional<std::vector<std::string>> only_files;
};

/// An open repository. Shared by the InputFiles it lists (they read blobs lazily), so it lives as
/// long as the last of them. Thread-safe: blob reads are serialised on one mutex.
class GitRepository : public std::enable_shared_from_this<GitRepository> {
 public:
  /// Opens the repository at `path` (a work tree, its .git folder, or a bare repository); does
  /// not search parent folders, so the user's DIR is what is read.
  static StatusOr<std::shared_ptr<GitRepository>> Open(const std::string& path);

  GitRepository(const GitRepository&) = delete;
  GitRepository& operator=(const GitRepository&) = delete;
  ~GitRepository();

  bool is_bare() const;

  /// The full commit id that `rev` names: a commit id (or unique prefix), branch, tag (peeled to
  /// its commit), or any git revision expression such as HEAD~2.
  StatusOr<std::string> ResolveCommit(std::string_view rev) const;

  /// The best common ancestor of two revisions.
  StatusOr<std::string> MergeBase(std::string_view a, std::string_view b) const;

  /// The manifests (lower-case *.yaml, *.yml, *.json) in the tree of `rev`, sorted by path.
  /// Symlinks are followed inside the tree; a dangling one becomes a file whose load() fails, as
  /// does a blob that is corrupt, missing (a partial clone) or larger than the walk's
  /// max_input_bytes (the error names the path and `rev`). Submodules and folders whose tree
  /// object is unreadable are listing errors; the rest of the tree is still listed.
  StatusOr<InputList> ListTree(std::string_view rev, const TreeListOptions& options);

  /// Files that differ between the trees of `base` and `head`, with renames detected (git's
  /// default 50% similarity), sorted by the head path (old path for deletions).
  StatusOr<std::vector<ChangedFile>> Diff(std::string_view base, std::string_view head) const;

  /// Writes every file of the tree of `rev` under `destination` (an existing, empty, private
  /// folder), so that tools that need a folder (helm, kubectl kustomize) can read a revision.
  /// Symlinks are recreated when they stay inside the tree and skipped otherwise.
  Status ExportTree(std::string_view rev, const std::string& destination) const;

  /// The work tree folder, or the repository folder itself when it is bare.
  std::string Folder() const;

  /// The URL of remote `name` ("origin"), or "" when the repository has no such remote.
  std::string RemoteUrl(const std::string& name) const;

  /// The URLs of every remote (origin first), each once: an Argo CD Application may name the
  /// repository by any of them (a mirror, the ssh or https form).
  std::vector<std::string> RemoteUrls() const;

  /// The bytes of the blob with this id (40 hex digits); a blob larger than `max_bytes` is an
  /// error and is not inflated.
  StatusOr<std::string> ReadBlob(const std::string& blob_id, uint64_t max_bytes = kDefaultMaxInputBytes) const;

 private:
  explicit GitRepository(git_repository* repo) : repo_(repo) {}
  StatusOr<TreeWalk> WalkTree(const std::string& commit, std::string_view rev) const;
  git_repository* repo_;
  mutable std::mutex mutex_;  // libgit2 does not allow concurrent use of one git_repository
};

}  // namespace greenlight::source
