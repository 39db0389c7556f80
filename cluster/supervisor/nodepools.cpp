#include "supervisor/nodepools.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "supervisor/clustercomponents.h"
#include "supervisor/clusterconfig.h"

namespace kubelab::supervisor {

namespace {

std::vector<std::string> splitList(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string item(text.substr(start, comma - start));
    if (!item.empty()) items.push_back(std::move(item));
    start = comma + 1;
  }
  return items;
}

bool isDnsLabel(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return alnum(c) || c == '-'; });
}

// Qualified names and label values, loosely: Kubernetes' API server has the last word.
bool isLabelPart(std::string_view text, bool allowSlash) {
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || (allowSlash && c == '/');
  });
}

}  // namespace

std::vector<NodeConfig> clusterNodes(const ClusterConfig& config) {
  if (!config.nodeList.empty() || !config.pools.empty()) return config.nodeList;
  std::vector<NodeConfig> nodes;
  for (int index = 1; index <= config.nodes; ++index) nodes.push_back(NodeConfig{index, kDefaultNodePool});
  return nodes;
}

std::vector<NodePoolConfig> clusterPools(const ClusterConfig& config) {
  if (!config.pools.empty()) return config.pools;
  return {NodePoolConfig{kDefaultNodePool, {}, {}}};
}

void normalizeNodes(ClusterConfig& config) {
  config.nodeList = clusterNodes(config);
  config.pools = clusterPools(config);
  std::sort(config.nodeList.begin(), config.nodeList.end(),
            [](const NodeConfig& left, const NodeConfig& right) { return left.index < right.index; });
  config.nodes = static_cast<int>(config.nodeList.size());
}

Result<int> allocateNodeIndex(const ClusterConfig& config) {
  std::set<int> used;
  for (const NodeConfig& node : clusterNodes(config)) used.insert(node.index);
  int next = used.empty() ? 1 : *used.rbegin() + 1;
  if (next <= kMaxNodeIndex) return next;
  for (int index = 1; index <= kMaxNodeIndex; ++index) {
    if (!used.contains(index)) return index;
  }
  return unavailable("cluster \"" + config.name + "\" has " + std::to_string(kMaxNodeIndex) +
                     " nodes, as many as its address plan allows; remove one first");
}

const NodePoolConfig* findPool(const ClusterConfig& config, std::string_view name) {
  for (const NodePoolConfig& pool : config.pools) {
    if (pool.name == name) return &pool;
  }
  return nullptr;
}

std::optional<NodeConfig> findNode(const ClusterConfig& config, std::string_view name) {
  for (const NodeConfig& node : clusterNodes(config)) {
    if (nodeName(node.index) == name) return node;
  }
  return std::nullopt;
}

std::vector<NodeConfig> nodesOfPool(const ClusterConfig& config, std::string_view pool) {
  std::vector<NodeConfig> nodes;
  for (const NodeConfig& node : clusterNodes(config)) {
    if (node.pool == pool) nodes.push_back(node);
  }
  return nodes;
}

std::string nodeNameList(const ClusterConfig& config) {
  std::string list;
  for (const NodeConfig& node : clusterNodes(config)) list += (list.empty() ? "" : ", ") + nodeName(node.index);
  return list.empty() ? "none" : list;
}

std::string poolNameList(const ClusterConfig& config) {
  std::string list;
  for (const NodePoolConfig& pool : clusterPools(config)) list += (list.empty() ? "" : ", ") + pool.name;
  return list.empty() ? "none" : list;
}

Result<std::map<std::string, std::string>> parseNodeLabels(std::string_view text) {
  std::map<std::string, std::string> labels;
  for (const std::string& item : splitList(text)) {
    std::size_t equals = item.find('=');
    if (equals == std::string::npos || equals == 0) {
      return invalid("label \"" + item + "\" is not key=value (e.g. --labels tier=frontend,disk=ssd)");
    }
    std::string key = item.substr(0, equals);
    std::string value = item.substr(equals + 1);
    if (!isLabelPart(key, true) || !isLabelPart(value, false) || value.size() > 63) {
      return invalid("label \"" + item + "\" is not a valid Kubernetes label");
    }
    labels[key] = value;
  }
  return labels;
}

Result<std::vector<std::string>> parseNodeTaints(std::string_view text) {
  std::vector<std::string> taints;
  for (const std::string& item : splitList(text)) {
    std::size_t colon = item.rfind(':');
    std::string effect = colon == std::string::npos ? "" : item.substr(colon + 1);
    if (effect != "NoSchedule" && effect != "PreferNoSchedule" && effect != "NoExecute") {
      return invalid("taint \"" + item + "\" is not key=value:Effect with Effect NoSchedule, PreferNoSchedule or "
                     "NoExecute (e.g. --taints dedicated=gpu:NoSchedule)");
    }
    std::string keyValue = item.substr(0, colon);
    std::string key = keyValue.substr(0, keyValue.find('='));
    if (key.empty() || !isLabelPart(key, true)) return invalid("taint \"" + item + "\" has no valid key");
    taints.push_back(item);
  }
  return taints;
}

Status validatePoolName(std::string_view name) {
  if (isDnsLabel(name)) return Status::ok();
  return invalid("node pool name \"" + std::string(name) +
                 "\" must be lowercase letters, digits and '-', start and end with a letter or digit, and be at most "
                 "63 characters");
}

std::map<std::string, std::string> nodePoolLabels(const NodePoolConfig& pool) {
  std::map<std::string, std::string> labels{{kGkeNodePoolLabel, pool.name}, {kKubelabNodePoolLabel, pool.name}};
  for (const auto& [key, value] : pool.labels) labels[key] = value;
  return labels;
}

}  // namespace kubelab::supervisor
