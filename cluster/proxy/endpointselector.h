#pragma once
// Which backend a new connection to one Service port goes to: round-robin over the ready
// endpoints, or, with sessionAffinity ClientIP, the endpoint this client IP used last while that
// is newer than timeoutSeconds (Kubernetes' userspace proxier's LoadBalancerRR). The endpoint set
// is replaced whole by update(), so a connection sees either the old set or the new one.

#include <chrono>
#include <compare>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kubelab::proxy {

struct Endpoint {
  std::string ip;
  std::uint16_t port = 0;

  std::string toString() const { return ip + ":" + std::to_string(port); }
  auto operator<=>(const Endpoint&) const = default;
};

struct SessionAffinity {
  bool clientIp = false;  // spec.sessionAffinity == ClientIP
  // spec.sessionAffinityConfig.clientIP.timeoutSeconds; Kubernetes' default is 3 hours.
  std::chrono::seconds timeout{10800};

  bool operator==(const SessionAffinity&) const = default;
};

class EndpointSelector {
 public:
  using Clock = std::chrono::steady_clock;

  EndpointSelector() = default;
  EndpointSelector(std::vector<Endpoint> readyEndpoints, SessionAffinity affinity);

  // Replaces the ready endpoints and the affinity policy. Affinities to endpoints that remain
  // are kept, as kube-proxy keeps them; the others, and those unused for the timeout, are
  // forgotten (so that clients seen once do not pile up between syncs).
  void update(std::vector<Endpoint> readyEndpoints, SessionAffinity affinity, Clock::time_point now = Clock::now());

  // The endpoint for a new connection from `clientIp`, skipping `tried` (endpoints that
  // refused this connection already); nullopt when none is left.
  std::optional<Endpoint> next(const std::string& clientIp, Clock::time_point now,
                               const std::vector<Endpoint>& tried = {});

  std::vector<Endpoint> endpoints() const;
  std::size_t clientsWithAffinity() const;
  bool empty() const;

 private:
  struct Affinity {
    Endpoint endpoint;
    Clock::time_point lastUsed;
  };

  mutable std::mutex mutex_;
  std::vector<Endpoint> endpoints_;  // sorted, without duplicates
  SessionAffinity affinity_;
  std::size_t nextIndex_ = 0;
  std::map<std::string, Affinity> affinityByClient_;
};

}  // namespace kubelab::proxy
