// `kubelabctl down`: stop a cluster's supervisor daemon, make sure none of the cluster's
// processes are left, and optionally delete its state.
#include <signal.h>

#include <algorithm>
#include <system_error>
#include <thread>

#include "common/logging.h"
#include "supervisor/clustercontrol.h"
#include "supervisor/clustercredentials.h"
#include "supervisor/pidfile.h"
#include "supervisor/processtable.h"
#include "supervisor/statusfile.h"

namespace kubelab::supervisor {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Long enough for the daemon to give every component its SIGTERM grace period in turn.
constexpr std::chrono::seconds kDaemonStopTimeout{60};

template <typename Condition>
bool waitFor(Condition condition, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

Status stopDaemon(const ClusterTarget& target, int pid) {
  const fs::path pidFile = target.state.pidFile();
  auto released = [&] { return lockedPid(pidFile) != pid; };
  ::kill(pid, SIGTERM);
  if (!waitFor(released, kDaemonStopTimeout)) {
    // Still holding the lock proves the pid is still our daemon, so SIGKILL cannot hit a
    // stranger; its components die with it (PR_SET_PDEATHSIG).
    log::warning("the supervisor (pid ", pid, ") did not stop within ", kDaemonStopTimeout.count(), "s; killing it");
    ::kill(pid, SIGKILL);
    if (!waitFor(released, std::chrono::seconds(5))) {
      return unavailable("the supervisor (pid " + std::to_string(pid) + ") of cluster \"" + target.name +
                         "\" does not exit");
    }
  }
  // The daemon releases the lock as its last act; let it finish exiting.
  waitFor([pid] { return !isProcessAlive(pid); }, std::chrono::seconds(2));
  return Status::ok();
}

// Components the last daemon recorded that still run. Normally none: the daemon stops them,
// and if it died the kernel killed them. A pid only counts while its command line still names
// this cluster's directory, so a reused pid is never touched.
Status killLeftovers(const ClusterTarget& target, const std::vector<int>& componentPids) {
  std::vector<int> leftovers;
  for (int pid : processesMentioning(target.state.root().string())) {
    if (std::find(componentPids.begin(), componentPids.end(), pid) != componentPids.end()) leftovers.push_back(pid);
  }
  for (int pid : leftovers) {
    log::warning("killing leftover component process ", pid);
    ::kill(pid, SIGKILL);
  }
  auto gone = [&] { return std::none_of(leftovers.begin(), leftovers.end(), isProcessAlive); };
  if (!waitFor(gone, std::chrono::seconds(5))) return unavailable("a component of the cluster does not exit");
  return Status::ok();
}

std::vector<int> recordedComponentPids(const ClusterTarget& target) {
  std::vector<int> pids;
  Result<StatusFile> status = readStatusFile(target.state.statusFile());
  if (!status) return pids;
  for (const ComponentStatus& component : status->snapshot.components) {
    if (component.pid > 0) pids.push_back(component.pid);
  }
  return pids;
}

}  // namespace

Result<DownReport> bringDown(const ClusterTarget& target, bool purge) {
  if (!target.state.holdsCluster()) {
    return notFound("no cluster \"" + target.name + "\" at " + target.state.root().string());
  }
  DownReport report;
  std::vector<int> componentPids = recordedComponentPids(target);
  if (std::optional<int> pid = lockedPid(target.state.pidFile())) {
    report.wasRunning = true;
    KUBELAB_RETURN_IF_ERROR(stopDaemon(target, *pid));
    std::vector<int> later = recordedComponentPids(target);  // restarts may have added some
    componentPids.insert(componentPids.end(), later.begin(), later.end());
  }
  KUBELAB_RETURN_IF_ERROR(killLeftovers(target, componentPids));
  if (purge) {
    std::error_code error;
    fs::remove_all(target.state.root(), error);
    if (error) return internalError("cannot delete " + target.state.root().string() + ": " + error.message());
    report.purged = true;
    Result<std::vector<fs::path>> cleaned = removeFromUserKubeconfig(target.name);
    if (cleaned) report.cleanedKubeconfigs = *cleaned;
    else report.kubeconfigProblem = cleaned.status().message();
  }
  return report;
}

}  // namespace kubelab::supervisor
