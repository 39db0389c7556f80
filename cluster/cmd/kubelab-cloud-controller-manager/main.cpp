// kubelab-cloud-controller-manager: what a cloud provider's controller manager does for a
// cluster, on one machine: LoadBalancer Services get an address from 127.200.0.0/16. Flags
// mirror cloud-controller-manager's.

#include <boost/algorithm/string.hpp>
#include <boost/program_options.hpp>

#include <iostream>

#include "cloud/cloudinstances.h"
#include "cloud/cloudnodecontroller.h"
#include "cloud/servicecontroller.h"
#include "common/logging.h"
#include "common/stopsignals.h"
#include "controllers/controllermanager.h"

namespace options = boost::program_options;

int main(int argc, char** argv) {
  kubelab::log::setComponent("kubelab-cloud-controller-manager");
  kubelab::controllers::ControllerManagerOptions settings;
  settings.registry = &kubelab::cloud::cloudControllerRegistry();
  settings.leaseName = "cloud-controller-manager";
  settings.userAgent = "kubelab-cloud-controller-manager";
  std::string controllers = "*";
  std::string cloudSocket;
  std::string clusterName;
  long leaseMs = settings.leaseDuration.count();
  long renewMs = settings.renewDeadline.count();
  long retryMs = settings.retryPeriod.count();
  options::options_description description(
      "kubelab-cloud-controller-manager: KubeLab's cloud. LoadBalancer Services get an address from\n"
      "127.200.0.0/16 in status.loadBalancer.ingress, which the node proxies serve. Flags mirror\n"
      "cloud-controller-manager's; durations are in milliseconds.\n\n"
      "Usage: kubelab-cloud-controller-manager --kubeconfig FILE [flags]\n\nFlags");
  description.add_options()
      ("help,h", "print this help and exit")
      ("kubeconfig", options::value(&settings.kubeconfig)->required(), "kubeconfig with the API server and credentials")
      ("controllers", options::value(&controllers)->default_value(controllers),
       "comma-separated controllers to run: '*' for all. Known: service-lb-controller, and with "
       "--cloud-provider-socket cloud-node-controller and cloud-node-lifecycle-controller")
      ("cloud-provider-socket", options::value(&cloudSocket),
       "the cluster supervisor's control socket, KubeLab's cloud API: which node instances exist. With it, nodes "
       "registered with --cloud-provider=external are initialized (providerID, zone labels, taint removed) and "
       "Nodes whose instance is gone are deleted")
      ("cluster-name", options::value(&clusterName), "the cluster's name (as cloud-controller-manager's)")
      ("leader-elect", options::value(&settings.leaderElect)->default_value(true),
       "campaign for the kube-system/cloud-controller-manager Lease; only the leader runs controllers")
      ("leader-elect-lease-duration-ms", options::value(&leaseMs)->default_value(leaseMs), "lease duration")
      ("leader-elect-renew-deadline-ms", options::value(&renewMs)->default_value(renewMs), "renew deadline")
      ("leader-elect-retry-period-ms", options::value(&retryMs)->default_value(retryMs), "retry period")
      ("pace-control", options::value(&settings.paceControl)->default_value(true)->implicit_value(true),
       "wait before each sync as the kube-system/kubelab-pace ConfigMap says (pause, slow motion, single "
       "step); false: never");
  options::variables_map values;
  try {
    options::store(options::parse_command_line(argc, argv, description), values);
    if (values.count("help")) {
      std::cout << description << "\n";
      return 0;
    }
    options::notify(values);
  } catch (const options::error& error) {
    std::cerr << "kubelab-cloud-controller-manager: " << error.what()
              << "\nRun 'kubelab-cloud-controller-manager --help' for the flags.\n";
    return 2;
  }
  boost::split(settings.controllers, controllers, boost::is_any_of(","), boost::token_compress_on);
  settings.leaseDuration = std::chrono::milliseconds(leaseMs);
  settings.renewDeadline = std::chrono::milliseconds(renewMs);
  settings.retryPeriod = std::chrono::milliseconds(retryMs);

  if (!cloudSocket.empty()) {
    kubelab::cloud::setCloudInstances(kubelab::cloud::supervisorInstances(cloudSocket));
    settings.registry = &kubelab::cloud::cloudControllerRegistryWithNodes();
  }
  kubelab::blockStopSignals();
  kubelab::Status status = kubelab::controllers::runControllerManager(settings);
  if (!status.isOk()) {
    std::cerr << "kubelab-cloud-controller-manager: " << status.message() << "\n";
    return 1;
  }
  return 0;
}
