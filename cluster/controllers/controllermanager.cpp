#include "controllers/controllermanager.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <memory>
#include <optional>
#include <thread>

#include "client/informer.h"
#include "client/leaderelection.h"
#include "client/pacegate.h"
#include "client/restclient.h"
#include "common/logging.h"
#include "common/stopsignals.h"
#include "controllers/controllerregistry.h"

namespace kubelab::controllers {

namespace {

std::string hostName() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

// Starts the controllers and blocks until `stop` is set; then stops them in reverse order.
void runControllers(client::ApiInterface& api, const ControllerManagerOptions& options,
                    const std::vector<std::string>& names, const std::atomic<bool>& stop) {
  client::InformerFactory informers(api);
  ControllerContext context{api, informers, options.timings, hostName(), options.workersPerController};
  // Declared before the controllers, so it outlives their workers.
  std::optional<client::PaceGate> pace;
  if (options.paceControl) pace.emplace(api, options.userAgent);
  std::vector<std::unique_ptr<Controller>> running;
  {
    // Every ReconcileLoop the controllers build here waits at the gate.
    client::PaceGateScope paced(pace ? &*pace : nullptr);
    for (const auto& registration : *options.registry) {
      if (std::find(names.begin(), names.end(), registration.name) == names.end()) continue;
      running.push_back(registration.factory(context));
    }
  }
  if (pace) pace->start();
  informers.startAll();
  auto synced = [&] {
    return informers.waitForSync(std::chrono::milliseconds(500)) &&
           (!pace || pace->waitForSync(std::chrono::milliseconds(500)));
  };
  while (!synced()) {
    if (stop) {
      // Informer threads call the controllers' handlers: stop them before the controllers go.
      informers.stopAll();
      return;
    }
    log::info("waiting for informer caches to sync");
  }
  for (auto& controller : running) {
    log::info("starting controller ", controller->name());
    controller->start();
  }
  while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (auto it = running.rbegin(); it != running.rend(); ++it) (*it)->stop();
  if (pace) pace->stop();
  informers.stopAll();
}

}  // namespace

Result<std::vector<std::string>> selectControllers(const std::vector<std::string>& requested,
                                                   const std::vector<ControllerRegistration>& registry) {
  std::vector<std::string> known;
  for (const auto& registration : registry) known.push_back(registration.name);
  bool everything = false;
  std::vector<std::string> included;
  std::vector<std::string> excluded;
  for (const auto& name : requested) {
    if (name == "*") {
      everything = true;
      continue;
    }
    bool exclude = name.starts_with("-");
    std::string bare = exclude ? name.substr(1) : name;
    if (std::find(known.begin(), known.end(), bare) == known.end()) {
      std::string list;
      for (const auto& entry : known) list += (list.empty() ? "" : ", ") + entry;
      return invalid("unknown controller \"" + bare + "\"; known controllers: " + list);
    }
    (exclude ? excluded : included).push_back(bare);
  }
  std::vector<std::string> selected;
  for (const auto& name : known) {
    bool wanted = everything || std::find(included.begin(), included.end(), name) != included.end();
    if (wanted && std::find(excluded.begin(), excluded.end(), name) == excluded.end()) selected.push_back(name);
  }
  return selected;
}

Status runControllerManager(const ControllerManagerOptions& options) {
  auto names = selectControllers(options.controllers, *options.registry);
  if (!names) return names.status();
  auto config = client::loadKubeconfig(options.kubeconfig);
  if (!config) return config.status();
  config->userAgent = options.userAgent;
  client::RestClient api(*config);

  std::atomic<bool> stop{false};
  std::atomic<bool> lostLeadership{false};
  // The main thread waits for a signal; it then stops everything through `stop`.
  std::thread signalWaiter([&stop] {
    int received = waitForStopSignal();
    log::info("stopping on signal ", received);
    stop = true;
  });

  if (!options.leaderElect) {
    runControllers(api, options, *names, stop);
  } else {
    client::LeaderElectionConfig election;
    election.leaseName = options.leaseName;
    election.leaseDuration = options.leaseDuration;
    election.renewDeadline = options.renewDeadline;
    election.retryPeriod = options.retryPeriod;
    client::LeaderElector elector(api, election);
    std::atomic<bool> stopWork{false};
    elector.start([&] { runControllers(api, options, *names, stopWork); },
                  [&] {
                    stopWork = true;
                    if (!stop) lostLeadership = true;
                  });
    while (!stop && !lostLeadership) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stopWork = true;
    elector.stop();
  }
  if (!stop) {
    // Wake the signal waiter so the thread can be joined.
    kill(getpid(), SIGTERM);
  }
  signalWaiter.join();
  if (lostLeadership) return unavailable("leader election lost");
  return Status::ok();
}

}  // namespace kubelab::controllers
