#include "clustersource.h"

#include <utility>

#include "client/objectkey.h"

namespace kubelab::visualizer {

const char* resourceKindName(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::Node: return "Node";
    case ResourceKind::Pod: return "Pod";
    case ResourceKind::ReplicaSet: return "ReplicaSet";
    case ResourceKind::Deployment: return "Deployment";
    case ResourceKind::StatefulSet: return "StatefulSet";
    case ResourceKind::DaemonSet: return "DaemonSet";
    case ResourceKind::Job: return "Job";
    case ResourceKind::Service: return "Service";
    case ResourceKind::Endpoints: return "Endpoints";
    case ResourceKind::Event: return "Event";
  }
  return "";
}

ObjectChange makeObjectChange(ResourceKind kind, boost::json::object object, bool deleted) {
  std::string key = client::objectKey(object);
  return ObjectChange{kind, deleted, std::move(key), std::make_shared<const boost::json::object>(std::move(object))};
}

}  // namespace kubelab::visualizer
