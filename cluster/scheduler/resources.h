#pragma once
// Resource amounts as the scheduler counts them: what a pod requests (Kubernetes'
// computePodResourceRequest: containers summed, each init container taken at its peak, sidecars
// (restartable init containers) added to everything after them, plus spec.overhead) and what a
// node offers (status.allocatable). Every amount is in thousandths of a unit, as api::Quantity
// keeps it, so "100m" cpu and "1Gi" memory compare exactly.

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace kubelab::scheduler {

struct Resources {
  std::int64_t milliCpu = 0;
  std::int64_t memory = 0;            // thousandths of a byte
  std::int64_t ephemeralStorage = 0;  // thousandths of a byte
  // Extended resources ("nvidia.com/gpu", "hugepages-2Mi"), present only when used.
  std::map<std::string, std::int64_t> scalar;

  void add(const Resources& other);
  void subtract(const Resources& other);
  // Each resource at the larger of the two.
  void raiseTo(const Resources& other);
  bool isZero() const;
};

// Scoring counts a container that requests no cpu or memory as if it asked for Kubernetes'
// defaults (100m cpu, 200 MiB), so empty pods still spread instead of piling on one node.
inline constexpr std::int64_t kDefaultMilliCpuRequest = 100;
inline constexpr std::int64_t kDefaultMemoryRequest = 200LL * 1024 * 1024 * 1000;

struct PodRequests {
  Resources requests;
  std::int64_t nonZeroMilliCpu = 0;
  std::int64_t nonZeroMemory = 0;
};

// Reads a ResourceList ({"cpu": "500m", "memory": "1Gi", ...}); unparsable values count as zero
// (the API server refuses them before they reach us). "pods" is skipped: it is a count.
Resources resourcesFromList(const boost::json::object* resourceList);
// The pod's effective requests as described above.
PodRequests podRequests(const boost::json::object& pod);

struct NodeAllocatable {
  Resources resources;
  std::int64_t allowedPodNumber = 0;
};
// status.allocatable, or status.capacity where a resource is not listed in allocatable.
NodeAllocatable nodeAllocatable(const boost::json::object& node);

}  // namespace kubelab::scheduler
