#include "source/git_repository.h"

#include <git2.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "base/timings.h"
#include "base/file_io.h"
#include "base/glob.h"

namespace greenlight::source {
namespace {

// libgit2 reports failures as negative ints plus a thread-local error; turn both into a Status.
Status GitError(int code, std::string_view what) {
  const git_error* error = git_error_last();
  std::string message(what);
  if (error != nullptr && error->message != nullptr) message += ": " + std::string(error->message);
  if (code == GIT_ENOTFOUND) return NotFound(message);
  if (code == GIT_EAMBIGUOUS || code == GIT_EINVALIDSPEC) return InvalidArgument(message);
  return DataLoss(message);
}

template <typename T, void (*Free)(T*)>
struct GitDeleter {
  void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using GitPtr = std::unique_ptr<T, GitDeleter<T, Free>>;

using ObjectPtr = GitPtr<git_object, git_object_free>;
using TreePtr = GitPtr<git_tree, git_tree_free>;
using BlobPtr = GitPtr<git_blob, git_blob_free>;
using DiffPtr = GitPtr<git_diff, git_diff_free>;

std::string OidString(const git_oid* oid) {
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof buffer, oid);
  return buffer;
}

// Loose objects are inflated here, not by libgit2: libgit2 1.5 spins forever inflating a
// truncated loose object (a corrupt .git/objects file), so a corrupt object would hang the scan.
// Returns the object's content, or nullopt when the object is not loose (packed objects are
// left to libgit2). `max_bytes` bounds the inflated size.
StatusOr<std::optional<std::string>> ReadLooseObject(git_repository* repo, const git_oid* oid,
                                                    std::string_view type, uint64_t max_bytes) {
  const std::string hex = OidString(oid);
  const std::filesystem::path file =
      std::filesystem::path(git_repository_commondir(repo)) / "objects" / hex.substr(0, 2) / hex.substr(2);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::optional<std::string>();
  StatusOr<std::string> compressed = ReadFileToString(file, file.string(), ReadLimits{max_bytes + 4096, true});
  if (!compressed.ok()) return compressed.status();
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return Internal("cannot initialise zlib");
  stream.next_in = reinterpret_cast<Bytef*>(compressed->data());
  stream.avail_in = static_cast<uInt>(compressed->size());
  std::string inflated;
  char buffer[1 << 16];
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = inflate(&stream, Z_NO_FLUSH);
    inflated.append(buffer, sizeof buffer - stream.avail_out);
    if (inflated.size() > max_bytes + 64) break;  // the header's size check below reports it
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) break;  // truncated: no more input to give
  }
  inflateEnd(&stream);
  // "<type> <size>\0<content>"
  const size_t nul = inflated.find('\0');
  const std::string expected_prefix = std::string(type) + " ";
  if (nul == std::string::npos || !inflated.starts_with(expected_prefix)) {
    return DataLoss("object " + hex + " is corrupt (no valid " + std::string(type) + " header)");
  }
  const std::string size_text = inflated.substr(expected_prefix.size(), nul - expected_prefix.size());
  const uint64_t size = size_text.empty() || size_text.size() > 18 ? UINT64_MAX : std::stoull(size_text);
  if (size > max_bytes) {
    return DataLoss("object " + hex.substr(0, 12) + " is " + FormatByteSize(size) +
                    ", larger than the --max-input-size limit of " + FormatByteSize(max_bytes) +
                    "; nothing of it was scanned (raise the limit with --max-input-size)");
  }
  if (rc != Z_STREAM_END || inflated.size() - nul - 1 != size) {
    return DataLoss("object " + hex + " is corrupt (truncated or damaged: " + std::to_string(inflated.size() - nul - 1) +
                    " of " + std::to_string(size) + " bytes inflate)");
  }
  return std::optional<std::string>(inflated.substr(nul + 1));
}

StatusOr<ObjectPtr> Peel(git_repository* repo, std::string_view rev, git_object_t type) {
  git_object* object = nullptr;
  std::string spec(rev);
  if (int rc = git_revparse_single(&object, repo, spec.c_str()); rc < 0) {
    return GitError(rc, "cannot resolve revision '" + spec + "'");
  }
  ObjectPtr holder(object);
  git_object* peeled = nullptr;
  if (int rc = git_object_peel(&peeled, object, type); rc < 0) {
    return GitError(rc, "revision '" + spec + "' does not name a commit");
  }
  return ObjectPtr(peeled);
}

