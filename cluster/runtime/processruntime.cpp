#include "runtime/processruntime.h"
#include "runtime/processruntimestate.h"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <set>
#include <system_error>

#include "api/objectmeta.h"
#include "common/logging.h"
#include "runtime/containerenvironment.h"
#include "runtime/orphansweep.h"
#include "runtime/podsandbox.h"
#include "runtime/processexec.h"
#include "runtime/processlauncher.h"
#include "runtime/processstats.h"
#include "runtime/prestophooks.h"
#include "runtime/projectedvolumes.h"

namespace kubelab::runtime {

namespace fs = std::filesystem;

namespace {

// How often the supervisor looks for exited containers and due restarts.
constexpr auto kSupervisePeriod = std::chrono::milliseconds(50);
// How often stop() looks again while a pod's containers shut down.
constexpr auto kStopPollPeriod = std::chrono::milliseconds(10);
// A container that ran this many back-off caps starts its back-off over, as the kubelet
// forgets a back-off entry that was not used for twice its maximum.
constexpr int kBackoffResetCaps = 2;

std::vector<std::string> stringList(const boost::json::object& container, std::string_view field,
                                    const Environment& environment) {
  std::vector<std::string> result;
  if (const auto* list = api::arrayAt(container, {field})) {
    for (const auto& item : *list) {
      if (item.is_string()) result.push_back(expandReferences(std::string(item.get_string()), environment));
    }
  }
  return result;
}

std::string containerPorts(const boost::json::object& container) {
  std::string ports;
  if (const auto* list = api::arrayAt(container, {"ports"})) {
    for (const auto& port : *list) {
      if (!port.is_object()) continue;
      if (!ports.empty()) ports += ",";
      ports += std::to_string(api::integerAt(port.get_object(), {"containerPort"}));
    }
  }
  return ports;
}

std::string secondsText(std::chrono::milliseconds delay) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(delay + std::chrono::milliseconds(999));
  if (seconds.count() >= 60 && seconds.count() % 60 == 0) return std::to_string(seconds.count() / 60) + "m0s";
  return std::to_string(seconds.count()) + "s";
}

}  // namespace

Result<std::unique_ptr<ProcessRuntime>> ProcessRuntime::create(ProcessRuntimeOptions options) {
  if (options.rootDirectory.empty()) return invalid("the process runtime needs a root directory");
  std::error_code error;
  // Containers find their sandbox by this path from anywhere, and the sweep below matches it.
  options.rootDirectory = fs::absolute(options.rootDirectory, error);
  fs::create_directories(options.rootDirectory / "pods", error);
  if (error) return internalError("creating " + options.rootDirectory.string() + ": " + error.message());
  auto catalog = ImageCatalog::loadFile(options.catalogFile, options.programDirectory);
  if (!catalog) return catalog.status();
  // A kubelet killed before could not stop what its containers started; nothing of it may run.
  if (int killed = killSandboxProcesses(options.rootDirectory / "pods"); killed > 0) {
    log::warning("killed ", killed, " container processes left behind by an earlier run under ",
                 options.rootDirectory.string());
  }
  auto written = fs::last_write_time(options.catalogFile, error);
  auto runtime = std::unique_ptr<ProcessRuntime>(new ProcessRuntime(std::move(options), std::move(*catalog)));
  runtime->catalogWritten_ = written;
  return runtime;
}

ProcessRuntime::ProcessRuntime(ProcessRuntimeOptions options, ImageCatalog catalog)
    : options_(std::move(options)), catalog_(std::move(catalog)) {
  supervisor_ = std::thread([this] { superviseLoop(); });
  prober_ = std::thread([this] { probeLoop(); });
}

ProcessRuntime::~ProcessRuntime() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  supervisor_.join();
  prober_.join();
  // The parent-death signal would end them with this thread gone; end them now, and reap them.
  for (auto& [uid, pod] : pods_) {
    for (Container* container : pod->everyContainer()) {
      if (container->pid == 0) continue;
      signalProcessGroup(container->pid, SIGKILL);
      ::waitpid(container->pid, nullptr, 0);
    }
  }
}

void ProcessRuntime::setChangeHandler(ChangeHandler handler) {
  std::lock_guard lock(mutex_);
  changeHandler_ = std::move(handler);
}

