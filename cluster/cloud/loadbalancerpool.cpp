#include "cloud/loadbalancerpool.h"

#include <arpa/inet.h>

namespace kubelab::cloud {

namespace {

constexpr std::uint32_t kFirst = (127u << 24) | (200u << 16) | 1u;  // 127.200.0.1
constexpr std::uint32_t kLast = (127u << 24) | (200u << 16) | 0xfffeu;  // 127.200.255.254

std::optional<std::uint32_t> parse(const std::string& text) {
  in_addr address{};
  if (inet_pton(AF_INET, text.c_str(), &address) != 1) return std::nullopt;
  return ntohl(address.s_addr);
}

std::string format(std::uint32_t value) {
  in_addr address{htonl(value)};
  char text[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &address, text, sizeof text);
  return text;
}

}  // namespace

Result<std::string> LoadBalancerPool::assign(const std::string& serviceKey, const std::string& requested) {
  std::lock_guard lock(mutex_);
  auto held = byService_.find(serviceKey);
  if (!requested.empty()) {
    auto wanted = parse(requested);
    if (!wanted || *wanted < kFirst || *wanted > kLast) {
      return invalid("spec.loadBalancerIP " + requested + " is not in the load balancer range " + kLoadBalancerRange);
    }
    if (held != byService_.end() && held->second == *wanted) return requested;
    if (used_.contains(*wanted)) return invalid("spec.loadBalancerIP " + requested + " is used by another Service");
    if (held != byService_.end()) used_.erase(held->second);
    used_.insert(*wanted);
    byService_[serviceKey] = *wanted;
    return requested;
  }
  if (held != byService_.end()) return format(held->second);
  for (std::uint32_t candidate = kFirst; candidate <= kLast; ++candidate) {
    if (used_.contains(candidate)) continue;
    used_.insert(candidate);
    byService_[serviceKey] = candidate;
    return format(candidate);
  }
  return unavailable(std::string("no load balancer addresses left in ") + kLoadBalancerRange);
}

bool LoadBalancerPool::adopt(const std::string& serviceKey, const std::string& address) {
  auto value = parse(address);
  if (!value || *value < kFirst || *value > kLast) return false;
  std::lock_guard lock(mutex_);
  if (auto held = byService_.find(serviceKey); held != byService_.end()) return held->second == *value;
  if (used_.contains(*value)) return false;
  used_.insert(*value);
  byService_[serviceKey] = *value;
  return true;
}

void LoadBalancerPool::release(const std::string& serviceKey) {
  std::lock_guard lock(mutex_);
  auto held = byService_.find(serviceKey);
  if (held == byService_.end()) return;
  used_.erase(held->second);
  byService_.erase(held);
}

std::optional<std::string> LoadBalancerPool::addressOf(const std::string& serviceKey) const {
  std::lock_guard lock(mutex_);
  auto held = byService_.find(serviceKey);
  if (held == byService_.end()) return std::nullopt;
  return format(held->second);
}

}  // namespace kubelab::cloud
