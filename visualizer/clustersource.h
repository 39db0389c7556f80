#pragma once
// Where the cluster model's objects come from. The app uses informers against a real API
// server (InformerClusterSource); tests and benchmarks feed JSON by hand. A source may call
// its sink from any thread; the model takes it from there to the GUI thread.

#include <boost/json/object.hpp>

#include <functional>
#include <memory>
#include <string>

namespace kubelab::visualizer {

enum class ResourceKind { Node, Pod, ReplicaSet, Deployment, StatefulSet, DaemonSet, Job, Service, Endpoints, Event };
inline constexpr int kResourceKindCount = 10;

// The Kind as the API spells it ("ReplicaSet").
const char* resourceKindName(ResourceKind kind);

struct ObjectChange {
  ResourceKind kind = ResourceKind::Pod;
  bool deleted = false;
  std::string key;  // "<namespace>/<name>", or "<name>" for nodes
  std::shared_ptr<const boost::json::object> object;  // the new state, or the last known one when deleted
};

// An upsert or a delete of `object`, keyed as informers key it.
ObjectChange makeObjectChange(ResourceKind kind, boost::json::object object, bool deleted = false);

struct ClusterSourceSink {
  std::function<void(ObjectChange)> change;
  // Every resource has been listed once: what the view shows is the cluster, not a part of it.
  std::function<void()> synced;
};

class ClusterSource {
 public:
  virtual ~ClusterSource() = default;
  // Starts delivering; must not block on the network.
  virtual void start(ClusterSourceSink sink) = 0;
  // Stops delivering; the sink is not called after this returns.
  virtual void stop() = 0;
};

}  // namespace kubelab::visualizer
