#pragma once
// Every controller kubelab-controller-manager can run, by the name `--controllers` uses
// (Kubernetes' names: "replicaset", "deployment", "namespace", "garbagecollector", ...).

#include <memory>
#include <string>
#include <vector>

#include "controllers/controllercontext.h"

namespace kubelab::controllers {

using ControllerFactory = std::unique_ptr<Controller> (*)(ControllerContext& context);

struct ControllerRegistration {
  std::string name;
  ControllerFactory factory;
};

// In the order the controller-manager starts them.
const std::vector<ControllerRegistration>& controllerRegistry();

}  // namespace kubelab::controllers
