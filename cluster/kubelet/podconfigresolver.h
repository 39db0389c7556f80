#pragma once
// What the kubelet reads from the API so that a runtime, which never talks to the API server,
// can run a pod: each container's environment as pkg/kubelet's makeEnvironmentVariables builds
// it. The result is a copy of the pod whose containers' env holds only what a runtime can
// evaluate alone (plain values and fieldRef):
//
//   the Service variables (servicesForPod: the namespace's unless enableServiceLinks is false,
//   and `kubernetes`), then each envFrom source in order (with its prefix), then env in order;
//   a later definition of a name wins. configMapKeyRef, secretKeyRef and resourceFieldRef become
//   values, written with $ escaped so the runtime's $(VAR) expansion leaves them as they are.
//
// A required ConfigMap, Secret or key that is missing stops the container from being created
// (CreateContainerConfigError) with the kubelet's message; an optional one is left out.

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "client/indexer.h"
#include "common/status.h"
#include "runtime/podruntime.h"

namespace kubelab::kubelet {

struct PodConfigSources {
  // nullptr when absent.
  std::function<client::ObjectPointer(const std::string& ns, const std::string& name)> configMap;
  std::function<client::ObjectPointer(const std::string& ns, const std::string& name)> secret;
  std::vector<boost::json::object> services;  // every Service known; servicesForPod chooses
  // The node's allocatable cpu, memory and ephemeral-storage: the downward API's limits for a
  // container that sets none.
  std::map<std::string, std::string> allocatable;
};

// A Warning event the kubelet posts about the pod.
struct PodWarning {
  std::string reason;
  std::string message;
};

struct ResolvedEnvironment {
  boost::json::object pod;
  std::map<std::string, std::string> configErrors;  // container name -> CreateContainerConfigError message
  std::vector<PodWarning> warnings;                 // InvalidEnvironmentVariableNames
};

ResolvedEnvironment resolvePodEnvironment(const boost::json::object& pod, const PodConfigSources& sources);

// What the runtime would report if asked, while the pod's containers cannot be created: the
// containers with an error wait in CreateContainerConfigError, the rest in ContainerCreating
// (PodInitializing behind a failing init container).
runtime::PodRuntimeStatus waitingForConfiguration(const boost::json::object& pod,
                                                  const std::map<std::string, std::string>& configErrors);

// resourceFieldRef (limits.cpu, requests.memory, ... with its divisor) of a container, as
// the kubelet computes it: rounded up, limits defaulting to the node's allocatable.
Result<std::string> containerResourceValue(const boost::json::object& container, const boost::json::object& selector,
                                           const std::map<std::string, std::string>& allocatable);

// Kubernetes' IsEnvVarName, which envFrom keys must pass: [-._a-zA-Z][-._a-zA-Z0-9]*.
bool isEnvironmentVariableName(const std::string& name);

// The `data` of a ConfigMap, or the decoded `data` of a Secret, by key.
std::map<std::string, std::string> configMapData(const boost::json::object& configMap);
std::map<std::string, std::string> secretData(const boost::json::object& secret);

}  // namespace kubelab::kubelet
