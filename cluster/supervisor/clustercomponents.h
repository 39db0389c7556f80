#pragma once
// Which processes make up a cluster, in start order. This is where each new component joins
// as it lands (scheduler, controller managers, then a kubelet and a proxy per node), together
// with the ports it needs.

#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"
#include "supervisor/clusterconfig.h"
#include "supervisor/componentspec.h"
#include "supervisor/statedirectory.h"

namespace kubelab::supervisor {

inline constexpr const char* kStoreComponent = "store";
inline constexpr const char* kStorePort = "store";
inline constexpr const char* kApiServerComponent = "apiserver";
inline constexpr const char* kApiServerPort = "apiserver";
inline constexpr const char* kSchedulerComponent = "scheduler";
inline constexpr const char* kCloudControllerManagerComponent = "cloud-controller-manager";
// Every kubelet serves /healthz on this port of its own node address.
inline constexpr const char* kKubeletHealthzPort = "kubelet-healthz";
// Every proxy serves /healthz on this port of its own node address. kube-proxy's 10256 is the
// same for every cluster, so two clusters on one machine would fight over it.
inline constexpr const char* kProxyHealthzPort = "proxy-healthz";
// Every kubelet serves its API (logs, exec, stats; the real kubelet's 10250) over HTTPS on this
// port of its own node address.
inline constexpr const char* kKubeletPort = "kubelet";
inline constexpr const char* kControllerManagerComponent = "controller-manager";

// Service ClusterIPs come from here (see DESIGN.md); the first one belongs to the
// "kubernetes" Service, so the API server's certificate names it.
inline constexpr const char* kServiceClusterIpRange = "127.96.0.0/16";
inline constexpr const char* kKubernetesServiceIp = "127.96.0.1";

// Node i (from 1): its name, its own loopback address and the range its pods' IPs come from
// (DESIGN.md's address plan), and the name of its kubelet component.
std::string nodeName(int index);
std::string nodeAddress(int index);   // 127.10.<i>.1
std::string nodePodCidr(int index);   // 127.10.<i>.0/24
std::string kubeletComponentName(int index);  // kubelet-node-<i>
std::string proxyComponentName(int index);    // proxy-node-<i>

// The port roles a cluster needs; `up` picks a free port for each one cluster.json lacks.
std::vector<std::string> requiredPortRoles(const ClusterConfig& config);

// The components in start order: each starts once the ones before it are ready. Needs every
// port of requiredPortRoles() in `config`.
Result<std::vector<ComponentSpec>> clusterComponents(const ClusterConfig& config, const StateDirectory& state,
                                                     const std::filesystem::path& binaryDirectory);

// One node's components, its kubelet then its proxy, for a node added to a running cluster.
// Needs the kubelet-healthz port in `config`.
std::vector<ComponentSpec> nodeComponents(const NodeConfig& node, const ClusterConfig& config,
                                          const StateDirectory& state, const std::filesystem::path& binaryDirectory);

// The names clusterComponents() would give, for listing a cluster that is not running.
std::vector<std::string> clusterComponentNames(const ClusterConfig& config);

// https://127.0.0.1:<port>, what kubeconfigs name as the server. Needs the apiserver port.
std::string apiServerUrl(const ClusterConfig& config);

// NotFound, naming the file and how to point elsewhere, when an executable is missing.
Status checkExecutables(const std::vector<ComponentSpec>& components);

}  // namespace kubelab::supervisor
