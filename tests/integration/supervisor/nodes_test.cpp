// kubelabctl's node, node pool and fault commands end to end: the real kubelabctl, a real
// cluster on a temporary state directory, and the real kubectl to see what Kubernetes sees.
#include <signal.h>

#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kubelabctlharness.h"

namespace kubelab::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

class NodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<KubelabctlHarness>> harness = KubelabctlHarness::create(ClusterStore::KubelabStore);
    ASSERT_TRUE(harness.isOk()) << harness.status().toString();
    harness_ = std::move(harness).value();
  }

  CommandResult expectSuccess(const std::vector<std::string>& arguments, std::chrono::seconds timeout = 180s) {
    CommandResult result = harness_->run(arguments, timeout);
    EXPECT_EQ(result.exitCode, 0) << "kubelabctl " << arguments[0] << ": " << describe(result);
    return result;
  }

  std::string kubectlOutput(const std::vector<std::string>& arguments) {
    CommandResult result = harness_->kubectl(arguments);
    if (result.exitCode != 0) return "<kubectl failed: " + result.output + ">";
    // The harness collects output line by line, each ending in a newline.
    std::string output = result.output;
    while (!output.empty() && std::isspace(static_cast<unsigned char>(output.back()))) output.pop_back();
    return output;
  }

  std::string nodeField(const std::string& node, const std::string& jsonpath) {
    return kubectlOutput({"get", "node", node, "-o", "jsonpath=" + jsonpath});
  }

  std::string readyStatus(const std::string& node) {
    return nodeField(node, "{.status.conditions[?(@.type==\"Ready\")].status}");
  }

  bool nodeGone(const std::string& node) {
    CommandResult result = harness_->kubectl({"get", "node", node});
    return result.exitCode != 0 && result.output.find("NotFound") != std::string::npos;
  }

  std::vector<std::string> nodeNames() {
    std::istringstream names(kubectlOutput({"get", "nodes", "-o", "jsonpath={.items[*].metadata.name}"}));
    std::vector<std::string> result;
    for (std::string name; names >> name;) result.push_back(name);
    return result;
  }

  // The processes of the pods a node runs (process runtime): found by the sandbox variable the
  // runtime puts in every container's environment.
  std::vector<int> podProcessesOf(const std::string& node) {
    std::string sandbox = "KUBELAB_SANDBOX=" + (harness_->stateDirectory() / "nodes" / node).string();
    std::vector<int> found;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
      std::string name = entry.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream environ(entry.path() / "environ", std::ios::binary);
      std::string variable;
      while (std::getline(environ, variable, '\0')) {
        if (variable.rfind(sandbox, 0) == 0) {
          found.push_back(std::stoi(name));
          break;
        }
      }
    }
    return found;
  }

  std::unique_ptr<KubelabctlHarness> harness_;
};

