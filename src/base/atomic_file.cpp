#include "base/atomic_file.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace greenlight {
namespace fs = std::filesystem;

namespace {

std::string RandomSuffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out(8, ' ');
  for (auto& c : out) c = kChars[rng() % (sizeof(kChars) - 1)];
  return out;
}

Status WriteAll(int fd, std::string_view contents) {
  while (!contents.empty()) {
    ssize_t n = ::write(fd, contents.data(), contents.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return DataLoss(std::string("write failed: ") + std::strerror(errno));
    }
    contents.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

// SIGINT, SIGTERM and SIGHUP are held back while a temp file exists, so that Ctrl-C cannot
// leave it behind: a signal that arrives meanwhile is delivered when the writer goes, after the
// temp file was renamed or removed.
sigset_t DeferInterrupts() {
  sigset_t deferred, previous;
  sigemptyset(&deferred);
  sigaddset(&deferred, SIGINT);
  sigaddset(&deferred, SIGTERM);
  sigaddset(&deferred, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &deferred, &previous);
  return previous;
}

}  // namespace

StatusOr<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Create(const fs::path& path) {
  const sigset_t previous = DeferInterrupts();
  fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  fs::path temp = dir / ("." + path.filename().string() + ".tmp-" + RandomSuffix());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    Status error = DataLoss("cannot create " + temp.string() + ": " + std::strerror(errno));
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return error;
  }
  return std::unique_ptr<AtomicFileWriter>(new AtomicFileWriter(path, temp, fd, previous));
}

AtomicFileWriter::AtomicFileWriter(fs::path path, fs::path temp, int fd, const sigset_t& previous_mask)
    : path_(std::move(path)), temp_(std::move(temp)), fd_(fd), previous_mask_(previous_mask) {}

AtomicFileWriter::~AtomicFileWriter() {
  Abandon();
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

void AtomicFileWriter::Abandon() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(temp_.c_str());
  fd_ = -1;
}

Status AtomicFileWriter::Write(std::string_view text) {
  if (!error_.ok()) return error_;
  if (fd_ < 0) return error_ = Internal("write after commit");
  if (Status s = WriteAll(fd_, text); !s.ok()) error_ = DataLoss("cannot write " + path_.string() + ": " + s.message());
  return error_;
}

Status AtomicFileWriter::Commit() {
  if (error_.ok() && fd_ < 0) error_ = Internal("committed twice");
  if (error_.ok() && ::fsync(fd_) != 0) error_ = DataLoss("cannot flush " + temp_.string() + ": " + std::strerror(errno));
  if (!error_.ok()) {
    Abandon();
    return error_;
  }
  ::close(fd_);
  fd_ = -1;
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    error_ = DataLoss("cannot rename to " + path_.string() + ": " + std::strerror(errno));
    ::unlink(temp_.c_str());
  }
  return error_;
}

Status WriteFileAtomically(const fs::path& path, std::string_view contents) {
  GL_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> writer, AtomicFileWriter::Create(path));
  GL_RETURN_IF_ERROR(writer->Write(contents));
  return writer->Commit();
}

StatusOr<fs::path> ResolveInside(const fs::path& root, const fs::path& relative) {
  if (relative.is_absolute() || relative.has_root_name()) {
    return InvalidArgument("refusing absolute output path '" + relative.string() + "'");
  }
  fs::path normal = relative.lexically_normal();
  for (const auto& part : normal) {
    if (part == "..") {
      return InvalidArgument("refusing output path '" + relative.string() +
                             "': it would leave " + root.string());
    }
  }
  std::error_code ec;
  fs::path canonical_root = fs::weakly_canonical(root, ec);
  if (ec) return DataLoss("cannot resolve " + root.string() + ": " + ec.message());
  fs::path joined = fs::weakly_canonical(canonical_root / normal, ec);
  if (ec) return DataLoss("cannot resolve " + (root / normal).string() + ": " + ec.message());
  auto mismatch = std::mismatch(canonical_root.begin(), canonical_root.end(), joined.begin(),
                                joined.end());
  if (mismatch.first != canonical_root.end()) {
    return InvalidArgument("refusing output path '" + relative.string() +
                           "': a symlink leads outside " + root.string());
  }
  return canonical_root / normal;
}

}  // namespace greenlight
