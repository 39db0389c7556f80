#include "apiserver/serviceallocator.h"

#include <random>

#include "api/objectmeta.h"

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

bool holdsNodePort(const Object& service, std::int64_t nodePort) {
  const json::value* ports = api::valueAt(service, {"spec", "ports"});
  if (ports == nullptr || !ports->is_array()) return false;
  for (const json::value& port : ports->get_array()) {
    if (port.is_object() && api::integerAt(port.get_object(), {"nodePort"}, 0) == nodePort) return true;
  }
  return false;
}

constexpr auto reservationLifetime = std::chrono::seconds(30);

bool needsNodePorts(const Object& service) {
  std::string type = api::stringAt(service, {"spec", "type"});
  return type == "NodePort" || type == "LoadBalancer";
}

ApiError invalidService(const Object& service, std::string field, std::string message) {
  std::string text = "Service \"" + api::name(service) + "\" is invalid: " + field + ": " + message;
  return invalid("Service", "", api::name(service), std::move(text), {{"FieldValueInvalid", message, field}});
}

template <typename Key>
void forgetOld(std::map<Key, std::chrono::steady_clock::time_point>& reservations) {
  auto now = std::chrono::steady_clock::now();
  std::erase_if(reservations, [now](const auto& entry) { return now - entry.second > reservationLifetime; });
}

}  // namespace

std::optional<std::uint32_t> parseIpv4(const std::string& text) {
  std::uint32_t address = 0;
  int parts = 0;
  std::size_t start = 0;
  while (parts < 4) {
    std::size_t dot = text.find('.', start);
    std::string part = text.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    int value = std::stoi(part);
    if (value > 255) return std::nullopt;
    address = (address << 8) | static_cast<std::uint32_t>(value);
    ++parts;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (parts != 4 || text.find('.', start) != std::string::npos) return std::nullopt;
  return address;
}

std::string formatIpv4(std::uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 255) + "." +
         std::to_string((address >> 8) & 255) + "." + std::to_string(address & 255);
}

Result<std::unique_ptr<ServiceAllocator>> ServiceAllocator::create(ObjectStorage& storage,
                                                                   const std::string& clusterIpRange,
                                                                   int nodePortLow, int nodePortHigh) {
  auto slash = clusterIpRange.find('/');
  auto base = parseIpv4(clusterIpRange.substr(0, slash));
  int bits = slash == std::string::npos ? -1 : std::atoi(clusterIpRange.c_str() + slash + 1);
  if (!base || bits < 8 || bits > 30) {
    return Status(StatusCode::Invalid, "--service-cluster-ip-range " + clusterIpRange + " is not an IPv4 CIDR from /8 to /30");
  }
  if (nodePortLow < 1 || nodePortHigh > 65535 || nodePortLow > nodePortHigh) {
    return Status(StatusCode::Invalid, "--service-node-port-range must be LOW-HIGH within 1-65535");
  }
  std::uint32_t size = 1u << (32 - bits);
  std::uint32_t network = *base & ~(size - 1);
  return std::unique_ptr<ServiceAllocator>(new ServiceAllocator(storage, network, size, nodePortLow, nodePortHigh));
}

std::string ServiceAllocator::firstAddress() const { return formatIpv4(base_ + 1); }

std::optional<ApiError> ServiceAllocator::collectInUse(std::set<std::uint32_t>& addresses, std::set<int>& nodePorts,
                                                       const std::string& excludeUid) {
  const api::ResourceType* services = api::findResourceType("", "v1", "services");
  auto existing = storage_.list(*services, "", ListOptions{});
  if (!existing.ok()) return existing.error;
  for (const Object& service : existing.value->items) {
    if (!excludeUid.empty() && api::uid(service) == excludeUid) continue;
    if (auto address = parseIpv4(api::stringAt(service, {"spec", "clusterIP"}))) addresses.insert(*address);
    const json::value* ports = api::valueAt(service, {"spec", "ports"});
    if (ports == nullptr || !ports->is_array()) continue;
    for (const json::value& port : ports->get_array()) {
      if (port.is_object()) {
        auto nodePort = api::integerAt(port.get_object(), {"nodePort"}, 0);
        if (nodePort > 0) nodePorts.insert(static_cast<int>(nodePort));
      }
    }
  }
  forgetOld(recentAddresses_);
  forgetOld(recentNodePorts_);
  for (const auto& [address, when] : recentAddresses_) addresses.insert(address);
  for (const auto& [port, when] : recentNodePorts_) nodePorts.insert(port);
  return std::nullopt;
}