void ProcessRuntime::ensureRunning(const boost::json::object& pod) {
  std::string uid = api::uid(pod);
  {
    std::lock_guard lock(mutex_);
    if (auto known = pods_.find(uid); known != pods_.end()) {
      replaceChangedContainers(*known->second, pod);
      return;
    }
    auto record = std::make_unique<Pod>();
    record->object = pod;
    record->restartPolicy = api::stringAt(pod, {"spec", "restartPolicy"});
    if (record->restartPolicy.empty()) record->restartPolicy = "Always";
    record->sandbox = podSandboxPath(options_.rootDirectory, uid);
    for (std::string_view field : {"initContainers", "containers"}) {
      const auto* containers = api::arrayAt(pod, {"spec", field});
      if (!containers) continue;
      for (const auto& entry : *containers) {
        if (!entry.is_object()) continue;
        Container container;
        container.name = api::stringAt(entry.get_object(), {"name"});
        container.spec = entry.get_object();
        container.init = field == "initContainers";
        (container.init ? record->initContainers : record->containers).push_back(std::move(container));
      }
    }
    pods_.emplace(uid, std::move(record));
  }
  changed_.notify_all();  // the supervisor starts the containers, from its own thread
}

void ProcessRuntime::replaceChangedContainers(Pod& pod, const boost::json::object& updated) {
  const auto* containers = api::arrayAt(updated, {"spec", "containers"});
  if (!containers || pod.stopping) return;
  auto now = Clock::now();
  auto grace = std::chrono::seconds(api::integerAt(updated, {"spec", "terminationGracePeriodSeconds"}, 30));
  for (auto& container : pod.containers) {
    for (const auto& entry : *containers) {
      if (!entry.is_object() || api::stringAt(entry.get_object(), {"name"}) != container.name) continue;
      if (api::stringAt(entry.get_object(), {"image"}) == api::stringAt(container.spec, {"image"})) continue;
      // As the kubelet does when a container's definition changes: replace it, whatever the
      // restartPolicy, with a fresh back-off.
      log::info("container ", container.name, " of pod ", api::name(pod.object), " changed image; replacing it");
      container.spec = entry.get_object();
      container.failures = 0;
      container.pullFailures = 0;
      container.pullFailed = false;
      container.finished = false;
      container.nextStart = now;
      if (container.pid != 0) {
        container.replacing = true;
        container.killAt = now + grace;
        signalProcessGroup(container.pid, SIGTERM);
      }
    }
  }
  changed_.notify_all();
}

std::vector<PreStopHook> ProcessRuntime::preStopHooks(const Pod& pod) const {
  std::vector<PreStopHook> hooks;
  for (const auto& container : pod.containers) {
    if (container.pid == 0) continue;
    auto workingDirectory = containerWorkingDirectory(pod.sandbox, container.spec);
    if (!workingDirectory) continue;
    auto hook = preStopHookFor(pod.object, container.spec, launchEnvironment(pod, container),
                               catalog_.find(api::stringAt(container.spec, {"image"})), *workingDirectory);
    if (hook) hooks.push_back(std::move(*hook));
  }
  return hooks;
}

void ProcessRuntime::stop(const std::string& podUid, std::chrono::seconds gracePeriod) {
  std::unique_lock lock(mutex_);
  auto found = pods_.find(podUid);
  if (found == pods_.end()) return;
  Pod& pod = *found->second;
  if (pod.stopping) {
    // Another stop() is at work on this pod, and it alone erases it: wait for that.
    changed_.wait(lock, [&] { return !pods_.contains(podUid); });
    return;
  }
  pod.stopping = true;
  auto deadline = std::chrono::steady_clock::now() + gracePeriod;
  if (gracePeriod.count() > 0) {
    std::vector<PreStopHook> hooks = preStopHooks(pod);
    if (!hooks.empty()) {
      // Hooks may take the whole grace period: the supervisor and status() go on meanwhile,
      // and only this stop() erases the pod, so it stays in place.
      lock.unlock();
      runPreStopHooks(hooks, deadline);
      lock.lock();
    }
  }
  auto allGone = [&] {
    auto now = Clock::now();
    bool gone = true;
    for (Container* container : pod.everyContainer()) {
      reap(pod, *container, now);
      gone = gone && container->pid == 0;
    }
    return gone;
  };
  int firstSignal = gracePeriod.count() > 0 ? SIGTERM : SIGKILL;
  for (Container* container : pod.everyContainer()) signalProcessGroup(container->pid, firstSignal);
  while (!allGone() && std::chrono::steady_clock::now() < deadline) changed_.wait_for(lock, kStopPollPeriod);
  while (!allGone()) {
    for (Container* container : pod.everyContainer()) signalProcessGroup(container->pid, SIGKILL);
    changed_.wait_for(lock, kStopPollPeriod);
  }
  pods_.erase(podUid);
  changed_.notify_all();
}

