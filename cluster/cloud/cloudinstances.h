#pragma once
// The cloud provider's view of its machines (k8s.io/cloud-provider's InstancesV2): which
// instances exist, with their provider ID, region, zone and machine type. KubeLab's "cloud" is
// the cluster's supervisor, asked through its control channel: a node is an instance while
// cluster.json lists it.

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "common/status.h"

namespace kubelab::cloud {

struct Instance {
  std::string providerId;  // kubelab://<cluster>/<node>
  std::string region;
  std::string zone;
  std::string instanceType;
  bool shutdown = false;  // stopped or killed by the user: it exists but does not run
};

class CloudInstances {
 public:
  virtual ~CloudInstances() = default;
  // Every instance, by node name. An error means "don't know", never "none exist".
  virtual Result<std::map<std::string, Instance>> list() = 0;
};

// The supervisor's control socket as the cloud's instances API.
std::shared_ptr<CloudInstances> supervisorInstances(std::filesystem::path controlSocket);

// The cloud kubelab-cloud-controller-manager's node controllers use; set by main from
// --cloud-provider-socket before the controllers start (controller factories take no arguments).
void setCloudInstances(std::shared_ptr<CloudInstances> instances);
std::shared_ptr<CloudInstances> cloudInstances();

}  // namespace kubelab::cloud
