#pragma once
// The DaemonSet controller (Kubernetes' pkg/controller/daemon): one pod on every node that
// should run it, created with node affinity to that node and the daemon tolerations; pods go
// away from nodes that no longer qualify or no longer exist; failed pods are replaced; the
// template rolls out node by node within maxUnavailable (or maxSurge), or OnDelete.
// ControllerRevisions keep the history. Rolling update is in daemonsetrolling.cpp.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/labelselector.h"
#include "client/eventrecorder.h"
#include "client/informer.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"
#include "controllers/expectations.h"

namespace kubelab::controllers {

// Upstream's BurstReplicas: the most pods one sync creates.
inline constexpr std::size_t kDaemonSetBurstReplicas = 250;

class DaemonSetController final : public Controller {
 public:
  explicit DaemonSetController(ControllerContext& context);
  ~DaemonSetController() override;

  std::string name() const override { return "daemonset"; }
  void start() override;
  void stop() override;

  Status sync(const std::string& key);
  client::EventRecorder& recorder() { return *recorder_; }
  Expectations& expectations() { return expectations_; }

  // Daemon pods by the node they run on or are meant for.
  using NodePods = std::map<std::string, std::vector<client::ObjectPointer>>;

 private:
  void enqueueOwnerOf(const client::ObjectPointer& pod);
  void enqueueAll();
  // Its pods by node, after adopting matching orphans and releasing pods that no longer match.
  Result<NodePods> claimPodsByNode(const boost::json::object& daemonSet, const api::LabelSelector& selector);
  // Creates and deletes pods so each node has the pods it should (daemon_controller.go manage).
  Status manage(const boost::json::object& daemonSet, const NodePods& nodePods, const std::string& hash);
  // daemonsetrolling.cpp: which old pods to delete (and nodes to surge onto) this round.
  Status rollingUpdate(const boost::json::object& daemonSet, const NodePods& nodePods, const std::string& hash);
  // Creates on `nodes` and deletes `pods`, with expectations and events (syncNodes).
  Status syncNodes(const boost::json::object& daemonSet, const std::vector<std::string>& nodes,
                   const std::vector<client::ObjectPointer>& pods, const std::string& hash);
  Status writeStatus(const boost::json::object& daemonSet, const NodePods& nodePods, const std::string& hash,
                     std::int64_t collisionCount);

  ControllerContext& context_;
  client::Informer& daemonSets_;
  client::Informer& pods_;
  client::Informer& nodes_;
  client::Informer& revisions_;
  std::unique_ptr<client::EventRecorder> recorder_;
  Expectations expectations_;
  // Deleting failed pods per "<daemonset key>/<node>" backs off from 1 s to 15 min, so a daemon
  // pod that a node keeps rejecting is not recreated in a hot loop (upstream's failedPodsBackoff).
  struct FailedPodBackoff {
    std::chrono::steady_clock::duration delay{};
    std::chrono::steady_clock::time_point lastUpdate{};
  };
  std::mutex backoffMutex_;
  std::map<std::string, FailedPodBackoff> failedPodBackoff_;
  // Zero when the failed pod may be deleted now (and the back-off steps up); else how long to wait.
  std::chrono::steady_clock::duration failedPodDelay(const std::string& backoffKey);
  client::ReconcileLoop loop_;
};

// maxSurge and maxUnavailable as counts for `desired` nodes (percentages round up), with
// Kubernetes' defaults of 0 and 1; at least one of them is positive.
std::pair<std::int64_t, std::int64_t> daemonSetSurgeAndUnavailable(const boost::json::object& daemonSet,
                                                                   std::int64_t desired);

std::unique_ptr<Controller> newDaemonSetController(ControllerContext& context);

}  // namespace kubelab::controllers
