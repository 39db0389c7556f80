#pragma once
// Addresses for LoadBalancer Services, from 127.200.0.0/16 (DESIGN.md's address plan): every
// loopback address is local, so a "cloud" load balancer here is an address the proxies listen
// on. A Service keeps its address; one it asks for (spec.loadBalancerIP) is given when free.
// Thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "common/status.h"

namespace kubelab::cloud {

inline constexpr const char* kLoadBalancerRange = "127.200.0.0/16";

class LoadBalancerPool {
 public:
  // The Service's address: the one it has, else `requested` when free and in range, else the
  // lowest free one. Unavailable when the range is full, Invalid for a requested address
  // outside it or taken by another Service.
  Result<std::string> assign(const std::string& serviceKey, const std::string& requested = {});
  // An address a Service already carries (after a restart); false if out of range or taken.
  bool adopt(const std::string& serviceKey, const std::string& address);
  void release(const std::string& serviceKey);
  std::optional<std::string> addressOf(const std::string& serviceKey) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::uint32_t> byService_;
  std::set<std::uint32_t> used_;
};

}  // namespace kubelab::cloud