StatusOr<TreePtr> TreeOf(git_repository* repo, std::string_view rev) {
  GL_ASSIGN_OR_RETURN(ObjectPtr tree, Peel(repo, rev, GIT_OBJECT_TREE));
  return TreePtr(reinterpret_cast<git_tree*>(tree.release()));
}

}  // namespace

struct TreeEntry {
  std::string blob_id;
  git_filemode_t mode;
};

struct TreeWalk {
  std::map<std::string, TreeEntry> blobs;  // path -> blob (files and symlinks)
  std::set<std::string> folders;
  std::vector<std::string> submodules;  // gitlinks: commits of other repositories
  /// Folders whose tree object could not be read (a corrupt or missing object): the walk goes
  /// on with the rest of the tree.
  std::vector<std::pair<std::string, Status>> unreadable_folders;
};

namespace {

// Walks `tree` recursively, recording what cannot be read instead of giving up on the tree
// (git_tree_walk stops at the first unreadable subtree).
void CollectTree(git_repository* repo, const git_tree* tree, const std::string& prefix, TreeWalk& walk) {
  for (size_t i = 0, n = git_tree_entrycount(tree); i < n; ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
    std::string path = prefix + git_tree_entry_name(entry);
    switch (git_tree_entry_type(entry)) {
      case GIT_OBJECT_TREE: {
        walk.folders.insert(path);
        StatusOr<std::optional<std::string>> loose =
            ReadLooseObject(repo, git_tree_entry_id(entry), "tree", kDefaultMaxInputBytes);
        if (!loose.ok()) {
          walk.unreadable_folders.emplace_back(path, loose.status());
          break;
        }
        git_tree* subtree = nullptr;
        if (int rc = git_tree_lookup(&subtree, repo, git_tree_entry_id(entry)); rc < 0) {
          walk.unreadable_folders.emplace_back(path, GitError(rc, "cannot read folder"));
          break;
        }
        TreePtr holder(subtree);
        CollectTree(repo, subtree, path + "/", walk);
        break;
      }
      case GIT_OBJECT_BLOB:
        walk.blobs[path] = TreeEntry{OidString(git_tree_entry_id(entry)), git_tree_entry_filemode(entry)};
        break;
      case GIT_OBJECT_COMMIT: walk.submodules.push_back(path); break;
      default: break;
    }
  }
}

bool UnderAnyPath(const std::string& path, const std::vector<std::string>& prefixes) {
  if (prefixes.empty()) return true;
  return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string prefix) {
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    if (prefix.empty() || prefix == ".") return true;
    return path == prefix || (path.starts_with(prefix) && path[prefix.size()] == '/');
  });
}

bool Selected(const std::string& path, const TreeListOptions& options,
              const std::set<std::string, std::less<>>& only_files) {
  if (options.only_files && only_files.count(path) == 0) return false;
  if (!UnderAnyPath(path, options.paths)) return false;
  for (const auto& pattern : options.walk.exclude) {
    if (GlobMatch(pattern, path)) return false;
  }
  if (options.walk.include.empty()) return true;
  return std::any_of(options.walk.include.begin(), options.walk.include.end(),
                     [&](const std::string& pattern) { return GlobMatch(pattern, path); });
}

// A folder the tree walk could not enter (a submodule, a corrupt tree) matters when files under
// it would have been listed: it lies under the scanned paths and --exclude does not drop it.
bool FolderSelected(const std::string& folder, const TreeListOptions& options) {
  if (options.only_files) return false;  // --changed-only lists files, which a diff names
  if (!UnderAnyPath(folder, options.paths)) return false;
  return std::none_of(options.walk.exclude.begin(), options.walk.exclude.end(), [&](const std::string& pattern) {
    return GlobMatch(pattern, folder) || GlobMatch(pattern, folder + "/x.yaml");
  });
}

}  // namespace

