#include "supervisor/daemoncommands.h"

#include <signal.h>

#include <boost/json.hpp>

#include "common/logging.h"
#include "supervisor/clustercomponents.h"
#include "supervisor/clustercredentials.h"
#include "supervisor/controlchannel.h"

namespace kubelab::supervisor {

namespace json = boost::json;

namespace {

std::string stringField(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

Result<std::string> requiredString(const json::object& request, std::string_view key) {
  std::string value = stringField(request, key);
  if (value.empty()) return badRequest("the request has no \"" + std::string(key) + "\"");
  return value;
}

json::object withMessage(json::object answer, std::string message) {
  answer["ok"] = true;
  answer["message"] = std::move(message);
  return answer;
}

json::object fromMessage(const Result<std::string>& result) {
  if (!result) return errorAnswer(result.status());
  return okAnswer(*result);
}

}  // namespace

std::string nodeProviderId(const std::string& clusterName, int index) {
  return "kubelab://" + clusterName + "/" + nodeName(index);
}
std::string nodeRegion() { return "local"; }
std::string nodeZone(int index) { return std::string("local-") + static_cast<char>('a' + (index - 1) % 3); }
std::string nodeInstanceType() { return "kubelab-standard-4"; }

DaemonCommands::DaemonCommands(StateDirectory state, ClusterConfig config, std::filesystem::path binaryDirectory,
                               Supervisor& supervisor)
    : state_(std::move(state)),
      binaryDirectory_(std::move(binaryDirectory)),
      supervisor_(supervisor),
      config_(std::move(config)) {
  normalizeNodes(config_);
}

json::object DaemonCommands::handle(const json::object& request) {
  std::string command = stringField(request, "command");
  Result<json::object> answer = badRequest("unknown control command \"" + command + "\"");
  if (command == "nodes") answer = describeNodes();
  else if (command == "addNodes") answer = addNodes(request);
  else if (command == "removeNode") answer = removeNode(request);
  else if (command == "createPool") answer = createPool(request);
  else if (command == "deletePool") answer = deletePool(request);
  else if (command == "stop" || command == "start" || command == "kill" || command == "restart") {
    answer = componentFault(command, request);
  } else if (command == "stopNode" || command == "startNode" || command == "killNode" || command == "partition" ||
             command == "heal") {
    answer = nodeFault(command, request);
  }
  if (!answer) return errorAnswer(answer.status());
  return *answer;
}

Result<json::object> DaemonCommands::describeNodes() {
  SupervisorSnapshot snapshot = supervisor_.snapshot();
  std::lock_guard lock(mutex_);
  json::array pools;
  for (const NodePoolConfig& pool : config_.pools) {
    json::object labels;
    for (const auto& [key, value] : pool.labels) labels[key] = value;
    json::array taints;
    for (const std::string& taint : pool.taints) taints.emplace_back(taint);
    pools.push_back(json::object{{"name", pool.name}, {"labels", std::move(labels)}, {"taints", std::move(taints)}});
  }
  json::array nodes;
  for (const NodeConfig& node : config_.nodeList) {
    std::string kubeletState = "unknown";
    bool stoppedByUser = false;
    for (const ComponentStatus& component : snapshot.components) {
      if (component.name != kubeletComponentName(node.index)) continue;
      kubeletState = componentStateName(component.state);
      stoppedByUser = component.stoppedByUser;
    }
    nodes.push_back(json::object{{"name", nodeName(node.index)},
                                 {"index", node.index},
                                 {"pool", node.pool},
                                 {"address", nodeAddress(node.index)},
                                 {"providerID", nodeProviderId(config_.name, node.index)},
                                 {"region", nodeRegion()},
                                 {"zone", nodeZone(node.index)},
                                 {"instanceType", nodeInstanceType()},
                                 {"kubelet", kubeletState},
                                 {"stoppedByUser", stoppedByUser}});
  }
  return withMessage(json::object{{"cluster", config_.name}, {"pools", std::move(pools)}, {"nodes", std::move(nodes)}},
                     std::to_string(config_.nodeList.size()) + " node(s)");
}

Result<json::object> DaemonCommands::addNodes(const json::object& request) {
  std::lock_guard lock(mutex_);
  std::string pool = stringField(request, "pool");
  if (pool.empty()) pool = kDefaultNodePool;
  const json::value* countValue = request.if_contains("count");
  std::int64_t count = countValue && countValue->is_int64() ? countValue->as_int64() : 1;
  if (count < 1 || count > kMaxNodeIndex) return invalid("the node count must be from 1 to 254");
  if (!findPool(config_, pool)) {
    return notFound("no node pool \"" + pool + "\"; pools: " + poolNameList(config_) +
                    " (`kubelabctl nodepool create " + pool + " --nodes N` makes one)");
  }
  ClusterConfig changed = config_;
  std::vector<NodeConfig> added;
  for (std::int64_t made = 0; made < count; ++made) {
    Result<int> index = allocateNodeIndex(changed);
    if (!index) return index.status();
    added.push_back(NodeConfig{*index, pool});
    changed.nodeList.push_back(added.back());
    normalizeNodes(changed);
  }
  // Saved first: a node the supervisor runs is always one a restart brings back.
  KUBELAB_RETURN_IF_ERROR(saveClusterConfig(state_.clusterFile(), changed));
  config_ = changed;
  KUBELAB_RETURN_IF_ERROR(prepareClusterCredentials(state_, config_));
  std::vector<ComponentSpec> specs;
  json::array names;
  for (const NodeConfig& node : added) {
    for (ComponentSpec& spec : nodeComponents(node, config_, state_, binaryDirectory_)) specs.push_back(std::move(spec));
    names.emplace_back(nodeName(node.index));
  }
  Result<std::string> started = supervisor_.addComponents(std::move(specs));
  if (!started) return started.status();
  log::info("added ", names.size(), " node(s) to pool ", pool, ": ", *started);
  return withMessage(json::object{{"nodes", std::move(names)}}, *started);
}

Result<NodeConfig> DaemonCommands::requireNode(const json::object& request) {
  Result<std::string> name = requiredString(request, "node");
  if (!name) return name.status();
  std::optional<NodeConfig> node = findNode(config_, *name);
  if (!node) return notFound("no node " + *name + "; nodes: " + nodeNameList(config_));
  return *node;
}

Result<json::object> DaemonCommands::removeNode(const json::object& request) {
  std::lock_guard lock(mutex_);
  Result<NodeConfig> node = requireNode(request);
  if (!node) return node.status();
  ClusterConfig changed = config_;
  std::erase_if(changed.nodeList, [&](const NodeConfig& entry) { return entry.index == node->index; });
  normalizeNodes(changed);
  KUBELAB_RETURN_IF_ERROR(saveClusterConfig(state_.clusterFile(), changed));
  config_ = changed;
  Result<std::string> removed =
      supervisor_.removeComponents({kubeletComponentName(node->index), proxyComponentName(node->index)});
  if (!removed && removed.status().code() != StatusCode::NotFound) return removed.status();
  return okAnswer("removed " + nodeName(node->index) + " from pool " + node->pool);
}

Result<json::object> DaemonCommands::createPool(const json::object& request) {
  std::lock_guard lock(mutex_);
  Result<std::string> name = requiredString(request, "name");
  if (!name) return name.status();
  KUBELAB_RETURN_IF_ERROR(validatePoolName(*name));
  if (findPool(config_, *name)) return alreadyExists("node pool \"" + *name + "\" already exists");
  NodePoolConfig pool{*name, {}, {}};
  if (const json::value* labels = request.if_contains("labels"); labels && labels->is_object()) {
    for (const auto& [key, value] : labels->as_object()) {
      if (value.is_string()) pool.labels[std::string(key)] = std::string(value.as_string());
    }
  }
  if (const json::value* taints = request.if_contains("taints"); taints && taints->is_array()) {
    for (const json::value& taint : taints->as_array()) {
      if (taint.is_string()) pool.taints.emplace_back(taint.as_string());
    }
  }
  ClusterConfig changed = config_;
  changed.pools.push_back(pool);
  KUBELAB_RETURN_IF_ERROR(saveClusterConfig(state_.clusterFile(), changed));
  config_ = changed;
  return okAnswer("created node pool " + *name);
}

Result<json::object> DaemonCommands::deletePool(const json::object& request) {
  std::lock_guard lock(mutex_);
  Result<std::string> name = requiredString(request, "name");
  if (!name) return name.status();
  if (!findPool(config_, *name)) return notFound("no node pool \"" + *name + "\"; pools: " + poolNameList(config_));
  if (!nodesOfPool(config_, *name).empty()) {
    return conflict("node pool \"" + *name + "\" still has nodes; remove them first");
  }
  ClusterConfig changed = config_;
  std::erase_if(changed.pools, [&](const NodePoolConfig& pool) { return pool.name == *name; });
  KUBELAB_RETURN_IF_ERROR(saveClusterConfig(state_.clusterFile(), changed));
  config_ = changed;
  return okAnswer("deleted node pool " + *name);
}

Result<json::object> DaemonCommands::componentFault(const std::string& command, const json::object& request) {
  Result<std::string> component = requiredString(request, "component");
  if (!component) return component.status();
  if (command == "stop") return fromMessage(supervisor_.stopComponent(*component));
  if (command == "start") return fromMessage(supervisor_.startComponent(*component));
  if (command == "kill") return fromMessage(supervisor_.killComponent(*component));
  return fromMessage(supervisor_.restartComponent(*component));
}

Result<json::object> DaemonCommands::nodeFault(const std::string& command, const json::object& request) {
  NodeConfig node;
  {
    std::lock_guard lock(mutex_);
    Result<NodeConfig> found = requireNode(request);
    if (!found) return found.status();
    node = *found;
  }
  const std::string name = nodeName(node.index);
  const std::string kubelet = kubeletComponentName(node.index);
  const std::string proxy = proxyComponentName(node.index);
  if (command == "partition" || command == "heal") {
    bool partition = command == "partition";
    Result<std::string> sent = supervisor_.signalComponent(kubelet, partition ? SIGUSR1 : SIGUSR2);
    if (!sent) return sent.status();
    return okAnswer(partition ? "partitioned " + name +
                                    " from the API server: its kubelet stops heartbeats and status updates; its pods "
                                    "keep running"
                              : "healed " + name + ": its kubelet reports to the API server again");
  }
  Result<std::string> first = unavailable("");
  Result<std::string> second = unavailable("");
  if (command == "stopNode") {
    first = supervisor_.stopComponent(kubelet);
    second = supervisor_.stopComponent(proxy);
  } else if (command == "startNode") {
    first = supervisor_.startComponent(kubelet);
    second = supervisor_.startComponent(proxy);
  } else {
    first = supervisor_.killComponent(kubelet, true);
    second = supervisor_.killComponent(proxy, true);
  }
  if (!first) return first.status();
  if (!second) return second.status();
  const std::string downUntil = "; it stays down until `kubelabctl start node " + name + "`";
  if (command == "startNode") return okAnswer("started node " + name + " (its kubelet and proxy)");
  if (command == "stopNode") {
    return okAnswer("stopped node " + name + " (SIGTERM to its kubelet, which stopped its pods, and its proxy)" +
                    downUntil);
  }
  return okAnswer("killed node " + name + " (SIGKILL to its kubelet and proxy; their pods' processes die with the "
                  "kubelet)" + downUntil);
}

}  // namespace kubelab::supervisor
