#include "controllers/serviceendpointtriggers.h"

#include "api/labelselector.h"
#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "controllers/endpointsbuilder.h"

namespace kubelab::controllers {

namespace {

using client::ObjectPointer;

bool sameResourceVersion(const ObjectPointer& old, const ObjectPointer& current) {
  return old && current && api::resourceVersion(*old) == api::resourceVersion(*current);
}

}  // namespace

void enqueueServicesOnServiceAndPodChanges(ControllerContext& context, client::ReconcileLoop& loop) {
  auto enqueueService = [&loop](const ObjectPointer& service) { loop.enqueue(client::objectKey(*service)); };
  context.informers.informer(client::resources::services)
      .addEventHandlers({enqueueService,
                         [enqueueService](const ObjectPointer& old, const ObjectPointer& current) {
                           if (!sameResourceVersion(old, current)) enqueueService(current);
                         },
                         enqueueService});
  auto enqueueServicesOfPod = [&loop, services = context.informers.informer(client::resources::services).lister()](
                                  const ObjectPointer& pod) {
    if (!pod) return;
    api::Labels podLabels = api::labels(*pod);
    for (const ObjectPointer& service : services.list(api::namespaceOf(*pod))) {
      if (!endpoints::hasManagedEndpoints(*service)) continue;
      auto selector = api::LabelSelector::fromSet(api::stringMap(*service, {"spec", "selector"}));
      if (selector.matches(podLabels)) loop.enqueue(client::objectKey(*service));
    }
  };
  context.informers.informer(client::resources::pods)
      .addEventHandlers({enqueueServicesOfPod,
                         [enqueueServicesOfPod](const ObjectPointer& old, const ObjectPointer& current) {
                           if (sameResourceVersion(old, current)) return;
                           enqueueServicesOfPod(old);
                           enqueueServicesOfPod(current);
                         },
                         enqueueServicesOfPod});
}

}  // namespace kubelab::controllers