TEST_F(NodesTest, NodesAndNodePoolsComeAndGoAsInGke) {
  const std::filesystem::path state = harness_->stateDirectory();
  ASSERT_EQ(expectSuccess({"up", "--name", "pools", "--nodes", "2", "--runtime", "simulated"}).exitCode, 0);

  // The first nodes are initialized by the cloud controller too.
  ASSERT_TRUE(eventually([&] { return nodeField("node-1", "{.spec.providerID}") == "kubelab://pools/node-1"; }, 20s))
      << kubectlOutput({"get", "node", "node-1", "-o", "yaml"});
  EXPECT_EQ(nodeField("node-1", "{.metadata.labels.cloud\\.google\\.com/gke-nodepool}"), "default-pool");

  CommandResult added = expectSuccess({"node", "add"});
  EXPECT_THAT(added.output, HasSubstr("Added node node-3 to pool default-pool; it is Ready."));
  EXPECT_EQ(readyStatus("node-3"), "True");
  EXPECT_EQ(nodeField("node-3", "{.spec.providerID}"), "kubelab://pools/node-3");
  EXPECT_EQ(nodeField("node-3", "{.metadata.labels.cloud\\.google\\.com/gke-nodepool}"), "default-pool");
  EXPECT_EQ(nodeField("node-3", "{.metadata.labels.topology\\.kubernetes\\.io/zone}"), "local-c");
  EXPECT_THAT(nodeField("node-3", "{.spec.taints}"), ::testing::Not(HasSubstr("uninitialized")));

  // A pod that can only run on node-3 is evicted by the drain and the Node goes.
  ASSERT_EQ(harness_->kubectl({"run", "pinned", "--image=nginx", "--overrides",
                               R"({"spec":{"nodeSelector":{"kubernetes.io/hostname":"node-3"}}})"})
                .exitCode,
            0);
  ASSERT_TRUE(eventually([&] { return kubectlOutput({"get", "pod", "pinned", "-o", "jsonpath={.status.phase}"}) == "Running"; }, 30s));
  CommandResult removed = expectSuccess({"node", "remove", "node-3"});
  EXPECT_THAT(removed.output, HasSubstr("Removed node node-3: drained (1 pod(s) evicted)"));
  EXPECT_TRUE(nodeGone("node-3"));
  EXPECT_TRUE(harness_->kubectl({"get", "pod", "pinned"}).output.find("NotFound") != std::string::npos);

  CommandResult missing = harness_->run({"node", "remove", "node-9"});
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_THAT(missing.output, HasSubstr("no node node-9; nodes: node-1, node-2"));

  CommandResult created = expectSuccess({"nodepool", "create", "gpu-pool", "--nodes", "2", "--labels", "accelerator=gpu",
                                         "--taints", "dedicated=gpu:NoSchedule"});
  // node-3 is gone, so the highest index in use is 2 again.
  EXPECT_THAT(created.output, HasSubstr("Created node pool gpu-pool with 2 node(s) (node-3, node-4), all Ready."));
  EXPECT_EQ(nodeField("node-4", "{.metadata.labels.accelerator}"), "gpu");
  EXPECT_EQ(nodeField("node-4", "{.metadata.labels.cloud\\.google\\.com/gke-nodepool}"), "gpu-pool");
  EXPECT_EQ(nodeField("node-4", "{.spec.taints[*].key}"), "dedicated");
  CommandResult pools = expectSuccess({"nodepool", "list"});
  EXPECT_TRUE(std::regex_search(pools.output, std::regex(R"(gpu-pool\s+2\s+accelerator=gpu\s+dedicated=gpu:NoSchedule\s+node-3,node-4)")))
      << pools.output;

  CommandResult resized = expectSuccess({"nodepool", "resize", "gpu-pool", "--nodes", "1"});
  EXPECT_THAT(resized.output, HasSubstr("from 2 to 1 node(s): drained and removed node-4"));
  EXPECT_TRUE(nodeGone("node-4"));
  CommandResult deleted = expectSuccess({"nodepool", "delete", "gpu-pool"});
  EXPECT_THAT(deleted.output, HasSubstr("Deleted node pool gpu-pool"));
  EXPECT_TRUE(nodeGone("node-3"));
  EXPECT_EQ(nodeNames(), (std::vector<std::string>{"node-1", "node-2"}));

  // down leaves nothing behind; up brings back the same nodes.
  expectSuccess({"down"});
  EXPECT_TRUE(harness_->clusterProcesses().empty());
  ASSERT_EQ(expectSuccess({"up"}).exitCode, 0);
  EXPECT_EQ(nodeNames(), (std::vector<std::string>{"node-1", "node-2"}));
  CommandResult listed = expectSuccess({"node", "list"});
  EXPECT_TRUE(std::regex_search(listed.output, std::regex(R"(node-2\s+default-pool\s+127\.10\.2\.1)"))) << listed.output;
  expectSuccess({"down"});
  EXPECT_TRUE(harness_->clusterProcesses().empty());
}

