#include "client/leaderelection.h"

#include <unistd.h>

#include <boost/json/serialize.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "api/objectmeta.h"
#include "api/timestamp.h"
#include "common/logging.h"

namespace kubelab::client {

namespace {

using SystemClock = std::chrono::system_clock;

}  // namespace

std::string uniqueLeaderIdentity() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::random_device random;
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, "%08x%08x", random(), random());
  return std::string(host) + "_" + suffix;
}

struct LeaderElector::Impl {
  ApiInterface& api;
  LeaderElectionConfig config;
  std::atomic<bool> leading{false};
  std::atomic<bool> stopping{false};
  mutable std::mutex mutex;
  std::condition_variable wake;
  std::string observedHolder;
  // When we last saw the lease change, by our own clock, as client-go judges expiry: never
  // by comparing our clock with the holder's renewTime.
  std::string observedRecord;
  std::chrono::steady_clock::time_point observedAt;
  std::thread campaign;
  std::thread work;

  Impl(ApiInterface& apiInterface, LeaderElectionConfig electionConfig)
      : api(apiInterface), config(std::move(electionConfig)) {}

  bool sleepFor(std::chrono::milliseconds duration) {
    std::unique_lock lock(mutex);
    return !wake.wait_for(lock, duration, [this] { return stopping.load(); });
  }

  boost::json::object leaseSpec(std::int64_t transitions, const std::string& acquireTime) const {
    auto now = api::formatMicroTimestamp(SystemClock::now());
    return {{"holderIdentity", config.identity},
            {"leaseDurationSeconds", std::max<std::int64_t>(1, config.leaseDuration.count() / 1000)},
            {"acquireTime", acquireTime.empty() ? now : acquireTime},
            {"renewTime", now},
            {"leaseTransitions", transitions}};
  }

  // One attempt to acquire or renew, as client-go's tryAcquireOrRenew.
  bool tryAcquireOrRenew() {
    auto current = api.get(resources::leases, config.leaseNamespace, config.leaseName);
    if (!current) {
      if (current.status().code() != StatusCode::NotFound) return false;
      boost::json::object lease{{"apiVersion", "coordination.k8s.io/v1"},
                                {"kind", "Lease"},
                                {"metadata", {{"name", config.leaseName}, {"namespace", config.leaseNamespace}}},
                                {"spec", leaseSpec(0, "")}};
      auto created = api.create(resources::leases, config.leaseNamespace, lease);
      if (created) observe(*created);
      return created.isOk();
    }
    observe(*current);
    std::string holder = api::stringAt(*current, {"spec", "holderIdentity"});
    bool held = !holder.empty() && holder != config.identity;
    if (held) {
      std::lock_guard lock(mutex);
      if (std::chrono::steady_clock::now() - observedAt < config.leaseDuration) return false;
    }
    std::int64_t transitions = api::integerAt(*current, {"spec", "leaseTransitions"});
    std::string acquireTime = api::stringAt(*current, {"spec", "acquireTime"});
    if (holder != config.identity) {
      ++transitions;
      acquireTime.clear();
    }
    boost::json::object updated = *current;
    updated["spec"] = leaseSpec(transitions, acquireTime);
    auto written = api.update(resources::leases, updated);  // resourceVersion guards against a race
    if (written) observe(*written);
    return written.isOk();
  }

  void observe(const boost::json::object& lease) {
    std::string record = api::stringAt(lease, {"spec", "holderIdentity"}) + "|" +
                         api::stringAt(lease, {"spec", "renewTime"});
    std::lock_guard lock(mutex);
    observedHolder = api::stringAt(lease, {"spec", "holderIdentity"});
    if (record != observedRecord) {
      observedRecord = record;
      observedAt = std::chrono::steady_clock::now();
    }
  }

  void release() {
    auto current = api.get(resources::leases, config.leaseNamespace, config.leaseName);
    if (!current || api::stringAt(*current, {"spec", "holderIdentity"}) != config.identity) return;
    boost::json::object updated = *current;
    auto& spec = api::ensureObject(updated, "spec");
    spec["holderIdentity"] = nullptr;
    spec["leaseDurationSeconds"] = 1;
    auto released = api.update(resources::leases, updated);
    if (!released) log::warning("could not release lease ", config.leaseName, ": ", released.status().toString());
  }

  void run(const std::function<void()>& onStartedLeading, const std::function<void()>& onStoppedLeading) {
    log::info("attempting to acquire leader lease ", config.leaseNamespace, "/", config.leaseName, " as ",
              config.identity);
    while (!stopping) {
      if (tryAcquireOrRenew()) break;
      if (!sleepFor(config.retryPeriod)) return;
    }
    if (stopping) return;
    log::info("successfully acquired lease ", config.leaseNamespace, "/", config.leaseName);
    leading = true;
    work = std::thread(onStartedLeading);
    auto lastRenew = std::chrono::steady_clock::now();
    while (sleepFor(config.retryPeriod)) {
      if (tryAcquireOrRenew()) {
        lastRenew = std::chrono::steady_clock::now();
      } else if (std::chrono::steady_clock::now() - lastRenew > config.renewDeadline) {
        log::error("failed to renew lease ", config.leaseNamespace, "/", config.leaseName, ": timed out");
        break;
      }
    }
    leading = false;
    if (stopping && config.releaseOnCancel) release();
    if (onStoppedLeading) onStoppedLeading();
  }
};

LeaderElector::LeaderElector(ApiInterface& api, LeaderElectionConfig config)
    : impl_(std::make_unique<Impl>(api, std::move(config))) {
  if (impl_->config.identity.empty()) impl_->config.identity = uniqueLeaderIdentity();
}

LeaderElector::~LeaderElector() { stop(); }

void LeaderElector::start(std::function<void()> onStartedLeading, std::function<void()> onStoppedLeading) {
  impl_->campaign = std::thread([this, started = std::move(onStartedLeading), stopped = std::move(onStoppedLeading)] {
    impl_->run(started, stopped);
  });
}

void LeaderElector::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->campaign.joinable()) impl_->campaign.join();
  if (impl_->work.joinable()) impl_->work.join();
}

bool LeaderElector::isLeader() const { return impl_->leading.load(); }
std::string LeaderElector::identity() const { return impl_->config.identity; }

std::string LeaderElector::observedLeader() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->observedHolder;
}

}  // namespace kubelab::client
