// kubelabctl: creates, resumes, stops and inspects local KubeLab clusters, as kind and
// minikube do for theirs. Option parsing and printing only; the work is in cluster/supervisor.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "clusterchanges.h"
#include "common/logging.h"
#include "supervisor/clustercomponents.h"
#include "supervisor/clustercontrol.h"
#include "supervisor/clustercredentials.h"
#include "supervisor/logtail.h"

namespace options = boost::program_options;
namespace supervisor = kubelab::supervisor;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

constexpr const char* kClusterFlagsHelp =
    "      --name string        the cluster's name (default \"kubelab\")\n"
    "      --state-dir string   the cluster's state directory (default\n"
    "                           $XDG_DATA_HOME/kubelab/clusters/<name>, or ~/.local/share/... when\n"
    "                           XDG_DATA_HOME is unset)\n";

struct Command {
  const char* name;
  const char* summary;
  const char* usage;
  const char* description;
  const char* extraFlags;
};

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {
      {"up", "Create a cluster, or resume a stopped one, and wait until it is ready", "kubelabctl up [flags]",
       "Creates a local KubeLab cluster, or resumes a stopped one with all its data, and waits until\n"
       "every component is ready. The cluster runs under a supervisor in the background that restarts\n"
       "any component that crashes; `kubelabctl down` stops it. A new cluster picks free loopback ports\n"
       "once and keeps them, so its addresses stay the same across restarts. A cluster runs its store\n"
       "(kubelab-store), API server, scheduler and controller-manager, and one kubelet per node; node\n"
       "<i> is node-<i> at 127.10.<i>.1, and `up` returns once every node is registered and Ready.\n"
       "Each container runs as a real process (the process runtime: nginx serves, busybox runs), unless\n"
       "--runtime simulated runs none (pods are Running after half a second; for 100 nodes and more).\n"
       "It writes an administrator's kubeconfig into the state directory and\n"
       "merges context \"kubelab-<name>\" into ~/.kube/config (or the file $KUBECONFIG names), making\n"
       "it the current context, as kind does.\n",
       "      --nodes int          number of nodes of a new cluster (default 1)\n"
       "      --runtime string     a new cluster's pod runtime: process (default; each container a host\n"
       "                           process) or simulated (no processes, for scale demonstrations)\n"},
      {"down", "Stop a cluster, and with --purge delete it", "kubelabctl down [flags]",
       "Stops a cluster: its supervisor and every component, and waits until they are gone. The state\n"
       "stays, so `kubelabctl up` resumes the cluster with its data; --purge deletes it instead, and\n"
       "takes context \"kubelab-<name>\" out of your kubeconfig.\n",
       "      --purge              also delete the cluster's state and its kubeconfig context\n"},
      {"status", "Show each component of a cluster", "kubelabctl status [flags]",
       "Shows whether a cluster runs, and for each component its state, pid, restarts and endpoint.\n", ""},
      {"kubeconfig", "Print the path of a cluster's kubeconfig", "kubelabctl kubeconfig [flags]",
       "Prints the path of the administrator's kubeconfig of a cluster, for KUBECONFIG or kubectl's\n"
       "--kubeconfig. Fails until the cluster's first `kubelabctl up` has written it.\n",
       ""},
      {"logs", "Print the log of one component of a cluster", "kubelabctl logs COMPONENT [flags]",
       "Prints the log of one component of a cluster (see `kubelabctl status` for their names), or of\n"
       "its supervisor (COMPONENT \"supervisor\").\n",
       "      --tail int           print only the last N lines\n"},
      {"node", "Add, remove or list the nodes of a running cluster", "kubelabctl node add|remove|list [NODE] [flags]",
       "Changes the nodes of a running cluster, as a cloud adds and removes machines.\n\n"
       "  node add [--pool P]    starts a new node (node-<i>, the next free number) in pool P (default\n"
       "                         default-pool) and returns once it is Ready and initialized by the\n"
       "                         cloud controller (providerID, zone labels)\n"
       "  node remove NODE       drains NODE as `kubectl drain --ignore-daemonsets` does (cordon, then\n"
       "                         evict its pods, each with its grace period), stops its kubelet and\n"
       "                         proxy, and waits until its Node object is gone\n"
       "  node list              the nodes with their pool, address, zone and kubelet state\n\n"
       "Examples:\n  kubelabctl node add\n  kubelabctl node add --pool gpu-pool\n  kubelabctl node remove node-3\n",
       "      --pool string        the node pool of a new node (default \"default-pool\")\n"
       "      --timeout int        seconds to wait for a node to be Ready or drained (default 120)\n"},
      {"nodepool", "Create, resize, delete or list node pools, as GKE has them",
       "kubelabctl nodepool create|resize|delete|list [POOL] [flags]",
       "Manages node pools: groups of nodes with the same labels and taints, as in GKE. Every node\n"
       "carries the label cloud.google.com/gke-nodepool=<pool> (and kubelab.io/nodepool=<pool>).\n\n"
       "  nodepool create POOL --nodes N [--labels k=v,..] [--taints k=v:Effect,..]\n"
       "  nodepool resize POOL --nodes N     adds nodes, or drains and removes the newest ones\n"
       "  nodepool delete POOL               drains and removes every node, then the pool\n"
       "  nodepool list\n\n"
       "Examples:\n  kubelabctl nodepool create gpu-pool --nodes 2 --labels accelerator=gpu "
       "--taints dedicated=gpu:NoSchedule\n  kubelabctl nodepool resize gpu-pool --nodes 1\n",
       "      --nodes int          how many nodes the pool has\n"
       "      --labels string      node labels of a new pool: key=value,key2=value2\n"
       "      --taints string      node taints of a new pool: key=value:Effect,... (NoSchedule,\n"
       "                           PreferNoSchedule, NoExecute)\n"
       "      --timeout int        seconds to wait for nodes to be Ready or drained (default 120)\n"},
      {"stop", "Stop a component or a node and keep it down (a fault)", "kubelabctl stop COMPONENT | node NODE [flags]",
       "Stops one component of a running cluster with SIGTERM, and the supervisor leaves it down until\n"
       "`kubelabctl start`: stop the scheduler and new pods stay Pending; stop the controller-manager and\n"
       "nothing reconciles. `stop node NODE` shuts a whole node down (its kubelet, which stops its pods\n"
       "first, and its proxy); the node goes NotReady and its pods are evicted elsewhere.\n"
       "Components: store, apiserver, scheduler, controller-manager, cloud-controller-manager,\n"
       "kubelet-node-<i>, proxy-node-<i> (see `kubelabctl status`).\n\n"
       "Examples:\n  kubelabctl stop scheduler\n  kubelabctl stop node node-2\n",
       ""},
      {"start", "Start a component or a node stopped by stop or kill", "kubelabctl start COMPONENT | node NODE [flags]",
       "Starts a component or node that `kubelabctl stop` or `kubelabctl kill node` took down.\n\n"
       "Examples:\n  kubelabctl start scheduler\n  kubelabctl start node node-2\n",
       ""},
      {"kill", "Crash a component (SIGKILL), or cut a node's power", "kubelabctl kill COMPONENT | node NODE [flags]",
       "Kills one component with SIGKILL, as a crash: the supervisor restarts it with back-off, as\n"
       "Kubernetes' own components are restarted by systemd or the kubelet. `kill node NODE` kills the\n"
       "node's kubelet and proxy as a power cut does (with the process runtime its containers die with\n"
       "the kubelet) and the node stays down until `kubelabctl start node NODE`.\n\n"
       "Examples:\n  kubelabctl kill apiserver\n  kubelabctl kill node node-2\n",
       ""},
      {"restart", "Stop a component and start it again", "kubelabctl restart COMPONENT [flags]",
       "Stops one component (SIGTERM) and starts it again at once. `restart store` shows that every\n"
       "object survives a restart of the store.\n\nExamples:\n  kubelabctl restart store\n",
       ""},
      {"partition", "Cut a node off from the API server, its pods still running", "kubelabctl partition NODE [flags]",
       "Partitions a node from the API server: its kubelet stops renewing its Lease and reporting node and\n"
       "pod status, while its pods keep running. After the node monitor grace period (8 s here) the\n"
       "node goes NotReady, and after the pods' toleration its pods are evicted. `kubelabctl heal NODE`\n"
       "ends it.\n\nExamples:\n  kubelabctl partition node-2\n",
       ""},
      {"heal", "End a node's partition", "kubelabctl heal NODE [flags]",
       "Ends `kubelabctl partition NODE`: the kubelet reports to the API server again and the node\n"
       "becomes Ready.\n",
       ""},
  };
  return all;
}

