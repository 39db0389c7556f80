#pragma once
// The Service environment variables the kubelet gives every container (Docker-link style, as
// pkg/kubelet/envvars does): for each Service with a cluster IP in the pod's namespace (all
// of them unless spec.enableServiceLinks is false), and always the API server's `kubernetes`
// Service of the default namespace:
//   WEB_SERVICE_HOST=127.96.0.10  WEB_SERVICE_PORT=80  WEB_SERVICE_PORT_HTTP=80
//   WEB_PORT=tcp://127.96.0.10:80  WEB_PORT_80_TCP=tcp://127.96.0.10:80
//   WEB_PORT_80_TCP_PROTO=tcp  WEB_PORT_80_TCP_PORT=80  WEB_PORT_80_TCP_ADDR=127.96.0.10

#include <boost/json/object.hpp>

#include <vector>

#include "runtime/containerenvironment.h"

namespace kubelab::runtime {

// The variables for these Services (already chosen for the pod), sorted by name.
Environment serviceEnvironment(const std::vector<boost::json::object>& services);

// Chooses the Services a pod sees, as the kubelet does.
std::vector<boost::json::object> servicesForPod(const boost::json::object& pod,
                                                const std::vector<boost::json::object>& allServices);

// A copy of the pod whose containers get the Service variables ahead of their own env: their
// own definitions win, and $(VAR) in them may name a Service variable.
boost::json::object withServiceEnvironment(const boost::json::object& pod,
                                           const std::vector<boost::json::object>& allServices);

}  // namespace kubelab::runtime
