#pragma once
// Pod IPs from a node's podCIDR: the first address is the node's own (the gateway), the last
// is the broadcast address; the rest go to pods, lowest free first, and come back when a pod
// goes. Thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <mutex>
#include <set>
#include <string>

#include "common/status.h"

namespace kubelab::kubelet {

class PodIpAllocator {
 public:
  // "127.10.1.0/24". Invalid for anything that is not an IPv4 CIDR with room for pods.
  static Result<PodIpAllocator> create(const std::string& cidr);
  PodIpAllocator(const PodIpAllocator& other);
  PodIpAllocator& operator=(const PodIpAllocator&) = delete;

  // The pod's IP, allocating one on first use; Unavailable when the range is full.
  Result<std::string> allocate(const std::string& podUid);
  // Records an IP a pod already has (after a kubelet restart).
  void reserve(const std::string& podUid, const std::string& ip);
  void release(const std::string& podUid);
  std::size_t allocated() const;

 private:
  PodIpAllocator(std::uint32_t first, std::uint32_t last) : first_(first), last_(last) {}
  mutable std::mutex mutex_;
  std::uint32_t first_;
  std::uint32_t last_;
  std::map<std::string, std::uint32_t> byPod_;
  std::set<std::uint32_t> used_;
};

}  // namespace kubelab::kubelet
