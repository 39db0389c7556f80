// Finding a cluster and answering questions about it: status, kubeconfig, logs.
#include <system_error>

#include "supervisor/binarydirectory.h"
#include "supervisor/clustercomponents.h"
#include "supervisor/clustercontrol.h"
#include "supervisor/pidfile.h"
#include "supervisor/statusfile.h"

namespace kubelab::supervisor {

namespace fs = std::filesystem;

namespace {

Status noCluster(const ClusterTarget& target) {
  return notFound("no cluster \"" + target.name + "\" at " + target.state.root().string());
}

// What a stopped cluster would run, so `status` lists every component and its address.
std::vector<ComponentStatus> stoppedComponents(const ClusterTarget& target, const ClusterConfig& config) {
  Result<fs::path> binaries = binaryDirectory();
  Result<std::vector<ComponentSpec>> specs = clusterComponents(config, target.state, binaries ? *binaries : fs::path());
  std::vector<ComponentStatus> components;
  if (!specs) {
    for (const std::string& name : clusterComponentNames(config)) components.emplace_back().name = name;
    return components;
  }
  for (const ComponentSpec& spec : *specs) {
    ComponentStatus& component = components.emplace_back();
    component.name = spec.name;
    component.endpoint = spec.endpoint;
  }
  return components;
}

}  // namespace

Result<ClusterTarget> resolveCluster(const std::optional<std::string>& name,
                                     const std::optional<fs::path>& stateDirectory) {
  if (name) KUBELAB_RETURN_IF_ERROR(validateClusterName(*name));
  if (!stateDirectory) {
    std::string clusterName = name.value_or(std::string(kDefaultClusterName));
    Result<StateDirectory> state = StateDirectory::forClusterName(clusterName);
    if (!state) return state.status();
    return ClusterTarget{clusterName, *state};
  }
  std::error_code error;
  fs::path root = fs::weakly_canonical(fs::absolute(*stateDirectory, error), error);
  if (error) return invalid("--state-dir " + stateDirectory->string() + ": " + error.message());
  StateDirectory state(root);
  std::string recorded;
  if (state.holdsCluster()) {
    Result<ClusterConfig> config = loadClusterConfig(state.clusterFile());
    if (!config) return config.status();
    recorded = config->name;
  }
  if (name && !recorded.empty() && *name != recorded) {
    return conflict("the cluster in " + root.string() + " is called \"" + recorded + "\", not \"" + *name + "\"");
  }
  std::string clusterName = name ? *name : (recorded.empty() ? std::string(kDefaultClusterName) : recorded);
  return ClusterTarget{clusterName, state};
}

Result<ClusterReport> describeCluster(const ClusterTarget& target) {
  if (!target.state.holdsCluster()) return noCluster(target);
  Result<ClusterConfig> config = loadClusterConfig(target.state.clusterFile());
  if (!config) return config.status();
  ClusterReport report;
  report.config = *config;
  report.supervisorPid = lockedPid(target.state.pidFile()).value_or(0);
  if (report.supervisorPid == 0) {
    report.snapshot = SupervisorSnapshot{SupervisorPhase::Stopped, "", stoppedComponents(target, *config)};
    return report;
  }
  Result<StatusFile> status = readStatusFile(target.state.statusFile());
  if (status && status->supervisorPid == report.supervisorPid) {
    report.snapshot = status->snapshot;
  } else {
    // The daemon has claimed the cluster but not written its first status yet.
    report.snapshot = SupervisorSnapshot{SupervisorPhase::Starting, "", stoppedComponents(target, *config)};
  }
  return report;
}

Result<fs::path> kubeconfigPath(const ClusterTarget& target) {
  if (!target.state.holdsCluster()) return noCluster(target);
  fs::path kubeconfig = target.state.kubeconfigFile();
  std::error_code error;
  if (fs::is_regular_file(kubeconfig, error)) return kubeconfig;
  return notFound("cluster \"" + target.name + "\" has no kubeconfig yet; `kubelabctl up` writes it to " +
                  kubeconfig.string());
}

Result<fs::path> componentLogPath(const ClusterTarget& target, std::string_view component) {
  if (!target.state.holdsCluster()) return noCluster(target);
  Result<ClusterConfig> config = loadClusterConfig(target.state.clusterFile());
  if (!config) return config.status();
  std::vector<std::string> names = clusterComponentNames(*config);
  names.emplace_back("supervisor");
  bool known = false;
  std::string list;
  for (const std::string& name : names) {
    known = known || name == component;
    list += (list.empty() ? "" : ", ") + name;
  }
  if (!known) {
    return notFound("cluster \"" + target.name + "\" has no component \"" + std::string(component) +
                    "\"; its components are: " + list);
  }
  fs::path log = target.state.logFile(component);
  std::error_code error;
  if (!fs::is_regular_file(log, error)) {
    return notFound(std::string(component) + " has not written a log yet (it goes to " + log.string() + ")");
  }
  return log;
}

}  // namespace kubelab::supervisor
