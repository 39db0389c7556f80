#include "supervisor/supervisor.h"

#include "common/logging.h"
#include "supervisor/childprocess.h"
#include "supervisor/readinessprobe.h"
#include "supervisor/supervisorcomponent.h"

namespace kubelab::supervisor {

std::string formatDuration(std::chrono::milliseconds duration) {
  if (duration < std::chrono::seconds(1)) return std::to_string(duration.count()) + "ms";
  return std::to_string(duration.count() / 1000) + "." + std::to_string(duration.count() % 1000 / 100) + "s";
}

Supervisor::Supervisor(std::vector<ComponentSpec> components, SupervisorOptions options, Observer observer)
    : options_(options), observer_(std::move(observer)) {
  for (ComponentSpec& spec : components) {
    components_.push_back(std::make_unique<Component>(std::move(spec), options_.restartBackoff));
  }
}

Supervisor::~Supervisor() { stop(); }

void Supervisor::start() {
  std::lock_guard threadLock(threadMutex_);
  {
    std::lock_guard lock(mutex_);
    if (phase_ != SupervisorPhase::Idle) return;
    phase_ = SupervisorPhase::Starting;
  }
  thread_ = std::thread(&Supervisor::run, this);
}

Status Supervisor::waitUntilStarted() {
  std::unique_lock lock(mutex_);
  if (phase_ == SupervisorPhase::Idle) return invalid("the supervisor was not started");
  wakeUp_.wait(lock, [this] { return startupResult_.has_value(); });
  return *startupResult_;
}

void Supervisor::stop() {
  std::lock_guard threadLock(threadMutex_);
  {
    std::lock_guard lock(mutex_);
    stopRequested_ = true;
  }
  wakeUp_.notify_all();
  if (thread_.joinable()) thread_.join();
}

SupervisorSnapshot Supervisor::snapshot() const {
  std::lock_guard lock(mutex_);
  SupervisorSnapshot snapshot{phase_, phaseMessage_, {}};
  for (const auto& component : components_) snapshot.components.push_back(component->status);
  return snapshot;
}

void Supervisor::run() {
  if (!startInOrder()) return;  // it has stopped what it started and reported why
  finishStartup(Status::ok());
  superviseUntilStopped();
  update([this] {
    phase_ = SupervisorPhase::Stopping;
    acceptingCommands_ = false;
  });
  failPendingCommands();
  stopAll();
  update([this] { phase_ = SupervisorPhase::Stopped; });
}

void Supervisor::finishStartup(Status result) {
  update([&] {
    phase_ = result.isOk() ? SupervisorPhase::Running : SupervisorPhase::Failed;
    phaseMessage_ = result.isOk() ? "" : result.message();
    startupResult_ = result;
    acceptingCommands_ = result.isOk() && !stopRequested_;
  });
  if (!result.isOk()) failPendingCommands();
  wakeUp_.notify_all();
}

bool Supervisor::startInOrder() {
  // Group by group: a component and those that start with it are spawned together, and the
  // next group starts once every one of them is ready.
  for (std::size_t first = 0; first < components_.size();) {
    std::size_t end = first + 1;
    while (end < components_.size() && components_[end]->spec.startsWithPrevious) ++end;
    Component* failed = nullptr;
    for (std::size_t index = first; index < end && failed == nullptr; ++index) {
      if (!spawnForStartup(*components_[index])) failed = components_[index].get();
    }
    for (std::size_t index = first; index < end && failed == nullptr; ++index) {
      if (!awaitReady(*components_[index])) failed = components_[index].get();
    }
    if (failed != nullptr) {
      std::string reason = failed->status.message;
      // The failure is final only once everything started so far is gone again, so a caller
      // that sees Failed may exit at once without leaving children behind.
      stopAll();
      finishStartup(unavailable(reason));
      return false;
    }
    first = end;
  }
  return true;
}

bool Supervisor::failStartup(Component& component, std::string reason) {
  log::error(reason);
  update([&] {
    component.status.state = ComponentState::Failed;
    component.status.message = std::move(reason);
  });
  return false;
}

bool Supervisor::spawnForStartup(Component& component) {
  return spawn(component) || failStartup(component, component.status.message);
}

bool Supervisor::awaitReady(Component& component) {
  auto fail = [&](std::string reason) { return failStartup(component, std::move(reason)); };
  auto deadline = Clock::now() + options_.readinessDeadline;
  Status probe = unavailable("not probed yet");
  while (true) {
    if (stopRequested()) return fail(component.spec.name + " was stopped before it became ready");
    if (std::optional<ExitStatus> exit = component.process->poll()) {
      component.process.reset();
      update([&] {
        component.status.pid = 0;
        component.status.lastExit = exit->describe();
      });
      return fail(component.spec.name + " " + exit->describe() + " before it became ready");
    }
    probe = checkReady(component);
    if (probe.isOk()) break;
    if (Clock::now() >= deadline) {
      return fail(component.spec.name + " did not become ready within " +
                  formatDuration(options_.readinessDeadline) + " (" + probe.message() + ")");
    }
    sleepUnlessStopping(options_.pollInterval);
  }
  log::info(component.spec.name, " is ready at ", component.spec.endpoint);
  update([&] { component.status.state = ComponentState::Running; });
  return true;
}

void Supervisor::superviseUntilStopped() {
  while (sleepUnlessStopping(options_.pollInterval)) {
    runPendingCommands();
    for (const auto& component : components_) checkComponent(*component);
  }
}

void Supervisor::checkComponent(Component& component) {
  switch (component.status.state) {
    case ComponentState::Starting:
    case ComponentState::Running:
      if (std::optional<ExitStatus> exit = component.process->poll()) {
        scheduleRestart(component, exit->describe(), true);
      } else if (component.status.state == ComponentState::Starting) {
        if (checkReady(component).isOk()) {
          log::info(component.spec.name, " is ready again at ", component.spec.endpoint);
          update([&] { component.status.state = ComponentState::Running; });
        }
      }
      return;
    case ComponentState::BackingOff:
      if (Clock::now() < component.restartAt) return;
      update([&] { ++component.status.restarts; });
      if (!spawn(component)) scheduleRestart(component, "could not be started: " + component.status.message, false);
      return;
    case ComponentState::Stopped:
    case ComponentState::Failed:
      return;
  }
}

void Supervisor::scheduleRestart(Component& component, const std::string& reason, bool processRan) {
  auto uptime = processRan ? std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - component.startedAt)
                           : std::chrono::milliseconds(0);
  std::chrono::milliseconds delay = component.backoff.nextDelay(uptime);
  component.process.reset();
  component.restartAt = Clock::now() + delay;
  log::warning(component.spec.name, " ", reason, processRan ? " after " + formatDuration(uptime) : "",
               "; restarting in ", formatDuration(delay));
  update([&] {
    component.status.state = ComponentState::BackingOff;
    component.status.pid = 0;
    if (processRan) component.status.lastExit = reason;
    component.status.message = (processRan ? "" : reason + "; ") + "restarting in " + formatDuration(delay);
  });
}

