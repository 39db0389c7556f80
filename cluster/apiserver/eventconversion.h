#pragma once
// core/v1 Events and events.k8s.io/v1 Events are two views of one storage, as in Kubernetes:
// an event written through either API is read through both. Objects are stored in the core
// form and converted at the storage boundary.

#include <boost/json/object.hpp>

#include "api/resourcetypes.h"

namespace kubelab::apiserver {

bool isEventsV1(const api::ResourceType& type);
// events.k8s.io/v1 -> core/v1 (regarding -> involvedObject, note -> message, ...).
boost::json::object coreEventFromEventsV1(const boost::json::object& event);
// core/v1 -> events.k8s.io/v1.
boost::json::object eventsV1FromCoreEvent(const boost::json::object& event);

}  // namespace kubelab::apiserver
