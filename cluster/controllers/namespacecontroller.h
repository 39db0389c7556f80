#pragma once
// The namespace controller (Kubernetes' pkg/controller/namespace): once a namespace has a
// deletionTimestamp, it deletes every namespaced object in it, reports progress in the
// namespace's conditions, waits until the content is really gone (pods in their grace period,
// objects held by finalizers), then removes the "kubernetes" finalizer through the
// namespaces/<name>/finalize subresource, after which the API server removes the namespace.

#include <chrono>
#include <memory>
#include <string>

#include "client/lister.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"
#include "controllers/namespaceconditions.h"

namespace kubelab::controllers {

class NamespaceController final : public Controller {
 public:
  explicit NamespaceController(ControllerContext& context);
  ~NamespaceController() override;

  std::string name() const override { return "namespace"; }
  void start() override;
  void stop() override;

  // The one sync function: the namespace's name.
  Status syncNamespace(const std::string& key);
  client::ReconcileLoop& loop() { return loop_; }
  // How soon a namespace whose content is still going away is looked at again.
  void setRecheckDelay(std::chrono::milliseconds delay) { recheckDelay_ = delay; }

 private:
  // Deletes what is left in `ns` and reports what remains.
  namespaces::DeletionReport deleteContent(const std::string& ns);

  client::ApiInterface& api_;
  client::Lister namespaces_;
  int workers_;
  std::chrono::milliseconds recheckDelay_{500};
  client::ReconcileLoop loop_;
};

std::unique_ptr<Controller> newNamespaceController(ControllerContext& context);

}  // namespace kubelab::controllers