std::optional<ApiError> ServiceAllocator::allocate(Object& service, bool reserve) {
  std::lock_guard lock(mutex_);
  std::set<std::uint32_t> addresses;
  std::set<int> nodePorts;
  if (auto error = collectInUse(addresses, nodePorts, "")) return error;
  Object& spec = api::ensureObject(service, "spec");
  std::string type = api::stringAt(service, {"spec", "type"});
  std::string requested = api::stringAt(service, {"spec", "clusterIP"});
  if (type != "ExternalName" && requested != "None") {
    std::uint32_t chosen = 0;
    if (!requested.empty()) {
      auto address = parseIpv4(requested);
      if (!address || *address <= base_ || *address >= base_ + size_ - 1) {
        return invalidService(service, "spec.clusterIPs",
                              "Invalid value: []string{\"" + requested + "\"}: failed to allocate IP " + requested +
                                  ": the provided IP (" + requested + ") is not in the valid range");
      }
      if (addresses.count(*address) != 0) {
        return invalidService(service, "spec.clusterIPs",
                              "Invalid value: []string{\"" + requested + "\"}: failed to allocate IP " + requested +
                                  ": provided IP is already allocated");
      }
      chosen = *address;
    } else {
      // Random start, then the next free one: spreads addresses as Kubernetes' allocator does.
      std::uint32_t usable = size_ - 2;
      std::uint32_t start = static_cast<std::uint32_t>(std::random_device{}()) % usable;
      for (std::uint32_t i = 0; i < usable && chosen == 0; ++i) {
        std::uint32_t candidate = base_ + 1 + (start + i) % usable;
        if (candidate != base_ + 1 && addresses.count(candidate) == 0) chosen = candidate;
      }
      if (chosen == 0) return serviceUnavailable("no more ClusterIPs are available in the service range");
    }
    if (reserve) recentAddresses_[chosen] = std::chrono::steady_clock::now();
    spec["clusterIP"] = formatIpv4(chosen);
    spec["clusterIPs"] = json::array{json::string(formatIpv4(chosen))};
  } else if (requested == "None") {
    spec["clusterIPs"] = json::array{"None"};
  }
  return assignNodePorts(service, nullptr, nodePorts, reserve);
}

std::optional<ApiError> ServiceAllocator::reallocate(Object& updated, const Object& current, bool reserve) {
  std::lock_guard lock(mutex_);
  std::set<std::uint32_t> addresses;
  std::set<int> nodePorts;
  if (auto error = collectInUse(addresses, nodePorts, api::uid(current))) return error;
  Object& spec = api::ensureObject(updated, "spec");
  for (const char* field : {"clusterIP", "clusterIPs"}) {
    const json::value* kept = api::valueAt(current, {"spec", field});
    if (kept != nullptr && !spec.contains(field)) spec[field] = *kept;
  }
  return assignNodePorts(updated, &current, nodePorts, reserve);
}

std::optional<ApiError> ServiceAllocator::assignNodePorts(Object& service, const Object* current, std::set<int>& inUse,
                                                          bool reserve) {
  json::value* ports = api::ensureObject(service, "spec").if_contains("ports");
  if (ports == nullptr || !ports->is_array()) return std::nullopt;
  bool wanted = needsNodePorts(service);
  std::size_t index = 0;
  for (json::value& entry : ports->get_array()) {
    if (!entry.is_object()) continue;
    Object& port = entry.get_object();
    std::string field = "spec.ports[" + std::to_string(index++) + "].nodePort";
    if (!wanted) {
      port.erase("nodePort");
      continue;
    }
    std::int64_t requested = api::integerAt(port, {"nodePort"}, 0);
    // An update keeps the NodePort the same port had before.
    if (requested == 0 && current != nullptr) {
      const json::value* oldPorts = api::valueAt(*current, {"spec", "ports"});
      if (oldPorts != nullptr && oldPorts->is_array()) {
        for (const json::value& old : oldPorts->get_array()) {
          if (old.is_object() && api::integerAt(old.get_object(), {"port"}, -1) == api::integerAt(port, {"port"}, -2)) {
            requested = api::integerAt(old.get_object(), {"nodePort"}, 0);
          }
        }
      }
      if (requested != 0) {
        port["nodePort"] = requested;
        continue;
      }
    }
    // A port this Service already holds stays its own, even while it is still in the list of
    // recently handed-out ports (a change right after creation, such as a finalizer).
    if (requested != 0 && current != nullptr && holdsNodePort(*current, requested)) continue;
    if (requested != 0) {
      if (requested < nodePortLow_ || requested > nodePortHigh_) {
        return invalidService(service, field,
                              "Invalid value: " + std::to_string(requested) +
                                  ": provided port is not in the valid range. The range of valid ports is " +
                                  nodePortRange());
      }
      if (inUse.count(static_cast<int>(requested)) != 0) {
        return invalidService(service, field,
                              "Invalid value: " + std::to_string(requested) + ": provided port is already allocated");
      }
    } else {
      int span = nodePortHigh_ - nodePortLow_ + 1;
      int start = static_cast<int>(std::random_device{}() % static_cast<unsigned>(span));
      for (int i = 0; i < span && requested == 0; ++i) {
        int candidate = nodePortLow_ + (start + i) % span;
        if (inUse.count(candidate) == 0) requested = candidate;
      }
      if (requested == 0) return serviceUnavailable("no more NodePorts are available in " + nodePortRange());
    }
    inUse.insert(static_cast<int>(requested));
    if (reserve) recentNodePorts_[static_cast<int>(requested)] = std::chrono::steady_clock::now();
    port["nodePort"] = requested;
  }
  return std::nullopt;
}

}  // namespace kubelab::apiserver
