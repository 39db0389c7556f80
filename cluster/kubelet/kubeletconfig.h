#pragma once
// A kubelet's settings, named after the kubelet's own flags where it has them.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kubelab::kubelet {

struct KubeletConfig {
  std::filesystem::path kubeconfig;
  std::string nodeName;
  std::string nodeIp;   // the node's own loopback address, 127.10.<i>.1
  std::string podCidr;  // pod IPs come from here, 127.10.<i>.0/24
  std::uint16_t healthzPort = 10248;  // on nodeIp, plain HTTP, as the kubelet's healthz
  // The kubelet's API (logs, exec, stats) on nodeIp over HTTPS, reported in the Node's
  // daemonEndpoints; served only with a certificate, its key and the client CA.
  std::uint16_t port = 10250;
  std::string tlsCertFile;
  std::string tlsPrivateKeyFile;
  std::string clientCaFile;
  std::map<std::string, std::string> nodeLabels;
  // --register-with-taints: "key=value:Effect" or "key:Effect", set only when the Node is created.
  std::vector<std::string> registerWithTaints;
  // --cloud-provider=external: the Node is created with the uninitialized taint, which the
  // cloud controller's node controller removes once it has initialized the node.
  bool externalCloudProvider = false;
  // Capacity reported on the Node (allocatable is the same: nothing is reserved).
  std::string cpu = "4";
  std::string memory = "8Gi";
  std::string maxPods = "110";
  std::string ephemeralStorage = "100Gi";
  std::string runtime = "simulated";
  std::chrono::milliseconds simulatedStartDelay{500};
  std::chrono::milliseconds simulatedRunDuration{3000};
  // The node Lease: renewed every quarter of its duration, as the kubelet does (40 s there).
  std::chrono::seconds nodeLeaseDuration{8};
  std::chrono::milliseconds nodeStatusUpdateFrequency{10000};
  int podWorkers = 4;
};

}  // namespace kubelab::kubelet
