#include "runtime/prestophooks.h"

#include <signal.h>
#include <sys/wait.h>

#include <thread>

#include <cstdlib>

#include "api/objectmeta.h"
#include "common/logging.h"
#include "http/httpclient.h"
#include "runtime/containerports.h"
#include "runtime/processexec.h"

namespace kubelab::runtime {

namespace {

using SteadyClock = std::chrono::steady_clock;

void runExec(const PreStopHook& hook, SteadyClock::time_point deadline) {
  auto pid = launchProcessGroup(*hook.exec);
  if (!pid) {
    log::warning("preStop hook of container ", hook.container, ": ", pid.status().message());
    return;
  }
  int status = 0;
  while (::waitpid(*pid, &status, WNOHANG) == 0) {
    if (SteadyClock::now() >= deadline) {
      log::warning("preStop hook of container ", hook.container, " did not finish within the grace period");
      signalProcessGroup(*pid, SIGKILL);
      ::waitpid(*pid, &status, 0);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  signalProcessGroup(*pid, SIGKILL);  // what the hook left behind
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    log::warning("preStop hook of container ", hook.container, " failed");
  }
}

void runHttpGet(const PreStopHook& hook, SteadyClock::time_point deadline) {
  auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
  if (remaining.count() <= 0) return;
  http::Client client(hook.httpHost, static_cast<std::uint16_t>(hook.httpPort));
  http::RequestOptions options;
  options.timeout = remaining;
  auto response = client.get(hook.httpPath, options);
  if (!response || response->status >= 400) {
    log::warning("preStop hook of container ", hook.container, ": GET ", hook.httpPath, " failed");
  }
}

void runHook(const PreStopHook& hook, SteadyClock::time_point deadline) {
  if (hook.exec) return runExec(hook, deadline);
  if (!hook.httpHost.empty()) return runHttpGet(hook, deadline);
  auto until = std::min(deadline, SteadyClock::now() + hook.sleep);
  std::this_thread::sleep_until(until);
}

}  // namespace

std::optional<PreStopHook> preStopHookFor(const boost::json::object& pod, const boost::json::object& container,
                                          const Environment& environment, const CatalogImage* image,
                                          const std::filesystem::path& workingDirectory) {
  const auto* preStop = api::objectAt(container, {"lifecycle", "preStop"});
  if (!preStop) return std::nullopt;
  PreStopHook hook;
  hook.container = api::stringAt(container, {"name"});
  if (const auto* command = api::arrayAt(*preStop, {"exec", "command"})) {
    std::vector<std::string> argv;
    for (const auto& word : *command) {
      if (word.is_string()) argv.push_back(expandReferences(std::string(word.get_string()), environment));
    }
    std::string searchPath;
    for (const auto& [name, value] : environment) {
      if (name == "PATH") searchPath = value;
    }
    auto executable = execExecutable(image, argv, searchPath);
    if (!executable) {
      log::warning("preStop hook of container ", hook.container, ": ", executable.status().message());
      return std::nullopt;
    }
    hook.exec = LaunchSpec{*executable, argv, environmentStrings(environment), workingDirectory, "/dev/null"};
  } else if (const auto* httpGet = api::objectAt(*preStop, {"httpGet"})) {
    hook.httpHost = api::stringAt(*httpGet, {"host"});
    if (hook.httpHost.empty()) hook.httpHost = api::stringAt(pod, {"status", "podIP"});
    hook.httpPort = containerPortNumber(container, api::valueAt(*httpGet, {"port"}));
    hook.httpPath = api::stringAt(*httpGet, {"path"});
    if (hook.httpPath.empty()) hook.httpPath = "/";
  } else {
    hook.sleep = std::chrono::seconds(api::integerAt(*preStop, {"sleep", "seconds"}));
  }
  return hook;
}

void runPreStopHooks(const std::vector<PreStopHook>& hooks, SteadyClock::time_point deadline) {
  std::vector<std::thread> running;
  for (const auto& hook : hooks) running.emplace_back([&hook, deadline] { runHook(hook, deadline); });
  for (auto& thread : running) thread.join();
}

}  // namespace kubelab::runtime
