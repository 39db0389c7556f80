#pragma once
// What kubelabctl does to a cluster, as a library: find it, bring it up through a detached
// supervisor daemon, bring it down, and report on it. kubelabctl's main() only parses
// options and prints; the desktop app embeds a Supervisor directly instead.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "supervisor/clusterconfig.h"
#include "supervisor/statedirectory.h"
#include "supervisor/supervisorstatus.h"

namespace kubelab::supervisor {

struct ClusterTarget {
  std::string name;
  StateDirectory state;
};

// --name and --state-dir into a cluster. Without --state-dir the directory follows from the
// name; with it, the name defaults to the one the directory's cluster.json records.
Result<ClusterTarget> resolveCluster(const std::optional<std::string>& name,
                                     const std::optional<std::filesystem::path>& stateDirectory);

struct UpRequest {
  std::optional<int> nodes;
  std::optional<std::string> runtime;  // a new cluster's pod runtime: "simulated" or "process"
  std::chrono::milliseconds timeout{120000};
};

enum class UpOutcome { Created, Resumed, AlreadyRunning };

struct UpReport {
  UpOutcome outcome = UpOutcome::Created;
  ClusterConfig config;
  SupervisorSnapshot snapshot;
  std::vector<std::string> notes;  // things the user should know, one sentence each
  std::filesystem::path kubeconfig;  // <state>/kubeconfig
  std::string context;               // "kubelab-<name>"
  // The user's kubeconfig that now holds `context` as its current context; empty when `up`
  // could not merge it there (a note says why) or the cluster was already running.
  std::filesystem::path userKubeconfig;
  // The state directories of other clusters running on this machine. Every cluster uses the
  // same address ranges (nodes and pods 127.10.0.0/16, Services 127.96.0.0/16, LoadBalancers
  // 127.200.0.0/16), so pods that listen on the same port in two clusters clash.
  std::vector<std::filesystem::path> otherRunningClusters;
};

// Creates or resumes the cluster and returns once every component is ready: makes its
// certificates and <state>/kubeconfig before the API server starts, and once the cluster is
// ready merges context kubelab-<name> into the user's kubeconfig. On failure the message ends
// with the last lines of the failing component's log.
Result<UpReport> bringUp(const ClusterTarget& target, const UpRequest& request);

// Runs the supervisor daemon in this process (the hidden `kubelabctl supervise`).
int superviseCluster(const ClusterTarget& target);

struct DownReport {
  bool wasRunning = false;
  bool purged = false;
  // With `purge`: the user's kubeconfig files that context kubelab-<name> was taken out of,
  // and why that failed, if it did (the cluster is deleted all the same).
  std::vector<std::filesystem::path> cleanedKubeconfigs;
  std::string kubeconfigProblem;
};

// Stops the daemon and every component and waits until they are gone; with `purge`, then
// deletes the state directory and takes the cluster's context out of the user's kubeconfig.
// NotFound when there is no cluster there.
Result<DownReport> bringDown(const ClusterTarget& target, bool purge);

struct ClusterReport {
  ClusterConfig config;
  int supervisorPid = 0;  // 0 when the cluster is not running
  SupervisorSnapshot snapshot;
};

Result<ClusterReport> describeCluster(const ClusterTarget& target);

// The kubeconfig's path once the cluster's API server has written it.
Result<std::filesystem::path> kubeconfigPath(const ClusterTarget& target);

// The log of `component` (or of the supervisor itself, "supervisor").
Result<std::filesystem::path> componentLogPath(const ClusterTarget& target, std::string_view component);

}  // namespace kubelab::supervisor
