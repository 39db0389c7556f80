// Validation of Services: ports, types, cluster IPs, node ports, and what may change on update.
#include <algorithm>
#include <set>

#include "api/validationinternal.h"

namespace kubelab::api::detail {
namespace json = boost::json;
namespace {

const std::vector<std::string> kProtocols{"SCTP", "TCP", "UDP"};
const std::vector<std::string> kServiceTypes{"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"};

bool isIPv4(std::string_view text) {
  int parts = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    std::string_view part = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), ::isdigit) || std::stoi(std::string(part)) > 255) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

bool isIPv6(std::string_view text) {
  return text.find(':') != std::string_view::npos &&
         std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; });
}

// Go's %#v of the (protocol, port) key Kubernetes reports duplicates with.
std::string renderServicePortKey(const std::string& protocol, std::int64_t port) {
  return "core.ServicePort{Name:\"\", Protocol:" + renderString(protocol) +
         ", AppProtocol:(*string)(nil), Port:" + renderInteger(port) +
         ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}";
}

void validateTargetPort(const json::value* target, const std::string& path, FieldErrors& errors) {
  if (target == nullptr || target->is_null()) return;
  if (target->is_string()) {
    std::string name(target->get_string());
    addInvalid(errors, path, renderString(name), isValidPortName(name));
  } else if (target->is_number()) {
    std::int64_t number = target->to_number<std::int64_t>();
    addInvalid(errors, path, renderInteger(number), isValidPortNumber(number));
  }
}

void validateServicePort(const Object& port, const std::string& path, bool requireName, std::set<std::string>& names,
                         FieldErrors& errors) {
  std::string portName = stringAt(port, {"name"});
  if (requireName && portName.empty()) {
    errors.push_back(requiredError(childPath(path, "name")));
  } else if (!portName.empty()) {
    addInvalid(errors, childPath(path, "name"), renderString(portName), isDNS1123Label(portName));
    if (!names.insert(portName).second) errors.push_back(duplicateError(childPath(path, "name"), renderString(portName)));
  }
  std::int64_t number = integerAt(port, {"port"}, 0);
  addInvalid(errors, childPath(path, "port"), renderInteger(number), isValidPortNumber(number));
  std::string protocol = stringAt(port, {"protocol"});
  if (protocol.empty()) {
    errors.push_back(requiredError(childPath(path, "protocol")));
  } else if (std::find(kProtocols.begin(), kProtocols.end(), protocol) == kProtocols.end()) {
    errors.push_back(notSupportedError(childPath(path, "protocol"), renderString(protocol), kProtocols));
  }
  validateTargetPort(port.if_contains("targetPort"), childPath(path, "targetPort"), errors);
}

std::vector<std::string> clusterIPs(const Object& service) {
  std::vector<std::string> ips = stringList(valueAt(service, {"spec", "clusterIPs"}));
  std::string primary = stringAt(service, {"spec", "clusterIP"});
  if (ips.empty() && !primary.empty()) ips.push_back(primary);
  return ips;
}

void validatePorts(const Object& spec, const std::string& type, FieldErrors& errors) {
  const json::array* ports = arrayAt(spec, {"ports"});
  if (ports == nullptr) return;
  std::set<std::string> names;
  std::set<std::pair<std::string, std::int64_t>> seenPorts;
  std::set<std::pair<std::string, std::int64_t>> seenNodePorts;
  for (std::size_t i = 0; i < ports->size(); ++i) {
    const Object* port = (*ports)[i].if_object();
    if (port == nullptr) continue;
    std::string path = indexPath("spec.ports", i);
    validateServicePort(*port, path, ports->size() > 1, names, errors);
    std::string protocol = stringAt(*port, {"protocol"});
    std::int64_t nodePort = integerAt(*port, {"nodePort"}, 0);
    if (nodePort != 0 && type == "ClusterIP") {
      errors.push_back(forbiddenError(childPath(path, "nodePort"), "may not be used when `type` is 'ClusterIP'"));
    } else if (nodePort != 0 && (nodePort < 30000 || nodePort > 32767)) {
      // Reported by the node-port allocator in Kubernetes, with this text.
      errors.push_back(invalidError(childPath(path, "nodePort"), renderInteger(nodePort),
                                    "provided port is not in the valid range. The range of valid ports is 30000-32767"));
    }
    if (nodePort != 0 && !seenNodePorts.insert({protocol, nodePort}).second) {
      errors.push_back(duplicateError(childPath(path, "nodePort"), renderInteger(nodePort)));
    }
    std::int64_t number = integerAt(*port, {"port"}, 0);
    if (!seenPorts.insert({protocol, number}).second) errors.push_back(duplicateError(path, renderServicePortKey(protocol, number)));
  }
}

