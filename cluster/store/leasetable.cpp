#include "store/leasetable.h"

#include <algorithm>
#include <random>

namespace kubelab::store {

bool LeaseTable::exists(std::int64_t id) const {
  std::lock_guard lock(mutex_);
  return leases_.count(id) != 0;
}

std::int64_t LeaseTable::grant(std::int64_t id, std::int64_t ttl) {
  std::lock_guard lock(mutex_);
  ttl = std::max(ttl, minimumTtlSeconds);
  Lease& lease = leases_[id];
  lease.ttl = ttl;
  lease.deadline = Clock::now() + std::chrono::seconds(ttl);
  lease.revoking = false;
  return ttl;
}

std::vector<std::string> LeaseTable::remove(std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto found = leases_.find(id);
  if (found == leases_.end()) return {};
  std::vector<std::string> keys(found->second.keys.begin(), found->second.keys.end());
  leases_.erase(found);
  return keys;
}

void LeaseTable::attach(std::int64_t id, const std::string& key) {
  std::lock_guard lock(mutex_);
  auto found = leases_.find(id);
  if (found != leases_.end()) found->second.keys.insert(key);
}

void LeaseTable::detach(std::int64_t id, const std::string& key) {
  std::lock_guard lock(mutex_);
  auto found = leases_.find(id);
  if (found != leases_.end()) found->second.keys.erase(key);
}

std::optional<std::int64_t> LeaseTable::keepAlive(std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto found = leases_.find(id);
  if (found == leases_.end() || found->second.revoking) return std::nullopt;
  found->second.deadline = Clock::now() + std::chrono::seconds(found->second.ttl);
  return found->second.ttl;
}

LeaseTimeToLive LeaseTable::timeToLive(std::int64_t id, bool withKeys) const {
  std::lock_guard lock(mutex_);
  LeaseTimeToLive answer;
  answer.id = id;
  auto found = leases_.find(id);
  if (found == leases_.end()) return answer;
  auto remaining = std::chrono::duration_cast<std::chrono::seconds>(found->second.deadline - Clock::now());
  answer.ttl = std::max<std::int64_t>(0, remaining.count());
  answer.grantedTtl = found->second.ttl;
  if (withKeys) answer.keys.assign(found->second.keys.begin(), found->second.keys.end());
  return answer;
}

std::vector<std::int64_t> LeaseTable::ids() const {
  std::lock_guard lock(mutex_);
  std::vector<std::int64_t> ids;
  ids.reserve(leases_.size());
  for (const auto& [id, lease] : leases_) ids.push_back(id);
  return ids;
}

std::vector<std::int64_t> LeaseTable::takeExpired() {
  std::lock_guard lock(mutex_);
  std::vector<std::int64_t> expired;
  auto now = Clock::now();
  for (auto& [id, lease] : leases_) {
    if (!lease.revoking && lease.deadline <= now) {
      lease.revoking = true;
      expired.push_back(id);
    }
  }
  return expired;
}

std::int64_t LeaseTable::unusedId() const {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::lock_guard lock(mutex_);
  while (true) {
    auto id = static_cast<std::int64_t>(random() >> 1);
    if (id != 0 && leases_.count(id) == 0) return id;
  }
}

}  // namespace kubelab::store
