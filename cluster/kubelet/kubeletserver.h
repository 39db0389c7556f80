#pragma once
// The kubelet's own API (the real kubelet's port 10250), over HTTPS with a serving certificate
// signed by the cluster CA, and only for clients whose certificate the cluster CA signed (the
// API server's kubelet-client identity): anyone else on the machine could otherwise run
// commands in pods.
//
//   GET /containerLogs/{ns}/{pod}/{container}   follow, previous, tailLines, sinceSeconds,
//                                                sinceTime, timestamps, limitBytes
//   GET|POST /exec/{ns}/{pod}/{container}       command (repeated), input/stdin, output/stdout,
//                                                error/stderr, tty; a WebSocket upgrade
//   GET /stats/summary                           cumulative CPU time and memory per container
//   GET /healthz

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "client/indexer.h"
#include "common/status.h"
#include "runtime/podruntime.h"

namespace kubelab::kubelet {

struct KubeletServerOptions {
  std::string nodeName;
  std::string address;  // the node's IP
  std::uint16_t port = 10250;
  std::string certificateFile;
  std::string privateKeyFile;
  std::string clientCaFile;
};

// The pods bound to this node, as the kubelet's informer has them.
struct PodSource {
  std::function<client::ObjectPointer(const std::string& ns, const std::string& name)> get;
  std::function<std::vector<client::ObjectPointer>()> list;
};

class KubeletServer {
 public:
  static Result<std::unique_ptr<KubeletServer>> start(const KubeletServerOptions& options, PodSource pods,
                                                      runtime::PodRuntime& runtime);
  ~KubeletServer();
  void stop();
  std::uint16_t port() const;

 private:
  struct Impl;
  explicit KubeletServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The summary API's document (the fields metrics-server reads) for these pods and their use.
struct PodUsage {
  client::ObjectPointer pod;
  std::vector<std::pair<std::string, runtime::ContainerStats>> containers;
};
boost::json::object statsSummary(const std::string& nodeName, const std::vector<PodUsage>& pods,
                                 std::chrono::system_clock::time_point now);

}  // namespace kubelab::kubelet
