#include "controllers/endpointsbuilder.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <tuple>

#include "api/objectmeta.h"
#include "controllers/podutil.h"

namespace kubelab::controllers::endpoints {
namespace json = boost::json;

bool shouldPodBeInEndpoints(const Object& pod, bool includeTerminating) {
  std::string phase = podPhase(pod);
  if (phase == "Succeeded" || phase == "Failed") return false;
  if (podIp(pod).empty()) return false;
  return includeTerminating || !isPodTerminating(pod);
}

std::string podIp(const Object& pod) {
  std::string ip = api::stringAt(pod, {"status", "podIP"});
  if (!ip.empty()) return ip;
  if (const json::array* ips = api::arrayAt(pod, {"status", "podIPs"})) {
    for (const json::value& entry : *ips) {
      if (const Object* object = entry.if_object()) {
        ip = api::stringAt(*object, {"ip"});
        if (!ip.empty()) return ip;
      }
    }
  }
  return {};
}

std::optional<std::int64_t> findPort(const Object& pod, const Object& servicePort) {
  const json::value* target = servicePort.if_contains("targetPort");
  if (target == nullptr || target->is_null()) return api::integerAt(servicePort, {"port"});
  if (target->is_int64()) return target->get_int64();
  if (target->is_uint64()) return static_cast<std::int64_t>(target->get_uint64());
  if (!target->is_string()) return std::nullopt;
  std::string portName(target->get_string());
  std::string protocol = api::stringAt(servicePort, {"protocol"});
  if (protocol.empty()) protocol = "TCP";
  const json::array* containers = api::arrayAt(pod, {"spec", "containers"});
  if (containers == nullptr) return std::nullopt;
  for (const json::value& containerValue : *containers) {
    const Object* container = containerValue.if_object();
    const json::array* ports = container == nullptr ? nullptr : api::arrayAt(*container, {"ports"});
    if (ports == nullptr) continue;
    for (const json::value& portValue : *ports) {
      const Object* port = portValue.if_object();
      if (port == nullptr || api::stringAt(*port, {"name"}) != portName) continue;
      std::string containerProtocol = api::stringAt(*port, {"protocol"});
      if (containerProtocol.empty()) containerProtocol = "TCP";
      if (containerProtocol == protocol) return api::integerAt(*port, {"containerPort"});
    }
  }
  return std::nullopt;
}

bool shouldSetHostname(const Object& pod, const Object& service) {
  return !api::stringAt(pod, {"spec", "hostname"}).empty() &&
         api::stringAt(pod, {"spec", "subdomain"}) == api::name(service) &&
         api::namespaceOf(pod) == api::namespaceOf(service);
}

bool isHeadless(const Object& service) { return api::stringAt(service, {"spec", "clusterIP"}) == "None"; }

bool hasManagedEndpoints(const Object& service) {
  if (api::stringAt(service, {"spec", "type"}) == "ExternalName") return false;
  const Object* selector = api::objectAt(service, {"spec", "selector"});
  return selector != nullptr && !selector->empty();
}

Object podReference(const Object& pod) {
  return Object{{"kind", "Pod"}, {"namespace", api::namespaceOf(pod)}, {"name", api::name(pod)}, {"uid", api::uid(pod)}};
}

Object endpointsLabels(const Object& service) {
  Object labels;
  if (const Object* serviceLabels = api::objectAt(service, {"metadata", "labels"})) labels = *serviceLabels;
  if (isHeadless(service)) labels[kHeadlessLabel] = "";
  return labels;
}

namespace {

// One group of RepackSubsets: the addresses that serve exactly this set of ports.
struct SubsetGroup {
  json::array ports;
  std::map<std::tuple<std::string, std::string>, Object> ready;     // (ip, uid) -> address
  std::map<std::tuple<std::string, std::string>, Object> notReady;
};

Object endpointPort(const Object& servicePort, std::int64_t number) {
  Object port;
  if (std::string name = api::stringAt(servicePort, {"name"}); !name.empty()) port["name"] = name;
  port["port"] = number;
  std::string protocol = api::stringAt(servicePort, {"protocol"});
  port["protocol"] = protocol.empty() ? "TCP" : protocol;
  if (std::string appProtocol = api::stringAt(servicePort, {"appProtocol"}); !appProtocol.empty()) {
    port["appProtocol"] = appProtocol;
  }
  return port;
}

}  // namespace

std::optional<json::array> podEndpointPorts(const Object& service, const Object& pod) {
  json::array result;
  const json::array* servicePorts = api::arrayAt(service, {"spec", "ports"});
  if (servicePorts == nullptr || servicePorts->empty()) {
    // Only a headless Service may have no ports; its pods are then listed without any.
    if (isHeadless(service)) return result;
    return std::nullopt;
  }
  for (const json::value& value : *servicePorts) {
    const Object* servicePort = value.if_object();
    if (servicePort == nullptr) continue;
    if (std::optional<std::int64_t> number = findPort(pod, *servicePort)) {
      result.push_back(endpointPort(*servicePort, *number));
    }
  }
  if (result.empty()) return std::nullopt;
  std::sort(result.begin(), result.end(), [](const json::value& left, const json::value& right) {
    return json::serialize(left) < json::serialize(right);
  });
  return result;
}

namespace {

json::array addressArray(const std::map<std::tuple<std::string, std::string>, Object>& addresses) {
  json::array result;
  for (const auto& [key, address] : addresses) result.push_back(address);
  return result;
}

}  // namespace

json::array endpointsSubsets(const Object& service, const std::vector<const Object*>& pods) {
  bool publishNotReady = api::booleanAt(service, {"spec", "publishNotReadyAddresses"});
  std::map<std::string, SubsetGroup> groups;  // by the serialized port list
  for (const Object* pod : pods) {
    if (!shouldPodBeInEndpoints(*pod, publishNotReady)) continue;
    std::optional<json::array> ports = podEndpointPorts(service, *pod);
    if (!ports) continue;
    Object address{{"ip", podIp(*pod)}};
    if (shouldSetHostname(*pod, service)) address["hostname"] = api::stringAt(*pod, {"spec", "hostname"});
    if (std::string node = api::stringAt(*pod, {"spec", "nodeName"}); !node.empty()) address["nodeName"] = node;
    address["targetRef"] = podReference(*pod);
    SubsetGroup& group = groups[json::serialize(*ports)];
    group.ports = *ports;
    auto key = std::make_tuple(podIp(*pod), api::uid(*pod));
    if (publishNotReady || isPodReady(*pod)) {
      group.notReady.erase(key);  // an address both ready and not ready is ready
      group.ready[key] = std::move(address);
    } else if (!group.ready.contains(key)) {
      group.notReady[key] = std::move(address);
    }
  }
  json::array subsets;
  for (auto& [portsKey, group] : groups) {
    Object subset;
    if (!group.ready.empty()) subset["addresses"] = addressArray(group.ready);
    if (!group.notReady.empty()) subset["notReadyAddresses"] = addressArray(group.notReady);
    if (!group.ports.empty()) subset["ports"] = group.ports;
    subsets.push_back(std::move(subset));
  }
  return subsets;
}

bool truncateSubsets(json::array& subsets, std::size_t maximum) {
  std::size_t total = 0;
  for (const json::value& subset : subsets) {
    for (const char* field : {"addresses", "notReadyAddresses"}) {
      if (const json::array* addresses = api::arrayAt(subset.as_object(), {field})) total += addresses->size();
    }
  }
  if (total <= maximum) return false;
  std::size_t budget = maximum;
  for (const char* field : {"addresses", "notReadyAddresses"}) {
    for (json::value& subset : subsets) {
      json::value* addresses = subset.as_object().if_contains(field);
      if (addresses == nullptr || !addresses->is_array()) continue;
      json::array& list = addresses->as_array();
      if (list.size() > budget) list.resize(budget);
      budget -= list.size();
      if (list.empty()) subset.as_object().erase(field);
    }
  }
  // A subset left with no address at all says nothing.
  json::array kept;
  for (json::value& subset : subsets) {
    if (subset.as_object().contains("addresses") || subset.as_object().contains("notReadyAddresses")) {
      kept.push_back(std::move(subset));
    }
  }
  subsets = std::move(kept);
  return true;
}

}  // namespace kubelab::controllers::endpoints
