#include "cloud/cloudinstances.h"

#include <mutex>

#include "supervisor/clustercommands.h"

namespace kubelab::cloud {

namespace {

class SupervisorInstances final : public CloudInstances {
 public:
  explicit SupervisorInstances(std::filesystem::path socket) : socket_(std::move(socket)) {}

  Result<std::map<std::string, Instance>> list() override {
    Result<supervisor::ClusterNodes> nodes = supervisor::listClusterNodes(socket_);
    if (!nodes) return nodes.status();
    std::map<std::string, Instance> instances;
    for (const supervisor::NodeInfo& node : nodes->nodes) {
      instances[node.name] = Instance{node.providerId, node.region, node.zone, node.instanceType, node.stoppedByUser};
    }
    return instances;
  }

 private:
  std::filesystem::path socket_;
};

std::mutex instancesMutex;
std::shared_ptr<CloudInstances> configuredInstances;

}  // namespace

std::shared_ptr<CloudInstances> supervisorInstances(std::filesystem::path controlSocket) {
  return std::make_shared<SupervisorInstances>(std::move(controlSocket));
}

void setCloudInstances(std::shared_ptr<CloudInstances> instances) {
  std::lock_guard lock(instancesMutex);
  configuredInstances = std::move(instances);
}

std::shared_ptr<CloudInstances> cloudInstances() {
  std::lock_guard lock(instancesMutex);
  return configuredInstances;
}

}  // namespace kubelab::cloud
