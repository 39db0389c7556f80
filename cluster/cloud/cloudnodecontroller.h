#pragma once
// The cloud's node controllers (k8s.io/cloud-provider's pkg/controller/node):
//
// CloudNodeController initializes each Node a kubelet registered with --cloud-provider=external,
// recognized by the node.cloudprovider.kubernetes.io/uninitialized taint: it sets
// spec.providerID, the topology labels (topology.kubernetes.io/region and zone,
// node.kubernetes.io/instance-type, and their deprecated beta names), and removes the taint,
// which lets the scheduler place pods there.
//
// CloudNodeLifecycleController deletes Nodes whose instance no longer exists in the cloud, and
// taints node.cloudprovider.kubernetes.io/shutdown on those whose instance is shut down
// (stopped by the user) while they are not Ready. Upstream looks only at nodes that are not
// Ready; here a node initialized by this cloud (its providerID is ours) is looked at even while
// Ready, so `kubelabctl node remove` does not wait out the node monitor grace period.

#include <memory>
#include <string>

#include "client/eventrecorder.h"
#include "client/lister.h"
#include "client/periodictask.h"
#include "client/reconcileloop.h"
#include "cloud/cloudinstances.h"
#include "controllers/controllercontext.h"
#include "controllers/controllerregistry.h"

namespace kubelab::cloud {

inline constexpr const char* kUninitializedTaintKey = "node.cloudprovider.kubernetes.io/uninitialized";
inline constexpr const char* kShutdownTaintKey = "node.cloudprovider.kubernetes.io/shutdown";

class CloudNodeController final : public controllers::Controller {
 public:
  CloudNodeController(controllers::ControllerContext& context, std::shared_ptr<CloudInstances> instances);
  ~CloudNodeController() override;

  std::string name() const override { return "cloud-node-controller"; }
  void start() override;
  void stop() override;

  // The one sync function: a Node's name.
  Status syncNode(const std::string& key);

 private:
  client::ApiInterface& api_;
  client::Lister nodes_;
  std::shared_ptr<CloudInstances> instances_;
  std::unique_ptr<client::EventRecorder> recorder_;
  int workers_;
  client::ReconcileLoop loop_;
};

class CloudNodeLifecycleController final : public controllers::Controller {
 public:
  CloudNodeLifecycleController(controllers::ControllerContext& context, std::shared_ptr<CloudInstances> instances);
  ~CloudNodeLifecycleController() override;

  std::string name() const override { return "cloud-node-lifecycle-controller"; }
  void start() override;
  void stop() override;

  // One pass over every Node (run every nodeMonitorPeriod).
  Status monitorNodes();

 private:
  client::ApiInterface& api_;
  client::Lister nodes_;
  std::shared_ptr<CloudInstances> instances_;
  std::unique_ptr<client::EventRecorder> recorder_;
  client::PeriodicTask task_;
};

// Both, with the instances of setCloudInstances(); the service controller besides them.
const std::vector<controllers::ControllerRegistration>& cloudControllerRegistryWithNodes();

}  // namespace kubelab::cloud
