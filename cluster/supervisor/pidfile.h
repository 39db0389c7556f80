#pragma once
// supervisor.pid: which process supervises a cluster, if any. The daemon holds an exclusive
// flock on the file for as long as it lives, so the kernel drops the claim the moment the
// daemon dies, even by kill -9: a stale file never makes a dead cluster look alive, and two
// supervisors can never run one cluster.

#include <filesystem>
#include <optional>

#include "common/status.h"

namespace kubelab::supervisor {

class PidFileLock {
 public:
  // Claims the file for this process and writes its pid; AlreadyExists, naming the holder,
  // when another process holds it.
  static Result<PidFileLock> acquire(const std::filesystem::path& file);
  ~PidFileLock();  // removes the file, then releases the claim
  PidFileLock(PidFileLock&& other) noexcept;
  PidFileLock& operator=(PidFileLock&&) = delete;
  PidFileLock(const PidFileLock&) = delete;
  PidFileLock& operator=(const PidFileLock&) = delete;

 private:
  PidFileLock(std::filesystem::path file, int descriptor) : file_(std::move(file)), descriptor_(descriptor) {}
  std::filesystem::path file_;
  int descriptor_ = -1;
};

// The pid of the live process holding `file`, or nullopt when no process holds it.
std::optional<int> lockedPid(const std::filesystem::path& file);

}  // namespace kubelab::supervisor
