#pragma once
// How the API server reaches a node's kubelet, as kube-apiserver does with
// --kubelet-client-certificate/--kubelet-client-key and --kubelet-certificate-authority: the
// Node's InternalIP and status.daemonEndpoints.kubeletEndpoint.Port, over TLS with the API
// server's own kubelet-client certificate.

#include <string>

#include "apiserver/objectstorage.h"
#include "http/httpclient.h"

namespace kubelab::apiserver {

struct KubeletClientOptions {
  std::string certificateFile;
  std::string privateKeyFile;
  std::string certificateAuthorityFile;  // trust for the kubelets' serving certificates
};

class KubeletConnector {
 public:
  KubeletConnector(ObjectStorage& storage, KubeletClientOptions options)
      : storage_(storage), options_(std::move(options)) {}

  bool configured() const { return !options_.certificateFile.empty(); }
  // The endpoint of the kubelet on `nodeName`, or why there is none.
  ApiResult<http::Endpoint> endpointForNode(const std::string& nodeName) const;
  // The same, for a Node object already read.
  ApiResult<http::Endpoint> endpointFor(const Object& node) const;

 private:
  ObjectStorage& storage_;
  KubeletClientOptions options_;
};

// A kubelet's error answer (text, or a Status) as the API error kube-apiserver relays.
ApiError kubeletError(unsigned status, const std::string& body);

}  // namespace kubelab::apiserver
