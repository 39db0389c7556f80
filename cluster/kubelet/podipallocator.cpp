#include "kubelet/podipallocator.h"

#include <arpa/inet.h>

namespace kubelab::kubelet {

namespace {

std::optional<std::uint32_t> parseIpv4(const std::string& text) {
  in_addr address{};
  if (inet_pton(AF_INET, text.c_str(), &address) != 1) return std::nullopt;
  return ntohl(address.s_addr);
}

std::string formatIpv4(std::uint32_t value) {
  in_addr address{htonl(value)};
  char text[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &address, text, sizeof text);
  return text;
}

}  // namespace

Result<PodIpAllocator> PodIpAllocator::create(const std::string& cidr) {
  auto slash = cidr.find('/');
  auto base = parseIpv4(cidr.substr(0, slash));
  int prefix = -1;
  if (slash != std::string::npos) {
    try {
      prefix = std::stoi(cidr.substr(slash + 1));
    } catch (const std::exception&) {
    }
  }
  if (!base || prefix < 8 || prefix > 30) {
    return invalid("pod CIDR \"" + cidr + "\" must be an IPv4 CIDR from /8 to /30, such as 127.10.1.0/24");
  }
  std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  std::uint32_t network = *base & mask;
  std::uint32_t broadcast = network | ~mask;
  // network+1 is the node's own address.
  return PodIpAllocator(network + 2, broadcast - 1);
}

PodIpAllocator::PodIpAllocator(const PodIpAllocator& other) {
  std::lock_guard lock(other.mutex_);
  first_ = other.first_;
  last_ = other.last_;
  byPod_ = other.byPod_;
  used_ = other.used_;
}

Result<std::string> PodIpAllocator::allocate(const std::string& podUid) {
  std::lock_guard lock(mutex_);
  if (auto found = byPod_.find(podUid); found != byPod_.end()) return formatIpv4(found->second);
  for (std::uint32_t candidate = first_; candidate <= last_; ++candidate) {
    if (used_.contains(candidate)) continue;
    used_.insert(candidate);
    byPod_[podUid] = candidate;
    return formatIpv4(candidate);
  }
  return unavailable("no pod IPs left in " + formatIpv4(first_) + "-" + formatIpv4(last_));
}

void PodIpAllocator::reserve(const std::string& podUid, const std::string& ip) {
  auto value = parseIpv4(ip);
  if (!value || *value < first_ || *value > last_) return;
  std::lock_guard lock(mutex_);
  if (used_.contains(*value)) return;
  used_.insert(*value);
  byPod_[podUid] = *value;
}

void PodIpAllocator::release(const std::string& podUid) {
  std::lock_guard lock(mutex_);
  auto found = byPod_.find(podUid);
  if (found == byPod_.end()) return;
  used_.erase(found->second);
  byPod_.erase(found);
}

std::size_t PodIpAllocator::allocated() const {
  std::lock_guard lock(mutex_);
  return byPod_.size();
}

}  // namespace kubelab::kubelet
