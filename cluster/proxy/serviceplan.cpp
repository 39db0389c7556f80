#include "proxy/serviceplan.h"

#include <algorithm>
#include <map>
#include <optional>

#include "api/objectmeta.h"
#include "common/logging.h"

namespace kubelab::proxy {

namespace {

constexpr const char* kServiceNameLabel = "kubernetes.io/service-name";

bool isTcp(const boost::json::object& port) {
  std::string protocol = api::stringAt(port, {"protocol"});
  return protocol.empty() || protocol == "TCP";
}

std::uint16_t toPort(std::int64_t value) {
  return value > 0 && value <= 65535 ? static_cast<std::uint16_t>(value) : 0;
}

bool hasClusterIp(const boost::json::object& service) {
  std::string type = api::stringAt(service, {"spec", "type"});
  std::string clusterIp = api::stringAt(service, {"spec", "clusterIP"});
  return type != "ExternalName" && !clusterIp.empty() && clusterIp != "None";
}

SessionAffinity affinityOf(const boost::json::object& service) {
  SessionAffinity affinity;
  affinity.clientIp = api::stringAt(service, {"spec", "sessionAffinity"}) == "ClientIP";
  std::int64_t timeout =
      api::integerAt(service, {"spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds"}, 10800);
  if (timeout > 0) affinity.timeout = std::chrono::seconds(timeout);
  return affinity;
}

// Ready endpoints by (namespace/service, port name), from every IPv4 slice of the Service.
// A missing `ready` condition counts as ready: EndpointSlice consumers must read nil as true.
// Each endpoint with the node it is on (endpoints[].nodeName).
using EndpointsByPort = std::map<std::pair<std::string, std::string>, std::map<Endpoint, std::string>>;

EndpointsByPort readyEndpointsByPort(const std::vector<const boost::json::object*>& endpointSlices) {
  EndpointsByPort result;
  for (const auto* slice : endpointSlices) {
    std::string service = api::labels(*slice)[kServiceNameLabel];
    if (service.empty() || api::stringAt(*slice, {"addressType"}) != "IPv4") continue;
    std::string serviceKey = api::namespaceOf(*slice) + "/" + service;
    const auto* ports = api::arrayAt(*slice, {"ports"});
    const auto* endpoints = api::arrayAt(*slice, {"endpoints"});
    if (!ports || !endpoints) continue;
    for (const auto& portValue : *ports) {
      if (!portValue.is_object() || !isTcp(portValue.get_object())) continue;
      const auto& port = portValue.get_object();
      std::uint16_t number = toPort(api::integerAt(port, {"port"}));
      if (number == 0) continue;
      auto& into = result[{serviceKey, api::stringAt(port, {"name"})}];
      for (const auto& endpointValue : *endpoints) {
        if (!endpointValue.is_object()) continue;
        const auto& endpoint = endpointValue.get_object();
        if (!api::booleanAt(endpoint, {"conditions", "ready"}, true)) continue;
        const auto* addresses = api::arrayAt(endpoint, {"addresses"});
        // Addresses of one endpoint are fungible; kube-proxy uses the first.
        if (!addresses || addresses->empty() || !addresses->front().is_string()) continue;
        into.emplace(Endpoint{std::string(addresses->front().get_string()), number},
                     api::stringAt(endpoint, {"nodeName"}));
      }
    }
  }
  return result;
}

std::vector<ListenAddress> listenAddressesOf(const boost::json::object& service, const boost::json::object& port,
                                             const std::string& nodeIp) {
  std::vector<ListenAddress> addresses;
  std::uint16_t servicePort = toPort(api::integerAt(port, {"port"}));
  if (servicePort == 0) return addresses;
  addresses.push_back({api::stringAt(service, {"spec", "clusterIP"}), servicePort, "ClusterIP"});
  std::string type = api::stringAt(service, {"spec", "type"});
  if (type == "NodePort" || type == "LoadBalancer") {
    std::uint16_t nodePort = toPort(api::integerAt(port, {"nodePort"}));
    if (nodePort != 0 && !nodeIp.empty()) addresses.push_back({nodeIp, nodePort, "NodePort"});
  }
  if (type == "LoadBalancer") {
    if (const auto* ingress = api::arrayAt(service, {"status", "loadBalancer", "ingress"})) {
      for (const auto& entry : *ingress) {
        if (!entry.is_object()) continue;
        std::string ip = api::stringAt(entry.get_object(), {"ip"});
        if (!ip.empty()) addresses.push_back({ip, servicePort, "LoadBalancer"});
      }
    }
  }
  if (const auto* externalIps = api::arrayAt(service, {"spec", "externalIPs"})) {
    for (const auto& ip : *externalIps) {
      if (ip.is_string()) addresses.push_back({std::string(ip.get_string()), servicePort, "ExternalIP"});
    }
  }
  return addresses;
}

// Moves the external addresses of `plan` into a plan of their own with this node's endpoints.
std::optional<ServicePortPlan> externalLocalPlan(ServicePortPlan& plan, std::vector<Endpoint> localEndpoints) {
  ServicePortPlan external;
  external.name = plan.name + " (external)";
  external.affinity = plan.affinity;
  external.readyEndpoints = std::move(localEndpoints);
  std::vector<ListenAddress> internal;
  for (auto& address : plan.listenAddresses) {
    if (address.kind == "ClusterIP") {
      internal.push_back(std::move(address));
    } else if (address.kind == "NodePort" || !external.readyEndpoints.empty()) {
      external.listenAddresses.push_back(std::move(address));
    }
  }
  plan.listenAddresses = std::move(internal);
  if (external.listenAddresses.empty()) return std::nullopt;
  return external;
}

}  // namespace

std::vector<ServicePortPlan> planServicePorts(const std::vector<const boost::json::object*>& services,
                                              const std::vector<const boost::json::object*>& endpointSlices,
                                              const std::string& nodeIp, const std::string& nodeName) {
  EndpointsByPort endpoints = readyEndpointsByPort(endpointSlices);
  std::vector<ServicePortPlan> plans;
  for (const auto* service : services) {
    if (!hasClusterIp(*service)) continue;
    const auto* ports = api::arrayAt(*service, {"spec", "ports"});
    if (!ports) continue;
    std::string serviceKey = api::namespaceOf(*service) + "/" + api::name(*service);
    for (const auto& portValue : *ports) {
      if (!portValue.is_object() || !isTcp(portValue.get_object())) continue;
      const auto& port = portValue.get_object();
      ServicePortPlan plan;
      std::string portName = api::stringAt(port, {"name"});
      plan.name = serviceKey + ":" + portName;
      plan.listenAddresses = listenAddressesOf(*service, port, nodeIp);
      if (plan.listenAddresses.empty()) continue;
      std::vector<Endpoint> local;
      if (auto found = endpoints.find({serviceKey, portName}); found != endpoints.end()) {
        for (const auto& [endpoint, endpointNode] : found->second) {
          plan.readyEndpoints.push_back(endpoint);
          if (!nodeName.empty() && endpointNode == nodeName) local.push_back(endpoint);
        }
      }
      plan.affinity = affinityOf(*service);
      if (api::stringAt(*service, {"spec", "externalTrafficPolicy"}) == "Local") {
        if (auto external = externalLocalPlan(plan, std::move(local))) plans.push_back(std::move(*external));
      }
      plans.push_back(std::move(plan));
    }
  }
  std::sort(plans.begin(), plans.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return plans;
}

std::vector<ListenerPlan> planListeners(const std::vector<ServicePortPlan>& servicePorts) {
  std::vector<ListenerPlan> listeners;
  std::map<std::string, std::string> owner;  // address -> service port
  for (const auto& servicePort : servicePorts) {
    for (const auto& address : servicePort.listenAddresses) {
      auto [found, inserted] = owner.emplace(address.toString(), servicePort.name);
      if (!inserted) {
        if (found->second != servicePort.name) {
          log::warning(servicePort.name, ": ", address.kind, " ", address.toString(), " is already used by ",
                       found->second);
        }
        continue;
      }
      listeners.push_back({address, servicePort.name});
    }
  }
  return listeners;
}

}  // namespace kubelab::proxy