const Command* findCommand(const std::string& name) {
  for (const Command& command : commands()) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

void printMainHelp() {
  std::cout << "kubelabctl creates and runs local KubeLab clusters: a real, multi-process Kubernetes-style\n"
               "control plane on this machine.\n\nUsage:\n  kubelabctl [command]\n\nAvailable Commands:\n";
  for (const Command& command : commands()) std::printf("  %-12s%s\n", command.name, command.summary);
  std::cout << "\nFlags:\n  -h, --help   help for kubelabctl\n\n"
               "Use \"kubelabctl [command] --help\" for more information about a command.\n";
}

void printCommandHelp(const Command& command) {
  std::cout << command.description << "\nUsage:\n  " << command.usage << "\n\nFlags:\n"
            << "  -h, --help               help for " << command.name << "\n"
            << command.extraFlags << kClusterFlagsHelp;
}

int usageError(const std::string& commandName, const std::string& message) {
  std::cerr << "ERROR: " << message << "\nSee 'kubelabctl " << commandName << " --help'.\n";
  return kExitUsage;
}

int failure(const kubelab::Status& status) {
  std::cerr << "ERROR: " << status.message() << "\n";
  return kExitFailed;
}

// What every command takes: --name, --state-dir, --help.
options::options_description clusterOptions() {
  options::options_description description;
  description.add_options()("help,h", "")("name", options::value<std::string>())(
      "state-dir", options::value<std::string>());
  return description;
}

struct ParsedCommand {
  options::variables_map values;
  std::optional<std::string> selector;  // how to name this cluster again in printed commands
};

kubelab::Result<supervisor::ClusterTarget> targetOf(const options::variables_map& values) {
  std::optional<std::string> name;
  std::optional<std::filesystem::path> stateDirectory;
  if (values.count("name")) name = values["name"].as<std::string>();
  if (values.count("state-dir")) stateDirectory = values["state-dir"].as<std::string>();
  return supervisor::resolveCluster(name, stateDirectory);
}

// " --name N" or " --state-dir D", so printed follow-up commands address the same cluster.
std::string selectorOf(const options::variables_map& values, const supervisor::ClusterTarget& target) {
  if (values.count("state-dir")) return " --state-dir " + target.state.root().string();
  if (target.name != supervisor::kDefaultClusterName) return " --name " + target.name;
  return "";
}

void printComponentTable(const std::vector<supervisor::ComponentStatus>& components) {
  // As wide as the longest name, so "controller-manager" and later per-node names line up.
  int width = 12;
  for (const auto& component : components) width = std::max(width, static_cast<int>(component.name.size()) + 1);
  std::printf("%-*s %-10s %-8s %-9s %s\n", width, "COMPONENT", "STATE", "PID", "RESTARTS", "ENDPOINT");
  for (const auto& component : components) {
    std::string pid = component.pid > 0 ? std::to_string(component.pid) : "-";
    std::printf("%-*s %-10s %-8s %-9d %s\n", width, component.name.c_str(),
                supervisor::componentStateName(component.state), pid.c_str(), component.restarts,
                component.endpoint.c_str());
  }
  for (const auto& component : components) {
    if (!component.message.empty()) std::printf("  %s: %s\n", component.name.c_str(), component.message.c_str());
    if (!component.lastExit.empty() && component.state != supervisor::ComponentState::Stopped) {
      std::printf("  %s: last run %s\n", component.name.c_str(), component.lastExit.c_str());
    }
  }
}

void printNextSteps(const supervisor::ClusterTarget& target, const supervisor::UpReport& report,
                    const std::string& selector) {
  // "node-1 to node-3" while the nodes are numbered 1..N; the list once nodes came and went.
  std::vector<supervisor::NodeConfig> nodes = supervisor::clusterNodes(report.config);
  bool contiguous = true;
  for (std::size_t index = 0; index < nodes.size(); ++index) {
    contiguous = contiguous && nodes[index].index == static_cast<int>(index) + 1;
  }
  if (contiguous && !nodes.empty()) {
    std::cout << "\nNodes:      " << supervisor::nodeName(1);
    if (nodes.size() > 1) std::cout << " to " << supervisor::nodeName(static_cast<int>(nodes.size()));
  } else {
    std::cout << "\nNodes:      " << supervisor::nodeNameList(report.config);
  }
  std::cout << ", Ready (" << report.config.runtime << " pod runtime)";
  std::cout << "\nKubeconfig: " << report.kubeconfig.string() << "\nState:      " << target.state.root().string()
            << "\n";
  if (!report.userKubeconfig.empty()) {
    std::cout << "\nSet kubectl context to \"" << report.context << "\" in " << report.userKubeconfig.string()
              << ".\nYou can now use your cluster with:\n\n  kubectl cluster-info --context " << report.context
              << "\n";
  } else {
    std::cout << "\nUse your cluster with:\n\n  kubectl cluster-info --kubeconfig " << report.kubeconfig.string()
              << "\n";
  }
  std::cout << "\nNext:\n"
            << "  kubelabctl status" << selector << "\n"
            << "  kubelabctl logs " << supervisor::kApiServerComponent << selector << "\n"
            << "  kubelabctl down" << selector << "\n";
}

int runUp(const options::variables_map& values) {
  kubelab::Result<supervisor::ClusterTarget> target = targetOf(values);
  if (!target) return failure(target.status());
  supervisor::UpRequest request;
  if (values.count("nodes")) request.nodes = values["nodes"].as<int>();
  if (values.count("runtime")) request.runtime = values["runtime"].as<std::string>();
  std::string selector = selectorOf(values, *target);
  std::cout << "Starting cluster \"" << target->name << "\" ..." << std::endl;
  kubelab::Result<supervisor::UpReport> report = supervisor::bringUp(*target, request);
  if (!report) {
    std::cerr << "ERROR: cluster \"" << target->name << "\" did not start: " << report.status().message() << "\n";
    return kExitFailed;
  }
  switch (report->outcome) {
    case supervisor::UpOutcome::Created: std::cout << "Created cluster \"" << target->name << "\".\n\n"; break;
    case supervisor::UpOutcome::Resumed:
      std::cout << "Resumed cluster \"" << target->name << "\" with its data.\n\n";
      break;
    case supervisor::UpOutcome::AlreadyRunning:
      std::cout << "Cluster \"" << target->name << "\" is already running.\n\n";
      break;
  }
  for (const std::string& note : report->notes) std::cout << note << "\n\n";
  for (const std::filesystem::path& other : report->otherRunningClusters) {
    std::cerr << "WARNING: another KubeLab cluster is running on this machine (state directory " << other.string()
              << "). Every cluster uses the same pod, Service and LoadBalancer addresses, so pods that listen on "
                 "the same port in both clash: they restart, or never become ready. Stop it with `kubelabctl down "
                 "--state-dir "
              << other.string() << "`.\n\n";
  }
  printComponentTable(report->snapshot.components);
  printNextSteps(*target, *report, selector);
  return kExitOk;
}

int runDown(const options::variables_map& values) {
  kubelab::Result<supervisor::ClusterTarget> target = targetOf(values);
  if (!target) return failure(target.status());
  bool purge = values.count("purge") > 0;
  kubelab::Result<supervisor::DownReport> report = supervisor::bringDown(*target, purge);
  if (!report && report.status().code() == kubelab::StatusCode::NotFound) {
    std::cout << "Nothing to stop: " << report.status().message() << ".\n";
    return kExitOk;
  }
  if (!report) return failure(report.status());
  if (report->wasRunning) {
    std::cout << "Stopped cluster \"" << target->name << "\".\n";
  } else {
    std::cout << "Cluster \"" << target->name << "\" was not running.\n";
  }
  if (report->purged) {
    std::cout << "Deleted its state (" << target->state.root().string() << ").\n";
    for (const std::filesystem::path& kubeconfig : report->cleanedKubeconfigs) {
      std::cout << "Deleted context \"" << supervisor::kubeconfigEntryName(target->name) << "\" from "
                << kubeconfig.string() << ".\n";
    }
    if (!report->kubeconfigProblem.empty()) {
      std::cerr << "WARNING: could not delete context \"" << supervisor::kubeconfigEntryName(target->name)
                << "\" from your kubeconfig: " << report->kubeconfigProblem << "\n";
    }
  } else {
    std::cout << "Its state stays in " << target->state.root().string() << "; `kubelabctl up"
              << selectorOf(values, *target) << "` resumes it.\n";
  }
  return kExitOk;
}

int runStatus(const options::variables_map& values) {
  kubelab::Result<supervisor::ClusterTarget> target = targetOf(values);
  if (!target) return failure(target.status());
  kubelab::Result<supervisor::ClusterReport> report = supervisor::describeCluster(*target);
  if (!report) return failure(report.status());
  std::cout << "Cluster \"" << target->name << "\": " << supervisor::supervisorPhaseName(report->snapshot.phase);
  if (report->supervisorPid > 0) std::cout << " (supervisor pid " << report->supervisorPid << ")";
  std::cout << "\n";
  if (!report->snapshot.message.empty()) std::cout << report->snapshot.message << "\n";
  std::cout << "\n";
  printComponentTable(report->snapshot.components);
  if (report->supervisorPid == 0) std::cout << "\nStart it with: kubelabctl up" << selectorOf(values, *target) << "\n";
  return kExitOk;
}

int runKubeconfig(const options::variables_map& values) {
  kubelab::Result<supervisor::ClusterTarget> target = targetOf(values);
  if (!target) return failure(target.status());
  kubelab::Result<std::filesystem::path> path = supervisor::kubeconfigPath(*target);
  if (!path) return failure(path.status());
  std::cout << path->string() << "\n";
  return kExitOk;
}

int runLogs(const options::variables_map& values) {
  if (!values.count("component")) return usageError("logs", "which component? e.g. kubelabctl logs store");
  kubelab::Result<supervisor::ClusterTarget> target = targetOf(values);
  if (!target) return failure(target.status());
  kubelab::Result<std::filesystem::path> log =
      supervisor::componentLogPath(*target, values["component"].as<std::string>());
  if (!log) return failure(log.status());
  if (values.count("tail")) {
    int count = values["tail"].as<int>();
    if (count < 0) return usageError("logs", "--tail must not be negative");
    for (const std::string& line : supervisor::lastLines(*log, static_cast<std::size_t>(count))) {
      std::cout << line << "\n";
    }
    return kExitOk;
  }
  std::ifstream input(*log, std::ios::binary);
  std::cout << input.rdbuf();
  return kExitOk;
}

int runSupervise(const options::variables_map& values) {
  kubelab::Result<supervisor::ClusterTarget> target = targetOf(values);
  if (!target) return failure(target.status());
  return supervisor::superviseCluster(*target);
}

// The flags and positional arguments of each command, beyond --name, --state-dir and --help.
void addCommandOptions(const std::string& name, options::options_description& description,
                       options::positional_options_description& positional) {
  if (name == "up") description.add_options()("nodes", options::value<int>())("runtime", options::value<std::string>());
  if (name == "down") description.add_options()("purge", options::bool_switch());
  if (name == "logs") {
    description.add_options()("component", options::value<std::string>())("tail", options::value<int>());
    positional.add("component", 1);
  }
  if (kubelabctl::isClusterChangeCommand(name)) kubelabctl::addClusterChangeOptions(name, description, positional);
}

int runCommand(const std::string& name, const std::vector<std::string>& arguments) {
  options::options_description description = clusterOptions();
  options::positional_options_description positional;
  addCommandOptions(name, description, positional);
  options::variables_map values;
  try {
    options::store(options::command_line_parser(arguments).options(description).positional(positional).run(), values);
    options::notify(values);
  } catch (const options::error& error) {
    return usageError(name, error.what());
  }
  if (values.count("help")) {
    if (const Command* command = findCommand(name)) printCommandHelp(*command);
    else std::cout << "Usage:\n  kubelabctl supervise --state-dir DIR\n\nRuns a cluster's supervisor in the "
                      "foreground; `kubelabctl up` starts it in the background.\n";
    return kExitOk;
  }
  if (values.count("purge") && !values["purge"].as<bool>()) values.erase("purge");
  // The commands speak to the user in sentences; the libraries' progress lines belong in the
  // daemon's log, not on the terminal.
  if (name != "supervise") kubelab::log::setMinimumLevel(kubelab::log::Level::Warning);
  if (name == "up") return runUp(values);
  if (name == "down") return runDown(values);
  if (name == "status") return runStatus(values);
  if (name == "kubeconfig") return runKubeconfig(values);
  if (name == "logs") return runLogs(values);
  if (kubelabctl::isClusterChangeCommand(name)) {
    kubelab::Result<supervisor::ClusterTarget> target = targetOf(values);
    if (!target) return failure(target.status());
    return kubelabctl::runClusterChange(name, values, *target);
  }
  return runSupervise(values);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h" || arguments[0] == "help") {
    if (arguments.size() >= 2 && findCommand(arguments[1])) {
      printCommandHelp(*findCommand(arguments[1]));
      return kExitOk;
    }
    printMainHelp();
    return arguments.empty() ? kExitUsage : kExitOk;
  }
  std::string name = arguments[0];
  if (findCommand(name) == nullptr && name != "supervise") {
    std::cerr << "ERROR: unknown command \"" << name << "\" for \"kubelabctl\"\n"
              << "Run 'kubelabctl --help' for usage.\n";
    return kExitUsage;
  }
  return runCommand(name, std::vector<std::string>(arguments.begin() + 1, arguments.end()));
}
