// Rows of the core networking and configuration kinds: services and their endpoints, nodes,
// namespaces, config maps, secrets, service accounts, leases and role bindings.

#include <boost/json/object.hpp>

#include <set>
#include <string>
#include <vector>

#include "apiserver/tablerows.h"

namespace kubelab::apiserver {

namespace {

using boost::json::object;
using boost::json::value;

constexpr std::size_t kListedAddresses = 3;  // lists longer than this end in "+ N more..."

std::string nameOf(const object& item) { return text(at(item, {"metadata", "name"})); }
std::string ageOf(const object& item, TablePoint now) { return ageSince(at(item, {"metadata", "creationTimestamp"}), now); }

const boost::json::array& listAt(const value* list) {
  static const boost::json::array empty;
  return list != nullptr && list->is_array() ? list->get_array() : empty;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : std::string(separator)) + part;
  return out;
}

std::vector<std::string> strings(const value* list) {
  std::vector<std::string> out;
  for (const value& item : listAt(list)) out.push_back(text(&item));
  return out;
}

std::string listWithMore(const std::vector<std::string>& listed, std::size_t total, std::string_view whenEmpty) {
  std::string joined = join(listed, ",");
  if (total > listed.size()) return joined + " + " + std::to_string(total - listed.size()) + " more...";
  return joined.empty() ? std::string(whenEmpty) : joined;
}

std::string hostPort(const std::string& host, std::int64_t port) {
  std::string address = host.find(':') == std::string::npos ? host : "[" + host + "]";
  return address + ":" + std::to_string(port);
}

// The EXTERNAL-IP cell. The server prints the wide form, so long load balancer lists are not cut.
std::string serviceExternalIP(const object& service) {
  std::string type = text(at(service, {"spec", "type"}));
  std::vector<std::string> externalIPs = strings(at(service, {"spec", "externalIPs"}));
  if (type == "ClusterIP" || type == "NodePort") return externalIPs.empty() ? "<none>" : join(externalIPs, ",");
  if (type == "ExternalName") return text(at(service, {"spec", "externalName"}));
  if (type != "LoadBalancer") return "<unknown>";
  std::set<std::string> ingress;
  for (const value& point : listAt(at(service, {"status", "loadBalancer", "ingress"}))) {
    std::string ip = text(at(&point, {"ip"}));
    std::string hostname = text(at(&point, {"hostname"}));
    if (!ip.empty()) {
      ingress.insert(ip);
    } else if (!hostname.empty()) {
      ingress.insert(hostname);
    }
  }
  std::vector<std::string> addresses(ingress.begin(), ingress.end());
  addresses.insert(addresses.end(), externalIPs.begin(), externalIPs.end());
  return addresses.empty() ? "<pending>" : join(addresses, ",");
}

// "80/TCP,443:30443/TCP"
std::string servicePorts(const object& service) {
  std::vector<std::string> pieces;
  for (const value& port : listAt(at(service, {"spec", "ports"}))) {
    std::string protocol = text(at(&port, {"protocol"}));
    if (protocol.empty()) protocol = "TCP";
    std::string piece = std::to_string(integer(at(&port, {"port"})));
    std::int64_t nodePort = integer(at(&port, {"nodePort"}));
    if (nodePort > 0) piece += ":" + std::to_string(nodePort);
    pieces.push_back(piece + "/" + protocol);
  }
  return pieces.empty() ? "<none>" : join(pieces, ",");
}

std::string endpointsCell(const object& endpoints) {
  const boost::json::array& subsets = listAt(at(endpoints, {"subsets"}));
  if (subsets.empty()) return "<none>";
  std::vector<std::string> listed;
  std::size_t total = 0;
  for (const value& subset : subsets) {
    const boost::json::array& addresses = listAt(at(&subset, {"addresses"}));
    const boost::json::array& ports = listAt(at(&subset, {"ports"}));
    if (ports.empty()) {
      // Headless services may have no ports.
      total += addresses.size();
      for (const value& address : addresses) {
        if (listed.size() == kListedAddresses) break;
        listed.push_back(text(at(&address, {"ip"})));
      }
      continue;
    }
    for (const value& port : ports) {
      total += addresses.size();
      for (const value& address : addresses) {
        if (listed.size() == kListedAddresses) break;
        listed.push_back(hostPort(text(at(&address, {"ip"})), integer(at(&port, {"port"}))));
      }
    }
  }
  return listWithMore(listed, total, "");
}

std::vector<std::string> nodeRoles(const object& node) {
  constexpr std::string_view rolePrefix = "node-role.kubernetes.io/";
  std::set<std::string> roles;
  const value* labels = at(node, {"metadata", "labels"});
  if (labels != nullptr && labels->is_object()) {
    for (const auto& entry : labels->get_object()) {
      std::string_view key = entry.key();
      if (key.substr(0, rolePrefix.size()) == rolePrefix && key.size() > rolePrefix.size()) {
        roles.insert(std::string(key.substr(rolePrefix.size())));
      } else if (key == "kubernetes.io/role" && !text(&entry.value()).empty()) {
        roles.insert(text(&entry.value()));
      }
    }
  }
  return {roles.begin(), roles.end()};
}

// Only the Ready condition shows, then SchedulingDisabled for a cordoned node.
std::string nodeStatus(const object& node) {
  std::vector<std::string> status;
  for (const value& condition : listAt(at(node, {"status", "conditions"}))) {
    if (text(at(&condition, {"type"})) != "Ready") continue;
    status = {text(at(&condition, {"status"})) == "True" ? "Ready" : "NotReady"};
  }
  if (status.empty()) status.push_back("Unknown");
  const value* unschedulable = at(node, {"spec", "unschedulable"});
  if (unschedulable != nullptr && unschedulable->is_bool() && unschedulable->get_bool()) status.push_back("SchedulingDisabled");
  return join(status, ",");
}

std::string nodeAddress(const object& node, std::string_view type) {
  for (const value& address : listAt(at(node, {"status", "addresses"}))) {
    if (text(at(&address, {"type"})) == type) return text(at(&address, {"address"}));
  }
  return "<none>";
}

std::string unknownIfEmpty(std::string text) { return text.empty() ? "<unknown>" : text; }

}  // namespace

