#pragma once
// The garbage collector (Kubernetes' pkg/controller/garbagecollector): objects whose owners
// (ownerReferences, matched by uid) are all gone are deleted; an owner deleted in the foreground
// (the foregroundDeletion finalizer the API server adds for propagationPolicy=Foreground) keeps
// its finalizer until the dependents that block it are gone; an owner deleted with the orphan
// finalizer has its ownerReferences removed from its dependents, then loses the finalizer.
//
// Instead of Kubernetes' dependency graph, each watched type's informer cache is indexed by uid
// and by owner uid, which answers the same two questions: does this owner exist, and who are
// this object's dependents. An owner not in any cache is checked with a live GET before its
// dependents are deleted, as Kubernetes does before acting on a missing owner.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "client/informer.h"
#include "client/periodictask.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"

namespace kubelab::controllers {

// The types whose objects are collected (and searched for owners and dependents): what the
// workload controllers, the endpoint controllers and the kubelet's leases create, and nodes
// (the owners of those leases).
const std::vector<client::GroupVersionResource>& garbageCollectedResources();

class GarbageCollector final : public Controller {
 public:
  explicit GarbageCollector(ControllerContext& context);
  ~GarbageCollector() override;

  std::string name() const override { return "garbagecollector"; }
  void start() override;
  void stop() override;

  // The one sync function. Keys name one object of one type: "<group>/<plural>|<namespace>/<name>".
  Status syncItem(const std::string& key);
  static std::string itemKey(const client::GroupVersionResource& resource, const boost::json::object& object);
  client::ReconcileLoop& loop() { return loop_; }
  // Enqueues every cached object that has owners or waits for the collector (the periodic resync).
  void enqueueAll();

 private:
  struct Monitor {
    client::GroupVersionResource resource;
    client::Informer* informer;
  };
  enum class OwnerState { Solid, Dangling, WaitingForDependents };

  const Monitor* monitorFor(std::string_view group, std::string_view plural) const;
  void onObjectChanged(const Monitor& monitor, const client::ObjectPointer& object);
  void onObjectDeleted(const Monitor& monitor, const client::ObjectPointer& object);
  // Every cached object that names `ownerUid` as an owner, with its type.
  std::vector<std::pair<const Monitor*, client::ObjectPointer>> dependentsOf(const std::string& ownerUid) const;
  std::optional<std::pair<const Monitor*, client::ObjectPointer>> cachedByUid(const std::string& uid) const;
  Result<OwnerState> ownerState(const boost::json::object& dependent, const boost::json::object& reference);

  Status processDeletingOwner(const Monitor& monitor, const boost::json::object& owner);
  Status orphanDependents(const Monitor& monitor, const boost::json::object& owner);
  Status deleteDependentsInForeground(const Monitor& monitor, const boost::json::object& owner);
  Status removeFinalizer(const Monitor& monitor, const boost::json::object& object, std::string_view finalizer);
  Status removeOwnerReferences(const Monitor& monitor, const boost::json::object& object,
                               const std::vector<std::string>& ownerUids);
  Status deleteObject(const Monitor& monitor, const boost::json::object& object, const std::string& policy);

  client::ApiInterface& api_;
  std::vector<Monitor> monitors_;
  int workers_;
  client::ReconcileLoop loop_;
  client::PeriodicTask resync_;  // after loop_: it enqueues into it, so it stops first
};

std::unique_ptr<Controller> newGarbageCollector(ControllerContext& context);

}  // namespace kubelab::controllers