std::optional<PodRuntimeStatus> ProcessRuntime::status(const std::string& podUid) const {
  std::lock_guard lock(mutex_);
  auto found = pods_.find(podUid);
  if (found == pods_.end()) return std::nullopt;
  auto now = Clock::now();
  PodRuntimeStatus status;
  for (const auto& container : found->second->initContainers) {
    status.initContainers.emplace_back(container.name, reportedState(*found->second, container, now));
  }
  for (const auto& container : found->second->containers) {
    status.containers.emplace_back(container.name, reportedState(*found->second, container, now));
  }
  return status;
}

std::vector<std::string> ProcessRuntime::runningPods() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> uids;
  for (const auto& [uid, pod] : pods_) uids.push_back(uid);
  return uids;
}

void ProcessRuntime::removeSandbox(const std::string& podUid) {
  {
    std::lock_guard lock(mutex_);
    if (pods_.contains(podUid)) return;  // still running: stop() it first
  }
  std::error_code error;
  fs::remove_all(sandboxPath(podUid), error);
}

Status ProcessRuntime::writeVolumes(const boost::json::object& pod, const std::vector<VolumeContents>& volumes) {
  for (const auto& contents : volumes) {
    const boost::json::object* volume = nullptr;
    if (const auto* declared = api::arrayAt(pod, {"spec", "volumes"})) {
      for (const auto& entry : *declared) {
        if (entry.is_object() && api::stringAt(entry.get_object(), {"name"}) == contents.volume) volume = &entry.get_object();
      }
    }
    if (!volume || !(volume->contains("configMap") || volume->contains("secret") || volume->contains("downwardAPI") ||
                     volume->contains("projected"))) {
      return invalid("volume " + contents.volume + " takes no files from the kubelet");
    }
    auto directory = volumeHostPath(options_.rootDirectory, pod, *volume);
    if (!directory) return directory.status();
    if (Status written = writeVolumeFiles(*directory, contents.files); !written.isOk()) return written;
  }
  return Status::ok();
}

std::vector<std::string> ProcessRuntime::keptPods() const {
  std::vector<std::string> uids;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(options_.rootDirectory / "pods", error)) {
    if (entry.is_directory(error)) uids.push_back(entry.path().filename().string());
  }
  return uids;
}

fs::path ProcessRuntime::sandboxPath(const std::string& podUid) const {
  return podSandboxPath(options_.rootDirectory, podUid);
}

fs::path ProcessRuntime::logPath(const std::string& podUid, const std::string& container, int restartCount) const {
  return containerLogPath(sandboxPath(podUid), container, restartCount);
}

std::optional<std::vector<std::pair<std::string, ContainerStats>>> ProcessRuntime::stats(
    const std::string& podUid) const {
  std::vector<std::pair<std::string, pid_t>> running;
  {
    std::lock_guard lock(mutex_);
    auto found = pods_.find(podUid);
    if (found == pods_.end()) return std::nullopt;
    for (const auto& container : found->second->containers) {
      if (container.pid != 0) running.emplace_back(container.name, container.pid);
    }
  }
  std::set<pid_t> groups;
  for (const auto& [name, pid] : running) groups.insert(pid);
  auto byGroup = processGroupStats(groups);  // reads /proc: outside the lock
  std::vector<std::pair<std::string, ContainerStats>> result;
  for (const auto& [name, pid] : running) {
    auto found = byGroup.find(pid);
    result.emplace_back(name, found == byGroup.end() ? ContainerStats{} : found->second);
  }
  return result;
}

std::optional<fs::path> ProcessRuntime::logFile(const std::string& podUid, const std::string& container,
                                                int restartCount) const {
  if (restartCount < 0) return std::nullopt;
  return logPath(podUid, container, restartCount);
}

void ProcessRuntime::superviseLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto now = Clock::now();
    std::vector<std::string> changedPods;
    for (auto& [uid, pod] : pods_) {
      bool changed = false;
      for (auto& container : pod->initContainers) changed = reap(*pod, container, now) || changed;
      // Init containers one at a time, in order; the containers once all have succeeded.
      Container* pendingInit = pod->pendingInitContainer();
      if (pendingInit) changed = startIfDue(*pod, *pendingInit, now) || changed;
      for (auto& container : pod->containers) {
        if ((container.replacing || container.livenessKilled) && container.pid != 0 && now >= container.killAt) {
          signalProcessGroup(container.pid, SIGKILL);
        }
        changed = reap(*pod, container, now) || changed;
        if (!pendingInit) changed = startIfDue(*pod, container, now) || changed;
      }
      if (changed) changedPods.push_back(uid);
    }
    if (!changedPods.empty()) {
      changed_.notify_all();
      if (ChangeHandler handler = changeHandler_) {
        lock.unlock();
        for (const auto& uid : changedPods) handler(uid);
        lock.lock();
      }
    }
    changed_.wait_for(lock, kSupervisePeriod);
  }
}

