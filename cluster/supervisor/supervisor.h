#pragma once
// The Supervisor runs a list of components as child processes: it starts them in order, each
// once the one before is ready, restarts any that exit with back-off, and stops them all: the
// nodes together, then the rest in reverse order. kubelabctl's daemon and the desktop app both
// embed this class; pid files, detaching and signals belong to the daemon (daemon.h), not here.
//
// Children are started only by the Supervisor's own thread, which lives until every child is
// gone: PR_SET_PDEATHSIG fires when the *thread* that forked a child exits, not the process.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "supervisor/componentspec.h"
#include "supervisor/restartbackoff.h"
#include "supervisor/supervisorstatus.h"

namespace kubelab::supervisor {

class ExitStatus;

struct SupervisorOptions {
  std::chrono::milliseconds readinessDeadline{30000};  // per component, at startup
  std::chrono::milliseconds stopGracePeriod{5000};     // between SIGTERM and SIGKILL
  std::chrono::milliseconds pollInterval{20};          // how fast a crash is noticed
  std::chrono::milliseconds probeTimeout{1000};
  // A component without a readiness URL counts as ready once it has run this long, so one
  // that fails at once still fails startup instead of being reported ready.
  std::chrono::milliseconds unprobedSettleTime{200};
  RestartBackoff::Options restartBackoff;
};

class Supervisor {
 public:
  // Called on the supervisor's thread after every change, never concurrently with itself.
  using Observer = std::function<void(const SupervisorSnapshot&)>;

  explicit Supervisor(std::vector<ComponentSpec> components, SupervisorOptions options = {}, Observer observer = {});
  ~Supervisor();  // stop()
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Starts the components on the supervisor's thread and returns at once. Call it once; to run
  // a cluster again after stop(), make a new Supervisor.
  void start();
  // Blocks until startup has ended: OK once every component has become ready; otherwise why
  // not, after every component started so far has been stopped again.
  Status waitUntilStarted();
  // Stops every component (nodes all at once, then the control plane in reverse order) and
  // returns once they have exited. Safe to call from any thread, more than once, and while
  // startup is still going on.
  void stop();

  SupervisorSnapshot snapshot() const;

  // Changes to a running cluster (supervisorcommands.cpp). Each is carried out on the
  // supervisor's thread, which must be the one to start every child, once startup is over;
  // each returns what happened in one sentence ("stopped scheduler (pid 12)"), NotFound naming
  // the components there are, or Unavailable when the supervisor is not running.
  // New components start at once, without waiting for one another to be ready.
  Result<std::string> addComponents(std::vector<ComponentSpec> components);
  // Stops the components (SIGTERM, the grace period, SIGKILL) and forgets them.
  Result<std::string> removeComponents(const std::vector<std::string>& names);
  // SIGTERM, and down until startComponent().
  Result<std::string> stopComponent(const std::string& name);
  // Starts a component stopped by the user (or backing off) now.
  Result<std::string> startComponent(const std::string& name);
  // SIGKILL, as a crash: restarted with back-off; with keepDown, left down as stopComponent does.
  Result<std::string> killComponent(const std::string& name, bool keepDown = false);
  // Stops the component and starts it again at once.
  Result<std::string> restartComponent(const std::string& name);
  // Sends `signalNumber` to a running component (the kubelet's partition signals).
  Result<std::string> signalComponent(const std::string& name, int signalNumber);

 private:
  struct Component;
  using Clock = std::chrono::steady_clock;

  void run();
  bool startInOrder();
  bool spawnForStartup(Component& component);
  bool awaitReady(Component& component);
  bool failStartup(Component& component, std::string reason);  // false, having marked it Failed
  void superviseUntilStopped();
  void checkComponent(Component& component);
  bool spawn(Component& component);
  Status checkReady(const Component& component) const;
  // Plans the next start of a component whose process exited (processRan) or could not be
  // started at all; `reason` says which.
  void scheduleRestart(Component& component, const std::string& reason, bool processRan);
  void stopAll();
  void stopComponent(Component& component);
  void finishStartup(Status result);
  bool sleepUnlessStopping(std::chrono::milliseconds duration);
  // Runs `command` on the supervisor's thread and waits for its answer.
  Result<std::string> submit(std::function<Result<std::string>()> command);
  void runPendingCommands();
  void failPendingCommands();
  Component* findComponent(const std::string& name);
  Status unknownComponent(const std::string& name) const;
  ExitStatus stopProcess(Component& component, bool byUser);
  bool stopRequested() const;
  // Applies `change` under the lock, then tells the observer.
  void update(const std::function<void()>& change);

  const SupervisorOptions options_;
  const Observer observer_;
  std::vector<std::unique_ptr<Component>> components_;

  mutable std::mutex mutex_;  // guards the fields below and each Component's status
  std::condition_variable wakeUp_;
  SupervisorPhase phase_ = SupervisorPhase::Idle;
  std::string phaseMessage_;
  std::optional<Status> startupResult_;
  bool stopRequested_ = false;
  struct PendingCommand {
    std::function<Result<std::string>()> run;
    std::promise<Result<std::string>> answer;
  };
  std::deque<PendingCommand> commands_;
  bool acceptingCommands_ = false;  // from the end of startup until stopping begins

  std::mutex threadMutex_;  // serializes start() and stop(), which join the thread
  std::thread thread_;
};

}  // namespace kubelab::supervisor
