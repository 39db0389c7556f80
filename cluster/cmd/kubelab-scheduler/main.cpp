// kubelab-scheduler: assigns pending pods to nodes, as kube-scheduler does. Flags mirror
// kube-scheduler's; leader election defaults are faster, to suit a cluster on one machine.

#include <boost/program_options.hpp>

#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "client/eventrecorder.h"
#include "client/informer.h"
#include "client/leaderelection.h"
#include "client/pacegate.h"
#include "client/restclient.h"
#include "client/restconfig.h"
#include "common/logging.h"
#include "common/stopsignals.h"
#include "scheduler/scheduler.h"

namespace options = boost::program_options;
using namespace kubelab;

namespace {

// Go's time.ParseDuration for the forms these flags use: "4s", "1500ms", "1m30s", "2.5s".
std::optional<std::chrono::milliseconds> parseDuration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double totalMilliseconds = 0;
  const char* position = text.data();
  const char* end = text.data() + text.size();
  while (position < end) {
    double amount = 0;
    auto [after, error] = std::from_chars(position, end, amount);
    if (error != std::errc() || after == end) return std::nullopt;
    position = after;
    std::string unit;
    while (position < end && (std::isalpha(static_cast<unsigned char>(*position)) != 0)) unit += *position++;
    if (unit == "ms") {
      totalMilliseconds += amount;
    } else if (unit == "s") {
      totalMilliseconds += amount * 1000;
    } else if (unit == "m") {
      totalMilliseconds += amount * 60'000;
    } else if (unit == "h") {
      totalMilliseconds += amount * 3'600'000;
    } else {
      return std::nullopt;
    }
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(totalMilliseconds));
}

std::atomic<bool> shuttingDown{false};

void exitOnLostLeadership() {
  if (shuttingDown.load()) return;
  // Kubernetes' components exit rather than risk two leaders; the supervisor restarts us as a
  // candidate.
  log::error("leader election lost; exiting");
  std::fflush(stderr);
  std::_Exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  log::setComponent("kubelab-scheduler");
  std::string kubeconfig;
  int verbosity = 2;
  bool leaderElect = true;
  std::string leaseDuration = "4s";
  std::string renewDeadline = "3s";
  std::string retryPeriod = "1s";
  std::string leaseNamespace = "kube-system";
  std::string leaseName = "kube-scheduler";
  scheduler::SchedulerOptions settings;
  bool paceControl = true;
  options::options_description description(
      "kubelab-scheduler: KubeLab's scheduler. It watches pods that have no node, filters the nodes\n"
      "each can run on (cordons, resources, node selectors and affinity, taints, pod anti-affinity),\n"
      "scores the rest (free resources, balance, spreading a controller's pods), binds the pod to the\n"
      "best node, and explains every decision with an Event. Flags mirror kube-scheduler's.\n\n"
      "Usage: kubelab-scheduler --kubeconfig FILE [flags]\n\nFlags");
  description.add_options()
      ("help,h", "print this help and exit")
      ("kubeconfig", options::value(&kubeconfig), "kubeconfig with the API server's address and credentials (required)")
      ("v", options::value(&verbosity)->default_value(verbosity), "log verbosity: 4 or more logs every binding")
      ("scheduler-name", options::value(&settings.schedulerName)->default_value(settings.schedulerName),
       "schedule pods whose spec.schedulerName is this")
      ("bind-threads", options::value(&settings.bindThreads)->default_value(settings.bindThreads),
       "bindings in flight at once")
      ("leader-elect", options::value(&leaderElect)->default_value(leaderElect)->implicit_value(true),
       "run only while holding the leader lease, so several instances can stand by")
      ("leader-elect-lease-duration", options::value(&leaseDuration)->default_value(leaseDuration),
       "how long a standby waits after the leader's last renewal before taking over")
      ("leader-elect-renew-deadline", options::value(&renewDeadline)->default_value(renewDeadline),
       "how long the leader keeps trying to renew before it gives up (and exits)")
      ("leader-elect-retry-period", options::value(&retryPeriod)->default_value(retryPeriod),
       "how often candidates try to acquire or renew the lease")
      ("leader-elect-resource-namespace", options::value(&leaseNamespace)->default_value(leaseNamespace),
       "namespace of the lease")
      ("leader-elect-resource-name", options::value(&leaseName)->default_value(leaseName), "name of the lease")
      ("pace-control", options::value(&paceControl)->default_value(paceControl)->implicit_value(true),
       "wait before scheduling each pod as the kube-system/kubelab-pace ConfigMap says (pause, slow motion, "
       "single step); false: never");
  options::variables_map values;
  try {
    options::store(options::parse_command_line(argc, argv, description), values);
    options::notify(values);
  } catch (const options::error& error) {
    std::cerr << "kubelab-scheduler: " << error.what() << "\nRun 'kubelab-scheduler --help' for the flags.\n";
    return 2;
  }
  if (values.count("help")) {
    std::cout << description << "\n";
    return 0;
  }
  if (kubeconfig.empty()) {
    std::cerr << "kubelab-scheduler: --kubeconfig is required\n";
    return 2;
  }
  client::LeaderElectionConfig election;
  election.leaseNamespace = leaseNamespace;
  election.leaseName = leaseName;
  election.identity = client::uniqueLeaderIdentity();
  auto lease = parseDuration(leaseDuration);
  auto renew = parseDuration(renewDeadline);
  auto retry = parseDuration(retryPeriod);
  if (!lease || !renew || !retry) {
    std::cerr << "kubelab-scheduler: leader election durations look like 4s, 500ms or 1m\n";
    return 2;
  }
  if (*lease <= *renew || *renew <= *retry) {
    std::cerr << "kubelab-scheduler: leader election needs lease duration > renew deadline > retry period\n";
    return 2;
  }
  election.leaseDuration = *lease;
  election.renewDeadline = *renew;
  election.retryPeriod = *retry;
  log::setMinimumLevel(verbosity >= 4 ? log::Level::Debug : log::Level::Info);

  auto config = client::loadKubeconfig(kubeconfig);
  if (!config) {
    std::cerr << "kubelab-scheduler: " << config.status().message() << "\n";
    return 1;
  }
  config->userAgent = "kubelab-scheduler";

  blockStopSignals();
  client::RestClient api(*config);
  client::EventRecorder recorder(api, settings.schedulerName);
  client::InformerFactory informers(api);
  // Declared before the scheduler, so it outlives the scheduling thread.
  std::optional<client::PaceGate> pace;
  if (paceControl) {
    pace.emplace(api, "kubelab-scheduler");
    settings.paceGate = &*pace;
  }
  scheduler::Scheduler scheduler(api, recorder, settings);
  scheduler.addEventHandlers(informers);
  // Standbys keep their caches warm, as kube-scheduler's do, so a takeover schedules at once.
  informers.startAll();
  if (pace) pace->start();

  auto run = [&] {
    if (!informers.waitForSync(std::chrono::minutes(1))) log::warning("informers have not synced; starting anyway");
    if (pace && !pace->waitForSync(std::chrono::seconds(10))) log::warning("pace control has not synced; starting anyway");
    log::info("scheduling with ", settings.bindThreads, " binding threads");
    scheduler.start();
  };
  std::optional<client::LeaderElector> elector;
  if (leaderElect) {
    elector.emplace(api, election);
    elector->start(run, exitOnLostLeadership);
  } else {
    run();
  }

  int received = waitForStopSignal();
  log::info("stopping on signal ", received);
  shuttingDown = true;
  scheduler.stop();
  if (pace) pace->stop();
  if (elector) elector->stop();
  informers.stopAll();
  recorder.flush();
  return 0;
}
