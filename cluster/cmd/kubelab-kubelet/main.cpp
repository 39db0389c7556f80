// kubelab-kubelet: one node. Registers the Node, heartbeats its Lease, and runs the pods the
// scheduler binds to it through a pod runtime. Flags mirror the kubelet's where it has them.

#include <boost/algorithm/string.hpp>
#include <boost/program_options.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "client/restclient.h"
#include "common/logging.h"
#include "common/stopsignals.h"
#include "kubelet/kubelet.h"
#include "kubelet/partitionsignals.h"
#include "runtime/processruntime.h"
#include "runtime/simulatedruntime.h"

namespace options = boost::program_options;

int main(int argc, char** argv) {
  kubelab::log::setComponent("kubelab-kubelet");
  kubelab::kubelet::KubeletConfig config;
  std::string labels;
  std::string taints;
  std::string cloudProvider;
  long startDelayMs = config.simulatedStartDelay.count();
  long runDurationMs = config.simulatedRunDuration.count();
  long leaseSeconds = config.nodeLeaseDuration.count();
  long statusMs = config.nodeStatusUpdateFrequency.count();
  // The process runtime's settings; files it needs sit next to this executable by default.
  std::filesystem::path programDirectory = std::filesystem::read_symlink("/proc/self/exe").parent_path();
  kubelab::runtime::ProcessRuntimeOptions processOptions;
  std::string rootDirectory;
  std::string imageCatalog = (programDirectory / "images.yaml").string();
  long backoffBaseMs = processOptions.restartBackoffBase.count();
  long backoffCapMs = processOptions.restartBackoffCap.count();
  options::options_description description(
      "kubelab-kubelet: one KubeLab node. It registers its Node with the API server, renews the\n"
      "node's Lease in kube-node-lease, and runs the pods bound to it through a pod runtime,\n"
      "reporting their status. Flags mirror the kubelet's where it has them.\n\n"
      "Usage: kubelab-kubelet --kubeconfig FILE --hostname-override NODE --node-ip IP --pod-cidr CIDR [flags]\n\nFlags");
  description.add_options()
      ("help,h", "print this help and exit")
      ("kubeconfig", options::value(&config.kubeconfig)->required(), "kubeconfig with the API server and credentials")
      ("hostname-override", options::value(&config.nodeName)->required(), "the node's name")
      ("node-ip", options::value(&config.nodeIp)->required(), "the node's address (a loopback address, 127.10.<i>.1)")
      ("pod-cidr", options::value(&config.podCidr)->required(), "where pod IPs come from (127.10.<i>.0/24)")
      ("node-labels", options::value(&labels), "labels to register the node with: key=value,key2=value2")
      ("register-with-taints", options::value(&taints),
       "taints to register the node with: key=value:Effect,key2:Effect (NoSchedule, PreferNoSchedule, NoExecute)")
      ("cloud-provider", options::value(&cloudProvider),
       "'external': register tainted node.cloudprovider.kubernetes.io/uninitialized until the cloud controller "
       "manager initializes the node")
      ("healthz-port", options::value(&config.healthzPort)->default_value(config.healthzPort),
       "port for /healthz on --node-ip (ok once the node is registered)")
      ("port", options::value(&config.port)->default_value(config.port),
       "port of the kubelet API (logs, exec, stats) on --node-ip, over HTTPS; reported in the Node's daemonEndpoints")
      ("tls-cert-file", options::value(&config.tlsCertFile), "the kubelet API's serving certificate (PEM)")
      ("tls-private-key-file", options::value(&config.tlsPrivateKeyFile), "its private key (PEM)")
      ("client-ca-file", options::value(&config.clientCaFile),
       "clients of the kubelet API must present a certificate signed by this CA (the API server's kubelet client)")
      ("runtime", options::value(&config.runtime)->default_value(config.runtime),
       "pod runtime: 'process' (each container a host process group in its pod's sandbox directory) or "
       "'simulated' (no processes; pods run after a delay)")
      ("root-dir", options::value(&rootDirectory),
       "process runtime: where pod sandboxes (working directories, logs, volumes) live "
       "(default $XDG_DATA_HOME/kubelab/nodes/<node name>)")
      ("image-catalog", options::value(&imageCatalog)->default_value(imageCatalog),
       "process runtime: the image catalog (images.yaml), read again when it changes")
      ("restart-backoff-base-ms", options::value(&backoffBaseMs)->default_value(backoffBaseMs),
       "process runtime: the first restart back-off, doubling up to the cap (Kubernetes: 10000)")
      ("restart-backoff-cap-ms", options::value(&backoffCapMs)->default_value(backoffCapMs),
       "process runtime: the longest restart back-off (Kubernetes: 300000)")
      ("capacity-cpu", options::value(&config.cpu)->default_value(config.cpu), "CPU the node offers")
      ("capacity-memory", options::value(&config.memory)->default_value(config.memory), "memory the node offers")
      ("max-pods", options::value(&config.maxPods)->default_value(config.maxPods), "pods the node accepts")
      ("simulated-start-delay-ms", options::value(&startDelayMs)->default_value(startDelayMs),
       "simulated runtime: how long containers take to start")
      ("simulated-run-duration-ms", options::value(&runDurationMs)->default_value(runDurationMs),
       "simulated runtime: how long a container of a Job (restartPolicy Never/OnFailure) runs before succeeding")
      ("node-lease-duration-seconds", options::value(&leaseSeconds)->default_value(leaseSeconds),
       "the node Lease's duration; it is renewed every quarter of it (Kubernetes: 40)")
      ("node-status-update-frequency-ms", options::value(&statusMs)->default_value(statusMs),
       "how often the node's status is reported")
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
    std::cerr << "kubelab-kubelet: " << error.what() << "\nRun 'kubelab-kubelet --help' for the flags.\n";
    return 2;
  }
  if (values["v"].as<int>() > 0) kubelab::log::setMinimumLevel(kubelab::log::Level::Debug);
  if (!labels.empty()) {
    std::vector<std::string> pairs;
    boost::split(pairs, labels, boost::is_any_of(","), boost::token_compress_on);
    for (const auto& pair : pairs) {
      auto equals = pair.find('=');
      if (equals == std::string::npos) {
        std::cerr << "kubelab-kubelet: --node-labels entry \"" << pair << "\" is not key=value\n";
        return 2;
      }
      config.nodeLabels[pair.substr(0, equals)] = pair.substr(equals + 1);
    }
  }
  if (!taints.empty()) boost::split(config.registerWithTaints, taints, boost::is_any_of(","), boost::token_compress_on);
  if (!cloudProvider.empty() && cloudProvider != "external") {
    std::cerr << "kubelab-kubelet: --cloud-provider must be 'external' or empty, not \"" << cloudProvider << "\"\n";
    return 2;
  }
  config.externalCloudProvider = cloudProvider == "external";
  if (config.runtime != "simulated" && config.runtime != "process") {
    std::cerr << "kubelab-kubelet: unknown runtime \"" << config.runtime << "\"; use 'process' or 'simulated'\n";
    return 2;
  }
  config.simulatedStartDelay = std::chrono::milliseconds(startDelayMs);
  config.simulatedRunDuration = std::chrono::milliseconds(runDurationMs);
  config.nodeLeaseDuration = std::chrono::seconds(leaseSeconds);
  config.nodeStatusUpdateFrequency = std::chrono::milliseconds(statusMs);

  kubelab::blockStopSignals();
  kubelab::kubelet::blockPartitionSignals();
  auto restConfig = kubelab::client::loadKubeconfig(config.kubeconfig);
  if (!restConfig) {
    std::cerr << "kubelab-kubelet: " << restConfig.status().message() << "\n";
    return 1;
  }
  restConfig->userAgent = "kubelab-kubelet/" + config.nodeName;
  kubelab::client::RestClient api(*restConfig);
  std::unique_ptr<kubelab::runtime::PodRuntime> runtime;
  if (config.runtime == "process") {
    if (rootDirectory.empty()) {
      const char* dataHome = std::getenv("XDG_DATA_HOME");
      const char* home = std::getenv("HOME");
      std::filesystem::path base = dataHome && *dataHome ? std::filesystem::path(dataHome)
                                   : std::filesystem::path(home && *home ? home : "/tmp") / ".local" / "share";
      rootDirectory = (base / "kubelab" / "nodes" / config.nodeName).string();
    }
    processOptions.rootDirectory = rootDirectory;
    processOptions.catalogFile = imageCatalog;
    processOptions.programDirectory = programDirectory;
    processOptions.restartBackoffBase = std::chrono::milliseconds(backoffBaseMs);
    processOptions.restartBackoffCap = std::chrono::milliseconds(backoffCapMs);
    auto process = kubelab::runtime::ProcessRuntime::create(processOptions);
    if (!process) {
      std::cerr << "kubelab-kubelet: " << process.status().message() << "\n";
      return 2;
    }
    runtime = std::move(*process);
  } else {
    runtime = std::make_unique<kubelab::runtime::SimulatedRuntime>(
        kubelab::runtime::SimulatedRuntimeOptions{config.simulatedStartDelay, config.simulatedRunDuration});
  }
  auto kubelet = kubelab::kubelet::Kubelet::create(api, config, std::move(runtime));
  if (!kubelet) {
    std::cerr << "kubelab-kubelet: " << kubelet.status().message() << "\n";
    return 2;
  }
  // Registration retries until the API answers; a stop signal meanwhile ends it.
  std::thread starter([&] {
    kubelab::Status started = (*kubelet)->start();
    if (!started.isOk()) kubelab::log::error("kubelet did not start: ", started.toString());
  });
  kubelab::kubelet::PartitionSignalListener partition([&](bool partitioned) { (*kubelet)->setPartitioned(partitioned); });
  int received = kubelab::waitForStopSignal();
  kubelab::log::info("stopping on signal ", received);
  (*kubelet)->stop();
  starter.join();
  return 0;
}
