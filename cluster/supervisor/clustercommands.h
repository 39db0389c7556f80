#pragma once
// What kubelabctl (and the desktop app) asks of a running cluster through its supervisor's
// control channel: nodes and node pools as GKE has them, and an instructor's faults. Every
// function returns what happened in one sentence, or an error that says what to do.

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "supervisor/clustercontrol.h"
#include "supervisor/nodepools.h"

namespace kubelab::supervisor {

// --- Faults --------------------------------------------------------------------------------
// A component by its `kubelabctl status` name: store, apiserver, scheduler, controller-manager,
// cloud-controller-manager, kubelet-node-2, proxy-node-2.
// stop: SIGTERM, and it stays down until start. kill: SIGKILL, a crash the supervisor restarts
// with back-off. restart: stop, then start at once (`kubelabctl restart store`).
Result<std::string> stopComponent(const ClusterTarget& target, const std::string& component);
Result<std::string> startComponent(const ClusterTarget& target, const std::string& component);
Result<std::string> killComponent(const ClusterTarget& target, const std::string& component);
Result<std::string> restartComponent(const ClusterTarget& target, const std::string& component);

// A whole node (its kubelet and proxy). stop is a shutdown (the kubelet stops its pods first);
// kill is a power cut (SIGKILL; with the process runtime the pods' processes die with the
// kubelet). Either way the node stays down until startNode.
Result<std::string> stopNode(const ClusterTarget& target, const std::string& node);
Result<std::string> startNode(const ClusterTarget& target, const std::string& node);
Result<std::string> killNode(const ClusterTarget& target, const std::string& node);
// Cuts the node's kubelet off from the API server (no Lease renewals, no node or pod status)
// while its pods keep running; heal ends it. The node goes NotReady after the node monitor
// grace period, as a real network partition makes it.
Result<std::string> partitionNode(const ClusterTarget& target, const std::string& node);
Result<std::string> healNode(const ClusterTarget& target, const std::string& node);

// --- Nodes and pools -----------------------------------------------------------------------
struct NodeInfo {
  std::string name;
  int index = 0;
  std::string pool;
  std::string address;
  // What the cloud reports about the node's instance.
  std::string providerId;  // kubelab://<cluster>/<node>
  std::string region;
  std::string zone;
  std::string instanceType;
  std::string kubeletState;  // the kubelet component's state: running, stopped, ...
  bool stoppedByUser = false;
};

struct ClusterNodes {
  std::string cluster;
  std::vector<NodePoolConfig> pools;
  std::vector<NodeInfo> nodes;
};

// The running cluster's nodes and pools, from its supervisor. The socket form is the cloud
// controller's view of its "cloud".
Result<ClusterNodes> listClusterNodes(const std::filesystem::path& controlSocket);
Result<ClusterNodes> listClusterNodes(const ClusterTarget& target);

// How long node changes wait for nodes to become Ready or to drain.
inline constexpr std::chrono::milliseconds kNodeChangeTimeout{120000};

// A new node in `pool` (default-pool when empty); returns once it is Ready and initialized
// by the cloud controller (providerID set, uninitialized taint gone).
Result<std::string> addNode(const ClusterTarget& target, const std::string& pool,
                            std::chrono::milliseconds timeout = kNodeChangeTimeout);
// Drains the node (cordon, evict its pods, wait for them to leave), stops its kubelet and
// proxy, and waits until its Node object is gone (the cloud node lifecycle controller deletes
// it once the instance is gone).
Result<std::string> removeNode(const ClusterTarget& target, const std::string& node,
                               std::chrono::milliseconds timeout = kNodeChangeTimeout);

struct NodePoolRequest {
  std::string name;
  int nodes = 1;
  std::map<std::string, std::string> labels;
  std::vector<std::string> taints;  // key=value:Effect
};
Result<std::string> createNodePool(const ClusterTarget& target, const NodePoolRequest& request,
                                   std::chrono::milliseconds timeout = kNodeChangeTimeout);
// Adds nodes, or drains and removes the highest-numbered ones, as GKE shrinks a pool.
Result<std::string> resizeNodePool(const ClusterTarget& target, const std::string& pool, int nodes,
                                   std::chrono::milliseconds timeout = kNodeChangeTimeout);
// Drains and removes every node of the pool, then the pool.
Result<std::string> deleteNodePool(const ClusterTarget& target, const std::string& pool,
                                   std::chrono::milliseconds timeout = kNodeChangeTimeout);

}  // namespace kubelab::supervisor
