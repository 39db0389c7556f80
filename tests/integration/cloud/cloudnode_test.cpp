// kubelab-cloud-controller-manager's node controllers against the real API server, with a
// stand-in cloud: a control socket that answers `nodes` as the cluster supervisor does.

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>

#include <boost/json.hpp>

#include "api/objectmeta.h"
#include "controlplane/controlplanefixture.h"
#include "supervisor/controlchannel.h"
#include "support/childprocess.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

class StandInCloud {
 public:
  json::object answer(const json::object& request) {
    if (request.at("command").as_string() != "nodes") return supervisor::errorAnswer(badRequest("only nodes"));
    std::lock_guard lock(mutex_);
    json::array nodes;
    for (const std::string& name : instances_) {
      nodes.push_back(json::object{{"name", name},
                                   {"index", 1},
                                   {"pool", "default-pool"},
                                   {"providerID", "kubelab://test/" + name},
                                   {"region", "local"},
                                   {"zone", "local-a"},
                                   {"instanceType", "kubelab-standard-4"},
                                   {"kubelet", "running"},
                                   {"stoppedByUser", false}});
    }
    json::object result = supervisor::okAnswer("ok");
    result["cluster"] = "test";
    result["pools"] = json::array{};
    result["nodes"] = std::move(nodes);
    return result;
  }
  void add(const std::string& name) {
    std::lock_guard lock(mutex_);
    instances_.insert(name);
  }
  void remove(const std::string& name) {
    std::lock_guard lock(mutex_);
    instances_.erase(name);
  }

 private:
  std::mutex mutex_;
  std::set<std::string> instances_;
};

TEST(CloudNodeControllerTest, InitializesRegisteredNodesAndDeletesThoseWhoseInstanceIsGone) {
  auto fixture = ControlPlaneFixture::start();
  ASSERT_TRUE(fixture) << fixture.status().toString();
  auto& plane = **fixture;
  StandInCloud cloud;
  cloud.add("node-1");
  auto socket = plane.apiServer().directory() / "supervisor.sock";
  auto server = supervisor::ControlServer::listen(socket, [&](const json::object& request) { return cloud.answer(request); });
  ASSERT_TRUE(server) << server.status().toString();
  auto log = plane.apiServer().directory() / "cloud-controller-manager.log";
  auto manager = ChildProcess::start(KUBELAB_CLOUD_CONTROLLER_MANAGER_BINARY,
                                     {"--kubeconfig", plane.apiServer().kubeconfig().string(), "--cloud-provider-socket",
                                      socket.string(), "--cluster-name", "test"},
                                     log);
  ASSERT_TRUE(manager) << manager.status().toString();
  auto logText = [&] {
    std::ifstream in(log);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };

  // As a kubelet with --cloud-provider=external registers it.
  json::object uninitialized{{"spec", {{"taints", json::array{{{"key", "node.cloudprovider.kubernetes.io/uninitialized"},
                                                               {"value", "true"},
                                                               {"effect", "NoSchedule"}}}}}}};
  ASSERT_TRUE(plane.createNode("node-1", "4", "8Gi", uninitialized).isOk());
  std::string shown;
  EXPECT_TRUE(eventually(
      [&] {
        shown = plane.kubectl({"get", "node", "node-1", "-o",
                               "jsonpath={.spec.providerID} {.metadata.labels.topology\\.kubernetes\\.io/zone} "
                               "{.spec.taints}"})
                    .out;
        return shown.rfind("kubelab://test/node-1 local-a", 0) == 0 && shown.find("uninitialized") == std::string::npos;
      },
      15s))
      << shown << "\n" << logText();

  // The instance goes: so does the Node.
  cloud.remove("node-1");
  EXPECT_TRUE(eventually([&] { return plane.client().get(client::resources::nodes, "", "node-1").status().code() ==
                                      StatusCode::NotFound; },
                         15s))
      << logText();
  (*server)->stop();
}

}  // namespace
}  // namespace kubelab::testing