bool Supervisor::spawn(Component& component) {
  LaunchOptions launch;
  launch.executable = component.spec.executable;
  launch.arguments = component.spec.arguments;
  launch.logFile = component.spec.logFile;
  Result<std::unique_ptr<ChildProcess>> process = ChildProcess::launch(launch);
  if (!process) {
    log::error("cannot start ", component.spec.name, ": ", process.status().message());
    update([&] { component.status.message = process.status().message(); });
    return false;
  }
  component.process = std::move(process).value();
  component.startedAt = Clock::now();
  log::info("started ", component.spec.name, " (pid ", component.process->pid(), ")");
  update([&] {
    component.status.state = ComponentState::Starting;
    component.status.pid = component.process->pid();
    component.status.message.clear();
  });
  return true;
}

Status Supervisor::checkReady(const Component& component) const {
  if (!component.spec.readiness.url.empty()) return probeReadiness(component.spec.readiness, options_.probeTimeout);
  if (Clock::now() - component.startedAt >= options_.unprobedSettleTime) return Status::ok();
  return unavailable("has run for less than " + formatDuration(options_.unprobedSettleTime));
}

void Supervisor::stopAll() {
  // Every node at once first (their SIGTERMs go out together, then each is waited for), then
  // the control plane in reverse start order.
  for (const auto& component : components_) {
    if (component->spec.partOfNode && component->process != nullptr) component->process->requestStop();
  }
  for (bool nodes : {true, false}) {
    for (auto it = components_.rbegin(); it != components_.rend(); ++it) {
      if ((*it)->spec.partOfNode == nodes) stopComponent(**it);
    }
  }
}

void Supervisor::stopComponent(Component& component) {
  if (component.process == nullptr) {
    if (component.status.state != ComponentState::Failed) {
      update([&] { component.status.state = ComponentState::Stopped; });
    }
    return;
  }
  ExitStatus exit = component.process->stop(options_.stopGracePeriod);
  component.process.reset();
  log::info("stopped ", component.spec.name, ": ", exit.describe());
  update([&] {
    if (component.status.state != ComponentState::Failed) component.status.state = ComponentState::Stopped;
    component.status.pid = 0;
    component.status.lastExit = exit.describe();
  });
}

bool Supervisor::sleepUnlessStopping(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  wakeUp_.wait_for(lock, duration, [this] { return stopRequested_ || (acceptingCommands_ && !commands_.empty()); });
  return !stopRequested_;
}

bool Supervisor::stopRequested() const {
  std::lock_guard lock(mutex_);
  return stopRequested_;
}

void Supervisor::update(const std::function<void()>& change) {
  {
    std::lock_guard lock(mutex_);
    change();
  }
  if (observer_) observer_(snapshot());
}

}  // namespace kubelab::supervisor