StatusOr<std::shared_ptr<GitRepository>> GitRepository::Open(const std::string& path) {
  git_libgit2_init();
  git_repository* repo = nullptr;
  if (int rc = git_repository_open_ext(&repo, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
      rc < 0) {
    Status error = GitError(rc, "cannot open git repository '" + path + "'");
    git_libgit2_shutdown();
    return error;
  }
  return std::shared_ptr<GitRepository>(new GitRepository(repo));
}

GitRepository::~GitRepository() {
  git_repository_free(repo_);
  git_libgit2_shutdown();
}

bool GitRepository::is_bare() const {
  std::lock_guard lock(mutex_);
  return git_repository_is_bare(repo_) == 1;
}

namespace {

// A revision or merge base missing from a shallow clone is history that was not fetched.
Status WithShallowHint(git_repository* repo, Status error) {
  if (git_repository_is_shallow(repo) != 1) return error;
  return Status(error.code(), error.message() +
                                  " (this repository is a shallow clone: fetch the history it needs, e.g. "
                                  "'git fetch --unshallow', or fetch-depth: 0 in actions/checkout)",
                error.location());
}

}  // namespace

StatusOr<std::string> GitRepository::ResolveCommit(std::string_view rev) const {
  std::lock_guard lock(mutex_);
  StatusOr<ObjectPtr> commit = Peel(repo_, rev, GIT_OBJECT_COMMIT);
  if (!commit.ok()) return WithShallowHint(repo_, commit.status());
  return OidString(git_object_id(commit->get()));
}

StatusOr<std::string> GitRepository::MergeBase(std::string_view a, std::string_view b) const {
  GL_ASSIGN_OR_RETURN(std::string one, ResolveCommit(a));
  GL_ASSIGN_OR_RETURN(std::string two, ResolveCommit(b));
  std::lock_guard lock(mutex_);
  git_oid one_id, two_id, base;
  git_oid_fromstr(&one_id, one.c_str());
  git_oid_fromstr(&two_id, two.c_str());
  if (int rc = git_merge_base(&base, repo_, &one_id, &two_id); rc < 0) {
    return WithShallowHint(repo_, GitError(rc, "no merge base between '" + std::string(a) + "' and '" +
                                                   std::string(b) + "'"));
  }
  return OidString(&base);
}

StatusOr<std::string> GitRepository::ReadBlob(const std::string& blob_id, uint64_t max_bytes) const {
  std::lock_guard lock(mutex_);
  git_oid oid;
  if (git_oid_fromstr(&oid, blob_id.c_str()) < 0) return Internal("bad blob id " + blob_id);
  GL_ASSIGN_OR_RETURN(std::optional<std::string> loose, ReadLooseObject(repo_, &oid, "blob", max_bytes));
  if (loose) return std::move(*loose);
  // The header gives the size without inflating the object, so a huge blob costs nothing.
  git_odb* odb = nullptr;
  if (int rc = git_repository_odb(&odb, repo_); rc < 0) return GitError(rc, "cannot open the object database");
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  int header_rc = git_odb_read_header(&size, &type, odb, &oid);
  git_odb_free(odb);
  if (header_rc < 0) return GitError(header_rc, "cannot read blob " + blob_id);
  if (size > max_bytes) {
    return DataLoss("blob " + blob_id.substr(0, 12) + " is " + FormatByteSize(size) +
                    ", larger than the --max-input-size limit of " + FormatByteSize(max_bytes) +
                    "; nothing of it was scanned (raise the limit with --max-input-size)");
  }
  git_blob* blob = nullptr;
  if (int rc = git_blob_lookup(&blob, repo_, &oid); rc < 0) {
    return GitError(rc, "cannot read blob " + blob_id);
  }
  BlobPtr holder(blob);
  const char* bytes = static_cast<const char*>(git_blob_rawcontent(blob));
  return std::string(bytes, static_cast<size_t>(git_blob_rawsize(blob)));
}

// Every blob and folder of the commit's tree (`rev` names it in errors).
StatusOr<TreeWalk> GitRepository::WalkTree(const std::string& commit, std::string_view rev) const {
  TreeWalk walk;
  std::lock_guard lock(mutex_);
  GL_ASSIGN_OR_RETURN(TreePtr tree, TreeOf(repo_, commit));
  (void)rev;
  CollectTree(repo_, tree.get(), "", walk);
  return walk;
}

StatusOr<InputList> GitRepository::ListTree(std::string_view rev, const TreeListOptions& options) {
  timings::Scope timing("list inputs");
  GL_ASSIGN_OR_RETURN(std::string commit, ResolveCommit(rev));
  GL_ASSIGN_OR_RETURN(TreeWalk walk, WalkTree(commit, rev));
  const std::string origin = "git:" + commit.substr(0, 12);
  auto has_chart_yaml = [&](std::string_view parent) {
    std::string chart = parent.empty() ? "Chart.yaml" : std::string(parent) + "/Chart.yaml";
    return walk.blobs.count(chart) > 0;
  };
  std::set<std::string, std::less<>> only_files;
  if (options.only_files) only_files.insert(options.only_files->begin(), options.only_files->end());
  std::shared_ptr<GitRepository> self = shared_from_this();
  // Errors name the revision as given; a full commit id is shortened the way git shows it.
  const std::string rev_name =
      rev.size() == 40 && rev.find_first_not_of("0123456789abcdef") == std::string_view::npos
          ? std::string(rev.substr(0, 12))
          : std::string(rev);
  InputList out;
  for (const auto& [path, entry] : walk.blobs) {
    std::string name = path.substr(path.rfind('/') + 1);
    if (!UnderAnyPath(path, options.paths)) continue;
    if (options.only_files && only_files.count(path) == 0) {
      out.passed_over.push_back({path, PassedOver::Reason::kUnchanged});
      continue;
    }
    if (!Selected(path, options, only_files)) {
      out.passed_over.push_back({path, PassedOver::Reason::kExcluded});
      continue;
    }
    if (!HasManifestExtension(name)) {
      out.passed_over.push_back({path, NotListedReason(name)});
      continue;
    }
    // Follow symlinks inside the tree, as the directory walk reads symlinked files.
    std::string target_path = path;
    const TreeEntry* target = &entry;
    std::string dangling;
    for (int hops = 0; target != nullptr && target->mode == GIT_FILEMODE_LINK; ++hops) {
      GL_ASSIGN_OR_RETURN(std::string link, ReadBlob(target->blob_id));
      namespace fs = std::filesystem;
      std::string resolved =
          (fs::path(target_path).parent_path() / link).lexically_normal().generic_string();
      if (walk.folders.count(resolved) > 0) {  // folders not entered
        out.passed_over.push_back({path, PassedOver::Reason::kSymlinkedFolder});
        target = nullptr;
        break;
      }
      auto it = walk.blobs.find(resolved);
      if (hops > 8 || link.starts_with("/") || resolved.starts_with("..") || it == walk.blobs.end()) {
        dangling = link;
        break;
      }
      target_path = resolved;
      target = &it->second;
    }
    if (target == nullptr && dangling.empty()) continue;
    InputFile file;
    file.display_path = path;
    file.origin = origin;
    if (!dangling.empty()) {
      file.load = [path = std::string(path), dangling]() -> StatusOr<std::string> {
        return NotFound("dangling symlink to '" + dangling + "'", Location{path, 0, 0, -1});
      };
    } else {
      file.load = [self, blob_id = target->blob_id, path = std::string(path), rev_name,
                   max_bytes = options.walk.max_input_bytes]() -> StatusOr<std::string> {
        StatusOr<std::string> bytes = self->ReadBlob(blob_id, max_bytes);
        if (bytes.ok()) return bytes;
        return Status(bytes.status().code(), "cannot read it at revision '" + rev_name + "': " +
                                                 bytes.status().message(), Location{path, 0, 0, -1});
      };
    }
    file.helm_template = IsHelmTemplatePath(path, has_chart_yaml);
    out.files.push_back(std::move(file));
  }
  // What the walk could not enter is reported, never skipped silently: the rest is scanned.
  for (const auto& [folder, error] : walk.unreadable_folders) {
    if (!FolderSelected(folder, options)) continue;
    out.errors.push_back(Status(error.code(), "cannot read folder '" + folder + "' at revision '" +
                                                  rev_name + "' (corrupt or missing object): " +
                                                  error.message(), Location{folder + "/", 0, 0, -1}));
  }
  for (const std::string& submodule : walk.submodules) {
    if (!FolderSelected(submodule, options)) continue;
    out.errors.push_back(DataLoss("submodule at revision '" + rev_name +
                                      "' not scanned: its files are in another repository (scan that "
                                      "repository, or --exclude '" + submodule + "/**' and this one)",
                                  Location{submodule + "/", 0, 0, -1}));
  }
  return out;
}

Status GitRepository::ExportTree(std::string_view rev, const std::string& destination) const {
  namespace fs = std::filesystem;
  GL_ASSIGN_OR_RETURN(std::string commit, ResolveCommit(rev));
  GL_ASSIGN_OR_RETURN(TreeWalk walk, WalkTree(commit, rev));
  const fs::path root(destination);
  for (const auto& [path, entry] : walk.blobs) {
    const fs::path target = root / path;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return DataLoss("cannot create " + target.parent_path().string() + ": " + ec.message());
    GL_ASSIGN_OR_RETURN(std::string bytes, ReadBlob(entry.blob_id));
    if (entry.mode == GIT_FILEMODE_LINK) {
      fs::path resolved = (fs::path(path).parent_path() / bytes).lexically_normal();
      if (!bytes.starts_with("/") && !resolved.generic_string().starts_with("..")) {
        fs::create_symlink(bytes, target, ec);
      }
      continue;
    }
    std::ofstream out(target, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return DataLoss("cannot write " + target.string());
  }
  return Status::Ok();
}

std::string GitRepository::Folder() const {
  std::lock_guard lock(mutex_);
  const char* workdir = git_repository_workdir(repo_);
  return workdir != nullptr ? workdir : git_repository_path(repo_);
}

std::string GitRepository::RemoteUrl(const std::string& name) const {
  std::lock_guard lock(mutex_);
  git_remote* remote = nullptr;
  if (git_remote_lookup(&remote, repo_, name.c_str()) < 0) return "";
  const char* url = git_remote_url(remote);
  std::string out = url != nullptr ? url : "";
  git_remote_free(remote);
  return out;
}

StatusOr<std::vector<ChangedFile>> GitRepository::Diff(std::string_view base,
                                                       std::string_view head) const {
  GL_ASSIGN_OR_RETURN(std::string base_commit, ResolveCommit(base));
  GL_ASSIGN_OR_RETURN(std::string head_commit, ResolveCommit(head));
  std::lock_guard lock(mutex_);
  GL_ASSIGN_OR_RETURN(TreePtr base_tree, TreeOf(repo_, base_commit));
  GL_ASSIGN_OR_RETURN(TreePtr head_tree, TreeOf(repo_, head_commit));
  git_diff* raw_diff = nullptr;
  git_diff_options diff_options = GIT_DIFF_OPTIONS_INIT;
  if (int rc = git_diff_tree_to_tree(&raw_diff, repo_, base_tree.get(), head_tree.get(), &diff_options);
      rc < 0) {
    return GitError(rc, "cannot diff '" + std::string(base) + "' and '" + std::string(head) + "'");
  }
  DiffPtr diff(raw_diff);
  git_diff_find_options find_options = GIT_DIFF_FIND_OPTIONS_INIT;
  find_options.flags = GIT_DIFF_FIND_RENAMES;
  if (int rc = git_diff_find_similar(diff.get(), &find_options); rc < 0) {
    return GitError(rc, "cannot detect renames");
  }
  std::vector<ChangedFile> changes;
  for (size_t i = 0, n = git_diff_num_deltas(diff.get()); i < n; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    ChangedFile change;
    switch (delta->status) {
      case GIT_DELTA_ADDED: change.kind = ChangedFile::Kind::kAdded; break;
      case GIT_DELTA_DELETED: change.kind = ChangedFile::Kind::kDeleted; break;
      case GIT_DELTA_RENAMED: change.kind = ChangedFile::Kind::kRenamed; break;
      case GIT_DELTA_MODIFIED:
      case GIT_DELTA_TYPECHANGE: change.kind = ChangedFile::Kind::kModified; break;
      default: continue;
    }
    if (change.kind != ChangedFile::Kind::kAdded) change.old_path = delta->old_file.path;
    if (change.kind != ChangedFile::Kind::kDeleted) change.new_path = delta->new_file.path;
    changes.push_back(std::move(change));
  }
  auto key = [](const ChangedFile& c) { return c.new_path.empty() ? c.old_path : c.new_path; };
  std::sort(changes.begin(), changes.end(),
            [&](const ChangedFile& a, const ChangedFile& b) { return key(a) < key(b); });
  return changes;
}

}  // namespace greenlight::source
