#pragma once
// Builders for scheduler unit tests: Nodes and Pods as JSON, the way the API server returns them.

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <memory>
#include <string>

#include "scheduler/nodeinfo.h"
#include "scheduler/podinfo.h"

namespace kubelab::scheduler::testing {

namespace json = boost::json;

inline json::object makeNode(const std::string& name, const std::string& cpu = "4", const std::string& memory = "8Gi",
                             const std::string& pods = "110") {
  json::object resources{{"cpu", cpu}, {"memory", memory}, {"pods", pods}, {"ephemeral-storage", "100Gi"}};
  return json::object{
      {"apiVersion", "v1"},
      {"kind", "Node"},
      {"metadata", json::object{{"name", name}, {"resourceVersion", "1"},
                                {"labels", json::object{{"kubernetes.io/hostname", name}}}}},
      {"spec", json::object()},
      {"status", json::object{{"capacity", resources}, {"allocatable", resources}}}};
}

inline json::object makePod(const std::string& name, const std::string& cpu = "", const std::string& memory = "",
                            const std::string& ns = "default") {
  json::object requests;
  if (!cpu.empty()) requests["cpu"] = cpu;
  if (!memory.empty()) requests["memory"] = memory;
  json::object container{{"name", "app"}, {"image", "nginx"}};
  if (!requests.empty()) container["resources"] = json::object{{"requests", requests}};
  return json::object{{"apiVersion", "v1"},
                      {"kind", "Pod"},
                      {"metadata", json::object{{"name", name}, {"namespace", ns}, {"uid", "uid-" + name},
                                                {"resourceVersion", "1"}}},
                      {"spec", json::object{{"containers", json::array{container}},
                                            {"schedulerName", "default-scheduler"}}},
                      {"status", json::object{{"phase", "Pending"}}}};
}

// Merges `patch` (JSON text) into `object`, one level of nesting deep per key path.
inline void mergeInto(json::object& object, const json::object& patch) {
  for (const auto& [key, value] : patch) {
    json::value* existing = object.if_contains(key);
    if (existing != nullptr && existing->is_object() && value.is_object()) {
      mergeInto(existing->get_object(), value.get_object());
    } else {
      object[key] = value;
    }
  }
}

inline json::object with(json::object object, const std::string& patchText) {
  mergeInto(object, json::parse(patchText).get_object());
  return object;
}

inline PodInfoPointer podInfo(const json::object& pod) {
  return parsePodInfo(std::make_shared<const json::object>(pod));
}

inline std::unique_ptr<NodeInfo> nodeInfo(const json::object& node) {
  auto info = std::make_unique<NodeInfo>(std::string(node.at("metadata").at("name").as_string()));
  info->setNode(std::make_shared<const json::object>(node));
  return info;
}

// The pod as bound to `nodeName`.
inline PodInfoPointer boundPod(json::object pod, const std::string& nodeName) {
  pod["spec"].as_object()["nodeName"] = nodeName;
  return podInfo(pod);
}

}  // namespace kubelab::scheduler::testing
