#pragma once
// The process runtime's record of its pods and containers, shared by its supervisor
// (processruntime.cpp) and its prober (processprober.cpp). Private to the runtime.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "runtime/containerprobes.h"
#include "runtime/processruntime.h"

namespace kubelab::runtime {

struct ProcessRuntime::Container {
  std::string name;
  boost::json::object spec;
  pid_t pid = 0;  // the running process, which leads its process group; 0 when none runs
  Clock::time_point startedAt{};
  int runs = 0;
  int failures = 0;  // consecutive exits, for the restart back-off
  std::chrono::milliseconds currentBackoff{0};
  std::optional<TerminatedState> last;      // how the latest run ended
  std::optional<TerminatedState> previous;  // the run before it
  bool finished = false;                    // ended for good (restartPolicy, or its pod stopping)
  bool replacing = false;                   // stopping to start again with a changed spec
  Clock::time_point killAt{};               // when a replaced container gets SIGKILL
  Clock::time_point nextStart{};
  int pullFailures = 0;
  bool pullFailed = false;
  Clock::time_point pullFailedAt{};
  std::string waitingReason;  // CreateContainerConfigError, with waitingMessage
  std::string waitingMessage;
  bool init = false;  // an init container: runs to completion, restarted only on failure
  // Probes of the current run; reset at each start.
  std::optional<ProbeState> startup, liveness, readiness;
  bool livenessKilled = false;  // stopped by a failed liveness or startup probe (SIGKILL at killAt)

  // Ready as the kubelet reports it: running, started (startup probe), and ready (readiness probe).
  bool probedReady() const {
    if (pid == 0) return false;
    if (startup && !startup->passing) return false;
    return !readiness || readiness->passing;
  }
};

struct ProcessRuntime::Pod {
  boost::json::object object;
  std::string restartPolicy;
  std::filesystem::path sandbox;
  std::vector<Container> initContainers;
  std::vector<Container> containers;
  bool stopping = false;

  std::vector<Container*> everyContainer() {
    std::vector<Container*> all;
    for (auto& container : initContainers) all.push_back(&container);
    for (auto& container : containers) all.push_back(&container);
    return all;
  }
  // The init container that has yet to succeed, or nullptr once the pod is initialized.
  Container* pendingInitContainer() {
    for (auto& container : initContainers) {
      if (!container.finished || !container.last || container.last->exitCode != 0) return &container;
    }
    return nullptr;
  }
  const Container* pendingInitContainer() const { return const_cast<Pod*>(this)->pendingInitContainer(); }
};

}  // namespace kubelab::runtime
