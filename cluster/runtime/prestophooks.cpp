#include "runtime/prestophooks.h"

#include <signal.h>
#include <sys/wait.h>

#include <thread>

#include "common/logging.h"
#include "http/httpclient.h"

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

void runPreStopHooks(const std::vector<PreStopHook>& hooks, SteadyClock::time_point deadline) {
  std::vector<std::thread> running;
  for (const auto& hook : hooks) running.emplace_back([&hook, deadline] { runHook(hook, deadline); });
  for (auto& thread : running) thread.join();
}

}  // namespace kubelab::runtime
