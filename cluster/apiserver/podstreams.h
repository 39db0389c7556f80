#pragma once
// The pod subresources that the kubelet answers and the API server relays: pods/log (the
// kubelet's /containerLogs, streamed back chunk by chunk for follow) and pods/exec (the
// kubelet's /exec: the upgrade request is forwarded on a TLS connection of our own and the
// bytes relayed both ways, as kube-apiserver's UpgradeAwareHandler does, so the WebSocket
// runs end to end between kubectl and the kubelet).

#include "apiserver/kubeletconnection.h"
#include "apiserver/resourcehandlers.h"

namespace kubelab::apiserver {

class PodStreams {
 public:
  PodStreams(ObjectStorage& storage, KubeletConnector& kubelets) : storage_(storage), kubelets_(kubelets) {}

  static bool handles(const RequestInfo& info) {
    return info.resource == "pods" && info.group.empty() && (info.subresource == "log" || info.subresource == "exec");
  }
  void serve(const ApiRequest& request);

 private:
  void serveLog(const ApiRequest& request, const Object& pod, const std::string& container,
                const http::Endpoint& kubelet);
  void serveExec(const ApiRequest& request, const Object& pod, const std::string& container,
                 const http::Endpoint& kubelet);

  ObjectStorage& storage_;
  KubeletConnector& kubelets_;
};

// The container a log or exec request is for, with Kubernetes' errors: the only container
// when the pod has one and none was named, else "a container name must be specified for pod
// X, choose one of: [a b]"; "container c is not valid for pod X" for a name the pod lacks.
ApiResult<std::string> selectContainer(const Object& pod, const std::string& requested);

}  // namespace kubelab::apiserver
