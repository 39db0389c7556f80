#include "runtime/processlauncher.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kubelab::runtime {

namespace {

struct ChildSetup {
  pid_t parentPid;
  int inputDescriptor;  // -1: /dev/null
  int outputDescriptor;
  int errorDescriptor;
  int errorPipe;
  const char* executable;
  const char* workingDirectory;
  char* const* argv;
  char* const* environment;
};

[[noreturn]] void failInChild(int errorPipe) {
  const int error = errno;
  [[maybe_unused]] auto written = ::write(errorPipe, &error, sizeof(error));
  ::_exit(127);
}

// Between fork and exec only async-signal-safe calls: the parent prepared everything.
[[noreturn]] void runChild(const ChildSetup& setup) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != setup.parentPid) ::_exit(127);  // the parent died before prctl took effect
  ::setsid();
  // The kubelet blocks its stop signals to wait for them on one thread; a container must
  // see SIGTERM, and must not inherit any disposition the kubelet chose.
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int signal : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD}) ::signal(signal, SIG_DFL);
  if (::chdir(setup.workingDirectory) != 0) failInChild(setup.errorPipe);
  ::dup2(setup.outputDescriptor, STDOUT_FILENO);
  ::dup2(setup.errorDescriptor, STDERR_FILENO);
  const int input = setup.inputDescriptor >= 0 ? setup.inputDescriptor : ::open("/dev/null", O_RDONLY);
  if (input >= 0) ::dup2(input, STDIN_FILENO);
  // Nothing of the kubelet (its sockets, its store of certificates) leaks into a container;
  // the error pipe is close-on-exec and closes itself.
  if (setup.errorPipe > STDERR_FILENO + 1) {
    ::syscall(SYS_close_range, STDERR_FILENO + 1, setup.errorPipe - 1, 0);
  }
  ::syscall(SYS_close_range, setup.errorPipe + 1, ~0U, 0);
  ::execve(setup.executable, setup.argv, setup.environment);
  failInChild(setup.errorPipe);
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& text : strings) result.push_back(text.data());
  result.push_back(nullptr);
  return result;
}

}  // namespace

Result<pid_t> launchProcessGroup(const LaunchSpec& spec) {
  std::vector<std::string> argvStorage = spec.argv;
  if (argvStorage.empty()) argvStorage.push_back(spec.executable.filename().string());
  std::vector<std::string> environmentStorage = spec.environment;
  std::vector<char*> argv = pointers(argvStorage);
  std::vector<char*> environment = pointers(environmentStorage);
  std::string executable = spec.executable.string();
  std::string workingDirectory = spec.workingDirectory.string();

  int logDescriptor = -1;
  if (!spec.logFile.empty()) {
    logDescriptor = ::open(spec.logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (logDescriptor < 0) return internalError("opening " + spec.logFile.string() + ": " + std::strerror(errno));
  }
  int errorPipe[2];
  if (::pipe2(errorPipe, O_CLOEXEC) != 0) {
    const int error = errno;
    if (logDescriptor >= 0) ::close(logDescriptor);
    return internalError(std::string("pipe2: ") + std::strerror(error));
  }
  ChildSetup setup{::getpid(),
                   spec.standardInput,
                   logDescriptor >= 0 ? logDescriptor : spec.standardOutput,
                   logDescriptor >= 0 ? logDescriptor : spec.standardError,
                   errorPipe[1],
                   executable.c_str(),
                   workingDirectory.c_str(),
                   argv.data(),
                   environment.data()};
  const pid_t pid = ::fork();
  if (pid == 0) runChild(setup);
  const int forkError = errno;
  if (logDescriptor >= 0) ::close(logDescriptor);
  ::close(errorPipe[1]);
  if (pid < 0) {
    ::close(errorPipe[0]);
    return internalError(std::string("fork: ") + std::strerror(forkError));
  }
  int execError = 0;
  ssize_t received;
  do {
    received = ::read(errorPipe[0], &execError, sizeof(execError));
  } while (received < 0 && errno == EINTR);
  ::close(errorPipe[0]);
  if (received == static_cast<ssize_t>(sizeof(execError))) {
    ::waitpid(pid, nullptr, 0);
    return notFound("exec: \"" + executable + "\": " + std::strerror(execError));
  }
  return pid;
}

void signalProcessGroup(pid_t leader, int signal) {
  if (leader <= 0) return;
  ::kill(-leader, signal);
  ::kill(leader, signal);
}

}  // namespace kubelab::runtime
