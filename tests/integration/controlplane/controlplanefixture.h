#pragma once
// A control plane for integration tests of the scheduler and the controllers: the store and
// API server of ApiServerFixture, an admin RestClient, and kubelab-scheduler and
// kubelab-controller-manager started as real processes with the admin kubeconfig. Nodes are
// plain Node objects the test creates (no kubelet exists yet); the test marks pods Running.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../apiserver/apiserverfixture.h"
#include "client/restclient.h"
#include "support/childprocess.h"

namespace kubelab::testing {

class ControlPlaneFixture {
 public:
  static Result<std::unique_ptr<ControlPlaneFixture>> start();
  ~ControlPlaneFixture();

  ApiServerFixture& apiServer() { return *apiServer_; }
  client::RestClient& client() { return *client_; }
  CommandResult kubectl(const std::vector<std::string>& arguments, const std::string& input = "") {
    return apiServer_->kubectl(arguments, input);
  }

  // Starts kubelab-controller-manager with these extra arguments (e.g. {"--controllers=replicaset"});
  // returns once it is running. Each call starts one more instance.
  Status startControllerManager(const std::vector<std::string>& arguments = {});
  Status startScheduler(const std::vector<std::string>& arguments = {});
  // kill -9 of the instance started n-th (0-based) by startControllerManager/startScheduler.
  void killControllerManager(std::size_t index = 0);
  void killScheduler(std::size_t index = 0);
  std::string logsOf(const std::string& component) const;  // all instances' logs

  // Creates a Ready Node with this capacity (and optional labels/taints JSON merged into it).
  Status createNode(const std::string& name, const std::string& cpu = "4", const std::string& memory = "8Gi",
                    const boost::json::object& extra = {});
  // Marks a pod Running and Ready (what a kubelet would report), through pods/status.
  Status markPodRunning(const std::string& ns, const std::string& name, bool ready = true);

 private:
  ControlPlaneFixture() = default;
  Status startComponent(const std::string& binary, const std::string& component,
                        const std::vector<std::string>& arguments, std::vector<std::unique_ptr<ChildProcess>>& into);

  std::unique_ptr<ApiServerFixture> apiServer_;
  std::unique_ptr<client::RestClient> client_;
  std::vector<std::unique_ptr<ChildProcess>> controllerManagers_;
  std::vector<std::unique_ptr<ChildProcess>> schedulers_;
  std::vector<std::filesystem::path> logFiles_;
};

}  // namespace kubelab::testing
