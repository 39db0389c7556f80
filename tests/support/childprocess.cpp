#include "support/childprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kubelab::testing {

namespace {

std::string errnoText(const std::string& what, int error) { return what + ": " + std::strerror(error); }

// Runs in the child between fork and exec: only async-signal-safe calls are allowed here,
// so everything it needs was prepared by the parent.
[[noreturn]] void execChild(pid_t parentPid, int logDescriptor, int errorPipe, const char* executable,
                            char* const* argv) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The parent may have died before prctl took effect; then nobody would ever kill us.
  if (::getppid() != parentPid) ::_exit(127);
  // Its own process group, so kill() also reaches anything the child spawns.
  ::setpgid(0, 0);
  ::dup2(logDescriptor, STDOUT_FILENO);
  ::dup2(logDescriptor, STDERR_FILENO);
  const int devNull = ::open("/dev/null", O_RDONLY);
  if (devNull >= 0) ::dup2(devNull, STDIN_FILENO);
  ::execv(executable, argv);
  const int error = errno;
  [[maybe_unused]] auto written = ::write(errorPipe, &error, sizeof(error));
  ::_exit(127);
}

}  // namespace

Result<std::unique_ptr<ChildProcess>> ChildProcess::start(const std::filesystem::path& executable,
                                                          const std::vector<std::string>& arguments,
                                                          const std::filesystem::path& logFile) {
  if (::access(executable.c_str(), X_OK) != 0) {
    return notFound(errnoText("cannot execute " + executable.string(), errno));
  }
  const int logDescriptor = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (logDescriptor < 0) return internalError(errnoText("open " + logFile.string(), errno));
  int errorPipe[2];
  if (::pipe2(errorPipe, O_CLOEXEC) != 0) {
    ::close(logDescriptor);
    return internalError(errnoText("pipe2", errno));
  }

  std::vector<std::string> argumentStorage;
  argumentStorage.push_back(executable.string());
  argumentStorage.insert(argumentStorage.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& argument : argumentStorage) argv.push_back(argument.data());
  argv.push_back(nullptr);

  const pid_t parentPid = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int error = errno;
    ::close(logDescriptor);
    ::close(errorPipe[0]);
    ::close(errorPipe[1]);
    return internalError(errnoText("fork", error));
  }
  if (pid == 0) execChild(parentPid, logDescriptor, errorPipe[1], argumentStorage[0].c_str(), argv.data());

  // Also set the group from the parent side, so kill() works even if the child has not
  // run setpgid yet.
  ::setpgid(pid, pid);
  ::close(logDescriptor);
  ::close(errorPipe[1]);
  int execError = 0;
  ssize_t received;
  do {
    received = ::read(errorPipe[0], &execError, sizeof(execError));
  } while (received < 0 && errno == EINTR);
  ::close(errorPipe[0]);
  auto child = std::unique_ptr<ChildProcess>(new ChildProcess(pid));
  if (received == sizeof(execError)) {
    child->kill();
    return internalError(errnoText("exec " + executable.string(), execError));
  }
  return child;
}

ChildProcess::~ChildProcess() { kill(); }

bool ChildProcess::isRunning() {
  if (reaped_) return false;
  int waitStatus = 0;
  const pid_t result = ::waitpid(pid_, &waitStatus, WNOHANG);
  if (result == pid_) {
    recordExit(waitStatus);
    return false;
  }
  return result == 0;
}

void ChildProcess::kill() {
  if (reaped_) return;
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
  int waitStatus = 0;
  pid_t result;
  do {
    result = ::waitpid(pid_, &waitStatus, 0);
  } while (result < 0 && errno == EINTR);
  if (result == pid_) {
    recordExit(waitStatus);
  } else {
    reaped_ = true;  // ECHILD: somebody else reaped it; nothing left to wait for
    exitDescription_ = "reaped elsewhere";
  }
}

void ChildProcess::recordExit(int waitStatus) {
  reaped_ = true;
  if (WIFEXITED(waitStatus)) {
    exitDescription_ = "exited with " + std::to_string(WEXITSTATUS(waitStatus));
  } else if (WIFSIGNALED(waitStatus)) {
    exitDescription_ = "killed by signal " + std::to_string(WTERMSIG(waitStatus));
  } else {
    exitDescription_ = "ended";
  }
}

}  // namespace kubelab::testing
