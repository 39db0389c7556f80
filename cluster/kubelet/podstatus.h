#pragma once
// A pod's status as the kubelet reports it, computed from what its runtime says about the
// containers: the phase (Pending, Running, Succeeded, Failed by Kubernetes' rules), the
// conditions kubectl describe shows, and containerStatuses. A pure function, so each rule is
// easy to test.

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "runtime/podruntime.h"

namespace kubelab::kubelet {

struct PodNetwork {
  std::string hostIp;
  std::string podIp;
};

// `previous` is the pod's current status: transition times and startTime carry over while
// a condition keeps its value. `runtimeStatus` nullopt means the containers are not created yet.
boost::json::object computePodStatus(const boost::json::object& pod,
                                     const std::optional<runtime::PodRuntimeStatus>& runtimeStatus,
                                     const PodNetwork& network, runtime::Clock::time_point now);

// Kubernetes' phase rules over container states and restartPolicy.
std::string podPhaseFor(const runtime::PodRuntimeStatus& status, const std::string& restartPolicy);

}  // namespace kubelab::kubelet
