#pragma once
// The Deployment controller (upstream pkg/controller/deployment): it owns one ReplicaSet per
// pod template, named "<deployment>-<pod-template-hash>", and moves replicas from the old ones
// to the new one by strategy: RollingUpdate within maxSurge/maxUnavailable, or Recreate (all old
// pods gone first). It keeps the revision annotations `kubectl rollout history|undo` read,
// scales proportionally when the Deployment is resized mid-rollout, honours spec.paused,
// deletes old ReplicaSets beyond revisionHistoryLimit, and reports Progressing and Available.
//
// Files: deploymentcontroller.cpp (wiring and handlers), deploymentsync.cpp (the sync, new
// ReplicaSet, scaling, status), deploymentrolling.cpp and deploymentrecreate.cpp (strategies).

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "client/eventrecorder.h"
#include "client/indexer.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"
#include "controllers/deploymentutil.h"

namespace kubelab::controllers {

class DeploymentController final : public Controller {
 public:
  using Clock = std::chrono::system_clock;

  DeploymentController(client::ApiInterface& api, client::Indexer& deployments, client::Indexer& replicaSets,
                       client::Indexer& pods, std::unique_ptr<client::EventRecorder> recorder, int workers = 2);
  ~DeploymentController() override;

  std::string name() const override { return "deployment"; }
  void start() override;
  void stop() override;

  // The one sync function: "<namespace>/<name>" of a Deployment.
  Status syncDeployment(const std::string& key);

  void onDeploymentChanged(const client::ObjectPointer& deployment);
  void onReplicaSetAdded(const client::ObjectPointer& replicaSet);
  void onReplicaSetUpdated(const client::ObjectPointer& old, const client::ObjectPointer& current);
  void onReplicaSetDeleted(const client::ObjectPointer& replicaSet);
  void onPodDeleted(const client::ObjectPointer& pod);

  client::ReconcileLoop& loop() { return loop_; }
  client::EventRecorder& recorder() { return *recorder_; }
  void setClock(std::function<Clock::time_point()> now) { now_ = std::move(now); }

 private:
  using Deployment = boost::json::object;
  using OptionalReplicaSet = std::optional<boost::json::object>;
  struct NewAndOld {
    OptionalReplicaSet newReplicaSet;
    ReplicaSets oldReplicaSets;  // every old one, including those at 0
    ReplicaSets all() const;
  };
  using PodMap = std::map<std::string, std::vector<client::ObjectPointer>>;  // by ReplicaSet uid

  // deploymentsync.cpp
  Result<ReplicaSets> claimReplicaSets(const Deployment& deployment);
  PodMap podsByReplicaSet(const Deployment& deployment, const ReplicaSets& replicaSets) const;
  Result<NewAndOld> getAllReplicaSetsAndSyncRevision(Deployment& deployment, const ReplicaSets& replicaSets,
                                                     bool createIfMissing);
  Result<OptionalReplicaSet> getNewReplicaSet(Deployment& deployment, const ReplicaSets& replicaSets,
                                              const ReplicaSets& oldReplicaSets, bool createIfMissing);
  Result<OptionalReplicaSet> createNewReplicaSet(Deployment& deployment, const ReplicaSets& oldReplicaSets,
                                                 const std::string& newRevision);
  Status sync(Deployment& deployment, const ReplicaSets& replicaSets);
  Status scale(Deployment& deployment, OptionalReplicaSet& newReplicaSet, ReplicaSets& oldReplicaSets);
  Result<bool> isScalingEvent(Deployment& deployment, const ReplicaSets& replicaSets);
  // (scaled, the ReplicaSet as stored afterwards)
  Result<std::pair<bool, boost::json::object>> scaleReplicaSetAndRecordEvent(const boost::json::object& replicaSet,
                                                                            std::int64_t newScale,
                                                                            const Deployment& deployment);
  Result<std::pair<bool, boost::json::object>> scaleReplicaSet(const boost::json::object& replicaSet,
                                                              std::int64_t newScale, const Deployment& deployment,
                                                              const std::string& operation);
  Status cleanupDeployment(const ReplicaSets& oldReplicaSets, const Deployment& deployment);
  Status checkPausedConditions(Deployment& deployment);
  Status syncDeploymentStatus(const ReplicaSets& all, const OptionalReplicaSet& newReplicaSet, Deployment& deployment);
  Status syncRolloutStatus(const ReplicaSets& all, const OptionalReplicaSet& newReplicaSet, Deployment& deployment);
  void requeueStuckDeployment(const Deployment& deployment, const boost::json::object& newStatus);
  // PUT /status with `deployment`'s status; `deployment` takes the stored result.
  Status updateDeploymentStatus(Deployment& deployment);
  // The deployment.kubernetes.io/revision annotation on the Deployment itself.
  Status setDeploymentRevision(Deployment& deployment, const std::string& revision, bool& changed);

  // deploymentrolling.cpp
  Status rolloutRolling(Deployment& deployment, const ReplicaSets& replicaSets);
  Result<bool> reconcileNewReplicaSet(const ReplicaSets& all, const boost::json::object& newReplicaSet,
                                      const Deployment& deployment);
  Result<bool> reconcileOldReplicaSets(const ReplicaSets& all, ReplicaSets oldReplicaSets,
                                       const boost::json::object& newReplicaSet, const Deployment& deployment);
  Result<std::int64_t> cleanupUnhealthyReplicas(ReplicaSets& oldReplicaSets, const Deployment& deployment,
                                                std::int64_t maxCleanupCount);
  Result<std::int64_t> scaleDownOldReplicaSetsForRollingUpdate(const ReplicaSets& all, ReplicaSets oldReplicaSets,
                                                               const Deployment& deployment);

  // deploymentrecreate.cpp
  Status rolloutRecreate(Deployment& deployment, const ReplicaSets& replicaSets);

  void enqueue(const boost::json::object& deployment);
  client::ObjectPointer deploymentOwning(const boost::json::object& replicaSet) const;

  client::ApiInterface& api_;
  client::Indexer& deployments_;
  client::Indexer& replicaSets_;
  client::Indexer& pods_;
  std::unique_ptr<client::EventRecorder> recorder_;
  int workers_;
  std::function<Clock::time_point()> now_;
  client::ReconcileLoop loop_;
};

std::unique_ptr<Controller> newDeploymentController(ControllerContext& context);

}  // namespace kubelab::controllers
