#pragma once
// What a kubelet asks of a pod runtime (the CRI's role): start a pod's containers, report their
// states, and stop them. The kubelet turns those states into the pod's status; the runtime
// never talks to the API server. Implementations: `simulated` (no processes, for scale
// demonstrations) and `process` (each container a host process group; issue 5).

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace kubelab::runtime {

using Clock = std::chrono::system_clock;

// How a container's previous run ended (containerStatuses[].lastState.terminated).
struct TerminatedState {
  int exitCode = 0;
  std::string reason;  // Completed, Error, StartError
  std::string message;
  Clock::time_point startedAt{};
  Clock::time_point finishedAt{};
};

// A container's state as the Pod API reports it (containerStatuses[].state).
struct ContainerState {
  enum class Phase { Waiting, Running, Terminated };
  Phase phase = Phase::Waiting;
  std::string reason;   // Waiting: ContainerCreating, ErrImagePull, ...; Terminated: Completed, Error
  std::string message;
  int exitCode = 0;
  Clock::time_point startedAt{};
  Clock::time_point finishedAt{};
  int restartCount = 0;
  bool ready = false;
  std::optional<TerminatedState> lastTermination;  // set once the container has restarted
};

// What a container uses, as the kubelet's summary API reports it (metrics.k8s.io's source).
struct ContainerStats {
  std::chrono::nanoseconds cpuTime{0};  // cumulative, all its processes (usageCoreNanoSeconds)
  std::uint64_t memoryBytes = 0;        // resident memory now (workingSetBytes)
};

struct PodRuntimeStatus {
  // By container name, in the pod spec's order.
  std::vector<std::pair<std::string, ContainerState>> containers;
  // spec.initContainers likewise: they run one at a time, each to completion, before any
  // container starts (the containers wait with reason PodInitializing meanwhile).
  std::vector<std::pair<std::string, ContainerState>> initContainers;
};

// A file of a configMap, secret or downwardAPI volume. The kubelet reads those objects and
// hands the runtime their files; the runtime never talks to the API server.
struct VolumeFile {
  std::string path;  // relative to the volume: "key", "conf/app.properties"
  std::string content;
  int mode = 0644;
};

struct VolumeContents {
  std::string volume;  // the name in spec.volumes
  std::vector<VolumeFile> files;
};

// A command running inside a container (kubectl exec), with pipes for its standard streams.
// Destroying it kills the command's process group if it still runs.
class ExecSession {
 public:
  virtual ~ExecSession() = default;
  virtual int standardInput() const = 0;  // write end; -1 when no stdin was asked for
  virtual int standardOutput() const = 0;  // read ends
  virtual int standardError() const = 0;
  virtual void closeStandardInput() = 0;  // the command sees end of input
  virtual int wait() = 0;                 // its exit code (128 + signal when killed)
};

class PodRuntime {
 public:
  virtual ~PodRuntime() = default;
  virtual std::string name() const = 0;  // "simulated", reported as containerRuntimeVersion
  // Starts (or keeps running) the pod's containers. Idempotent: called on every sync. The pod's
  // status.podIP and status.hostIP are always set: the kubelet allocates the IP first.
  virtual void ensureRunning(const boost::json::object& pod) = 0;
  // Stops every container of the pod (SIGTERM, then SIGKILL after the grace period) and forgets
  // it. Returns once they are gone.
  virtual void stop(const std::string& podUid, std::chrono::seconds gracePeriod) = 0;
  // nullopt for a pod the runtime does not know.
  virtual std::optional<PodRuntimeStatus> status(const std::string& podUid) const = 0;
  // The pods it runs, by uid (to stop what the API no longer has after a kubelet restart).
  virtual std::vector<std::string> runningPods() const = 0;
  // Called with a pod's uid when one of its containers starts or exits on its own, from the
  // runtime's thread (the PLEG's role): a pod that looked settled may need its status again.
  // Runtimes whose states change only with time may ignore it.
  using ChangeHandler = std::function<void(const std::string& podUid)>;
  virtual void setChangeHandler(ChangeHandler) {}
  // The file holding what a container's run wrote (restartCount 0 is its first run; the
  // previous run is restartCount - 1), for `kubectl logs [--previous]`. It stays after stop(),
  // so a finished pod's logs can be read. nullopt when the runtime keeps no logs.
  // Resource use of the pod's running containers, by name; nullopt for a pod the runtime does
  // not know or a runtime that cannot tell.
  virtual std::optional<std::vector<std::pair<std::string, ContainerStats>>> stats(const std::string& /*podUid*/) const {
    return std::nullopt;
  }
  // Runs a command inside a running container: its environment, working directory and
  // volumes. The command's parent-death signal follows the calling thread.
  virtual Result<std::unique_ptr<ExecSession>> exec(const std::string& /*podUid*/, const std::string& /*container*/,
                                                    const std::vector<std::string>& /*command*/, bool /*withStandardInput*/) {
    return unavailable("this runtime cannot run commands in containers");
  }
  // Writes the files of the pod's configMap, secret and downwardAPI volumes: before its
  // containers start, and again when what they hold changes. Each volume changes at once (the
  // `..data` symlink swap of projectedvolumes.h). Runtimes without volumes ignore it.
  virtual Status writeVolumes(const boost::json::object& /*pod*/, const std::vector<VolumeContents>& /*volumes*/) {
    return Status::ok();
  }
  // Removes what a stopped pod left behind (sandbox, volumes, logs), once the API has no such
  // pod; a pod still running is left alone.
  virtual void removePod(const std::string& /*podUid*/) {}
  // Pods the runtime keeps anything of, running or stopped (their sandboxes), by uid.
  virtual std::vector<std::string> keptPods() const { return runningPods(); }
  virtual std::optional<std::filesystem::path> logFile(const std::string& /*podUid*/, const std::string& /*container*/,
                                                       int /*restartCount*/) const {
    return std::nullopt;
  }
};

}  // namespace kubelab::runtime
