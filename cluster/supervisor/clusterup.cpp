// `kubelabctl up`: create or resume a cluster, start its supervisor daemon detached, and wait
// until every component is ready.
#include <system_error>
#include <thread>

#include "supervisor/binarydirectory.h"
#include "supervisor/childprocess.h"
#include "supervisor/clustercomponents.h"
#include "supervisor/clustercontrol.h"
#include "supervisor/clustercredentials.h"
#include "supervisor/daemon.h"
#include "supervisor/logtail.h"
#include "supervisor/loopbackports.h"
#include "supervisor/pidfile.h"
#include "supervisor/processtable.h"
#include "supervisor/statusfile.h"

namespace kubelab::supervisor {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kLogLinesOnFailure = 20;

std::string logTail(const fs::path& log) {
  std::vector<std::string> lines = lastLines(log, kLogLinesOnFailure);
  if (lines.empty()) return "\n\n" + log.string() + " is empty.";
  std::string text = "\n\nLast lines of " + log.string() + ":";
  for (const std::string& line : lines) text += "\n  " + line;
  return text;
}

// The supervisor's reason, followed by the logs of the components that failed, or by its own
// log when no component got as far as failing.
Status startupFailure(const ClusterTarget& target, const SupervisorSnapshot& snapshot) {
  std::string message = snapshot.message.empty() ? "the cluster did not start" : snapshot.message;
  bool componentFailed = false;
  for (const ComponentStatus& component : snapshot.components) {
    if (component.state != ComponentState::Failed) continue;
    componentFailed = true;
    message += logTail(target.state.logFile(component.name));
  }
  if (!componentFailed) message += logTail(target.state.logFile("supervisor"));
  return unavailable(message);
}

Result<UpReport> alreadyRunning(const ClusterTarget& target) {
  Result<ClusterReport> described = describeCluster(target);
  if (!described) return described.status();
  UpReport report{UpOutcome::AlreadyRunning, described->config, described->snapshot, {}, {}, {}, {}, {}};
  report.context = kubeconfigEntryName(target.name);
  report.kubeconfig = target.state.kubeconfigFile();
  return report;
}

// kind fails `create cluster` when it cannot write the user's kubeconfig; here the cluster
// runs and has its own kubeconfig, so a broken ~/.kube/config only earns a note.
void exportContext(const ClusterTarget& target, UpReport& report) {
  Result<fs::path> merged = exportToUserKubeconfig(target.state, report.config);
  if (merged) {
    report.userKubeconfig = *merged;
  } else {
    report.notes.push_back("Could not add context \"" + report.context + "\" to your kubeconfig (" +
                           merged.status().message() + "); use --kubeconfig " + report.kubeconfig.string() + ".");
  }
}

// Loads or creates cluster.json, giving every port role that has none a free port.
Result<UpReport> prepareCluster(const ClusterTarget& target, const UpRequest& request) {
  if (request.nodes && *request.nodes < 1) return invalid("--nodes must be at least 1");
  if (request.runtime && *request.runtime != "simulated" && *request.runtime != "process") {
    return invalid("--runtime must be \"simulated\" or \"process\", not \"" + *request.runtime + "\"");
  }
  UpReport report;
  bool changed = false;
  if (target.state.holdsCluster()) {
    Result<ClusterConfig> config = loadClusterConfig(target.state.clusterFile());
    if (!config) return config.status();
    report.config = *config;
    report.outcome = UpOutcome::Resumed;
    if (request.nodes && *request.nodes != report.config.nodes) {
      report.notes.push_back("Cluster \"" + target.name + "\" was created with " +
                             std::to_string(report.config.nodes) + " node(s); --nodes " +
                             std::to_string(*request.nodes) + " does not change an existing cluster.");
    }
    if (request.runtime && *request.runtime != report.config.runtime) {
      report.notes.push_back("Cluster \"" + target.name + "\" runs the " + report.config.runtime +
                             " runtime; --runtime " + *request.runtime + " does not change an existing cluster.");
    }
  } else {
    KUBELAB_RETURN_IF_ERROR(target.state.create());
    report.config = ClusterConfig{target.name, request.nodes.value_or(1), request.runtime.value_or("process"), {}};
    changed = true;
  }
  std::vector<std::string> missing;
  for (const std::string& role : requiredPortRoles(report.config)) {
    if (!report.config.ports.contains(role)) missing.push_back(role);
  }
  Result<std::vector<std::uint16_t>> ports = pickFreeLoopbackPorts(missing.size());
  if (!ports) return ports.status();
  for (std::size_t index = 0; index < missing.size(); ++index) report.config.ports[missing[index]] = (*ports)[index];
  changed = changed || !missing.empty();
  if (changed) KUBELAB_RETURN_IF_ERROR(saveClusterConfig(target.state.clusterFile(), report.config));
  return report;
}

// Fails before anything starts, with a message saying what to do, when a component could not run.
Status checkCanStart(const ClusterTarget& target, const ClusterConfig& config) {
  for (const auto& [role, port] : config.ports) {
    if (checkLoopbackPortFree(port).isOk()) continue;
    return conflict("port " + std::to_string(port) + " (" + role + ") of cluster \"" + target.name +
                    "\" is in use by another process. A cluster keeps the ports chosen when it was created, so "
                    "that its addresses stay the same; free the port, or delete the cluster with `kubelabctl down "
                    "--purge` and create it again.");
  }
  Result<fs::path> binaries = binaryDirectory();
  if (!binaries) return binaries.status();
  Result<std::vector<ComponentSpec>> components = clusterComponents(config, target.state, *binaries);
  if (!components) return components.status();
  return checkExecutables(*components);
}

Result<std::unique_ptr<ChildProcess>> launchDaemon(const ClusterTarget& target) {
  Result<fs::path> self = currentExecutable();
  if (!self) return self.status();
  LaunchOptions launch;
  launch.executable = *self;
  launch.arguments = {"supervise", "--state-dir", target.state.root().string()};
  launch.logFile = target.state.logFile("supervisor");
  launch.dieWithParent = false;
  launch.newSession = true;
  return ChildProcess::launch(launch);
}

// The daemon exits by itself after a failed startup; this only reaps it.
void awaitExit(ChildProcess& daemon) {
  for (int attempt = 0; attempt < 100 && !daemon.poll(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

Result<SupervisorSnapshot> startDaemonAndWait(const ClusterTarget& target, std::chrono::milliseconds timeout) {
  std::error_code ignored;
  fs::remove(target.state.statusFile(), ignored);  // so only the new daemon's status counts
  Result<std::unique_ptr<ChildProcess>> launched = launchDaemon(target);
  if (!launched) return launched.status();
  ChildProcess& daemon = **launched;
  const auto deadline = Clock::now() + timeout;
  while (true) {
    Result<StatusFile> status = readStatusFile(target.state.statusFile());
    bool current = status && status->supervisorPid == daemon.pid();
    if (current && status->snapshot.phase == SupervisorPhase::Running) {
      daemon.release();  // it outlives us by design
      return status->snapshot;
    }
    if (current && status->snapshot.phase == SupervisorPhase::Failed) {
      awaitExit(daemon);
      return startupFailure(target, status->snapshot);
    }
    if (std::optional<ExitStatus> exit = daemon.poll()) {
      if (!exit->signaled() && exit->code() == kDaemonAlreadyRunning) {
        return conflict("another kubelabctl started cluster \"" + target.name + "\" at the same time; see `kubelabctl status`");
      }
      return unavailable("the supervisor " + exit->describe() + " before the cluster was ready" +
                         logTail(target.state.logFile("supervisor")));
    }
    if (Clock::now() >= deadline) {
      daemon.stop(std::chrono::seconds(15));
      SupervisorSnapshot snapshot = status ? status->snapshot : SupervisorSnapshot{};
      snapshot.message = "the cluster was not ready within " + std::to_string(timeout.count() / 1000) + "s";
      return startupFailure(target, snapshot);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::vector<fs::path> otherRunningClusters(const ClusterTarget& target) {
  std::error_code error;
  fs::path own = fs::weakly_canonical(target.state.root(), error);
  std::vector<fs::path> others;
  for (const fs::path& directory : runningSupervisorStateDirectories()) {
    if (fs::weakly_canonical(directory, error) != own) others.push_back(directory);
  }
  return others;
}

}  // namespace

Result<UpReport> bringUp(const ClusterTarget& target, const UpRequest& request) {
  if (lockedPid(target.state.pidFile())) {
    Result<UpReport> running = alreadyRunning(target);
    if (running) running->otherRunningClusters = otherRunningClusters(target);
    return running;
  }
  Result<UpReport> report = prepareCluster(target, request);
  if (!report) return report.status();
  KUBELAB_RETURN_IF_ERROR(checkCanStart(target, report->config));
  KUBELAB_RETURN_IF_ERROR(prepareClusterCredentials(target.state, report->config));
  report->kubeconfig = target.state.kubeconfigFile();
  report->context = kubeconfigEntryName(target.name);
  Result<SupervisorSnapshot> snapshot = startDaemonAndWait(target, request.timeout);
  if (!snapshot) return snapshot.status();
  report->snapshot = *snapshot;
  exportContext(target, *report);
  report->otherRunningClusters = otherRunningClusters(target);
  return report;
}

int superviseCluster(const ClusterTarget& target) { return runSupervisorDaemon(target.state); }

}  // namespace kubelab::supervisor
