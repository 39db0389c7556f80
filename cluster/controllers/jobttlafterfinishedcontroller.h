#pragma once
// The TTL-after-finished controller (Kubernetes' pkg/controller/ttlafterfinished, registered as
// "ttl-after-finished"): deletes a Job ttlSecondsAfterFinished after its Complete or Failed
// condition, with foreground propagation so its pods go first, as Kubernetes does.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "client/informer.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"

namespace kubelab::controllers {

class JobTtlAfterFinishedController final : public Controller {
 public:
  using Now = std::function<std::chrono::system_clock::time_point()>;
  explicit JobTtlAfterFinishedController(ControllerContext& context,
                                         Now now = [] { return std::chrono::system_clock::now(); });
  ~JobTtlAfterFinishedController() override;

  std::string name() const override { return "ttl-after-finished"; }
  void start() override;
  void stop() override;

  Status sync(const std::string& key);
  // When the job may be deleted: its finish time plus the TTL; nullopt when it never expires.
  static std::optional<std::chrono::system_clock::time_point> expiresAt(const boost::json::object& job);

 private:
  ControllerContext& context_;
  Now now_;
  client::Informer& jobs_;
  client::ReconcileLoop loop_;
};

std::unique_ptr<Controller> newJobTtlAfterFinishedController(ControllerContext& context);

}  // namespace kubelab::controllers
