#pragma once
// A cluster's nodes and node pools, as GKE has them: every node belongs to one pool, and a
// pool gives its nodes labels and taints. A node keeps its index for life (node-<i> at
// 127.10.<i>.1), so removing node-2 never renames node-3.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kubelab::supervisor {

inline constexpr const char* kDefaultNodePool = "default-pool";
// GKE's pool label, and ours beside it.
inline constexpr const char* kGkeNodePoolLabel = "cloud.google.com/gke-nodepool";
inline constexpr const char* kKubelabNodePoolLabel = "kubelab.io/nodepool";
// Node indexes become the third byte of the node's address.
inline constexpr int kMaxNodeIndex = 254;

struct NodeConfig {
  int index = 0;  // node-<index>
  std::string pool;
};

struct NodePoolConfig {
  std::string name;
  std::map<std::string, std::string> labels;
  std::vector<std::string> taints;  // "key=value:Effect" or "key:Effect", as --register-with-taints takes them
};

struct ClusterConfig;

// The cluster's nodes in index order. A cluster.json from before pools ("nodes": N only) reads
// as nodes 1..N of the default pool.
std::vector<NodeConfig> clusterNodes(const ClusterConfig& config);
std::vector<NodePoolConfig> clusterPools(const ClusterConfig& config);
// Makes the node list and pools explicit (the migration), keeping `nodes` equal to the count.
void normalizeNodes(ClusterConfig& config);

// The index a new node gets: one above the highest in use, so node names grow in the order
// nodes were added (a removed node-2 between node-1 and node-3 is not refilled); the lowest
// free index once the top is taken. Unavailable when every index is taken.
Result<int> allocateNodeIndex(const ClusterConfig& config);

const NodePoolConfig* findPool(const ClusterConfig& config, std::string_view name);
std::optional<NodeConfig> findNode(const ClusterConfig& config, std::string_view nodeName);
std::vector<NodeConfig> nodesOfPool(const ClusterConfig& config, std::string_view pool);
// "node-1, node-2, node-3", for messages that list what there is.
std::string nodeNameList(const ClusterConfig& config);
std::string poolNameList(const ClusterConfig& config);

// --labels k=v,k2=v2 and --taints k=v:NoSchedule,k2:NoExecute, checked as Kubernetes checks
// them (effects NoSchedule, PreferNoSchedule, NoExecute).
Result<std::map<std::string, std::string>> parseNodeLabels(std::string_view text);
Result<std::vector<std::string>> parseNodeTaints(std::string_view text);
// Pool names are DNS labels, as GKE's are.
Status validatePoolName(std::string_view name);

// The labels a node of `pool` registers with: the pool labels, then the pool's own.
std::map<std::string, std::string> nodePoolLabels(const NodePoolConfig& pool);

}  // namespace kubelab::supervisor
