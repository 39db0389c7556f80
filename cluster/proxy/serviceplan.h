#pragma once
// The pure part of the proxy: from the Services and EndpointSlices in the cache, what each TCP
// Service port listens on (its ClusterIP, this node's NodePort, its LoadBalancer ingress IPs and
// externalIPs) and which endpoints are ready to take its connections (conditions.ready, with the
// targetPort as the EndpointSlice resolved it). Kept apart from sockets so that tests can check
// it on plain objects.

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "proxy/endpointselector.h"

namespace kubelab::proxy {

struct ListenAddress {
  std::string ip;
  std::uint16_t port = 0;
  std::string kind;  // "ClusterIP", "NodePort", "LoadBalancer" or "ExternalIP", for logs

  std::string toString() const { return ip + ":" + std::to_string(port); }
  bool operator==(const ListenAddress&) const = default;
};

// One Service port as kube-proxy sees it (its ServicePortName plus what it needs).
struct ServicePortPlan {
  std::string name;  // "namespace/service:portName" (portName may be empty)
  std::vector<ListenAddress> listenAddresses;
  std::vector<Endpoint> readyEndpoints;  // sorted
  SessionAffinity affinity;
};

// Every TCP port of every Service that kube-proxy would program, sorted by name. Services
// without a ClusterIP (headless, ExternalName) get nothing, as in Kubernetes; `nodeIp` is where
// NodePorts listen.
//
// externalTrafficPolicy Local: traffic from outside (NodePort, LoadBalancer, externalIPs) goes
// only to endpoints on this node (`nodeName`), so those addresses get a plan of their own,
// "<name> (external)", with the local endpoints; the NodePort rejects when there are none, as
// kube-proxy drops. Shared addresses (LoadBalancer, externalIPs) are held only by proxies with
// local endpoints, so that the kernel hands their connections to nodes that can serve them:
// what a cloud load balancer learns from healthCheckNodePort.
std::vector<ServicePortPlan> planServicePorts(const std::vector<const boost::json::object*>& services,
                                              const std::vector<const boost::json::object*>& endpointSlices,
                                              const std::string& nodeIp, const std::string& nodeName = {});

struct ListenerPlan {
  ListenAddress address;
  std::string servicePort;  // ServicePortPlan::name
};

// The sockets to hold open: one per address. When two Service ports claim the same address
// (two Services given the same externalIP and port), the first by name keeps it.
std::vector<ListenerPlan> planListeners(const std::vector<ServicePortPlan>& servicePorts);

}  // namespace kubelab::proxy
