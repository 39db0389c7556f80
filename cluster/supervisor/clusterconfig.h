#pragma once
// cluster.json: what a cluster is, fixed at its first `up` and reused on every resume. The
// ports live here so that addresses users copy (later, the kubeconfig's server) stay stable.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "supervisor/nodepools.h"

namespace kubelab::supervisor {

struct ClusterConfig {
  std::string name;
  int nodes = 1;  // how many nodes; nodeList is the truth once it is filled (see nodepools.h)
  // The kubelets' pod runtime: "simulated" (no processes) or "process" (each container a host
  // process). Clusters made before it was recorded are simulated.
  std::string runtime = "simulated";
  // Loopback ports by role ("store", later "apiserver", ...). A role that a newer kubelabctl
  // adds to an existing cluster gets its port at the next `up`.
  std::map<std::string, std::uint16_t> ports;
  // The nodes with their stable indexes, and the node pools. Empty in a cluster.json written
  // before pools, which loads as a default-pool of `nodes` nodes.
  std::vector<NodeConfig> nodeList{};
  std::vector<NodePoolConfig> pools{};
};

Result<ClusterConfig> loadClusterConfig(const std::filesystem::path& file);
// Written to a temporary file and renamed, so a crash never leaves half a cluster.json.
Status saveClusterConfig(const std::filesystem::path& file, const ClusterConfig& config);

}  // namespace kubelab::supervisor
