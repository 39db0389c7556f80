#include "clusterobjects.h"

#include <boost/json/parse.hpp>

namespace kubelab::visualizer::testing {

boost::json::object makeNode(const std::string& name, bool ready, const std::string& pool) {
  boost::json::object node = boost::json::parse(R"({
    "apiVersion": "v1", "kind": "Node",
    "metadata": {"labels": {}},
    "status": {"capacity": {"cpu": "4", "memory": "8Gi", "pods": "110"}, "conditions": []}
  })").as_object();
  node["metadata"].as_object()["name"] = name;
  node["metadata"].as_object()["uid"] = "uid-" + name;
  node["metadata"].as_object()["labels"].as_object()["kubelab.io/nodepool"] = pool;
  boost::json::object condition{{"type", "Ready"}, {"status", ready ? "True" : "Unknown"}};
  node["status"].as_object()["conditions"].as_array().push_back(condition);
  return node;
}

boost::json::object makePod(const std::string& name, const std::string& node, const std::string& phase, bool ready,
                            const std::string& owner, const std::string& created) {
  boost::json::object pod = boost::json::parse(R"({
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {"namespace": "default"},
    "spec": {"containers": [{"name": "web", "image": "nginx"}]},
    "status": {"conditions": [], "containerStatuses": [{"name": "web", "ready": false, "restartCount": 0}]}
  })").as_object();
  auto& metadata = pod["metadata"].as_object();
  metadata["name"] = name;
  metadata["uid"] = "uid-" + name;
  metadata["creationTimestamp"] = created;
  if (!owner.empty()) {
    boost::json::object reference{{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"name", owner},
                                  {"uid", "uid-" + owner},   {"controller", true}};
    metadata["ownerReferences"] = boost::json::array{reference};
  }
  if (!node.empty()) pod["spec"].as_object()["nodeName"] = node;
  auto& status = pod["status"].as_object();
  status["phase"] = phase;
  status["conditions"].as_array().push_back(boost::json::object{{"type", "Ready"}, {"status", ready ? "True" : "False"}});
  status["containerStatuses"].as_array()[0].as_object()["ready"] = ready;
  return pod;
}

}  // namespace kubelab::visualizer::testing
