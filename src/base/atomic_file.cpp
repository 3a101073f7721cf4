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

// Holds back SIGINT, SIGTERM and SIGHUP while the temp file exists, so that Ctrl-C cannot
// leave it behind: a signal that arrives meanwhile is delivered when the scope ends, after the
// temp file was renamed or removed.
class DeferInterrupts {
 public:
  DeferInterrupts() {
    sigset_t deferred;
    sigemptyset(&deferred);
    sigaddset(&deferred, SIGINT);
    sigaddset(&deferred, SIGTERM);
    sigaddset(&deferred, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &deferred, &previous_);
  }
  ~DeferInterrupts() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  DeferInterrupts(const DeferInterrupts&) = delete;
  DeferInterrupts& operator=(const DeferInterrupts&) = delete;

 private:
  sigset_t previous_;
};

}  // namespace

Status WriteFileAtomically(const fs::path& path, std::string_view contents) {
  DeferInterrupts defer;
  fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  fs::path temp = dir / ("." + path.filename().string() + ".tmp-" + RandomSuffix());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return DataLoss("cannot create " + temp.string() + ": " + std::strerror(errno));
  }
  Status status = WriteAll(fd, contents);
  if (!status.ok()) status = DataLoss("cannot write " + path.string() + ": " + status.message());
  if (status.ok() && ::fsync(fd) != 0) {
    status = DataLoss("cannot flush " + temp.string() + ": " + std::strerror(errno));
  }
  ::close(fd);
  if (status.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    status = DataLoss("cannot rename to " + path.string() + ": " + std::strerror(errno));
  }
  if (!status.ok()) ::unlink(temp.c_str());
  return status;
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
