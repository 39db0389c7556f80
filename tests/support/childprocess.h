#pragma once
// A child process owned by a test: started with arguments, its stdout and stderr appended
// to a log file, and killed (SIGKILL) and reaped when the handle goes away. The child also
// dies with the test process (PR_SET_PDEATHSIG), so a crashed test leaves no orphans.
// The death signal follows the thread that called start(), so start children from a thread
// that outlives them (the test's main thread).

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace kubelab::testing {

class ChildProcess {
 public:
  static Result<std::unique_ptr<ChildProcess>> start(const std::filesystem::path& executable,
                                                     const std::vector<std::string>& arguments,
                                                     const std::filesystem::path& logFile);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // False once the process has exited (reaps it if so).
  bool isRunning();
  // How it ended, as text ("exited with 1", "killed by signal 9"); "" while running.
  const std::string& exitDescription() const { return exitDescription_; }
  // SIGKILL to the child's process group, then waits for the child. Idempotent.
  void kill();

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  void recordExit(int waitStatus);

  pid_t pid_;
  bool reaped_ = false;
  std::string exitDescription_;
};

}  // namespace kubelab::testing
