#pragma once
// The `simulated` runtime (the kwok idea): no processes. A container starts after startDelay
// and runs until stopped; containers of pods whose restartPolicy is Never or OnFailure (Jobs)
// finish successfully after runDuration, so a Job completes. A laptop can show 100 nodes and
// 10,000 pods this way.

#include <mutex>
#include <unordered_map>

#include "runtime/podruntime.h"

namespace kubelab::runtime {

struct SimulatedRuntimeOptions {
  std::chrono::milliseconds startDelay{500};
  std::chrono::milliseconds runDuration{3000};
};

class SimulatedRuntime final : public PodRuntime {
 public:
  explicit SimulatedRuntime(SimulatedRuntimeOptions options = {}) : options_(options) {}

  std::string name() const override { return "simulated"; }
  void ensureRunning(const boost::json::object& pod) override;
  void stop(const std::string& podUid, std::chrono::seconds gracePeriod) override;
  std::optional<PodRuntimeStatus> status(const std::string& podUid) const override;
  std::vector<std::string> runningPods() const override;
  std::optional<std::vector<std::pair<std::string, ContainerStats>>> stats(const std::string& podUid) const override;

 private:
  struct SimulatedPod {
    Clock::time_point createdAt;
    bool finishes = false;  // restartPolicy Never/OnFailure
    std::vector<std::string> containers;
    // Simulated use, from each container's requests (see stats()).
    std::vector<std::int64_t> cpuMillicores;
    std::vector<std::uint64_t> memoryBytes;
  };
  SimulatedRuntimeOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, SimulatedPod> pods_;
};

}  // namespace kubelab::runtime
