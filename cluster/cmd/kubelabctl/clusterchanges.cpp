#include "clusterchanges.h"

#include <cstdio>
#include <iostream>
#include <vector>

#include "supervisor/clustercommands.h"

namespace options = boost::program_options;
namespace supervisor = kubelab::supervisor;

namespace kubelabctl {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

int usage(const std::string& command, const std::string& message) {
  std::cerr << "ERROR: " << message << "\nSee 'kubelabctl " << command << " --help'.\n";
  return kExitUsage;
}

int report(const kubelab::Result<std::string>& result) {
  if (!result) {
    std::cerr << "ERROR: " << result.status().message() << "\n";
    return kExitFailed;
  }
  std::string line = *result;
  if (!line.empty()) line[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(line[0])));
  std::cout << line << ".\n";
  return kExitOk;
}

std::vector<std::string> argumentsOf(const options::variables_map& values) {
  if (!values.count("args")) return {};
  return values["args"].as<std::vector<std::string>>();
}

std::chrono::milliseconds timeoutOf(const options::variables_map& values) {
  if (values.count("timeout")) return std::chrono::seconds(values["timeout"].as<int>());
  return supervisor::kNodeChangeTimeout;
}

int runNode(const options::variables_map& values, const supervisor::ClusterTarget& target) {
  std::vector<std::string> arguments = argumentsOf(values);
  if (arguments.empty()) return usage("node", "which? kubelabctl node add|remove|list");
  const std::string& verb = arguments[0];
  if (verb == "add") {
    if (arguments.size() != 1) return usage("node", "node add takes no node name; nodes are named node-<i> in turn");
    std::string pool = values.count("pool") ? values["pool"].as<std::string>() : "";
    return report(supervisor::addNode(target, pool, timeoutOf(values)));
  }
  if (verb == "remove") {
    if (arguments.size() != 2) return usage("node", "which node? e.g. kubelabctl node remove node-2");
    return report(supervisor::removeNode(target, arguments[1], timeoutOf(values)));
  }
  if (verb == "list") {
    kubelab::Result<supervisor::ClusterNodes> nodes = supervisor::listClusterNodes(target);
    if (!nodes) return report(nodes.status());
    std::printf("%-10s %-16s %-16s %-9s %-10s %s\n", "NODE", "POOL", "ADDRESS", "ZONE", "KUBELET", "PROVIDER-ID");
    for (const supervisor::NodeInfo& node : nodes->nodes) {
      std::string state = node.kubeletState + (node.stoppedByUser ? " (by user)" : "");
      std::printf("%-10s %-16s %-16s %-9s %-10s %s\n", node.name.c_str(), node.pool.c_str(), node.address.c_str(),
                  node.zone.c_str(), state.c_str(), node.providerId.c_str());
    }
    return kExitOk;
  }
  return usage("node", "unknown node command \"" + verb + "\"; use add, remove or list");
}

