#pragma once
// The Node a kubelet registers and the status it reports: capacity and allocatable from its
// flags, the Ready condition and the pressure conditions, addresses, and nodeInfo, as
// `kubectl get nodes -o wide` and `kubectl describe node` read them.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <string>

#include "kubelet/kubeletconfig.h"

namespace kubelab::kubelet {

// What a kubelet started with --cloud-provider=external taints its new Node with, until the
// cloud controller manager has initialized it (k8s.io/cloud-provider's TaintExternalCloudProvider).
inline constexpr const char* kUninitializedTaint = "node.cloudprovider.kubernetes.io/uninitialized";

// The taints a new Node registers with: --register-with-taints, then the uninitialized taint
// with an external cloud provider.
boost::json::array registrationTaints(const KubeletConfig& config);

// The Node object to create on registration (metadata, spec.podCIDR, status).
boost::json::object nodeForRegistration(const KubeletConfig& config, const std::string& runtimeName,
                                        std::chrono::system_clock::time_point now);
// The status to report now; `previous` (the stored Node) keeps condition transition times.
boost::json::object nodeStatus(const KubeletConfig& config, const std::string& runtimeName,
                               const boost::json::object& previous, std::chrono::system_clock::time_point now);

}  // namespace kubelab::kubelet
