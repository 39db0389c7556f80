#pragma once
// The kubelet's view of what pods read from the API besides themselves: ConfigMaps, Secrets and
// Services (an informer each), and the step of a pod sync that uses them. Before a pod's
// containers are created, and on every sync after, it writes the pod's configMap, secret and
// downwardAPI volumes through the runtime (so a changed ConfigMap reaches the files), and hands
// the runtime the pod with each container's environment resolved (podconfigresolver.h). A
// missing required object keeps the containers from being created, as the kubelet does:
// ContainerCreating with a FailedMount event for a volume, CreateContainerConfigError with a
// Failed event for the environment. Containers already running keep what they started with.

#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "client/eventrecorder.h"
#include "client/informer.h"
#include "kubelet/kubeletconfig.h"
#include "kubelet/podconfigresolver.h"
#include "runtime/podruntime.h"

namespace kubelab::kubelet {

class PodConfiguration {
 public:
  // `onChange` gets the namespace of a ConfigMap or Secret that was added, changed or deleted.
  PodConfiguration(client::ApiInterface& api, const KubeletConfig& config,
                   std::function<void(const std::string& ns)> onChange);
  ~PodConfiguration();

  void start();
  void stop();
  bool hasSynced() const;

  // Writes the pod's volumes and starts (or keeps) it in `runtime`. Returns the status to report
  // instead of the runtime's while its containers cannot be created, else nullopt.
  std::optional<runtime::PodRuntimeStatus> run(runtime::PodRuntime& runtime, const boost::json::object& pod);
  // Forgets which events were posted about a pod that is gone.
  void forget(const std::string& podUid);

  PodConfigSources sources(const std::string& podNamespace) const;

 private:
  // Posts a Warning once per pod, reason and message.
  void warnOnce(const boost::json::object& pod, const std::string& fieldPath, const std::string& reason,
                const std::string& message);

  std::map<std::string, std::string> allocatable_;
  client::Informer configMaps_;
  client::Informer secrets_;
  client::Informer services_;
  client::EventRecorder recorder_;
  std::mutex postedMutex_;
  std::set<std::string> posted_;  // uid \n reason \n message
};

}  // namespace kubelab::kubelet
