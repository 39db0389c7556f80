#pragma once
// One child process started with Boost.Process. Boost.Process stays behind this header, and
// its exceptions are translated to Status here.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace kubelab::supervisor {

struct LaunchOptions {
  std::filesystem::path executable;
  std::vector<std::string> arguments;
  std::filesystem::path logFile;  // stdout and stderr are appended here; stdin is /dev/null
  // The kernel sends the child SIGKILL when the thread that started it dies, even by kill -9,
  // so a dead supervisor never leaves components behind. The child then runs in its own
  // process group, so a terminal's Ctrl-C reaches only the supervisor, which stops the
  // components in order.
  bool dieWithParent = true;
  // Start a new session instead (setsid): the supervisor daemon must outlive the
  // `kubelabctl up` that starts it and the terminal it was typed in.
  bool newSession = false;
};

// How a child ended, from its wait status.
class ExitStatus {
 public:
  explicit ExitStatus(int waitStatus);
  bool signaled() const { return signaled_; }
  int code() const { return code_; }      // when !signaled()
  int signal() const { return signal_; }  // when signaled()
  // "exited with code 1", "killed by signal 9 (SIGKILL)"
  std::string describe() const;

 private:
  bool signaled_ = false;
  int code_ = 0;
  int signal_ = 0;
};

class ChildProcess {
 public:
  // NotFound when the executable is missing, Unavailable when the system refuses the process.
  static Result<std::unique_ptr<ChildProcess>> launch(const LaunchOptions& options);
  ~ChildProcess();  // a child still tracked is killed and reaped
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const;
  // The exit status once the child has exited (reaping it); nullopt while it runs.
  std::optional<ExitStatus> poll();
  // SIGTERM to the child's process group, up to `grace` to exit, then SIGKILL.
  ExitStatus stop(std::chrono::milliseconds grace);
  // Sends SIGTERM without waiting, so that many children can stop at once; stop() then waits.
  void requestStop();
  // Stops tracking the child, which then outlives this object and this process.
  void release();

 private:
  struct Impl;
  explicit ChildProcess(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubelab::supervisor
