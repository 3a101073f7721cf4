// File: src/base/atomic_file.h
// Writing the user's files safely: outputs appear whole or not at all (temp file in the same
// directory, fsync, rename), and never outside the directory the user named.
#pragma once

#include <signal.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace greenlight {

/// Where a report goes a piece at a time (so that a big report is never held whole): standard
/// output, a file written atomically, or a string.
class TextSink {
 public:
  virtual ~TextSink() = default;
  virtual Status Write(std::string_view text) = 0;
};

class StringSink : public TextSink {
 public:
  Status Write(std::string_view text) override {
    text_.append(text);
    return Status::Ok();
  }
  std::string& text() { return text_; }

 private:
  std::string text_;
};

/// A file written as WriteFileAtomically does, a piece at a time: the pieces go to a sibling
/// temp file, which Commit flushes and renames over the path. Until then the previous file is
/// untouched; a writer dropped without Commit (or whose Commit failed) removes its temp file.
/// SIGINT, SIGTERM and SIGHUP are held back while the temp file exists (create and destroy the
/// writer on one thread).
class AtomicFileWriter : public TextSink {
 public:
  static StatusOr<std::unique_ptr<AtomicFileWriter>> Create(const std::filesystem::path& path);
  ~AtomicFileWriter() override;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  Status Write(std::string_view text) override;
  Status Commit();

 private:
  AtomicFileWriter(std::filesystem::path path, std::filesystem::path temp, int fd, const sigset_t& previous_mask);
  void Abandon();

  std::filesystem::path path_, temp_;
  int fd_;
  sigset_t previous_mask_;
  Status error_;  // the first write error: later writes are skipped and Commit returns it
};

/// Writes `contents` to `path` atomically: a sibling temp file is written, flushed and renamed
/// over `path`. On failure (read-only folder, full disk) the previous file (if any) is
/// untouched and no temp file is left. SIGINT, SIGTERM and SIGHUP are held back meanwhile and
/// delivered once the temp file is gone, so an interrupted write leaves no partial file either.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents);

/// Joins `relative` under `root` and refuses any result that would leave `root` (absolute
/// paths, "..", symlinked parents pointing elsewhere). Returns the joined path.
StatusOr<std::filesystem::path> ResolveInside(const std::filesystem::path& root,
                                              const std::filesystem::path& relative);

}  // namespace greenlight
