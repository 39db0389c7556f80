// The Supervisor's changes to a running cluster: components added and removed, stopped and
// started by the user, killed as a crash, signalled. Every change runs on the supervisor's own
// thread (see supervisor.h on PR_SET_PDEATHSIG), between two rounds of supervision.
#include <signal.h>
#include <string.h>

#include <algorithm>
#include <thread>

#include "common/logging.h"
#include "supervisor/supervisor.h"
#include "supervisor/supervisorcomponent.h"

namespace kubelab::supervisor {

namespace {

std::string pidText(int pid) { return "pid " + std::to_string(pid); }

}  // namespace

Result<std::string> Supervisor::submit(std::function<Result<std::string>()> command) {
  std::future<Result<std::string>> answer;
  {
    std::lock_guard lock(mutex_);
    if (!acceptingCommands_) {
      return unavailable(phase_ == SupervisorPhase::Starting ? "the cluster is still starting; try again in a moment"
                                                              : "the cluster is not running");
    }
    commands_.push_back(PendingCommand{std::move(command), {}});
    answer = commands_.back().answer.get_future();
  }
  wakeUp_.notify_all();
  return answer.get();
}

void Supervisor::runPendingCommands() {
  while (true) {
    PendingCommand command;
    {
      std::lock_guard lock(mutex_);
      if (commands_.empty()) return;
      command = std::move(commands_.front());
      commands_.pop_front();
    }
    try {
      command.answer.set_value(command.run());
    } catch (const std::exception& error) {
      command.answer.set_value(internalError(std::string("supervisor command failed: ") + error.what()));
    }
  }
}

void Supervisor::failPendingCommands() {
  std::deque<PendingCommand> pending;
  {
    std::lock_guard lock(mutex_);
    pending.swap(commands_);
  }
  for (PendingCommand& command : pending) command.answer.set_value(unavailable("the cluster is stopping"));
}

Supervisor::Component* Supervisor::findComponent(const std::string& name) {
  for (const auto& component : components_) {
    if (component->spec.name == name) return component.get();
  }
  return nullptr;
}

Status Supervisor::unknownComponent(const std::string& name) const {
  std::string names;
  for (const auto& component : components_) names += (names.empty() ? "" : ", ") + component->spec.name;
  return notFound("no component \"" + name + "\"; components: " + names);
}

ExitStatus Supervisor::stopProcess(Component& component, bool byUser) {
  ExitStatus exit = component.process->stop(options_.stopGracePeriod);
  component.process.reset();
  log::info("stopped ", component.spec.name, byUser ? " on request: " : ": ", exit.describe());
  update([&] {
    component.status.state = ComponentState::Stopped;
    component.status.pid = 0;
    component.status.lastExit = exit.describe();
    component.status.stoppedByUser = byUser;
    component.status.message = byUser ? "stopped by the user; `kubelabctl start` starts it again" : "";
  });
  return exit;
}

Result<std::string> Supervisor::addComponents(std::vector<ComponentSpec> specs) {
  return submit([this, specs = std::move(specs)]() -> Result<std::string> {
    for (const ComponentSpec& spec : specs) {
      if (findComponent(spec.name)) return alreadyExists("component \"" + spec.name + "\" already exists");
    }
    std::string started;
    for (const ComponentSpec& spec : specs) {
      auto component = std::make_unique<Component>(spec, options_.restartBackoff);
      Component& added = *component;
      update([&] { components_.push_back(std::move(component)); });
      // One that cannot start now is retried with back-off, as after a crash.
      if (!spawn(added)) scheduleRestart(added, "could not be started: " + added.status.message, false);
      started += (started.empty() ? "" : ", ") + spec.name;
    }
    return "started " + started;
  });
}

Result<std::string> Supervisor::removeComponents(const std::vector<std::string>& names) {
  return submit([this, names]() -> Result<std::string> {
    for (const std::string& name : names) {
      if (!findComponent(name)) return unknownComponent(name);
    }
    // In reverse, as stopAll() does: a node's proxy before its kubelet.
    for (auto name = names.rbegin(); name != names.rend(); ++name) {
      Component* component = findComponent(*name);
      if (component->process) stopProcess(*component, false);
      update([&] {
        std::erase_if(components_, [&](const std::unique_ptr<Component>& entry) { return entry.get() == component; });
      });
    }
    std::string removed;
    for (const std::string& name : names) removed += (removed.empty() ? "" : ", ") + name;
    return "stopped and removed " + removed;
  });
}

Result<std::string> Supervisor::stopComponent(const std::string& name) {
  return submit([this, name]() -> Result<std::string> {
    Component* component = findComponent(name);
    if (!component) return unknownComponent(name);
    if (!component->process) {
      bool already = component->status.stoppedByUser;
      update([&] {
        component->status.state = ComponentState::Stopped;
        component->status.stoppedByUser = true;
        component->status.message = "stopped by the user; `kubelabctl start` starts it again";
      });
      return already ? name + " was already stopped" : "stopped " + name + " (it was not running)";
    }
    int pid = component->process->pid();
    ExitStatus exit = stopProcess(*component, true);
    return "stopped " + name + " (" + pidText(pid) + ", " + exit.describe() + "); it stays down until started";
  });
}

Result<std::string> Supervisor::startComponent(const std::string& name) {
  return submit([this, name]() -> Result<std::string> {
    Component* component = findComponent(name);
    if (!component) return unknownComponent(name);
    if (component->process) return name + " is already running (" + pidText(component->process->pid()) + ")";
    update([&] { component->status.stoppedByUser = false; });
    component->backoff = RestartBackoff(options_.restartBackoff);
    if (!spawn(*component)) {
      std::string why = component->status.message;
      scheduleRestart(*component, "could not be started: " + why, false);
      return unavailable("cannot start " + name + ": " + why);
    }
    return "started " + name + " (" + pidText(component->process->pid()) + ")";
  });
}

Result<std::string> Supervisor::killComponent(const std::string& name, bool keepDown) {
  return submit([this, name, keepDown]() -> Result<std::string> {
    Component* component = findComponent(name);
    if (!component) return unknownComponent(name);
    if (!component->process && keepDown) {
      update([&] {
        component->status.state = ComponentState::Stopped;
        component->status.stoppedByUser = true;
        component->status.message = "killed by the user; `kubelabctl start` starts it again";
      });
      return name + " was not running; it stays down until started";
    }
    if (!component->process) return conflict(name + " is not running");
    int pid = component->process->pid();
    ::kill(pid, SIGKILL);
    if (!keepDown) {
      // The next round of supervision sees the exit and restarts it with back-off.
      return "killed " + name + " (" + pidText(pid) + ") with SIGKILL; the supervisor restarts it";
    }
    while (!component->process->poll()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    component->process.reset();
    update([&] {
      component->status.state = ComponentState::Stopped;
      component->status.pid = 0;
      component->status.lastExit = "killed by signal 9 (SIGKILL)";
      component->status.stoppedByUser = true;
      component->status.message = "killed by the user; `kubelabctl start` starts it again";
    });
    return "killed " + name + " (" + pidText(pid) + ") with SIGKILL; it stays down until started";
  });
}

Result<std::string> Supervisor::restartComponent(const std::string& name) {
  return submit([this, name]() -> Result<std::string> {
    Component* component = findComponent(name);
    if (!component) return unknownComponent(name);
    std::string previous = component->process ? " (was " + pidText(component->process->pid()) + ")" : "";
    if (component->process) stopProcess(*component, false);
    update([&] { component->status.stoppedByUser = false; });
    component->backoff = RestartBackoff(options_.restartBackoff);
    if (!spawn(*component)) {
      std::string why = component->status.message;
      scheduleRestart(*component, "could not be started: " + why, false);
      return unavailable("cannot start " + name + " again: " + why);
    }
    return "restarted " + name + previous + " as " + pidText(component->process->pid());
  });
}

Result<std::string> Supervisor::signalComponent(const std::string& name, int signalNumber) {
  return submit([this, name, signalNumber]() -> Result<std::string> {
    Component* component = findComponent(name);
    if (!component) return unknownComponent(name);
    if (!component->process) return conflict(name + " is not running; start it first");
    ::kill(component->process->pid(), signalNumber);
    return "sent SIG" + std::string(sigabbrev_np(signalNumber)) + " to " + name + " (" +
           pidText(component->process->pid()) + ")";
  });
}

}  // namespace kubelab::supervisor
