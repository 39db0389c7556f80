// kubelab-controller-manager: the control loops that make the cluster match its objects
// (ReplicaSets, Deployments, StatefulSets, DaemonSets, Jobs, Endpoints, namespaces, garbage
// collection, node lifecycle, quotas, volumes). Flags mirror kube-controller-manager's.

#include <boost/algorithm/string.hpp>
#include <boost/program_options.hpp>

#include <iostream>

#include "common/logging.h"
#include "common/stopsignals.h"
#include "controllers/controllermanager.h"
#include "controllers/controllerregistry.h"

namespace options = boost::program_options;

int main(int argc, char** argv) {
  kubelab::log::setComponent("kubelab-controller-manager");
  kubelab::controllers::ControllerManagerOptions settings;
  std::string controllers = "*";
  std::string known;
  for (const auto& registration : kubelab::controllers::controllerRegistry()) {
    known += (known.empty() ? "" : ", ") + registration.name;
  }
  long leaseMs = settings.leaseDuration.count();
  long renewMs = settings.renewDeadline.count();
  long retryMs = settings.retryPeriod.count();
  long graceMs = settings.timings.nodeMonitorGracePeriod.count();
  options::options_description description(
      "kubelab-controller-manager: KubeLab's controllers. Each watches the API server and works to\n"
      "make the cluster match what its objects ask for, publishing Events as it goes. Flags mirror\n"
      "kube-controller-manager's; durations are in milliseconds unless named otherwise.\n\n"
      "Usage: kubelab-controller-manager --kubeconfig FILE [flags]\n\nFlags");
  description.add_options()
      ("help,h", "print this help and exit")
      ("kubeconfig", options::value(&settings.kubeconfig)->required(), "kubeconfig with the API server and credentials")
      ("controllers", options::value(&controllers)->default_value(controllers),
       ("comma-separated controllers to run: '*' for all, 'name' to add one, '-name' to leave one out. "
        "Known: " + known).c_str())
      ("leader-elect", options::value(&settings.leaderElect)->default_value(true),
       "campaign for the kube-system/kube-controller-manager Lease; only the leader runs controllers")
      ("leader-elect-lease-duration-ms", options::value(&leaseMs)->default_value(leaseMs),
       "how long a leader's lease lasts without renewal")
      ("leader-elect-renew-deadline-ms", options::value(&renewMs)->default_value(renewMs),
       "how long the leader keeps trying to renew before giving up leadership")
      ("leader-elect-retry-period-ms", options::value(&retryMs)->default_value(retryMs),
       "how often candidates retry and the leader renews")
      ("concurrent-syncs", options::value(&settings.workersPerController)->default_value(2),
       "workers per controller")
      ("node-monitor-grace-period-ms", options::value(&graceMs)->default_value(graceMs),
       "how long a node's Lease may go unrenewed before the node is marked Unknown (Kubernetes: 40000)")
      ("pace-control", options::value(&settings.paceControl)->default_value(true)->implicit_value(true),
       "wait before each sync as the kube-system/kubelab-pace ConfigMap says (pause, slow motion, single "
       "step); false: never")
      ("v", options::value<int>()->default_value(0), "log verbosity: 0 info, 1 and up debug");
  options::variables_map values;
  try {
    options::store(options::parse_command_line(argc, argv, description), values);
    if (values.count("help")) {
      std::cout << description << "\n";
      return 0;
    }
    options::notify(values);
  } catch (const options::error& error) {
    std::cerr << "kubelab-controller-manager: " << error.what()
              << "\nRun 'kubelab-controller-manager --help' for the flags.\n";
    return 2;
  }
  if (values["v"].as<int>() > 0) kubelab::log::setMinimumLevel(kubelab::log::Level::Debug);
  boost::split(settings.controllers, controllers, boost::is_any_of(","), boost::token_compress_on);
  settings.leaseDuration = std::chrono::milliseconds(leaseMs);
  settings.renewDeadline = std::chrono::milliseconds(renewMs);
  settings.retryPeriod = std::chrono::milliseconds(retryMs);
  settings.timings.nodeMonitorGracePeriod = std::chrono::milliseconds(graceMs);

  kubelab::blockStopSignals();
  kubelab::Status status = kubelab::controllers::runControllerManager(settings);
  if (!status.isOk()) {
    std::cerr << "kubelab-controller-manager: " << status.message() << "\n";
    return 1;
  }
  return 0;
}
