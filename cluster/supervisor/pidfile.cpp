#include "supervisor/pidfile.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <charconv>
#include <cstring>
#include <string>
#include <thread>

namespace kubelab::supervisor {

namespace {

std::optional<int> readPid(int descriptor) {
  char buffer[32] = {};
  ssize_t count = ::pread(descriptor, buffer, sizeof buffer - 1, 0);
  if (count <= 0) return std::nullopt;
  int pid = 0;
  auto [end, error] = std::from_chars(buffer, buffer + count, pid);
  if (error != std::errc() || pid <= 0) return std::nullopt;
  return pid;
}

}  // namespace

namespace {

// Whether `descriptor` is still the file at `file`: a previous holder unlinks the file before
// releasing it, so a lock won on an unlinked file claims nothing.
bool isCurrentFile(int descriptor, const std::filesystem::path& file) {
  struct stat opened {};
  struct stat named {};
  return ::fstat(descriptor, &opened) == 0 && ::stat(file.c_str(), &named) == 0 && opened.st_dev == named.st_dev &&
         opened.st_ino == named.st_ino;
}

}  // namespace

Result<PidFileLock> PidFileLock::acquire(const std::filesystem::path& file) {
  // A few attempts, because lockedPid() briefly holds a shared lock while it looks.
  constexpr int kAttempts = 20;
  std::optional<int> holder;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    int descriptor = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (descriptor < 0) return unavailable("cannot open " + file.string() + ": " + std::strerror(errno));
    if (::flock(descriptor, LOCK_EX | LOCK_NB) == 0) {
      if (!isCurrentFile(descriptor, file)) {
        ::close(descriptor);
        continue;
      }
      std::string pid = std::to_string(::getpid()) + "\n";
      if (::ftruncate(descriptor, 0) != 0 || ::pwrite(descriptor, pid.data(), pid.size(), 0) < 0) {
        ::close(descriptor);
        return unavailable("cannot write " + file.string() + ": " + std::strerror(errno));
      }
      return PidFileLock(file, descriptor);
    }
    holder = readPid(descriptor);
    ::close(descriptor);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return alreadyExists("another supervisor" + (holder ? " (pid " + std::to_string(*holder) + ")" : std::string()) +
                       " holds " + file.string());
}

PidFileLock::PidFileLock(PidFileLock&& other) noexcept
    : file_(std::move(other.file_)), descriptor_(other.descriptor_) {
  other.descriptor_ = -1;
}

PidFileLock::~PidFileLock() {
  if (descriptor_ < 0) return;
  // Unlinking while still holding the lock means nobody can read our pid after we are gone.
  ::unlink(file_.c_str());
  ::close(descriptor_);
}

std::optional<int> lockedPid(const std::filesystem::path& file) {
  int descriptor = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) return std::nullopt;
  std::optional<int> pid;
  if (::flock(descriptor, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    // The holder writes its pid just after locking; give it a moment if we came in between.
    for (int attempt = 0; attempt < 50 && !pid; ++attempt) {
      pid = readPid(descriptor);
      if (!pid) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ::close(descriptor);
  return pid;
}

}  // namespace kubelab::supervisor
