#pragma once
// One node's kubelet: registers its Node, renews its Lease in kube-node-lease, reports node
// status, and runs the pods bound to it through a PodRuntime, reporting their status the way
// Kubernetes' kubelet does. Pods are synced by one reconcile loop keyed by pod; while a pod is
// changing (containers starting, a Job's container finishing) its key is requeued shortly,
// which is the kubelet's PLEG relist, per pod.

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "client/apiinterface.h"
#include "client/informer.h"
#include "client/periodictask.h"
#include "client/reconcileloop.h"
#include "common/status.h"
#include "kubelet/kubeletconfig.h"
#include "kubelet/podconfiguration.h"
#include "kubelet/podipallocator.h"
#include "runtime/podruntime.h"

namespace kubelab::http {
class Server;
}

namespace kubelab::kubelet {

class KubeletServer;

class Kubelet {
 public:
  static Result<std::unique_ptr<Kubelet>> create(client::ApiInterface& api, KubeletConfig config,
                                                 std::unique_ptr<runtime::PodRuntime> runtime);
  ~Kubelet();  // stops

  // Serves /healthz, registers the Node (retrying until the API answers), then starts the
  // heartbeats and the pod workers. Returns once registered or when stop() is called.
  Status start();
  void stop();
  bool registered() const { return registered_.load(); }
  // A network partition from the API server, for instructors (SIGUSR1/SIGUSR2, see
  // partitionsignals.h): no Lease renewals, node status or pod status while it lasts; pods keep
  // running. Healing reports the node's status at once.
  void setPartitioned(bool partitioned) { partitioned_ = partitioned; }
  bool partitioned() const { return partitioned_.load(); }

  // Exposed for tests: one pass of the pod sync for a cache key.
  Status syncPod(const std::string& key);

 private:
  Kubelet(client::ApiInterface& api, KubeletConfig config, std::unique_ptr<runtime::PodRuntime> runtime,
          PodIpAllocator ips);
  Status registerNode();
  Status renewLease();
  Status updateNodeStatus();
  void heartbeatLoop();
  Status terminatePod(const boost::json::object& pod);
  void forgetPod(const std::string& key, const std::string& uid);
  Status startServer();
  // What the runtime keeps of pods the API no longer has (after a kubelet restart, or a pod
  // deleted while the kubelet was down) is removed, as the kubelet's housekeeping does.
  void removeOrphanedPods();

  client::ApiInterface& api_;
  KubeletConfig config_;
  std::unique_ptr<runtime::PodRuntime> runtime_;
  PodIpAllocator ips_;
  client::Informer pods_;
  client::ReconcileLoop loop_;
  std::unique_ptr<PodConfiguration> configuration_;  // ConfigMaps, Secrets, Services; volumes and env
  std::unique_ptr<client::PeriodicTask> housekeeping_;
  std::unique_ptr<http::Server> healthz_;
  std::unique_ptr<KubeletServer> server_;  // logs, exec, stats (kubeletserver.h)
  std::mutex knownMutex_;
  std::map<std::string, std::string> knownPods_;  // cache key -> uid of the pod we run under it
  std::string nodeUid_;
  std::atomic<bool> registered_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> partitioned_{false};
  std::mutex stopMutex_;
  std::condition_variable stopSignal_;
  std::thread heartbeats_;
};

}  // namespace kubelab::kubelet
