#pragma once
// The Endpoints controller (Kubernetes' pkg/controller/endpoint): keeps one Endpoints object per
// Service with a selector, listing the matching pods' IPs and the ports each Service port reaches
// on them. Services without a selector (including the API server's own "kubernetes" Service)
// have Endpoints someone else writes, and those are left alone.

#include <memory>
#include <string>

#include "client/eventrecorder.h"
#include "client/lister.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"

namespace kubelab::controllers {

class EndpointsController final : public Controller {
 public:
  explicit EndpointsController(ControllerContext& context);
  ~EndpointsController() override;

  std::string name() const override { return "endpoints"; }
  void start() override;
  void stop() override;

  // The one sync function: the Service's key ("<namespace>/<name>").
  Status syncService(const std::string& key);
  client::ReconcileLoop& loop() { return loop_; }

 private:
  client::ApiInterface& api_;
  client::Lister services_;
  client::Lister pods_;
  client::Lister endpoints_;
  std::unique_ptr<client::EventRecorder> recorder_;
  int workers_;
  client::ReconcileLoop loop_;
};

std::unique_ptr<Controller> newEndpointsController(ControllerContext& context);

}  // namespace kubelab::controllers
