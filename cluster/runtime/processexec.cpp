#include "runtime/processexec.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/algorithm/string/split.hpp>
#include <boost/algorithm/string/classification.hpp>

#include <cerrno>
#include <cstring>

namespace kubelab::runtime {

namespace {

class ProcessExecSession final : public ExecSession {
 public:
  ProcessExecSession(pid_t pid, int input, int output, int error)
      : pid_(pid), input_(input), output_(output), error_(error) {}
  ~ProcessExecSession() override {
    if (!reaped_) {
      signalProcessGroup(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    for (int descriptor : {input_, output_, error_}) {
      if (descriptor >= 0) ::close(descriptor);
    }
  }

  int standardInput() const override { return input_; }
  int standardOutput() const override { return output_; }
  int standardError() const override { return error_; }
  void closeStandardInput() override {
    if (input_ >= 0) ::close(input_);
    input_ = -1;
  }
  int wait() override {
    if (reaped_) return exitCode_;
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
    // What the command left running in its group ends with it, as with a container.
    signalProcessGroup(pid_, SIGKILL);
    exitCode_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exitCode_;
  }

 private:
  pid_t pid_;
  int input_, output_, error_;
  bool reaped_ = false;
  int exitCode_ = 0;
};

void closeAll(std::initializer_list<int> descriptors) {
  for (int descriptor : descriptors) {
    if (descriptor >= 0) ::close(descriptor);
  }
}

}  // namespace

Result<std::filesystem::path> execExecutable(const CatalogImage* image, const std::vector<std::string>& command,
                                             const std::string& searchPath) {
  if (command.empty()) return invalid("exec needs a command");
  if (image && !image->fixedEntrypoint) return image->executable;
  const std::string& program = command.front();
  if (program.find('/') != std::string::npos) {
    if (::access(program.c_str(), X_OK) == 0) return std::filesystem::path(program);
  } else {
    std::vector<std::string> directories;
    boost::split(directories, searchPath, boost::is_any_of(":"));
    for (const auto& directory : directories) {
      std::filesystem::path candidate = std::filesystem::path(directory.empty() ? "." : directory) / program;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return notFound("OCI runtime exec failed: exec failed: unable to start container process: exec: \"" + program +
                  "\": executable file not found in $PATH: unknown");
}

Result<std::unique_ptr<ExecSession>> startExecSession(LaunchSpec launch, bool withStandardInput) {
  int input[2] = {-1, -1}, output[2] = {-1, -1}, error[2] = {-1, -1};
  bool piped = ::pipe2(output, O_CLOEXEC) == 0 && ::pipe2(error, O_CLOEXEC) == 0 &&
               (!withStandardInput || ::pipe2(input, O_CLOEXEC) == 0);
  if (!piped) {
    std::string reason = std::strerror(errno);
    closeAll({input[0], input[1], output[0], output[1], error[0], error[1]});
    return internalError("pipe2: " + reason);
  }
  launch.logFile.clear();
  launch.standardInput = input[0];
  launch.standardOutput = output[1];
  launch.standardError = error[1];
  auto pid = launchProcessGroup(launch);
  // The child has its ends (dup2 clears close-on-exec on the copies); keep only ours.
  closeAll({input[0], output[1], error[1]});
  if (!pid) {
    closeAll({input[1], output[0], error[0]});
    return pid.status();
  }
  return std::unique_ptr<ExecSession>(new ProcessExecSession(*pid, input[1], output[0], error[0]));
}

}  // namespace kubelab::runtime
