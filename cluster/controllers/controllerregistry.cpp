#include "controllers/controllerregistry.h"

namespace kubelab::controllers {

// Each controller's factory, defined next to the controller. Add one declaration and one entry
// per controller.
// (declarations)

const std::vector<ControllerRegistration>& controllerRegistry() {
  static const std::vector<ControllerRegistration> registry = {
      // (entries)
  };
  return registry;
}

}  // namespace kubelab::controllers
