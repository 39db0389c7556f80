#pragma once
// Node lifecycle (Kubernetes' pkg/controller/nodelifecycle and tainteviction): a node whose
// kubelet stopped heartbeating (its Lease in kube-node-lease and its Ready condition unchanged
// for nodeMonitorGracePeriod) gets its conditions set to Unknown and its pods marked not ready;
// the not-ready/unreachable taints follow the Ready condition; pods that do not tolerate a
// node's NoExecute taints are deleted, those that tolerate them for tolerationSeconds once that
// time has passed.
//
// Heartbeats are judged by when this controller saw them change, not by the timestamps they
// carry, so clock skew between kubelet and controller does not matter (as upstream does).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "client/eventrecorder.h"
#include "client/lister.h"
#include "client/periodictask.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"
#include "controllers/nodelifecycletaints.h"

namespace kubelab::controllers {

inline constexpr const char* kNodeLeaseNamespace = "kube-node-lease";

class NodeLifecycleController final : public Controller {
 public:
  using Clock = std::chrono::steady_clock;

  explicit NodeLifecycleController(ControllerContext& context);
  ~NodeLifecycleController() override;

  std::string name() const override { return "nodelifecycle"; }
  void start() override;
  void stop() override;

  // One pass of the health monitor over every node (what the monitor thread runs each
  // nodeMonitorPeriod); `now` is injectable for tests.
  void monitorNodeHealth(Clock::time_point now);
  // The one sync function for a node's key: its taints, then the eviction of its pods.
  Status syncNode(const std::string& key);
  client::ReconcileLoop& loop() { return loop_; }

 private:
  struct NodeHealth {
    std::string readyHeartbeat;  // the Ready condition's lastHeartbeatTime last seen
    std::string leaseRenewTime;  // the Lease's spec.renewTime last seen
    Clock::time_point probeTime;  // when either last changed
    std::string readyStatus;      // the Ready status last seen
  };

  Status markNodeUnknown(const boost::json::object& node);
  // How NoExecute tainting goes for this node, from the Ready statuses of every cached node.
  nodelifecycle::NoExecuteTainting noExecuteTainting(const boost::json::object& node) const;
  void markPodsNotReady(const boost::json::object& node);
  Status evictPods(const boost::json::object& node);

  client::ApiInterface& api_;
  client::Lister nodes_;
  client::Lister leases_;
  client::Lister pods_;
  ControllerTimings timings_;
  std::unique_ptr<client::EventRecorder> recorder_;
  std::unique_ptr<client::EventRecorder> evictionRecorder_;
  int workers_;
  std::atomic<bool> masterDisruption_{false};  // logged on entry and exit only
  std::mutex healthMutex_;
  std::map<std::string, NodeHealth> health_;
  client::ReconcileLoop loop_;
  // The health monitor's pass over every node, each nodeMonitorPeriod; after loop_, so it stops first.
  client::PeriodicTask monitor_;
};

std::unique_ptr<Controller> newNodeLifecycleController(ControllerContext& context);

}  // namespace kubelab::controllers
