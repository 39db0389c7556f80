#pragma once
// What both endpoints controllers (Endpoints and EndpointSlices) react to: a Service that
// changes, and a pod that changes, which concerns every managed Service selecting it, before
// and after (its labels may have changed). Each such Service's key goes into `loop`.

#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"

namespace kubelab::controllers {

void enqueueServicesOnServiceAndPodChanges(ControllerContext& context, client::ReconcileLoop& loop);

}  // namespace kubelab::controllers