bool ProcessRuntime::reap(Pod& pod, Container& container, Clock::time_point now) {
  if (container.pid == 0) return false;
  siginfo_t info{};
  // WNOWAIT leaves the exited leader a zombie, so its pid (the group's id) cannot be reused
  // before what it left in its group is killed.
  if (::waitid(P_PID, static_cast<id_t>(container.pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return false;
  if (info.si_pid == 0) return false;
  signalProcessGroup(container.pid, SIGKILL);
  int waitStatus = 0;
  ::waitpid(container.pid, &waitStatus, 0);
  container.pid = 0;
  container.livenessKilled = false;
  TerminatedState ended;
  ended.exitCode = WIFEXITED(waitStatus) ? WEXITSTATUS(waitStatus) : 128 + WTERMSIG(waitStatus);
  ended.reason = ended.exitCode == 0 ? "Completed" : "Error";
  ended.startedAt = container.startedAt;
  ended.finishedAt = now;
  container.previous = std::move(container.last);
  container.last = ended;
  if (container.replacing && !pod.stopping) {
    container.replacing = false;
    container.nextStart = now;
    return true;
  }
  bool restarts = container.init ? pod.restartPolicy != "Never" && ended.exitCode != 0
                                 : pod.restartPolicy == "Always" || (pod.restartPolicy == "OnFailure" && ended.exitCode != 0);
  if (pod.stopping || !restarts) {
    container.finished = true;
    return true;
  }
  if (now - container.startedAt > kBackoffResetCaps * options_.restartBackoffCap) container.failures = 0;
  // The first restart is immediate; then the back-off doubles, as the kubelet's does.
  container.currentBackoff = restartDelay(container.failures);
  container.nextStart = now + container.currentBackoff;
  ++container.failures;
  return true;
}

std::chrono::milliseconds ProcessRuntime::restartDelay(int failures) const {
  if (failures <= 0) return std::chrono::milliseconds(0);
  auto delay = options_.restartBackoffBase;
  for (int step = 1; step < failures && delay < options_.restartBackoffCap; ++step) delay *= 2;
  return std::min(delay, options_.restartBackoffCap);
}

void ProcessRuntime::refreshCatalog() {
  std::error_code error;
  auto written = fs::last_write_time(options_.catalogFile, error);
  if (error || written == catalogWritten_) return;
  auto reloaded = ImageCatalog::loadFile(options_.catalogFile, options_.programDirectory);
  if (!reloaded) {
    log::warning("image catalog not reloaded: ", reloaded.status().message());
    return;
  }
  catalog_ = std::move(*reloaded);
  catalogWritten_ = written;
  log::info("image catalog reloaded from ", options_.catalogFile.string());
}

bool ProcessRuntime::startIfDue(Pod& pod, Container& container, Clock::time_point now) {
  if (pod.stopping || container.pid != 0 || container.finished || now < container.nextStart) return false;
  std::string image = api::stringAt(container.spec, {"image"});
  const CatalogImage* found = catalog_.find(image);
  if (!found) {
    refreshCatalog();  // a lesson may just have added the image
    found = catalog_.find(image);
  }
  if (!found) {
    container.pullFailed = true;
    container.pullFailedAt = now;
    ++container.pullFailures;
    container.nextStart = now + std::max(options_.imagePullAttempt, restartDelay(container.pullFailures));
    return true;
  }
  container.pullFailed = false;
  return startContainer(pod, container, *found, now);
}

Environment ProcessRuntime::launchEnvironment(const Pod& pod, const Container& container) const {
  Environment environment = containerEnvironment(pod.object, container.spec);
  environment.insert(environment.begin() + 1, {"KUBELAB_SANDBOX", pod.sandbox.string()});
  environment.insert(environment.begin() + 2, {"KUBELAB_CONTAINER_PORTS", containerPorts(container.spec)});
  return environment;
}

Result<std::unique_ptr<ExecSession>> ProcessRuntime::exec(const std::string& podUid, const std::string& containerName,
                                                          const std::vector<std::string>& command,
                                                          bool withStandardInput) {
  LaunchSpec launch;
  {
    std::lock_guard lock(mutex_);
    auto found = pods_.find(podUid);
    if (found == pods_.end()) return notFound("pod " + podUid + " does not run here");
    const Pod& pod = *found->second;
    auto container = std::find_if(pod.containers.begin(), pod.containers.end(),
                                  [&](const Container& candidate) { return candidate.name == containerName; });
    if (container == pod.containers.end()) return notFound("container not found (\"" + containerName + "\")");
    if (container->pid == 0) return badRequest("container " + containerName + " is not running");
    Environment environment = launchEnvironment(pod, *container);
    std::string searchPath;
    for (const auto& [name, value] : environment) {
      if (name == "PATH") searchPath = value;
    }
    auto executable = execExecutable(catalog_.find(api::stringAt(container->spec, {"image"})), command, searchPath);
    if (!executable) return executable.status();
    auto workingDirectory = containerWorkingDirectory(pod.sandbox, container->spec);
    if (!workingDirectory) return workingDirectory.status();
    launch = LaunchSpec{*executable, command, environmentStrings(environment), *workingDirectory, {}};
  }
  return startExecSession(std::move(launch), withStandardInput);
}

bool ProcessRuntime::startContainer(Pod& pod, Container& container, const CatalogImage& image, Clock::time_point now) {
  Status prepared = prepareContainerSandbox(options_.rootDirectory, pod.object, container.spec);
  auto workingDirectory = containerWorkingDirectory(pod.sandbox, container.spec);
  if (prepared.isOk() && !workingDirectory) prepared = workingDirectory.status();
  if (!prepared.isOk()) {
    container.waitingReason = "CreateContainerConfigError";
    container.waitingMessage = prepared.message();
    container.nextStart = now + options_.restartBackoffBase;
    return true;
  }
  container.waitingReason.clear();
  container.waitingMessage.clear();
  Environment environment = launchEnvironment(pod, container);
  ResolvedCommand command = resolveCommand(image, stringList(container.spec, "command", environment),
                                           stringList(container.spec, "args", environment));
  LaunchSpec launch{command.executable, command.argv, environmentStrings(environment), *workingDirectory,
                    containerLogPath(pod.sandbox, container.name, container.runs)};
  auto pid = launchProcessGroup(launch);
  container.startedAt = now;
  ++container.runs;
  if (pid) {
    container.pid = *pid;
    startProbes(pod, container, *workingDirectory);
    return true;
  }
  // As containerd reports a container whose process cannot start: it ran, and ended at once.
  container.previous = std::move(container.last);
  container.last = TerminatedState{128, "StartError", pid.status().message(), now, now};
  bool restarts = pod.restartPolicy != "Never";
  if (!restarts) {
    container.finished = true;
    return true;
  }
  container.currentBackoff = restartDelay(std::max(container.failures, 1));
  container.nextStart = now + container.currentBackoff;
  ++container.failures;
  return true;
}

ContainerState ProcessRuntime::reportedState(const Pod& pod, const Container& container, Clock::time_point now) const {
  ContainerState state;
  state.restartCount = std::max(container.runs - 1, 0);
  if (container.pid != 0) {
    state.phase = ContainerState::Phase::Running;
    state.startedAt = container.startedAt;
    state.ready = container.probedReady();
    state.lastTermination = container.last;
    return state;
  }
  if (container.finished && container.last) {
    state.phase = ContainerState::Phase::Terminated;
    state.exitCode = container.last->exitCode;
    state.reason = container.last->reason;
    state.message = container.last->message;
    state.startedAt = container.last->startedAt;
    state.finishedAt = container.last->finishedAt;
    state.lastTermination = container.previous;
    return state;
  }
  std::string image = api::stringAt(container.spec, {"image"});
  if (container.pullFailed) {
    bool stillPulling = now < container.pullFailedAt + options_.imagePullAttempt;
    state.reason = stillPulling ? "ErrImagePull" : "ImagePullBackOff";
    state.message = stillPulling ? ImageCatalog::pullErrorMessage(image) : "Back-off pulling image \"" + image + "\"";
  } else if (!container.waitingReason.empty()) {
    state.reason = container.waitingReason;
    state.message = container.waitingMessage;
  } else if (!container.init && container.runs == 0 && pod.pendingInitContainer()) {
    state.reason = "PodInitializing";
  } else if (container.last) {
    state.reason = "CrashLoopBackOff";
    state.message = "back-off " + secondsText(container.currentBackoff) + " restarting failed container=" +
                    container.name + " pod=" + api::name(pod.object) + "_" + api::namespaceOf(pod.object) + "(" +
                    api::uid(pod.object) + ")";
  } else {
    state.reason = "ContainerCreating";
  }
  state.lastTermination = container.last;
  return state;
}

}  // namespace kubelab::runtime
