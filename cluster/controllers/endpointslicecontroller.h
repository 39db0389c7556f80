#pragma once
// The EndpointSlice controller (Kubernetes' pkg/controller/endpointslice): for each Service with
// a selector, discovery.k8s.io/v1 EndpointSlices that list its pods with ready/serving/terminating
// conditions, at most 100 endpoints per slice, grouped by the ports the pods serve. Slices carry
// the kubernetes.io/service-name and endpointslice.kubernetes.io/managed-by labels and a
// controller reference to the Service, so the garbage collector removes them with it.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "client/eventrecorder.h"
#include "client/lister.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"

namespace kubelab::controllers {

// Kubernetes' default --max-endpoints-per-slice.
inline constexpr std::size_t kMaxEndpointsPerSlice = 100;

class EndpointSliceController final : public Controller {
 public:
  explicit EndpointSliceController(ControllerContext& context);
  ~EndpointSliceController() override;

  std::string name() const override { return "endpointslice"; }
  void start() override;
  void stop() override;

  Status syncService(const std::string& key);
  client::ReconcileLoop& loop() { return loop_; }

 private:
  // Whether the cache shows every write of the last sync of this Service (upstream's
  // endpointSliceTracker): syncing on an older cache would create duplicate slices.
  bool cacheCaughtUp(const std::string& serviceKey);
  void rememberWrites(const std::string& serviceKey, std::vector<std::pair<std::string, std::string>> writes);

  client::ApiInterface& api_;
  client::Lister services_;
  client::Lister pods_;
  client::Lister slices_;
  client::Lister nodes_;  // for each endpoint's zone
  std::unique_ptr<client::EventRecorder> recorder_;
  int workers_;
  std::mutex writesMutex_;
  // service key -> (slice name, resourceVersion written; "" for a deleted slice)
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> pendingWrites_;
  client::ReconcileLoop loop_;
};

std::unique_ptr<Controller> newEndpointSliceController(ControllerContext& context);

}  // namespace kubelab::controllers
