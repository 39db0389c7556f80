#include "supervisor/childprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>

namespace kubelab::supervisor {

namespace process = boost::process;

ExitStatus::ExitStatus(int waitStatus) {
  if (WIFSIGNALED(waitStatus)) {
    signaled_ = true;
    signal_ = WTERMSIG(waitStatus);
  } else {
    code_ = WEXITSTATUS(waitStatus);
  }
}

std::string ExitStatus::describe() const {
  if (!signaled_) return "exited with code " + std::to_string(code_);
  const char* abbreviation = sigabbrev_np(signal_);
  return "killed by signal " + std::to_string(signal_) +
         (abbreviation != nullptr ? std::string(" (SIG") + abbreviation + ")" : std::string());
}

namespace {

// Everything the child needs after fork(), prepared before it: between fork() and exec() in a
// multi-threaded program only async-signal-safe calls are allowed (no allocation, no locks).
struct ChildSetup {
  int logDescriptor = -1;
  pid_t parentPid = 0;
  bool dieWithParent = true;
  bool newSession = false;
};

// Runs in the child between fork() and exec(). Reports a failure through Boost.Process's
// error pipe, which makes launch() fail in the parent.
template <typename Executor>
void prepareChild(const ChildSetup& setup, Executor& executor) {
  auto fail = [&executor](const char* what) {
    executor.set_error(std::error_code(errno, std::system_category()), what);
    _exit(127);
  };
  // A blocked or ignored signal stays so across exec; the supervisor blocks the ones it
  // waits for, and the components must still die from SIGTERM.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction defaultAction {};
  defaultAction.sa_handler = SIG_DFL;
  for (int signalNumber : {SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD}) sigaction(signalNumber, &defaultAction, nullptr);

  if (setup.newSession) {
    if (setsid() < 0) fail("setsid");
  } else if (setpgid(0, 0) != 0) {
    fail("setpgid");
  }
  if (setup.dieWithParent) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("prctl(PR_SET_PDEATHSIG)");
    // The parent may have died between fork() and prctl(); then no signal would ever come.
    if (getppid() != setup.parentPid) _exit(128 + SIGKILL);
  }
  if (dup2(setup.logDescriptor, STDOUT_FILENO) < 0 || dup2(setup.logDescriptor, STDERR_FILENO) < 0) fail("dup2");
  // Descriptors of the supervisor (sockets, the pid file lock) must not leak into components:
  // a leaked pid file lock would make a dead supervisor look alive. Marking them close-on-exec
  // keeps Boost.Process's own error pipe working until exec.
  close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
}

// Owns the log file descriptor while the child is being started.
struct Descriptor {
  int value = -1;
  ~Descriptor() {
    if (value >= 0) ::close(value);
  }
};

}  // namespace

struct ChildProcess::Impl {
  process::child child;
  bool tracked = true;
};

ChildProcess::ChildProcess(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ChildProcess::~ChildProcess() {
  if (impl_ && impl_->tracked && poll() == std::nullopt) {
    std::error_code ignored;
    impl_->child.terminate(ignored);  // SIGKILL and reap
  }
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::launch(const LaunchOptions& options) {
  if (::access(options.executable.c_str(), X_OK) != 0) {
    return notFound(options.executable.string() + " is missing or not executable");
  }
  Descriptor log;
  log.value = ::open(options.logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log.value < 0) {
    return unavailable("cannot open log file " + options.logFile.string() + ": " + std::strerror(errno));
  }
  ChildSetup setup{log.value, ::getpid(), options.dieWithParent, options.newSession};
  try {
    auto impl = std::make_unique<Impl>();
    impl->child = process::child(
        process::exe = options.executable.string(), process::args = options.arguments, process::std_in < process::null,
        process::extend::on_exec_setup = [setup](auto& executor) { prepareChild(setup, executor); });
    return std::unique_ptr<ChildProcess>(new ChildProcess(std::move(impl)));
  } catch (const process::process_error& error) {
    return unavailable("cannot start " + options.executable.string() + ": " + error.what());
  } catch (const std::exception& error) {
    return internalError("cannot start " + options.executable.string() + ": " + error.what());
  }
}

int ChildProcess::pid() const { return impl_->child.id(); }

std::optional<ExitStatus> ChildProcess::poll() {
  std::error_code error;
  if (impl_->child.running(error)) return std::nullopt;
  if (error) {
    // waitpid failing for our own child means someone else reaped it; treat it as gone.
    return ExitStatus(0);
  }
  return ExitStatus(impl_->child.native_exit_code());
}

ExitStatus ChildProcess::stop(std::chrono::milliseconds grace) {
  if (std::optional<ExitStatus> exited = poll()) return *exited;
  // The whole group, so helpers a component started go too; the pid alone when the group
  // does not exist (a launch with newSession makes the child its own group leader anyway).
  requestStop();
  pid_t pid = impl_->child.id();
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::optional<ExitStatus> exited = poll()) return *exited;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (std::optional<ExitStatus> exited = poll()) return *exited;
  if (::kill(-pid, SIGKILL) != 0) ::kill(pid, SIGKILL);
  std::error_code ignored;
  impl_->child.wait(ignored);
  return ExitStatus(impl_->child.native_exit_code());
}

void ChildProcess::requestStop() {
  if (poll()) return;
  pid_t pid = impl_->child.id();
  if (::kill(-pid, SIGTERM) != 0) ::kill(pid, SIGTERM);
}

void ChildProcess::release() {
  impl_->child.detach();
  impl_->tracked = false;
}

}  // namespace kubelab::supervisor
