#pragma once
// One node's kube-proxy: informers on Services and EndpointSlices, and one sync function
// (kube-proxy's syncProxyRules) that turns what they hold into the forwarder's listeners and
// each Service port's ready endpoints. Informer events only mark the state dirty; a single
// sync thread applies changes within minSyncPeriod of the event that caused them, and also
// every syncPeriod. /healthz answers "ok" once the informers have synced and the first sync
// has been applied, which is what the supervisor waits for.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "client/apiinterface.h"
#include "client/informer.h"
#include "common/status.h"
#include "proxy/endpointselector.h"
#include "proxy/tcpforwarder.h"

namespace kubelab::http {
class Server;
}

namespace kubelab::proxy {

struct ProxyConfig {
  std::string nodeName;     // --hostname-override
  std::string bindAddress;  // --bind-address: the node's IP, where NodePorts listen
  std::string healthzAddress;  // "" means bindAddress
  std::uint16_t healthzPort = 10256;  // kube-proxy's healthz port; 0 picks a free one
  // How long after a change the sync waits to gather the changes that come with it.
  std::chrono::milliseconds minSyncPeriod{20};
  // A full sync this often even without events (kube-proxy's --sync-period).
  std::chrono::milliseconds syncPeriod{30000};
  ForwarderOptions forwarder;
};

class Proxier {
 public:
  Proxier(client::ApiInterface& api, ProxyConfig config);
  ~Proxier();  // stops
  Proxier(const Proxier&) = delete;
  Proxier& operator=(const Proxier&) = delete;

  // Serves /healthz and starts the informers, the forwarder and the sync thread. Fails only
  // when the healthz address cannot be bound.
  Status start();
  void stop();

  bool healthy() const { return firstSyncDone_.load(); }
  std::uint16_t healthzPort() const { return boundHealthzPort_; }
  // Applies the informers' current state to the forwarder now.
  void syncProxyRules();
  const TcpForwarder& forwarder() const { return forwarder_; }

 private:
  void markDirty();
  void syncLoop();

  ProxyConfig config_;
  client::Informer services_;
  client::Informer endpointSlices_;
  TcpForwarder forwarder_;
  std::unique_ptr<http::Server> healthz_;
  std::uint16_t boundHealthzPort_ = 0;
  std::mutex syncMutex_;  // one sync at a time; guards selectors_
  std::map<std::string, std::shared_ptr<EndpointSelector>> selectors_;  // by service port name
  std::mutex dirtyMutex_;
  std::condition_variable dirtySignal_;
  bool dirty_ = true;
  bool stopping_ = false;
  std::atomic<bool> firstSyncDone_{false};
  std::thread syncThread_;
};

}  // namespace kubelab::proxy
