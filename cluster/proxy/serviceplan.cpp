#include "proxy/serviceplan.h"

#include <algorithm>
#include <map>
#include <set>

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
using EndpointsByPort = std::map<std::pair<std::string, std::string>, std::set<Endpoint>>;

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
        into.insert(Endpoint{std::string(addresses->front().get_string()), number});
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

}  // namespace

std::vector<ServicePortPlan> planServicePorts(const std::vector<const boost::json::object*>& services,
                                              const std::vector<const boost::json::object*>& endpointSlices,
                                              const std::string& nodeIp) {
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
      if (auto found = endpoints.find({serviceKey, portName}); found != endpoints.end()) {
        plan.readyEndpoints.assign(found->second.begin(), found->second.end());
      }
      plan.affinity = affinityOf(*service);
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