TEST_F(NodesTest, InstructorFaultsTakeComponentsAndNodesDownAndBringThemBack) {
  const std::filesystem::path state = harness_->stateDirectory();
  ASSERT_EQ(expectSuccess({"up", "--name", "faults", "--nodes", "2", "--runtime", "process"}).exitCode, 0);
  ASSERT_TRUE(eventually([&] { return nodeField("node-2", "{.spec.providerID}") == "kubelab://faults/node-2"; }, 20s));

  // A stopped scheduler stays down: new pods stay Pending until it is started.
  CommandResult stopped = expectSuccess({"stop", "scheduler"});
  EXPECT_THAT(stopped.output, HasSubstr("Stopped scheduler"));
  EXPECT_THAT(expectSuccess({"status"}).output, HasSubstr("stopped by the user"));
  ASSERT_EQ(harness_->kubectl({"create", "deployment", "web", "--image=nginx", "--replicas=2"}).exitCode, 0);
  std::this_thread::sleep_for(3s);
  Result<ComponentView> scheduler = harness_->component(state, "scheduler");
  ASSERT_TRUE(scheduler.isOk());
  EXPECT_EQ(scheduler->state, "stopped");
  EXPECT_EQ(kubectlOutput({"get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.nodeName}"}), "");
  EXPECT_THAT(expectSuccess({"start", "scheduler"}).output, HasSubstr("Started scheduler"));
  ASSERT_TRUE(eventually(
      [&] {
        return kubectlOutput({"get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.phase}"}) ==
               "Running Running";
      },
      60s))
      << kubectlOutput({"get", "pods", "-o", "wide"});

  // kill node: its kubelet and its pods' processes die, and nothing restarts them.
  ASSERT_EQ(harness_->kubectl({"run", "on-two", "--image=nginx", "--overrides",
                               R"({"spec":{"nodeSelector":{"kubernetes.io/hostname":"node-2"}}})"})
                .exitCode,
            0);
  ASSERT_TRUE(eventually([&] { return !podProcessesOf("node-2").empty(); }, 30s));
  std::vector<int> podProcesses = podProcessesOf("node-2");
  CommandResult killed = expectSuccess({"kill", "node", "node-2"});
  EXPECT_THAT(killed.output, HasSubstr("Killed node node-2"));
  EXPECT_TRUE(eventually([&] { return podProcessesOf("node-2").empty(); }, 5s));
  ASSERT_TRUE(eventually([&] { return readyStatus("node-2") == "Unknown"; }, 30s));
  Result<ComponentView> kubelet = harness_->component(state, "kubelet-node-2");
  ASSERT_TRUE(kubelet.isOk());
  EXPECT_EQ(kubelet->state, "stopped");
  EXPECT_EQ(kubelet->pid, 0);
  EXPECT_EQ(kubelet->restarts, 0);
  expectSuccess({"start", "node", "node-2"});
  ASSERT_TRUE(eventually([&] { return readyStatus("node-2") == "True"; }, 30s));

  // partition: NotReady while the kubelet still runs; heal: Ready again.
  Result<ComponentView> before = harness_->component(state, "kubelet-node-1");
  ASSERT_TRUE(before.isOk());
  EXPECT_THAT(expectSuccess({"partition", "node-1"}).output, HasSubstr("Partitioned node-1"));
  ASSERT_TRUE(eventually([&] { return readyStatus("node-1") == "Unknown"; }, 30s));
  Result<ComponentView> during = harness_->component(state, "kubelet-node-1");
  ASSERT_TRUE(during.isOk());
  EXPECT_EQ(during->pid, before->pid);
  EXPECT_EQ(::kill(during->pid, 0), 0);
  EXPECT_THAT(expectSuccess({"heal", "node-1"}).output, HasSubstr("Healed node-1"));
  ASSERT_TRUE(eventually([&] { return readyStatus("node-1") == "True"; }, 30s));

  // restart store: every object is still there.
  Result<ComponentView> store = harness_->component(state, "store");
  ASSERT_TRUE(store.isOk());
  EXPECT_THAT(expectSuccess({"restart", "store"}).output, HasSubstr("Restarted store"));
  ASSERT_TRUE(eventually([&] { return harness_->kubectl({"get", "deployment", "web"}).exitCode == 0; }, 30s));
  EXPECT_EQ(nodeNames(), (std::vector<std::string>{"node-1", "node-2"}));
  Result<ComponentView> restarted = harness_->component(state, "store");
  ASSERT_TRUE(restarted.isOk());
  EXPECT_NE(restarted->pid, store->pid);

  CommandResult unknown = harness_->run({"stop", "schedular"});
  EXPECT_EQ(unknown.exitCode, 1);
  EXPECT_THAT(unknown.output, HasSubstr("no component \"schedular\"; components: store, apiserver, scheduler"));

  expectSuccess({"down"});
  EXPECT_TRUE(harness_->clusterProcesses().empty());
  EXPECT_TRUE(podProcessesOf("node-1").empty());
  for (int pid : podProcesses) EXPECT_NE(::kill(pid, 0), 0) << pid;
}

}  // namespace
}  // namespace kubelab::testing
