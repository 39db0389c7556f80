#include "client/pacegate.h"

#include <boost/json/serialize.hpp>

#include <charconv>

#include "api/objectmeta.h"
#include "api/timestamp.h"
#include "client/informer.h"
#include "common/logging.h"

namespace kubelab::client {

namespace json = boost::json;

namespace {

thread_local PaceGate* currentScopedGate = nullptr;

std::optional<std::int64_t> parseInteger(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Whether `candidate` is older than `current` (resourceVersions are opaque; ours and etcd's are
// integers, and anything else is taken as newer).
bool olderThan(const Object& candidate, const Object& current) {
  auto candidateVersion = parseInteger(api::resourceVersion(candidate));
  auto currentVersion = parseInteger(api::resourceVersion(current));
  return candidateVersion && currentVersion && *candidateVersion < *currentVersion;
}

}  // namespace

PaceSettings parsePaceSettings(const Object* configMap) {
  PaceSettings settings;
  if (configMap == nullptr) return settings;
  auto data = api::stringMap(*configMap, {"data"});
  auto integer = [&data](const std::string& name, std::int64_t fallback) {
    auto found = data.find(name);
    if (found == data.end()) return fallback;
    return parseInteger(found->second).value_or(fallback);
  };
  const std::string mode = data.count("mode") != 0 ? data.at("mode") : "run";
  if (mode == "paused") {
    settings.mode = PaceMode::Paused;
  } else if (mode == "slow") {
    settings.mode = PaceMode::Slow;
  } else if (mode == "step") {
    settings.mode = PaceMode::Step;
  }
  settings.delay = std::chrono::milliseconds(std::max<std::int64_t>(0, integer("delayMilliseconds", 1000)));
  settings.grantedSteps = integer("grantedSteps", 0);
  settings.takenSteps = integer("takenSteps", 0);
  if (auto queues = data.find("queues"); queues != data.end()) {
    std::string_view rest = queues->second;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      std::string_view name = rest.substr(0, comma);
      while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
      while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
      if (!name.empty()) settings.queues.emplace(name);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return settings;
}

PaceGate::PaceGate(ApiInterface& api, std::string component, PaceGateOptions options)
    : api_(api), component_(std::move(component)), options_(options) {}

PaceGate::~PaceGate() { stop(); }

void PaceGate::start() {
  if (informer_ != nullptr) return;
  InformerOptions informerOptions;
  informerOptions.ns = kPaceConfigMapNamespace;
  informerOptions.fieldSelector = std::string("metadata.name=") + kPaceConfigMapName;
  informer_ = std::make_unique<Informer>(api_, resources::configMaps, informerOptions);
  informer_->addEventHandlers({[this](const ObjectPointer& configMap) { observe(configMap); },
                               [this](const ObjectPointer&, const ObjectPointer& configMap) { observe(configMap); },
                               [this](const ObjectPointer&) { observe(nullptr); }});
  informer_->start();
}

bool PaceGate::waitForSync(std::chrono::milliseconds timeout) const {
  return informer_ == nullptr || informer_->waitForSync(timeout);
}

void PaceGate::stop() {
  stopped_ = true;
  wake();
  if (informer_ != nullptr) informer_->stop();
}

void PaceGate::wake() {
  {
    std::lock_guard lock(mutex_);
    ++generation_;
  }
  changed_.notify_all();
}

void PaceGate::observe(const ObjectPointer& configMap) {
  {
    std::lock_guard lock(mutex_);
    applyLocked(configMap);
  }
  changed_.notify_all();
}

void PaceGate::applyLocked(const ObjectPointer& configMap) {
  if (configMap != nullptr && configMap_ != nullptr && olderThan(*configMap, *configMap_)) return;
  PaceSettings settings = parsePaceSettings(configMap.get());
  if (settings.mode != settings_.mode) {
    static constexpr const char* names[] = {"run", "paused", "slow", "step"};
    log::info("pace control: mode ", names[static_cast<int>(settings.mode)]);
  }
  configMap_ = configMap;
  settings_ = std::move(settings);
  mode_.store(settings_.mode, std::memory_order_release);
  ++generation_;
}

bool PaceGate::released(const std::atomic<bool>* abandon) const {
  return stopped_.load() || (abandon != nullptr && abandon->load());
}

bool PaceGate::waitForChange(std::unique_lock<std::mutex>& lock, std::uint64_t seenGeneration,
                             const std::atomic<bool>* abandon, std::chrono::steady_clock::time_point deadline) {
  auto changedOrReleased = [&] { return generation_ != seenGeneration || released(abandon); };
  if (deadline == std::chrono::steady_clock::time_point::max()) {
    changed_.wait(lock, changedOrReleased);
    return true;
  }
  return changed_.wait_until(lock, deadline, changedOrReleased);
}

bool PaceGate::awaitTurn(std::string_view queue, std::string_view key, const std::atomic<bool>* abandon) {
  // The hot path: one atomic load, so run mode costs the 1,000-pod benchmarks nothing.
  if (mode_.load(std::memory_order_acquire) == PaceMode::Run) return true;
  using SteadyClock = std::chrono::steady_clock;
  const auto arrived = SteadyClock::now();
  std::unique_lock lock(mutex_);
  while (true) {
    if (released(abandon)) return false;
    if (settings_.mode == PaceMode::Run) return true;
    if (!settings_.queues.empty() && settings_.queues.count(std::string(queue)) == 0) return true;
    const std::uint64_t seen = generation_;
    auto forever = SteadyClock::time_point::max();
    switch (settings_.mode) {
      case PaceMode::Run:
        return true;
      case PaceMode::Slow: {
        // A delay changed meanwhile counts from when this worker arrived.
        auto due = arrived + settings_.delay;
        if (SteadyClock::now() >= due) return true;
        waitForChange(lock, seen, abandon, due);
        break;
      }
      case PaceMode::Paused:
        waitForChange(lock, seen, abandon, forever);
        break;
      case PaceMode::Step: {
        bool lostThisVersion = !lostResourceVersion_.empty() && configMap_ != nullptr &&
                               api::resourceVersion(*configMap_) == lostResourceVersion_;
        if (claiming_ || settings_.takenSteps >= settings_.grantedSteps || lostThisVersion) {
          waitForChange(lock, seen, abandon, forever);
          break;
        }
        if (SteadyClock::now() < retryClaimAt_) {
          waitForChange(lock, seen, abandon, retryClaimAt_);
          break;
        }
        if (claimStep(lock, queue, key) == Claim::Won) return true;
        break;
      }
    }
  }
}

PaceGate::Claim PaceGate::claimStep(std::unique_lock<std::mutex>& lock, std::string_view queue,
                                    std::string_view key) {
  const ObjectPointer base = configMap_;
  const std::int64_t step = settings_.takenSteps + 1;
  Object updated = *base;
  Object& data = api::ensureObject(updated, "data");
  data["takenSteps"] = std::to_string(step);
  data["lastStep"] = json::serialize(json::object{{"step", step},
                                                  {"component", component_},
                                                  {"queue", queue},
                                                  {"key", key},
                                                  {"time", api::formatMicroTimestamp(std::chrono::system_clock::now())}});
  claiming_ = true;
  lock.unlock();
  auto answer = api_.update(resources::configMaps, updated);
  lock.lock();
  claiming_ = false;
  Claim claim = Claim::Won;
  if (answer) {
    // Our own copy first, so this process's other workers do not claim against the old version.
    applyLocked(std::make_shared<const Object>(std::move(*answer)));
  } else if (answer.status().code() == StatusCode::Conflict) {
    // Another claimer (or the app's grant) got there first: wait for the newer version.
    lostResourceVersion_ = api::resourceVersion(*base);
    claim = Claim::Lost;
  } else {
    log::warning("pace control: cannot claim step ", step, " for ", queue, " ", key, " (",
                 answer.status().toString(), "); retrying; this process needs get, list, watch and update on ",
                 kPaceConfigMapNamespace, "/configmaps/", kPaceConfigMapName);
    retryClaimAt_ = std::chrono::steady_clock::now() + options_.claimRetryDelay;
    claim = Claim::Failed;
  }
  ++generation_;  // every worker that waited for this claim looks again
  changed_.notify_all();
  return claim;
}

PaceGateScope::PaceGateScope(PaceGate* gate) : previous_(currentScopedGate) { currentScopedGate = gate; }

PaceGateScope::~PaceGateScope() { currentScopedGate = previous_; }

PaceGate* scopedPaceGate() { return currentScopedGate; }

}  // namespace kubelab::client
