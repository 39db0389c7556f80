#include "runtime/serviceenvironment.h"

#include <algorithm>
#include <cctype>

#include "api/objectmeta.h"

namespace kubelab::runtime {

namespace {

// "redis-master" → "REDIS_MASTER".
std::string variableName(const std::string& name) {
  std::string result = name;
  for (char& character : result) {
    character = character == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(character)));
  }
  return result;
}

std::string lowercase(std::string text) {
  for (char& character : text) character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
  return text;
}

bool hasClusterIp(const boost::json::object& service) {
  std::string clusterIp = api::stringAt(service, {"spec", "clusterIP"});
  return !clusterIp.empty() && clusterIp != "None";
}

}  // namespace

Environment serviceEnvironment(const std::vector<boost::json::object>& services) {
  Environment environment;
  for (const auto& service : services) {
    if (!hasClusterIp(service)) continue;
    const auto* ports = api::arrayAt(service, {"spec", "ports"});
    if (!ports || ports->empty()) continue;
    std::string name = variableName(api::name(service));
    std::string host = api::stringAt(service, {"spec", "clusterIP"});
    // IPv6 addresses go in brackets in a URL.
    std::string urlHost = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    bool first = true;
    for (const auto& entry : *ports) {
      if (!entry.is_object()) continue;
      const auto& port = entry.get_object();
      std::string number = std::to_string(api::integerAt(port, {"port"}));
      std::string protocol = api::stringAt(port, {"protocol"});
      if (protocol.empty()) protocol = "TCP";
      std::string url = lowercase(protocol) + "://" + urlHost + ":" + number;
      if (first) {
        environment.emplace_back(name + "_SERVICE_HOST", host);
        environment.emplace_back(name + "_SERVICE_PORT", number);
        environment.emplace_back(name + "_PORT", url);
        first = false;
      }
      if (std::string portName = api::stringAt(port, {"name"}); !portName.empty()) {
        environment.emplace_back(name + "_SERVICE_PORT_" + variableName(portName), number);
      }
      std::string prefix = name + "_PORT_" + number + "_" + protocol;
      environment.emplace_back(prefix, url);
      environment.emplace_back(prefix + "_PROTO", lowercase(protocol));
      environment.emplace_back(prefix + "_PORT", number);
      environment.emplace_back(prefix + "_ADDR", host);
    }
  }
  std::sort(environment.begin(), environment.end());
  return environment;
}

std::vector<boost::json::object> servicesForPod(const boost::json::object& pod,
                                                const std::vector<boost::json::object>& allServices) {
  std::string podNamespace = api::namespaceOf(pod);
  bool serviceLinks = api::booleanAt(pod, {"spec", "enableServiceLinks"}, true);
  std::vector<boost::json::object> chosen;
  bool ownKubernetes = false;
  for (const auto& service : allServices) {
    if (api::namespaceOf(service) == podNamespace && serviceLinks) {
      chosen.push_back(service);
      ownKubernetes = ownKubernetes || api::name(service) == "kubernetes";
    }
  }
  // The API server's Service is always there; a Service of the pod's own namespace with the
  // same name takes its place.
  if (!ownKubernetes) {
    for (const auto& service : allServices) {
      if (api::namespaceOf(service) == "default" && api::name(service) == "kubernetes" &&
          !(podNamespace == "default" && serviceLinks)) {
        chosen.push_back(service);
      }
    }
  }
  return chosen;
}

boost::json::object withServiceEnvironment(const boost::json::object& pod,
                                           const std::vector<boost::json::object>& allServices) {
  Environment variables = serviceEnvironment(servicesForPod(pod, allServices));
  boost::json::object copy = pod;
  if (variables.empty()) return copy;
  auto& spec = api::ensureObject(copy, "spec");
  if (!spec.contains("containers") || !spec["containers"].is_array()) return copy;
  for (auto& container : spec["containers"].as_array()) {
    if (!container.is_object()) continue;
    boost::json::array env;
    for (const auto& [name, value] : variables) env.push_back(boost::json::object{{"name", name}, {"value", value}});
    if (const auto* own = api::arrayAt(container.as_object(), {"env"})) {
      for (const auto& entry : *own) env.push_back(entry);
    }
    container.as_object()["env"] = std::move(env);
  }
  return copy;
}

}  // namespace kubelab::runtime
