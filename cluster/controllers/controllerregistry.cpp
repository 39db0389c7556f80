#include "controllers/controllerregistry.h"

namespace kubelab::controllers {

// Each controller's factory, defined next to the controller. Add one declaration and one entry
// per controller.
// (declarations)
std::unique_ptr<Controller> newReplicaSetController(ControllerContext& context);
std::unique_ptr<Controller> newReplicationControllerController(ControllerContext& context);
std::unique_ptr<Controller> newDeploymentController(ControllerContext& context);
std::unique_ptr<Controller> newStatefulSetController(ControllerContext& context);
std::unique_ptr<Controller> newDaemonSetController(ControllerContext& context);
std::unique_ptr<Controller> newJobController(ControllerContext& context);
std::unique_ptr<Controller> newJobTtlAfterFinishedController(ControllerContext& context);
std::unique_ptr<Controller> newCronJobController(ControllerContext& context);
std::unique_ptr<Controller> newEndpointsController(ControllerContext& context);
std::unique_ptr<Controller> newEndpointSliceController(ControllerContext& context);
std::unique_ptr<Controller> newNamespaceController(ControllerContext& context);
std::unique_ptr<Controller> newGarbageCollector(ControllerContext& context);
std::unique_ptr<Controller> newNodeLifecycleController(ControllerContext& context);
std::unique_ptr<Controller> newResourceQuotaController(ControllerContext& context);
std::unique_ptr<Controller> newPersistentVolumeBinder(ControllerContext& context);

const std::vector<ControllerRegistration>& controllerRegistry() {
  static const std::vector<ControllerRegistration> registry = {
      // (entries)
      {"replicaset", &newReplicaSetController},
      {"replicationcontroller", &newReplicationControllerController},
      {"deployment", &newDeploymentController},
      {"statefulset", &newStatefulSetController},
      {"daemonset", &newDaemonSetController},
      {"job", &newJobController},
      {"ttl-after-finished", &newJobTtlAfterFinishedController},
      {"cronjob", &newCronJobController},
      {"endpoints", &newEndpointsController},
      {"endpointslice", &newEndpointSliceController},
      {"namespace", &newNamespaceController},
      {"garbagecollector", &newGarbageCollector},
      {"nodelifecycle", &newNodeLifecycleController},
      {"resourcequota", &newResourceQuotaController},
      {"persistentvolume-binder", &newPersistentVolumeBinder},
  };
  return registry;
}

}  // namespace kubelab::controllers
