#include "supervisor/clusterconfig.h"

#include <boost/json.hpp>

#include "supervisor/jsonfile.h"

namespace kubelab::supervisor {

namespace json = boost::json;

namespace {

constexpr std::string_view kKind = "KubelabCluster";
constexpr std::int64_t kVersion = 1;

Result<ClusterConfig> parseClusterConfig(const json::value& value) {
  const json::object* object = value.if_object();
  if (object == nullptr) return invalid("is not a JSON object");
  const json::value* kind = object->if_contains("kind");
  if (kind == nullptr || !kind->is_string() || kind->as_string() != kKind) {
    return invalid("kind is not " + std::string(kKind));
  }
  ClusterConfig config;
  const json::value* name = object->if_contains("name");
  if (name == nullptr || !name->is_string()) return invalid("has no name");
  config.name = std::string(name->as_string());
  const json::value* nodes = object->if_contains("nodes");
  if (nodes == nullptr || !nodes->is_int64()) return invalid("has no node count");
  config.nodes = static_cast<int>(nodes->as_int64());
  if (const json::value* runtime = object->if_contains("runtime"); runtime != nullptr) {
    if (!runtime->is_string()) return invalid("has a runtime that is not a string");
    config.runtime = std::string(runtime->as_string());
  }
  if (const json::value* ports = object->if_contains("ports"); ports != nullptr && ports->is_object()) {
    for (const auto& [role, port] : ports->as_object()) {
      if (!port.is_int64() || port.as_int64() <= 0 || port.as_int64() > 65535) {
        return invalid("port \"" + std::string(role) + "\" is not a port number");
      }
      config.ports[std::string(role)] = static_cast<std::uint16_t>(port.as_int64());
    }
  }
  return config;
}

}  // namespace

Result<ClusterConfig> loadClusterConfig(const std::filesystem::path& file) {
  Result<json::value> value = readJsonFile(file);
  if (!value) return value.status();
  Result<ClusterConfig> config = parseClusterConfig(*value);
  if (!config) return invalid(file.string() + " " + config.status().message());
  return config;
}

Status saveClusterConfig(const std::filesystem::path& file, const ClusterConfig& config) {
  json::object ports;
  for (const auto& [role, port] : config.ports) ports[role] = port;
  json::object object;
  object["kind"] = kKind;
  object["version"] = kVersion;
  object["name"] = config.name;
  object["nodes"] = config.nodes;
  object["runtime"] = config.runtime;
  object["ports"] = std::move(ports);
  return writeJsonFileAtomically(file, object);
}

}  // namespace kubelab::supervisor
