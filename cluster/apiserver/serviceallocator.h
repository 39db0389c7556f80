#pragma once
// ClusterIP and NodePort allocation for Services, as the API server's service registry does:
// a ClusterIP from the service CIDR (127.96.0.0/16 by default, loopback so every proxy can
// bind it without privileges) and NodePorts from 30000-32767, refusing ones already taken.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "apiserver/apierrors.h"
#include "apiserver/objectstorage.h"

namespace kubelab::apiserver {

class ServiceAllocator {
 public:
  // `clusterIpRange` is an IPv4 CIDR; NodePorts come from [nodePortLow, nodePortHigh].
  static Result<std::unique_ptr<ServiceAllocator>> create(ObjectStorage& storage, const std::string& clusterIpRange,
                                                          int nodePortLow, int nodePortHigh);

  // Fills in spec.clusterIP(s) and NodePorts of a new Service, honouring requested ones.
  // `reserve` false (a dry run) chooses without holding what it chose.
  std::optional<ApiError> allocate(Object& service, bool reserve = true);
  // For an update: keeps the current ClusterIP and NodePorts, allocates for new ports.
  std::optional<ApiError> reallocate(Object& updated, const Object& current, bool reserve = true);
  // The first address of the range, which the `kubernetes` Service gets.
  std::string firstAddress() const;
  std::string nodePortRange() const { return std::to_string(nodePortLow_) + "-" + std::to_string(nodePortHigh_); }

 private:
  ServiceAllocator(ObjectStorage& storage, std::uint32_t base, std::uint32_t size, int nodePortLow, int nodePortHigh)
      : storage_(storage), base_(base), size_(size), nodePortLow_(nodePortLow), nodePortHigh_(nodePortHigh) {}
  // What existing Services hold, plus what was handed out in the last seconds and may not be
  // stored yet.
  std::optional<ApiError> collectInUse(std::set<std::uint32_t>& addresses, std::set<int>& nodePorts,
                                       const std::string& excludeUid);
  std::optional<ApiError> assignNodePorts(Object& service, const Object* current, std::set<int>& inUse, bool reserve);

  ObjectStorage& storage_;
  std::uint32_t base_;
  std::uint32_t size_;
  int nodePortLow_;
  int nodePortHigh_;
  std::mutex mutex_;
  std::map<std::uint32_t, std::chrono::steady_clock::time_point> recentAddresses_;
  std::map<int, std::chrono::steady_clock::time_point> recentNodePorts_;
};

std::optional<std::uint32_t> parseIpv4(const std::string& text);
std::string formatIpv4(std::uint32_t address);

}  // namespace kubelab::apiserver