TableRowCells serviceRow(const object& service, TablePoint now) {
  std::vector<std::string> clusterIPs = strings(at(service, {"spec", "clusterIPs"}));
  if (clusterIPs.empty() && !text(at(service, {"spec", "clusterIP"})).empty()) {
    clusterIPs.push_back(text(at(service, {"spec", "clusterIP"})));
  }
  TableRowCells row;
  row.cells = {nameOf(service),
               text(at(service, {"spec", "type"})),
               clusterIPs.empty() ? "<none>" : clusterIPs.front(),
               serviceExternalIP(service),
               servicePorts(service),
               ageOf(service, now),
               formatLabels(at(service, {"spec", "selector"}))};
  return row;
}

TableRowCells endpointsRow(const object& endpoints, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(endpoints), endpointsCell(endpoints), ageOf(endpoints, now)};
  return row;
}

TableRowCells endpointSliceRow(const object& slice, TablePoint now) {
  std::vector<std::string> ports;
  std::size_t portCount = 0;
  for (const value& port : listAt(at(slice, {"ports"}))) {
    ++portCount;
    if (ports.size() == kListedAddresses) continue;
    const value* number = at(&port, {"port"});
    const value* name = at(&port, {"name"});
    if (number != nullptr && !number->is_null()) {
      ports.push_back(std::to_string(integer(number)));
    } else if (name != nullptr && name->is_string()) {
      ports.push_back(text(name));
    } else {
      ports.push_back("*");
    }
  }
  std::vector<std::string> addresses;
  std::size_t addressCount = 0;
  for (const value& endpoint : listAt(at(slice, {"endpoints"}))) {
    for (const value& address : listAt(at(&endpoint, {"addresses"}))) {
      ++addressCount;
      if (addresses.size() < kListedAddresses) addresses.push_back(text(&address));
    }
  }
  TableRowCells row;
  row.cells = {nameOf(slice), text(at(slice, {"addressType"})), listWithMore(ports, portCount, "<unset>"),
               listWithMore(addresses, addressCount, "<unset>"), ageOf(slice, now)};
  return row;
}

TableRowCells nodeRow(const object& node, TablePoint now) {
  std::vector<std::string> roles = nodeRoles(node);
  TableRowCells row;
  row.cells = {nameOf(node),
               nodeStatus(node),
               roles.empty() ? "<none>" : join(roles, ","),
               ageOf(node, now),
               text(at(node, {"status", "nodeInfo", "kubeletVersion"})),
               nodeAddress(node, "InternalIP"),
               nodeAddress(node, "ExternalIP"),
               unknownIfEmpty(text(at(node, {"status", "nodeInfo", "osImage"}))),
               unknownIfEmpty(text(at(node, {"status", "nodeInfo", "kernelVersion"}))),
               unknownIfEmpty(text(at(node, {"status", "nodeInfo", "containerRuntimeVersion"})))};
  return row;
}

TableRowCells namespaceRow(const object& space, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(space), text(at(space, {"status", "phase"})), ageOf(space, now)};
  return row;
}

TableRowCells configMapRow(const object& configMap, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(configMap), countOf(at(configMap, {"data"})) + countOf(at(configMap, {"binaryData"})),
               ageOf(configMap, now)};
  return row;
}

TableRowCells secretRow(const object& secret, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(secret), text(at(secret, {"type"})), countOf(at(secret, {"data"})), ageOf(secret, now)};
  return row;
}

TableRowCells serviceAccountRow(const object& account, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(account), countOf(at(account, {"secrets"})), ageOf(account, now)};
  return row;
}

TableRowCells leaseRow(const object& lease, TablePoint now) {
  TableRowCells row;
  row.cells = {nameOf(lease), text(at(lease, {"spec", "holderIdentity"})), ageOf(lease, now)};
  return row;
}

TableRowCells roleBindingRow(const object& binding, TablePoint now) {
  std::vector<std::string> users;
  std::vector<std::string> groups;
  std::vector<std::string> serviceAccounts;
  for (const value& subject : listAt(at(binding, {"subjects"}))) {
    std::string kind = text(at(&subject, {"kind"}));
    if (kind == "ServiceAccount") {
      serviceAccounts.push_back(text(at(&subject, {"namespace"})) + "/" + text(at(&subject, {"name"})));
    } else if (kind == "User") {
      users.push_back(text(at(&subject, {"name"})));
    } else if (kind == "Group") {
      groups.push_back(text(at(&subject, {"name"})));
    }
  }
  TableRowCells row;
  row.cells = {nameOf(binding),
               text(at(binding, {"roleRef", "kind"})) + "/" + text(at(binding, {"roleRef", "name"})),
               ageOf(binding, now),
               join(users, ", "),
               join(groups, ", "),
               join(serviceAccounts, ", ")};
  return row;
}

}  // namespace kubelab::apiserver
