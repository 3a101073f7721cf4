// File: tests/source/git_test_repo.h
// Builds real git repositories for tests with libgit2: commits are made from in-memory file maps
// (an in-memory index written as a tree), so no git binary and no working-tree checkout is needed.
#pragma once

#include <git2.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <filesystem>
#include <map>
#include <string>

namespace greenlight::testing {

/// A non-bare repository at `root` whose branch "main" is HEAD. Each Commit() replaces the
/// whole tree with `files` (path -> contents; a value starting with "symlink:" is a symlink).
class GitTestRepo {
 public:
  explicit GitTestRepo(const std::filesystem::path& root);
  ~GitTestRepo();
  GitTestRepo(const GitTestRepo&) = delete;
  GitTestRepo& operator=(const GitTestRepo&) = delete;

  /// Commits `files` on `branch` (created from `parent` when it does not exist yet; "" = no
  /// parent). Returns the commit id.
  std::string Commit(const std::string& branch, const std::string& parent,
                     const std::map<std::string, std::string>& files, const std::string& message);
  /// An annotated tag pointing at `commit`.
  void Tag(const std::string& name, const std::string& commit);
  /// A bare clone of this repository at `path`.
  void CloneBare(const std::filesystem::path& path) const;

  git_repository* raw() const { return repo_; }

 private:
  git_repository* repo_ = nullptr;
  std::filesystem::path root_;
};

/// A hash of every file under `root` (paths and bytes, .git included), to prove nothing changed.
inline std::string HashTree(const std::filesystem::path& root);

namespace internal {

inline void Check(int rc, const char* what) {
  if (rc < 0) {
    const git_error* e = git_error_last();
    throw std::runtime_error(std::string(what) + ": " + (e && e->message ? e->message : "?"));
  }
}

}  // namespace internal

inline GitTestRepo::GitTestRepo(const std::filesystem::path& root) : root_(root) {
  git_libgit2_init();
  git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  options.flags = GIT_REPOSITORY_INIT_MKPATH;
  options.initial_head = "main";
  internal::Check(git_repository_init_ext(&repo_, root.c_str(), &options), "init");
}

inline GitTestRepo::~GitTestRepo() {
  git_repository_free(repo_);
  git_libgit2_shutdown();
}

inline std::string GitTestRepo::Commit(const std::string& branch, const std::string& parent,
                                const std::map<std::string, std::string>& files,
                                const std::string& message) {
  git_index* index = nullptr;
  internal::Check(git_index_new(&index), "index");
  for (const auto& [path, contents] : files) {
    git_index_entry entry{};
    entry.path = path.c_str();
    bool link = contents.starts_with("symlink:");
    entry.mode = link ? GIT_FILEMODE_LINK : GIT_FILEMODE_BLOB;
    std::string bytes = link ? contents.substr(8) : contents;
    internal::Check(git_blob_create_from_buffer(&entry.id, repo_, bytes.data(), bytes.size()), "blob");
    internal::Check(git_index_add(index, &entry), "add");
  }
  git_oid tree_id;
  internal::Check(git_index_write_tree_to(&tree_id, index, repo_), "write tree");
  git_index_free(index);
  git_tree* tree = nullptr;
  internal::Check(git_tree_lookup(&tree, repo_, &tree_id), "tree");
  git_signature* sig = nullptr;
  internal::Check(git_signature_new(&sig, "Test", "test@example.com", 1700000000 + files.size() * 100, 0), "sig");
  std::string ref = "refs/heads/" + branch;
  git_commit* parent_commit = nullptr;
  git_reference* existing = nullptr;
  if (git_reference_lookup(&existing, repo_, ref.c_str()) == 0) {
    git_object* obj = nullptr;
    internal::Check(git_reference_peel(&obj, existing, GIT_OBJECT_COMMIT), "peel");
    parent_commit = reinterpret_cast<git_commit*>(obj);
    git_reference_free(existing);
  } else if (!parent.empty()) {
    git_oid pid;
    internal::Check(git_oid_fromstr(&pid, parent.c_str()), "parent id");
    internal::Check(git_commit_lookup(&parent_commit, repo_, &pid), "parent");
  }
  const git_commit* parents[1] = {parent_commit};
  git_oid commit_id;
  internal::Check(git_commit_create(&commit_id, repo_, ref.c_str(), sig, sig, nullptr, message.c_str(), tree,
                          parent_commit ? 1 : 0, parents),
        "commit");
  if (parent_commit) git_commit_free(parent_commit);
  git_signature_free(sig);
  git_tree_free(tree);
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &commit_id);
  return hex;
}

inline void GitTestRepo::Tag(const std::string& name, const std::string& commit) {
  git_oid id, tag_id;
  internal::Check(git_oid_fromstr(&id, commit.c_str()), "tag target");
  git_object* target = nullptr;
  internal::Check(git_object_lookup(&target, repo_, &id, GIT_OBJECT_COMMIT), "tag lookup");
  git_signature* sig = nullptr;
  internal::Check(git_signature_new(&sig, "Test", "test@example.com", 1700000000, 0), "sig");
  internal::Check(git_tag_create(&tag_id, repo_, name.c_str(), target, sig, "release", 0), "tag");
  git_signature_free(sig);
  git_object_free(target);
}

inline void GitTestRepo::CloneBare(const std::filesystem::path& path) const {
  git_clone_options options = GIT_CLONE_OPTIONS_INIT;
  options.bare = 1;
  git_repository* clone = nullptr;
  internal::Check(git_clone(&clone, root_.c_str(), path.c_str(), &options), "clone");
  git_repository_free(clone);
}

inline std::string HashTree(const std::filesystem::path& root) {
  std::map<std::string, std::string> contents;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    contents[entry.path().lexically_relative(root).generic_string()] = bytes.str();
  }
  uint64_t hash = 1469598103934665603ULL;
  for (const auto& [path, bytes] : contents) {
    for (unsigned char c : path + '\0' + bytes + '\0') {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  }
  return std::to_string(contents.size()) + ":" + std::to_string(hash);
}

}  // namespace greenlight::testing
