#pragma once
// The cluster model's source on a live API server: one informer per resource the view shows,
// each listing and watching on its own thread (client/informer.h).

#include <atomic>
#include <memory>
#include <thread>

#include "client/apiinterface.h"
#include "client/informer.h"
#include "clustersource.h"

namespace kubelab::visualizer {

class InformerClusterSource final : public ClusterSource {
 public:
  explicit InformerClusterSource(std::unique_ptr<client::ApiInterface> api);
  ~InformerClusterSource() override;

  void start(ClusterSourceSink sink) override;
  void stop() override;
  client::ApiInterface& api() { return *api_; }

 private:
  std::unique_ptr<client::ApiInterface> api_;
  std::unique_ptr<client::InformerFactory> factory_;
  std::atomic<bool> stopping_{false};
  std::thread syncWaiter_;
};

}  // namespace kubelab::visualizer
