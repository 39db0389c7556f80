#include "client/execcredential.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>

#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "api/objectmeta.h"
#include "api/timestamp.h"

extern char** environ;

namespace kubelab::client {

namespace {

struct ProcessOutput {
  int exitStatus = -1;
  std::string out;
  std::string err;
};

// Reads both pipes until the child closes them or the deadline passes.
void drainPipes(int outFd, int errFd, std::chrono::steady_clock::time_point deadline, ProcessOutput& output) {
  pollfd fds[2] = {{outFd, POLLIN, 0}, {errFd, POLLIN, 0}};
  int open = 2;
  char buffer[4096];
  while (open > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    if (poll(fds, 2, static_cast<int>(left.count())) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        fds[i].fd = -1;
        --open;
        continue;
      }
      (i == 0 ? output.out : output.err).append(buffer, static_cast<std::size_t>(n));
    }
  }
}

Result<ProcessOutput> runProcess(const ExecCredentialPlugin& plugin, const std::string& execInfo,
                                 std::chrono::milliseconds timeout) {
  int outPipe[2];
  int errPipe[2];
  if (pipe2(outPipe, O_CLOEXEC) != 0 || pipe2(errPipe, O_CLOEXEC) != 0) {
    return unavailable(std::string("cannot create pipes: ") + std::strerror(errno));
  }
  std::vector<std::string> environment;
  for (char** entry = environ; *entry; ++entry) environment.emplace_back(*entry);
  for (const auto& [name, value] : plugin.environment) environment.push_back(name + "=" + value);
  environment.push_back("KUBERNETES_EXEC_INFO=" + execInfo);
  std::vector<std::string> argv{plugin.command};
  argv.insert(argv.end(), plugin.arguments.begin(), plugin.arguments.end());

  pid_t pid = fork();
  if (pid < 0) return unavailable(std::string("cannot fork: ") + std::strerror(errno));
  if (pid == 0) {
    dup2(outPipe[1], STDOUT_FILENO);
    dup2(errPipe[1], STDERR_FILENO);
    int devNull = open("/dev/null", O_RDONLY);
    if (devNull >= 0) dup2(devNull, STDIN_FILENO);
    if (!plugin.workingDirectory.empty() && chdir(plugin.workingDirectory.c_str()) != 0) _exit(127);
    std::vector<char*> args;
    for (auto& arg : argv) args.push_back(arg.data());
    args.push_back(nullptr);
    std::vector<char*> env;
    for (auto& entry : environment) env.push_back(entry.data());
    env.push_back(nullptr);
    execvpe(args[0], args.data(), env.data());
    _exit(127);
  }
  close(outPipe[1]);
  close(errPipe[1]);
  ProcessOutput output;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  drainPipes(outPipe[0], errPipe[0], deadline, output);
  close(outPipe[0]);
  close(errPipe[0]);
  int status = 0;
  pid_t waited = 0;
  // Closed pipes come a moment before the exit status.
  while ((waited = waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (waited == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return Status(StatusCode::DeadlineExceeded, "exec credential plugin " + plugin.command + " did not finish in time");
  }
  output.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return output;
}

}  // namespace

Result<ExecCredential> parseExecCredential(const std::string& json) {
  boost::system::error_code error;
  auto value = boost::json::parse(json, error);
  if (error || !value.is_object()) return invalid("the exec credential plugin did not print an ExecCredential object");
  const auto& object = value.get_object();
  if (api::stringAt(object, {"kind"}) != "ExecCredential") {
    return invalid("the exec credential plugin printed kind \"" + api::stringAt(object, {"kind"}) +
                   "\", expected ExecCredential");
  }
  ExecCredential credential;
  credential.token = api::stringAt(object, {"status", "token"});
  credential.clientCertificatePem = api::stringAt(object, {"status", "clientCertificateData"});
  credential.clientKeyPem = api::stringAt(object, {"status", "clientKeyData"});
  if (credential.token.empty() && (credential.clientCertificatePem.empty() || credential.clientKeyPem.empty())) {
    return invalid("the ExecCredential has neither status.token nor status.clientCertificateData and clientKeyData");
  }
  std::string expiration = api::stringAt(object, {"status", "expirationTimestamp"});
  if (!expiration.empty()) credential.expiration = api::parseTimestamp(expiration);
  return credential;
}

Result<ExecCredential> runExecCredentialPlugin(const ExecCredentialPlugin& plugin, std::chrono::milliseconds timeout) {
  std::string apiVersion = plugin.apiVersion.empty() ? "client.authentication.k8s.io/v1" : plugin.apiVersion;
  std::string execInfo = R"({"apiVersion":")" + apiVersion + R"(","kind":"ExecCredential","spec":{"interactive":false}})";
  auto output = runProcess(plugin, execInfo, timeout);
  if (!output) return output.status();
  if (output->exitStatus != 0) {
    return unavailable("exec credential plugin " + plugin.command + " failed with exit status " +
                       std::to_string(output->exitStatus) + ": " + output->err);
  }
  return parseExecCredential(output->out);
}

}  // namespace kubelab::client
