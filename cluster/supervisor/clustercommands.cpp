// kubelabctl's node, node pool and fault commands: the supervisor's control channel for what
// runs, the cluster's API (as its administrator) for what Kubernetes sees.
#include "supervisor/clustercommands.h"

#include <algorithm>
#include <memory>
#include <thread>

#include <boost/json.hpp>

#include "api/objectmeta.h"
#include "client/restclient.h"
#include "client/restconfig.h"
#include "supervisor/clustercomponents.h"
#include "supervisor/controlchannel.h"
#include "supervisor/nodedrain.h"
#include "supervisor/pidfile.h"

namespace kubelab::supervisor {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kUninitializedTaint = "node.cloudprovider.kubernetes.io/uninitialized";
constexpr auto kPoll = std::chrono::milliseconds(200);
// How long the cloud node lifecycle controller gets to delete a removed node's Node object
// before removeNode deletes it itself.
constexpr auto kCloudDeletionGrace = std::chrono::seconds(20);

std::string stringField(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

Result<json::object> call(const std::filesystem::path& socket, json::object request) {
  Result<json::object> answer = callControl(socket, request);
  if (!answer) return answer.status();
  return answerResult(*answer);
}

Status requireRunning(const ClusterTarget& target) {
  if (!target.state.holdsCluster()) return notFound("no cluster \"" + target.name + "\" at " + target.state.root().string());
  if (!lockedPid(target.state.pidFile())) {
    return unavailable("cluster \"" + target.name + "\" is not running; start it with `kubelabctl up`");
  }
  return Status::ok();
}

Result<std::string> command(const ClusterTarget& target, json::object request) {
  KUBELAB_RETURN_IF_ERROR(requireRunning(target));
  Result<json::object> answer = call(target.state.controlSocketFile(), std::move(request));
  if (!answer) return answer.status();
  return stringField(*answer, "message");
}

Result<std::string> componentCommand(const ClusterTarget& target, const char* verb, const std::string& component) {
  return command(target, json::object{{"command", verb}, {"component", component}});
}

Result<std::string> nodeCommand(const ClusterTarget& target, const char* verb, const std::string& node) {
  return command(target, json::object{{"command", verb}, {"node", node}});
}

ClusterNodes parseNodes(const json::object& answer) {
  ClusterNodes result;
  result.cluster = stringField(answer, "cluster");
  if (const json::value* pools = answer.if_contains("pools"); pools && pools->is_array()) {
    for (const json::value& entry : pools->as_array()) {
      if (!entry.is_object()) continue;
      const json::object& object = entry.as_object();
      NodePoolConfig pool{stringField(object, "name"), {}, {}};
      if (const json::object* labels = api::objectAt(object, {"labels"})) {
        for (const auto& [key, value] : *labels) {
          if (value.is_string()) pool.labels[std::string(key)] = std::string(value.as_string());
        }
      }
      if (const json::array* taints = api::arrayAt(object, {"taints"})) {
        for (const json::value& taint : *taints) {
          if (taint.is_string()) pool.taints.emplace_back(taint.as_string());
        }
      }
      result.pools.push_back(std::move(pool));
    }
  }
  if (const json::value* nodes = answer.if_contains("nodes"); nodes && nodes->is_array()) {
    for (const json::value& entry : nodes->as_array()) {
      if (!entry.is_object()) continue;
      const json::object& object = entry.as_object();
      NodeInfo node;
      node.name = stringField(object, "name");
      node.index = static_cast<int>(api::integerAt(object, {"index"}));
      node.pool = stringField(object, "pool");
      node.address = stringField(object, "address");
      node.providerId = stringField(object, "providerID");
      node.region = stringField(object, "region");
      node.zone = stringField(object, "zone");
      node.instanceType = stringField(object, "instanceType");
      node.kubeletState = stringField(object, "kubelet");
      node.stoppedByUser = api::booleanAt(object, {"stoppedByUser"});
      result.nodes.push_back(std::move(node));
    }
  }
  return result;
}

Result<std::unique_ptr<client::RestClient>> administratorClient(const ClusterTarget& target) {
  Result<client::RestConfig> config = client::loadKubeconfig(target.state.kubeconfigFile());
  if (!config) return config.status();
  config->userAgent = "kubelabctl";
  return std::make_unique<client::RestClient>(*config);
}

// Ready, and initialized by the cloud controller: what `node add` promises.
bool nodeIsReadyAndInitialized(const json::object& node) {
  if (api::stringAt(node, {"spec", "providerID"}).empty()) return false;
  if (const json::array* taints = api::arrayAt(node, {"spec", "taints"})) {
    for (const json::value& taint : *taints) {
      if (taint.is_object() && api::stringAt(taint.as_object(), {"key"}) == kUninitializedTaint) return false;
    }
  }
  if (const json::array* conditions = api::arrayAt(node, {"status", "conditions"})) {
    for (const json::value& condition : *conditions) {
      if (condition.is_object() && api::stringAt(condition.as_object(), {"type"}) == "Ready") {
        return api::stringAt(condition.as_object(), {"status"}) == "True";
      }
    }
  }
  return false;
}

Status waitForNodesReady(client::ApiInterface& api, const std::vector<std::string>& nodes, Clock::time_point deadline) {
  for (const std::string& node : nodes) {
    while (true) {
      Result<client::Object> current = api.get(client::resources::nodes, "", node);
      if (current && nodeIsReadyAndInitialized(*current)) break;
      if (Clock::now() >= deadline) {
        return Status(StatusCode::DeadlineExceeded,
                      "node " + node + " did not become Ready and initialized in time; see `kubectl describe node " +
                          node + "` and `kubelabctl logs kubelet-" + node + "`");
      }
      std::this_thread::sleep_for(kPoll);
    }
  }
  return Status::ok();
}

Result<std::vector<std::string>> addNodes(const ClusterTarget& target, const std::string& pool, int count,
                                          std::chrono::milliseconds timeout) {
  KUBELAB_RETURN_IF_ERROR(requireRunning(target));
  const auto deadline = Clock::now() + timeout;
  Result<json::object> answer = call(target.state.controlSocketFile(),
                                     json::object{{"command", "addNodes"}, {"pool", pool}, {"count", count}});
  if (!answer) return answer.status();
  std::vector<std::string> names;
  if (const json::array* nodes = api::arrayAt(*answer, {"nodes"})) {
    for (const json::value& node : *nodes) {
      if (node.is_string()) names.emplace_back(node.as_string());
    }
  }
  Result<std::unique_ptr<client::RestClient>> api = administratorClient(target);
  if (!api) return api.status();
  KUBELAB_RETURN_IF_ERROR(waitForNodesReady(**api, names, deadline));
  return names;
}

// Drain, stop, and see the Node object go.
Result<std::string> drainAndRemove(const ClusterTarget& target, client::ApiInterface& api, const std::string& node,
                                   Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  Result<DrainReport> drained = drainNode(api, node, std::max(left, std::chrono::milliseconds(1000)));
  if (!drained && drained.status().code() != StatusCode::NotFound) {
    return Status(drained.status().code(), "could not drain " + node + ": " + drained.status().message() +
                                               " (the node stays cordoned; `kubectl uncordon " + node +
                                               "` takes it back)");
  }
  Result<json::object> removed =
      call(target.state.controlSocketFile(), json::object{{"command", "removeNode"}, {"node", node}});
  if (!removed) return removed.status();
  const auto cloudDeadline = std::min(deadline, Clock::now() + kCloudDeletionGrace);
  std::string how = "the cloud node lifecycle controller deleted its Node";
  while (true) {
    Result<client::Object> current = api.get(client::resources::nodes, "", node);
    if (!current && current.status().code() == StatusCode::NotFound) break;
    if (Clock::now() >= cloudDeadline) {
      Status deleted = api.remove(client::resources::nodes, "", node);
      if (!deleted.isOk() && deleted.code() != StatusCode::NotFound) return deleted;
      how = "its Node was deleted directly (the cloud controller did not in time)";
      break;
    }
    std::this_thread::sleep_for(kPoll);
  }
  int evicted = drained ? drained->evicted : 0;
  return "removed node " + node + ": drained (" + std::to_string(evicted) + " pod(s) evicted), stopped, and " + how;
}

Result<ClusterNodes> requireNodes(const ClusterTarget& target) {
  KUBELAB_RETURN_IF_ERROR(requireRunning(target));
  return listClusterNodes(target.state.controlSocketFile());
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

Result<std::string> stopComponent(const ClusterTarget& target, const std::string& component) {
  return componentCommand(target, "stop", component);
}
Result<std::string> startComponent(const ClusterTarget& target, const std::string& component) {
  return componentCommand(target, "start", component);
}
Result<std::string> killComponent(const ClusterTarget& target, const std::string& component) {
  return componentCommand(target, "kill", component);
}
Result<std::string> restartComponent(const ClusterTarget& target, const std::string& component) {
  return componentCommand(target, "restart", component);
}
Result<std::string> stopNode(const ClusterTarget& target, const std::string& node) {
  return nodeCommand(target, "stopNode", node);
}
Result<std::string> startNode(const ClusterTarget& target, const std::string& node) {
  return nodeCommand(target, "startNode", node);
}
Result<std::string> killNode(const ClusterTarget& target, const std::string& node) {
  return nodeCommand(target, "killNode", node);
}
Result<std::string> partitionNode(const ClusterTarget& target, const std::string& node) {
  return nodeCommand(target, "partition", node);
}
Result<std::string> healNode(const ClusterTarget& target, const std::string& node) {
  return nodeCommand(target, "heal", node);
}

Result<ClusterNodes> listClusterNodes(const std::filesystem::path& controlSocket) {
  Result<json::object> answer = call(controlSocket, json::object{{"command", "nodes"}});
  if (!answer) return answer.status();
  return parseNodes(*answer);
}

Result<ClusterNodes> listClusterNodes(const ClusterTarget& target) { return requireNodes(target); }

Result<std::string> addNode(const ClusterTarget& target, const std::string& pool, std::chrono::milliseconds timeout) {
  std::string poolName = pool.empty() ? kDefaultNodePool : pool;
  Result<std::vector<std::string>> added = addNodes(target, poolName, 1, timeout);
  if (!added) return added.status();
  return "added node " + joined(*added) + " to pool " + poolName + "; it is Ready";
}

Result<std::string> removeNode(const ClusterTarget& target, const std::string& node, std::chrono::milliseconds timeout) {
  Result<ClusterNodes> nodes = requireNodes(target);
  if (!nodes) return nodes.status();
  std::vector<std::string> names;
  for (const NodeInfo& info : nodes->nodes) names.push_back(info.name);
  if (std::find(names.begin(), names.end(), node) == names.end()) {
    return notFound("no node " + node + "; nodes: " + (names.empty() ? std::string("none") : joined(names)));
  }
  Result<std::unique_ptr<client::RestClient>> api = administratorClient(target);
  if (!api) return api.status();
  return drainAndRemove(target, **api, node, Clock::now() + timeout);
}

Result<std::string> createNodePool(const ClusterTarget& target, const NodePoolRequest& request,
                                   std::chrono::milliseconds timeout) {
  KUBELAB_RETURN_IF_ERROR(validatePoolName(request.name));
  if (request.nodes < 0) return invalid("--nodes must not be negative");
  KUBELAB_RETURN_IF_ERROR(requireRunning(target));
  json::object labels;
  for (const auto& [key, value] : request.labels) labels[key] = value;
  json::array taints;
  for (const std::string& taint : request.taints) taints.emplace_back(taint);
  Result<json::object> created = call(target.state.controlSocketFile(),
                                      json::object{{"command", "createPool"},
                                                   {"name", request.name},
                                                   {"labels", std::move(labels)},
                                                   {"taints", std::move(taints)}});
  if (!created) return created.status();
  if (request.nodes == 0) return "created node pool " + request.name + " with no nodes";
  Result<std::vector<std::string>> added = addNodes(target, request.name, request.nodes, timeout);
  if (!added) return added.status();
  return "created node pool " + request.name + " with " + std::to_string(added->size()) + " node(s) (" +
         joined(*added) + "), all Ready";
}

Result<std::string> resizeNodePool(const ClusterTarget& target, const std::string& pool, int size,
                                   std::chrono::milliseconds timeout) {
  if (size < 0) return invalid("--nodes must not be negative");
  Result<ClusterNodes> nodes = requireNodes(target);
  if (!nodes) return nodes.status();
  std::vector<NodeInfo> members;
  bool known = false;
  std::vector<std::string> pools;
  for (const NodePoolConfig& entry : nodes->pools) {
    known = known || entry.name == pool;
    pools.push_back(entry.name);
  }
  if (!known) return notFound("no node pool \"" + pool + "\"; pools: " + joined(pools));
  for (const NodeInfo& node : nodes->nodes) {
    if (node.pool == pool) members.push_back(node);
  }
  const int current = static_cast<int>(members.size());
  if (size == current) return "node pool " + pool + " already has " + std::to_string(size) + " node(s)";
  if (size > current) {
    Result<std::vector<std::string>> added = addNodes(target, pool, size - current, timeout);
    if (!added) return added.status();
    return "resized node pool " + pool + " from " + std::to_string(current) + " to " + std::to_string(size) +
           " node(s): added " + joined(*added);
  }
  // GKE picks the nodes to remove; here the newest (highest index) go first.
  std::sort(members.begin(), members.end(), [](const NodeInfo& a, const NodeInfo& b) { return a.index > b.index; });
  Result<std::unique_ptr<client::RestClient>> api = administratorClient(target);
  if (!api) return api.status();
  const auto deadline = Clock::now() + timeout;
  std::vector<std::string> removed;
  for (int index = 0; index < current - size; ++index) {
    Result<std::string> gone = drainAndRemove(target, **api, members[index].name, deadline);
    if (!gone) return gone.status();
    removed.push_back(members[index].name);
  }
  return "resized node pool " + pool + " from " + std::to_string(current) + " to " + std::to_string(size) +
         " node(s): drained and removed " + joined(removed);
}

Result<std::string> deleteNodePool(const ClusterTarget& target, const std::string& pool,
                                   std::chrono::milliseconds timeout) {
  Result<std::string> emptied = resizeNodePool(target, pool, 0, timeout);
  if (!emptied) return emptied.status();
  Result<json::object> deleted =
      call(target.state.controlSocketFile(), json::object{{"command", "deletePool"}, {"name", pool}});
  if (!deleted) return deleted.status();
  return "deleted node pool " + pool + " (" + *emptied + ")";
}

}  // namespace kubelab::supervisor