void validateClusterIPs(const Object& service, const std::string& type, FieldErrors& errors) {
  std::vector<std::string> ips = clusterIPs(service);
  if (type == "ExternalName") {
    if (!ips.empty()) errors.push_back(forbiddenError("spec.clusterIPs", "may not be set for ExternalName services"));
    return;
  }
  for (std::size_t i = 0; i < ips.size(); ++i) {
    if (ips[i] == "None" && i == 0) continue;
    if (!isIPv4(ips[i]) && !isIPv6(ips[i])) {
      errors.push_back(invalidError(indexPath("spec.clusterIPs", i), renderString(ips[i]),
                                    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    }
  }
}

}  // namespace

void validateServiceType(const Object& service, const Object* old, FieldErrors& errors) {
  const Object* specPointer = objectAt(service, {"spec"});
  Object empty;
  const Object& spec = specPointer == nullptr ? empty : *specPointer;
  std::string type = stringAt(spec, {"type"});
  bool headless = stringAt(spec, {"clusterIP"}) == "None";
  const json::array* ports = arrayAt(spec, {"ports"});
  if ((ports == nullptr || ports->empty()) && !headless && type != "ExternalName") errors.push_back(requiredError("spec.ports"));
  if (type == "ExternalName") {
    std::string externalName = stringAt(spec, {"externalName"});
    if (!externalName.empty() && externalName.back() == '.') externalName.pop_back();
    if (externalName.empty()) {
      errors.push_back(requiredError("spec.externalName"));
    } else {
      addInvalid(errors, "spec.externalName", renderString(externalName), isDNS1123Subdomain(externalName));
    }
  }
  validatePorts(spec, type, errors);
  validateLabels(spec.if_contains("selector"), "spec.selector", errors);
  std::string affinity = stringAt(spec, {"sessionAffinity"});
  if (affinity.empty()) {
    errors.push_back(requiredError("spec.sessionAffinity"));
  } else if (affinity != "ClientIP" && affinity != "None") {
    errors.push_back(notSupportedError("spec.sessionAffinity", renderString(affinity), {"ClientIP", "None"}));
  }
  if (type.empty()) {
    errors.push_back(requiredError("spec.type"));
  } else if (std::find(kServiceTypes.begin(), kServiceTypes.end(), type) == kServiceTypes.end()) {
    errors.push_back(notSupportedError("spec.type", renderString(type), kServiceTypes));
  }
  validateClusterIPs(service, type, errors);
  if (old == nullptr) return;
  // The primary cluster IP stays for the service's life, unless it becomes or stops being ExternalName.
  std::vector<std::string> ips = clusterIPs(service);
  std::vector<std::string> oldIPs = clusterIPs(*old);
  bool externalName = type == "ExternalName" || stringAt(*old, {"spec", "type"}) == "ExternalName";
  if (!externalName && !ips.empty() && !oldIPs.empty() && ips[0] != oldIPs[0]) {
    errors.push_back(invalidError("spec.clusterIPs[0]", renderStringList(ips), "may not change once set"));
  }
}

}  // namespace kubelab::api::detail
