#pragma once
// What the supervisor reports about itself and each component: shown by `kubelabctl status`,
// written to status.json by the daemon, and (later) shown by the desktop app.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubelab::supervisor {

enum class ComponentState {
  Stopped,     // no process, and none coming
  Starting,    // the process runs but has not passed its readiness probe yet
  Running,     // ready
  BackingOff,  // exited; restarts after the back-off delay
  Failed,      // did not become ready at startup; the supervisor gives up
};

enum class SupervisorPhase {
  Idle,      // not started
  Starting,  // starting components in order
  Running,   // every component became ready once; crashes since then are restarted
  Failed,    // startup failed and every component was stopped again
  Stopping,
  Stopped,
};

// Lowercase names as users read them in `kubelabctl status`: "running", "back-off", ...
const char* componentStateName(ComponentState state);
std::optional<ComponentState> parseComponentState(std::string_view name);
// Capitalized names, as in Kubernetes phases: "Starting", "Running", ...
const char* supervisorPhaseName(SupervisorPhase phase);
std::optional<SupervisorPhase> parseSupervisorPhase(std::string_view name);

struct ComponentStatus {
  std::string name;
  ComponentState state = ComponentState::Stopped;
  int pid = 0;  // 0 when there is no process
  int restarts = 0;
  std::string endpoint;
  std::string lastExit;  // how the previous process ended: "killed by signal 9 (SIGKILL)"
  std::string message;   // why it is not running, when it is not
  // Stopped on request (`kubelabctl stop`, or a node killed by `kubelabctl kill node`): the
  // supervisor leaves it down until `kubelabctl start`.
  bool stoppedByUser = false;
};

struct SupervisorSnapshot {
  SupervisorPhase phase = SupervisorPhase::Idle;
  std::string message;  // why startup failed, when it did
  std::vector<ComponentStatus> components;
};

}  // namespace kubelab::supervisor
