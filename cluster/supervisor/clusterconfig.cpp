#include "supervisor/clusterconfig.h"

#include <boost/json.hpp>

#include "supervisor/jsonfile.h"

namespace kubelab::supervisor {

namespace json = boost::json;

namespace {

constexpr std::string_view kKind = "KubelabCluster";
constexpr std::int64_t kVersion = 1;

Result<NodePoolConfig> parsePool(const json::value& value) {
  const json::object* object = value.if_object();
  const json::value* name = object ? object->if_contains("name") : nullptr;
  if (name == nullptr || !name->is_string()) return invalid("has a node pool without a name");
  NodePoolConfig pool{std::string(name->as_string()), {}, {}};
  if (const json::value* labels = object->if_contains("labels"); labels && labels->is_object()) {
    for (const auto& [key, label] : labels->as_object()) {
      if (!label.is_string()) return invalid("node pool \"" + pool.name + "\" has a label that is not a string");
      pool.labels[std::string(key)] = std::string(label.as_string());
    }
  }
  if (const json::value* taints = object->if_contains("taints"); taints && taints->is_array()) {
    for (const json::value& taint : taints->as_array()) {
      if (!taint.is_string()) return invalid("node pool \"" + pool.name + "\" has a taint that is not a string");
      pool.taints.emplace_back(taint.as_string());
    }
  }
  return pool;
}

// "nodeList" and "pools", when the file has them; otherwise `nodes` stands for a default pool.
Status parseNodesAndPools(const json::object& object, ClusterConfig& config) {
  if (const json::value* pools = object.if_contains("pools"); pools && pools->is_array()) {
    for (const json::value& entry : pools->as_array()) {
      Result<NodePoolConfig> pool = parsePool(entry);
      if (!pool) return pool.status();
      config.pools.push_back(std::move(pool).value());
    }
  }
  if (const json::value* nodes = object.if_contains("nodeList"); nodes && nodes->is_array()) {
    for (const json::value& entry : nodes->as_array()) {
      const json::object* node = entry.if_object();
      const json::value* index = node ? node->if_contains("index") : nullptr;
      const json::value* pool = node ? node->if_contains("pool") : nullptr;
      if (index == nullptr || !index->is_int64() || index->as_int64() < 1 || index->as_int64() > kMaxNodeIndex ||
          pool == nullptr || !pool->is_string()) {
        return invalid("has a node without an index from 1 to " + std::to_string(kMaxNodeIndex) + " or a pool");
      }
      config.nodeList.push_back(NodeConfig{static_cast<int>(index->as_int64()), std::string(pool->as_string())});
    }
  }
  normalizeNodes(config);
  return Status::ok();
}

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
  KUBELAB_RETURN_IF_ERROR(parseNodesAndPools(*object, config));
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

Status saveClusterConfig(const std::filesystem::path& file, const ClusterConfig& given) {
  ClusterConfig config = given;
  normalizeNodes(config);
  json::array nodeList;
  for (const NodeConfig& node : config.nodeList) nodeList.push_back(json::object{{"index", node.index}, {"pool", node.pool}});
  json::array pools;
  for (const NodePoolConfig& pool : config.pools) {
    json::object labels;
    for (const auto& [key, label] : pool.labels) labels[key] = label;
    json::array taints;
    for (const std::string& taint : pool.taints) taints.emplace_back(taint);
    pools.push_back(json::object{{"name", pool.name}, {"labels", std::move(labels)}, {"taints", std::move(taints)}});
  }
  json::object ports;
  for (const auto& [role, port] : config.ports) ports[role] = port;
  json::object object;
  object["kind"] = kKind;
  object["version"] = kVersion;
  object["name"] = config.name;
  object["nodes"] = config.nodes;
  object["runtime"] = config.runtime;
  object["ports"] = std::move(ports);
  object["nodeList"] = std::move(nodeList);
  object["pools"] = std::move(pools);
  return writeJsonFileAtomically(file, object);
}

}  // namespace kubelab::supervisor
