#pragma once
// The StatefulSet controller (Kubernetes' pkg/controller/statefulset): pods with stable names
// and storage, created in ordinal order and removed in reverse (OrderedReady) or all at once
// (Parallel), rolled to a new template from the highest ordinal down to the partition, one pod
// at a time, with ControllerRevisions as history. Wiring and status here; the pod-by-pod
// algorithm in statefulsetcontrol.cpp, identity and claims in statefulsetpods.cpp.

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "client/eventrecorder.h"
#include "client/informer.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"
#include "controllers/controllerhistory.h"

namespace kubelab::controllers {

class StatefulSetController final : public Controller {
 public:
  explicit StatefulSetController(ControllerContext& context);
  ~StatefulSetController() override;

  std::string name() const override { return "statefulset"; }
  void start() override;
  void stop() override;

  // The one sync function: reconciles the set "<namespace>/<name>".
  Status sync(const std::string& key);
  client::EventRecorder& recorder() { return *recorder_; }

 private:
  void enqueueOwnerOf(const client::ObjectPointer& pod);
  // Creates, deletes and replaces pods (statefulsetcontrol.cpp). Returns after the first action
  // that must be observed before the next one (OrderedReady).
  Status updatePods(const boost::json::object& set, const std::vector<client::ObjectPointer>& pods,
                    const RevisionSet& revisions);
  // Replaces finished pods and creates missing ones in ordinal order; true when OrderedReady must
  // wait for what it just did (or for a pod that is not ready yet).
  Result<bool> processReplicas(const boost::json::object& set, const std::vector<const boost::json::object*>& replicas,
                               const RevisionSet& revisions);
  // Deletes pods beyond the replica count, highest ordinal first; true when OrderedReady waits.
  Result<bool> processCondemned(const boost::json::object& set,
                                const std::vector<std::pair<std::int64_t, const boost::json::object*>>& condemned,
                                const boost::json::object* firstUnhealthy);
  Status createPodWithClaims(const boost::json::object& set, const boost::json::object& pod, std::int64_t ordinal);
  Status deletePod(const boost::json::object& set, const boost::json::object& pod);
  // Applies the claim retention policy to the claims of `pod` (statefulsetpods.h).
  Status updateClaimOwners(const boost::json::object& set, const boost::json::object& pod, std::int64_t ordinal,
                           bool condemned);
  Status writeStatus(const boost::json::object& set, const std::vector<client::ObjectPointer>& pods,
                     const RevisionSet& revisions);

  ControllerContext& context_;
  client::Informer& sets_;
  client::Informer& pods_;
  client::Informer& claims_;
  client::Informer& revisions_;
  std::unique_ptr<client::EventRecorder> recorder_;
  client::ReconcileLoop loop_;
};

// The status a set's pods give it (Kubernetes' status computation in updateStatefulSet): counts
// by readiness and revision, and the rollout completing once every pod is updated and ready.
boost::json::object computeStatefulSetStatus(const boost::json::object& set,
                                             const std::vector<client::ObjectPointer>& pods,
                                             const RevisionSet& revisions, std::chrono::system_clock::time_point now);

std::unique_ptr<Controller> newStatefulSetController(ControllerContext& context);

}  // namespace kubelab::controllers
