#pragma once
// Objects the workload controller tests start from: ReplicaSets, ReplicationControllers,
// Deployments and pods as the API server would have stored them.

#include <boost/json.hpp>

#include <string>

namespace kubelab::testing::workloads {

inline boost::json::object podTemplate(const std::string& image = "nginx:1.25") {
  return boost::json::object{
      {"metadata", {{"labels", {{"app", "web"}}}}},
      {"spec", {{"containers", boost::json::array{boost::json::object{{"name", "web"}, {"image", image}}}}}}};
}

inline boost::json::object replicaSet(const std::string& name, std::int64_t replicas,
                                      const std::string& image = "nginx:1.25") {
  return boost::json::object{
      {"apiVersion", "apps/v1"},
      {"kind", "ReplicaSet"},
      {"metadata",
       {{"name", name}, {"namespace", "default"}, {"uid", "uid-" + name}, {"generation", 1}, {"resourceVersion", "10"},
        {"creationTimestamp", "2026-01-01T00:00:00Z"}}},
      {"spec",
       {{"replicas", replicas},
        {"selector", {{"matchLabels", {{"app", "web"}}}}},
        {"template", podTemplate(image)}}},
      {"status", {{"replicas", 0}}}};
}

inline boost::json::object replicationController(const std::string& name, std::int64_t replicas) {
  return boost::json::object{
      {"apiVersion", "v1"},
      {"kind", "ReplicationController"},
      {"metadata",
       {{"name", name}, {"namespace", "default"}, {"uid", "uid-" + name}, {"generation", 1}, {"resourceVersion", "10"}}},
      {"spec", {{"replicas", replicas}, {"selector", {{"app", "web"}}}, {"template", podTemplate()}}},
      {"status", {{"replicas", 0}}}};
}

// A pod with the app=web label, owned (controller: true) by `ownerKind`/`ownerName` unless
// `ownerName` is empty. `phase` "" leaves the status empty (a pod just created).
inline boost::json::object pod(const std::string& name, const std::string& ownerName,
                               const std::string& ownerKind = "ReplicaSet", const std::string& phase = "Running",
                               bool ready = true, const std::string& nodeName = "node-1") {
  boost::json::object metadata{{"name", name},
                               {"namespace", "default"},
                               {"uid", "uid-" + name},
                               {"resourceVersion", "20"},
                               {"labels", {{"app", "web"}}},
                               {"creationTimestamp", "2026-01-01T00:00:00Z"}};
  if (!ownerName.empty()) {
    metadata["ownerReferences"] = boost::json::array{boost::json::object{
        {"apiVersion", ownerKind == "ReplicationController" ? "v1" : "apps/v1"},
        {"kind", ownerKind},
        {"name", ownerName},
        {"uid", "uid-" + ownerName},
        {"controller", true},
        {"blockOwnerDeletion", true}}};
  }
  boost::json::object spec{{"containers", boost::json::array{boost::json::object{{"name", "web"}, {"image", "nginx"}}}}};
  if (!nodeName.empty()) spec["nodeName"] = nodeName;
  boost::json::object status;
  if (!phase.empty()) status["phase"] = phase;
  if (ready) {
    status["conditions"] = boost::json::array{boost::json::object{
        {"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", "2026-01-01T00:00:10Z"}}};
  }
  return boost::json::object{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", metadata}, {"spec", spec},
                             {"status", status}};
}

}  // namespace kubelab::testing::workloads
