#pragma once
// The resource quota controller (Kubernetes' pkg/controller/resourcequota): keeps each
// ResourceQuota's status.hard equal to spec.hard and status.used equal to what the namespace's
// objects use (pods, compute requests and limits, services, configmaps, secrets, claims and
// storage, count/<resource>.<group>), measured by the same evaluators as quota admission
// (api/quotausage.h). Recomputed when the quota or a counted object changes, and every
// resyncPeriod.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "client/informer.h"
#include "client/periodictask.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"

namespace kubelab::controllers {

class ResourceQuotaController final : public Controller {
 public:
  explicit ResourceQuotaController(ControllerContext& context);
  ~ResourceQuotaController() override;

  std::string name() const override { return "resourcequota"; }
  void start() override;
  void stop() override;

  // The one sync function: the quota's key ("<namespace>/<name>").
  Status syncQuota(const std::string& key);
  client::ReconcileLoop& loop() { return loop_; }
  void enqueueAll();

 private:
  void enqueueQuotasOf(const std::string& ns);
  // The namespace's objects of one type: from a watched type's cache, else listed live.
  Result<std::vector<boost::json::object>> objectsOf(const client::GroupVersionResource& resource,
                                                     const std::string& ns);

  client::ApiInterface& api_;
  client::Informer& quotas_;
  // The types whose changes replenish quota (Kubernetes' replenishment controllers).
  std::vector<client::Informer*> watched_;
  int workers_;
  client::ReconcileLoop loop_;
  client::PeriodicTask resync_;  // after loop_: it enqueues into it, so it stops first
};

std::unique_ptr<Controller> newResourceQuotaController(ControllerContext& context);

}  // namespace kubelab::controllers
