#pragma once
// Leases: a TTL and the keys attached to it. Deadlines live only in memory (a keepalive never
// writes to disk, which is what bloated kine's log); grants and revokes are persisted by the
// store. After a restart every lease gets its full TTL again, as etcd does on a new leader.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/keyvalue.h"

namespace kubelab::store {

class LeaseTable {
 public:
  using Clock = std::chrono::steady_clock;
  // etcd's floor for a lease TTL with its default heartbeat and election settings.
  static constexpr std::int64_t minimumTtlSeconds = 2;
  static constexpr std::int64_t maximumTtlSeconds = 9000000000;

  bool exists(std::int64_t id) const;
  // Adds a lease; returns the TTL it was given (raised to the minimum).
  std::int64_t grant(std::int64_t id, std::int64_t ttl);
  // Removes a lease and returns the keys that were attached to it.
  std::vector<std::string> remove(std::int64_t id);
  void attach(std::int64_t id, const std::string& key);
  void detach(std::int64_t id, const std::string& key);

  // Renews the lease; the granted TTL, or nullopt when the lease does not exist.
  std::optional<std::int64_t> keepAlive(std::int64_t id);
  LeaseTimeToLive timeToLive(std::int64_t id, bool withKeys) const;
  std::vector<std::int64_t> ids() const;
  // Leases past their deadline that have not been handed out for revocation yet.
  std::vector<std::int64_t> takeExpired();
  // A random positive id that is not in use.
  std::int64_t unusedId() const;

 private:
  struct Lease {
    std::int64_t ttl = 0;
    Clock::time_point deadline;
    std::set<std::string> keys;
    bool revoking = false;
  };

  mutable std::mutex mutex_;
  std::map<std::int64_t, Lease> leases_;
};

}  // namespace kubelab::store