int runNodePool(const options::variables_map& values, const supervisor::ClusterTarget& target) {
  std::vector<std::string> arguments = argumentsOf(values);
  if (arguments.empty()) return usage("nodepool", "which? kubelabctl nodepool create|resize|delete|list");
  const std::string& verb = arguments[0];
  if (verb == "list") {
    kubelab::Result<supervisor::ClusterNodes> nodes = supervisor::listClusterNodes(target);
    if (!nodes) return report(nodes.status());
    std::printf("%-16s %-6s %-30s %-30s %s\n", "NAME", "NODES", "LABELS", "TAINTS", "NODE NAMES");
    for (const supervisor::NodePoolConfig& pool : nodes->pools) {
      std::string labels, taints, names;
      int count = 0;
      for (const auto& [key, value] : pool.labels) labels += (labels.empty() ? "" : ",") + key + "=" + value;
      for (const std::string& taint : pool.taints) taints += (taints.empty() ? "" : ",") + taint;
      for (const supervisor::NodeInfo& node : nodes->nodes) {
        if (node.pool != pool.name) continue;
        ++count;
        names += (names.empty() ? "" : ",") + node.name;
      }
      std::printf("%-16s %-6d %-30s %-30s %s\n", pool.name.c_str(), count, labels.empty() ? "-" : labels.c_str(),
                  taints.empty() ? "-" : taints.c_str(), names.empty() ? "-" : names.c_str());
    }
    return kExitOk;
  }
  if (arguments.size() != 2) return usage("nodepool", "which pool? e.g. kubelabctl nodepool " + verb + " gpu-pool");
  const std::string& pool = arguments[1];
  if (verb == "delete") return report(supervisor::deleteNodePool(target, pool, timeoutOf(values)));
  if (verb != "create" && verb != "resize") {
    return usage("nodepool", "unknown nodepool command \"" + verb + "\"; use create, resize, delete or list");
  }
  if (!values.count("nodes")) return usage("nodepool", "how many nodes? e.g. --nodes 2");
  int nodes = values["nodes"].as<int>();
  if (verb == "resize") return report(supervisor::resizeNodePool(target, pool, nodes, timeoutOf(values)));
  supervisor::NodePoolRequest request{pool, nodes, {}, {}};
  if (values.count("labels")) {
    auto labels = supervisor::parseNodeLabels(values["labels"].as<std::string>());
    if (!labels) return usage("nodepool", labels.status().message());
    request.labels = *labels;
  }
  if (values.count("taints")) {
    auto taints = supervisor::parseNodeTaints(values["taints"].as<std::string>());
    if (!taints) return usage("nodepool", taints.status().message());
    request.taints = *taints;
  }
  return report(supervisor::createNodePool(target, request, timeoutOf(values)));
}

int runFault(const std::string& name, const options::variables_map& values, const supervisor::ClusterTarget& target) {
  std::vector<std::string> arguments = argumentsOf(values);
  if (name == "partition" || name == "heal") {
    if (arguments.size() != 1) return usage(name, "which node? e.g. kubelabctl " + name + " node-2");
    return report(name == "partition" ? supervisor::partitionNode(target, arguments[0])
                                      : supervisor::healNode(target, arguments[0]));
  }
  if (arguments.size() == 2 && arguments[0] == "node") {
    if (name == "stop") return report(supervisor::stopNode(target, arguments[1]));
    if (name == "start") return report(supervisor::startNode(target, arguments[1]));
    if (name == "kill") return report(supervisor::killNode(target, arguments[1]));
    return report(supervisor::restartComponent(target, "kubelet-" + arguments[1]));
  }
  if (arguments.size() != 1) {
    return usage(name, "which component? e.g. kubelabctl " + name + " scheduler, or kubelabctl " + name +
                           " node node-2 (see `kubelabctl status` for the components)");
  }
  if (name == "stop") return report(supervisor::stopComponent(target, arguments[0]));
  if (name == "start") return report(supervisor::startComponent(target, arguments[0]));
  if (name == "kill") return report(supervisor::killComponent(target, arguments[0]));
  return report(supervisor::restartComponent(target, arguments[0]));
}

}  // namespace

bool isClusterChangeCommand(const std::string& name) {
  for (const char* known : {"node", "nodepool", "stop", "start", "kill", "restart", "partition", "heal"}) {
    if (name == known) return true;
  }
  return false;
}

void addClusterChangeOptions(const std::string& name, options::options_description& description,
                             options::positional_options_description& positional) {
  description.add_options()("args", options::value<std::vector<std::string>>());
  positional.add("args", -1);
  if (name == "node") description.add_options()("pool", options::value<std::string>())("timeout", options::value<int>());
  if (name == "nodepool") {
    description.add_options()("nodes", options::value<int>())("labels", options::value<std::string>())(
        "taints", options::value<std::string>())("timeout", options::value<int>());
  }
}

int runClusterChange(const std::string& name, const options::variables_map& values,
                     const supervisor::ClusterTarget& target) {
  if (name == "node") return runNode(values, target);
  if (name == "nodepool") return runNodePool(values, target);
  return runFault(name, values, target);
}

}  // namespace kubelabctl
