#pragma once
// The ReplicaSet controller, which also runs ReplicationControllers (upstream runs the RC
// controller as a ReplicaSet controller over converted objects; here one implementation is
// parameterized by the resource, and an RC's selector is a plain label map). It keeps
// spec.replicas active pods: creating in slow-start batches (1, 2, 4, ...) up to 500 per sync,
// deleting the pods ranked best to delete, adopting matching orphans and releasing pods whose
// labels stopped matching, and publishing status and the ReplicaFailure condition.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "api/labelselector.h"
#include "client/eventrecorder.h"
#include "client/indexer.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"
#include "controllers/expectations.h"

namespace kubelab::controllers {

struct ReplicaSetKind {
  client::GroupVersionResource resource;
  std::string apiVersion;     // of the owner, for controller references
  std::string kind;           // "ReplicaSet" or "ReplicationController"
  std::string controllerName; // the --controllers name
  std::string component;      // the event source
  bool selectorIsMap = false; // ReplicationController: spec.selector is {key: value}

  static ReplicaSetKind replicaSet();
  static ReplicaSetKind replicationController();
};

// Upstream's burstReplicas: at most this many creations or deletions per sync.
inline constexpr int kBurstReplicas = 500;

// A pods index: "<namespace>/<controller uid>", or "<namespace>/" for orphans, so a sync looks
// at its own pods and the orphans it might adopt, not at every pod of the namespace (upstream's
// controllerUID index).
inline constexpr const char* kPodControllerIndex = "workloads.controllerUid";
std::string podControllerIndexValue(std::string_view ns, std::string_view controllerUid);

class ReplicaSetController final : public Controller {
 public:
  using Clock = std::chrono::system_clock;

  // The caches are filled by informers (the factory below) or directly by unit tests.
  ReplicaSetController(ReplicaSetKind kind, client::ApiInterface& api, client::Indexer& owners,
                       client::Indexer& pods, std::unique_ptr<client::EventRecorder> recorder, int workers = 2);
  ~ReplicaSetController() override;

  std::string name() const override { return kind_.controllerName; }
  void start() override;
  void stop() override;

  // The one sync function: "<namespace>/<name>" of a ReplicaSet (or RC).
  Status syncReplicaSet(const std::string& key);

  // Informer event handlers (public so tests can feed them).
  void onOwnerAdded(const client::ObjectPointer& owner);
  void onOwnerUpdated(const client::ObjectPointer& old, const client::ObjectPointer& current);
  void onOwnerDeleted(const client::ObjectPointer& owner);
  void onPodAdded(const client::ObjectPointer& pod);
  void onPodUpdated(const client::ObjectPointer& old, const client::ObjectPointer& current);
  void onPodDeleted(const client::ObjectPointer& pod);

  client::ReconcileLoop& loop() { return loop_; }
  Expectations& expectations() { return expectations_; }
  client::EventRecorder& recorder() { return *recorder_; }
  // Tests pin "now" for availability (minReadySeconds) and deletion ranking.
  void setClock(std::function<Clock::time_point()> now) { now_ = std::move(now); }

 private:
  Result<api::LabelSelector> selectorOf(const boost::json::object& owner) const;
  Status manageReplicas(const std::vector<client::ObjectPointer>& activePods, const boost::json::object& owner,
                        const std::string& key);
  Status createPods(const boost::json::object& owner, const std::string& key, int count);
  Status deletePods(const boost::json::object& owner, const std::string& key,
                    const std::vector<client::ObjectPointer>& activePods, int count);
  std::vector<client::ObjectPointer> relatedPods(const boost::json::object& owner) const;
  Result<boost::json::object> updateStatus(const boost::json::object& owner, boost::json::object status);
  // The owner a pod's controller reference names, if it is one of ours.
  client::ObjectPointer resolveControllerRef(const boost::json::object& pod) const;
  std::vector<client::ObjectPointer> ownersSelecting(const boost::json::object& pod) const;
  void enqueueOwner(const boost::json::object& owner);
  void podDeletionSeen(const boost::json::object& pod);

  ReplicaSetKind kind_;
  client::ApiInterface& api_;
  client::Indexer& owners_;
  client::Indexer& pods_;
  std::unique_ptr<client::EventRecorder> recorder_;
  int workers_;
  Expectations expectations_;
  // Pod keys each owner asked to delete and has not yet seen go (upstream's UID-tracking
  // expectations), so a pod seen terminating and then deleted counts once.
  std::mutex deletingMutex_;
  std::map<std::string, std::set<std::string>> deletingPods_;
  std::function<Clock::time_point()> now_;
  client::ReconcileLoop loop_;
};

// The factories controllerregistry.cpp lists.
std::unique_ptr<Controller> newReplicaSetController(ControllerContext& context);
std::unique_ptr<Controller> newReplicationControllerController(ControllerContext& context);

}  // namespace kubelab::controllers
