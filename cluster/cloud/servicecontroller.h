#pragma once
// The cloud's service controller (cloud-provider's pkg/controller/service): a LoadBalancer
// Service gets an address from the LoadBalancerPool in status.loadBalancer.ingress, guarded by
// the service.kubernetes.io/load-balancer-cleanup finalizer so the address is released before
// the Service goes; a Service that stops being a LoadBalancer gives its address back. Each step
// is an Event in the cloud provider's words (EnsuringLoadBalancer, EnsuredLoadBalancer,
// DeletingLoadBalancer, DeletedLoadBalancer).

#include <memory>
#include <string>

#include "client/eventrecorder.h"
#include "client/lister.h"
#include "client/reconcileloop.h"
#include "cloud/loadbalancerpool.h"
#include "controllers/controllercontext.h"
#include "controllers/controllerregistry.h"

namespace kubelab::cloud {

inline constexpr const char* kLoadBalancerCleanupFinalizer = "service.kubernetes.io/load-balancer-cleanup";

class ServiceController final : public controllers::Controller {
 public:
  explicit ServiceController(controllers::ControllerContext& context);
  ~ServiceController() override;

  std::string name() const override { return "service-lb-controller"; }
  void start() override;
  void stop() override;

  // The one sync function: the Service's key ("<namespace>/<name>").
  Status syncService(const std::string& key);
  const LoadBalancerPool& pool() const { return pool_; }

 private:
  Status ensureLoadBalancer(const boost::json::object& service, const std::string& key);
  Status deleteLoadBalancer(const boost::json::object& service, const std::string& key);
  Status setFinalizer(const boost::json::object& service, bool present);

  client::ApiInterface& api_;
  client::Lister services_;
  std::unique_ptr<client::EventRecorder> recorder_;
  int workers_;
  LoadBalancerPool pool_;
  client::ReconcileLoop loop_;
};

std::unique_ptr<controllers::Controller> newServiceController(controllers::ControllerContext& context);

// Every controller kubelab-cloud-controller-manager can run.
const std::vector<controllers::ControllerRegistration>& cloudControllerRegistry();

}  // namespace kubelab::cloud
