#pragma once
// The environment of a container process, as the kubelet builds it: the manifest's env
// (value, and valueFrom fieldRef for the downward API), with $(VAR) references expanded as
// Kubernetes does, plus what KubeLab workloads bind to (POD_IP, POD_NAME, ...).

#include <boost/json/object.hpp>

#include <string>
#include <utility>
#include <vector>

namespace kubelab::runtime {

using Environment = std::vector<std::pair<std::string, std::string>>;

// Reads the downward API field a fieldRef names (metadata.name, status.podIP,
// metadata.labels['app'], ...) into `value`; false for a field the runtime does not serve.
bool downwardApiField(const boost::json::object& pod, const std::string& fieldPath, std::string& value);

// Kubernetes' $(VAR) expansion: a reference to a variable defined earlier (in `defined`) is
// replaced, $$ is an escaped $, and a reference to an unknown variable is kept as written.
std::string expandReferences(const std::string& text, const Environment& defined);

// The whole environment, later entries overriding earlier ones with the same name: a base
// (PATH, HOSTNAME, POD_IP, POD_NAME, POD_NAMESPACE, NODE_NAME, KUBELAB_IMAGE), then the
// container's env in order. valueFrom sources the runtime cannot see (configMapKeyRef,
// secretKeyRef, resourceFieldRef) are left out: the kubelet resolves those into `value`.
Environment containerEnvironment(const boost::json::object& pod, const boost::json::object& container);

// NAME=value strings for execve, one per name (the last definition wins).
std::vector<std::string> environmentStrings(const Environment& environment);

}  // namespace kubelab::runtime
