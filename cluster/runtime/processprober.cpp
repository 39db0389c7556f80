// The process runtime's prober: its own thread, so that a slow probe never holds up starting
// and reaping containers. Probes run outside the runtime's lock; their results are applied to
// the run they were taken for only.

#include <signal.h>

#include "api/objectmeta.h"
#include "common/logging.h"
#include "runtime/processruntime.h"
#include "runtime/processruntimestate.h"

namespace kubelab::runtime {

namespace {

constexpr auto kProbeTick = std::chrono::milliseconds(50);

enum class ProbeKind { Startup, Liveness, Readiness };

struct DueProbe {
  std::string podUid;
  std::string container;
  int run = 0;
  ProbeKind kind;
  ProbeSpec spec;
};

}  // namespace

void ProcessRuntime::startProbes(Pod& pod, Container& container, const std::filesystem::path& workingDirectory) {
  Environment environment = launchEnvironment(pod, container);
  const CatalogImage* image = catalog_.find(api::stringAt(container.spec, {"image"}));
  auto now = std::chrono::steady_clock::now();
  auto probe = [&](std::string_view field) -> std::optional<ProbeState> {
    auto spec = parseProbe(pod.object, container.spec, field, environment, image, workingDirectory);
    if (!spec) return std::nullopt;
    ProbeState state;
    state.spec = std::move(*spec);
    state.nextRun = now + state.spec.initialDelay;
    return state;
  };
  container.startup = probe("startupProbe");
  container.liveness = probe("livenessProbe");
  container.readiness = probe("readinessProbe");
  container.livenessKilled = false;
}

void ProcessRuntime::probeLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto now = std::chrono::steady_clock::now();
    std::vector<DueProbe> due;
    for (auto& [uid, pod] : pods_) {
      if (pod->stopping) continue;
      for (auto& container : pod->containers) {
        if (container.pid == 0 || container.livenessKilled) continue;
        auto add = [&](std::optional<ProbeState>& state, ProbeKind kind) {
          if (state && state->nextRun <= now) due.push_back({uid, container.name, container.runs, kind, state->spec});
        };
        // Liveness and readiness wait for the startup probe to pass, as in Kubernetes.
        if (container.startup && !container.startup->passing) {
          add(container.startup, ProbeKind::Startup);
          continue;
        }
        add(container.liveness, ProbeKind::Liveness);
        add(container.readiness, ProbeKind::Readiness);
      }
    }
    if (!due.empty()) {
      lock.unlock();
      std::vector<bool> results;
      for (const auto& probe : due) results.push_back(runProbe(probe.spec));
      lock.lock();
      now = std::chrono::steady_clock::now();
      std::vector<std::string> changedPods;
      for (std::size_t index = 0; index < due.size(); ++index) {
        const DueProbe& probe = due[index];
        auto found = pods_.find(probe.podUid);
        if (found == pods_.end() || found->second->stopping) continue;
        Pod& pod = *found->second;
        for (auto& container : pod.containers) {
          if (container.name != probe.container || container.runs != probe.run || container.pid == 0) continue;
          auto& state = probe.kind == ProbeKind::Startup    ? container.startup
                        : probe.kind == ProbeKind::Liveness ? container.liveness
                                                            : container.readiness;
          if (!state || !state->record(results[index], now)) continue;
          if (probe.kind != ProbeKind::Readiness && state->failed && !container.livenessKilled) {
            // As the kubelet does: the container is killed with the pod's grace period, then
            // restarted as its restartPolicy says.
            log::info("container ", container.name, " of pod ", api::name(pod.object), " failed its ",
                      probe.kind == ProbeKind::Startup ? "startup" : "liveness", " probe; killing it");
            container.livenessKilled = true;
            container.killAt =
                Clock::now() + std::chrono::seconds(api::integerAt(pod.object, {"spec", "terminationGracePeriodSeconds"}, 30));
            signalProcessGroup(container.pid, SIGTERM);
          }
          changedPods.push_back(probe.podUid);
        }
      }
      if (!changedPods.empty()) {
        changed_.notify_all();
        if (ChangeHandler handler = changeHandler_) {
          lock.unlock();
          for (const auto& uid : changedPods) handler(uid);
          lock.lock();
        }
      }
    }
    changed_.wait_for(lock, kProbeTick);
  }
}

}  // namespace kubelab::runtime
