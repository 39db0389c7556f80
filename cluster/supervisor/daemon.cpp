#include "supervisor/daemon.h"

#include <signal.h>
#include <unistd.h>

#include <cstring>

#include "common/logging.h"
#include "supervisor/binarydirectory.h"
#include "supervisor/clustercomponents.h"
#include "supervisor/clusterconfig.h"
#include "supervisor/controlchannel.h"
#include "supervisor/daemoncommands.h"
#include "supervisor/pidfile.h"
#include "supervisor/statusfile.h"
#include "supervisor/supervisor.h"

namespace kubelab::supervisor {

namespace {

sigset_t stopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  for (int signalNumber : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, signalNumber);
  return signals;
}

void publish(const StateDirectory& state, const SupervisorSnapshot& snapshot) {
  Status written = writeStatusFile(state.statusFile(), StatusFile{::getpid(), snapshot});
  if (!written.isOk()) log::error("cannot write status: ", written.message());
}

int failBeforeStart(const StateDirectory& state, const Status& why) {
  log::error(why.message());
  publish(state, SupervisorSnapshot{SupervisorPhase::Failed, why.message(), {}});
  return kDaemonStartupFailed;
}

Result<std::vector<ComponentSpec>> loadComponents(const StateDirectory& state) {
  Result<ClusterConfig> config = loadClusterConfig(state.clusterFile());
  if (!config) return config.status();
  Result<std::filesystem::path> binaries = binaryDirectory();
  if (!binaries) return binaries.status();
  Result<std::vector<ComponentSpec>> components = clusterComponents(*config, state, *binaries);
  if (!components) return components.status();
  KUBELAB_RETURN_IF_ERROR(checkExecutables(*components));
  return components;
}

// Waits for a stop signal, or for startup to fail. Returns the exit code.
int waitForStopSignal(Supervisor& supervisor) {
  const sigset_t signals = stopSignals();
  const timespec pollInterval{0, 100'000'000};
  while (true) {
    int signalNumber = sigtimedwait(&signals, nullptr, &pollInterval);
    if (signalNumber > 0) {
      log::info("received SIG", sigabbrev_np(signalNumber), "; stopping the cluster");
      return kDaemonStopped;
    }
    if (supervisor.snapshot().phase == SupervisorPhase::Failed) return kDaemonStartupFailed;
  }
}

}  // namespace

int runSupervisorDaemon(const StateDirectory& state) {
  log::setComponent("supervisor");
  const sigset_t signals = stopSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // Hold no directory the user may want to remove; every path used here is absolute.
  if (::chdir("/") != 0) log::warning("cannot change directory to /: ", std::strerror(errno));

  Result<PidFileLock> lock = PidFileLock::acquire(state.pidFile());
  if (!lock) {
    log::info(lock.status().message());
    return lock.status().code() == StatusCode::AlreadyExists ? kDaemonAlreadyRunning : kDaemonStartupFailed;
  }
  log::info("supervising the cluster in ", state.root().string(), " as pid ", ::getpid());

  Result<std::vector<ComponentSpec>> components = loadComponents(state);
  if (!components) return failBeforeStart(state, components.status());

  Supervisor supervisor(std::move(components).value(), SupervisorOptions{},
                        [&state](const SupervisorSnapshot& snapshot) { publish(state, snapshot); });
  // Listening before the components start: the cloud controller asks it which nodes exist.
  Result<ClusterConfig> config = loadClusterConfig(state.clusterFile());
  Result<std::filesystem::path> binaries = binaryDirectory();
  if (!config || !binaries) return failBeforeStart(state, config ? binaries.status() : config.status());
  DaemonCommands commands(state, *config, *binaries, supervisor);
  Result<std::unique_ptr<ControlServer>> control = ControlServer::listen(
      state.controlSocketFile(), [&commands](const boost::json::object& request) { return commands.handle(request); });
  if (!control) return failBeforeStart(state, control.status());
  supervisor.start();
  int exitCode = waitForStopSignal(supervisor);
  supervisor.stop();
  (*control)->stop();
  log::info(exitCode == kDaemonStopped ? "stopped" : "startup failed; exiting");
  return exitCode;
}

}  // namespace kubelab::supervisor
