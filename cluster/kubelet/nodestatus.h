#pragma once
// The Node a kubelet registers and the status it reports: capacity and allocatable from its
// flags, the Ready condition and the pressure conditions, addresses, and nodeInfo, as
// `kubectl get nodes -o wide` and `kubectl describe node` read them.

#include <boost/json/object.hpp>

#include <chrono>
#include <string>

#include "kubelet/kubeletconfig.h"

namespace kubelab::kubelet {

// The Node object to create on registration (metadata, spec.podCIDR, status).
boost::json::object nodeForRegistration(const KubeletConfig& config, const std::string& runtimeName,
                                        std::chrono::system_clock::time_point now);
// The status to report now; `previous` (the stored Node) keeps condition transition times.
boost::json::object nodeStatus(const KubeletConfig& config, const std::string& runtimeName,
                               const boost::json::object& previous, std::chrono::system_clock::time_point now);

}  // namespace kubelab::kubelet
