// kubelab-scheduler as a real process against the real store and API server: pods bound to
// nodes that fit, cordons respected, FailedScheduling in Kubernetes' words as kubectl shows it,
// pending pods placed when a node arrives, and leader election handing over after a kill -9.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <chrono>
#include <set>
#include <thread>

#include "api/objectmeta.h"
#include "controlplane/controlplanefixture.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;
using namespace std::chrono_literals;

json::object pod(const std::string& name, const std::string& cpu) {
  return json::object{
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata", json::object{{"name", name}}},
      {"spec", json::object{{"containers", json::array{json::object{
                                               {"name", "app"},
                                               {"image", "nginx"},
                                               {"resources", json::object{{"requests", json::object{{"cpu", cpu}}}}}}}}}}};
}

class SchedulerIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = ControlPlaneFixture::start();
    ASSERT_TRUE(started) << started.status().toString();
    cluster_ = std::move(*started);
  }

  client::RestClient& api() { return cluster_->client(); }

  void createPod(const std::string& name, const std::string& cpu) {
    auto created = api().create(resources::pods, "default", pod(name, cpu));
    ASSERT_TRUE(created) << created.status().toString();
  }

  std::string nodeOf(const std::string& name) {
    auto found = api().get(resources::pods, "default", name);
    return found ? api::stringAt(*found, {"spec", "nodeName"}) : "";
  }

  bool waitBound(const std::string& name, std::chrono::milliseconds timeout = 10s) {
    return eventually([&] { return !nodeOf(name).empty(); }, timeout);
  }

  // Events about a pod, read the way a person would: the real kubectl.
  std::vector<json::object> kubectlEventsFor(const std::string& podName) {
    CommandResult result =
        cluster_->kubectl({"get", "events", "--field-selector", "involvedObject.name=" + podName, "-o", "json"});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    std::vector<json::object> events;
    if (result.exitCode != 0) return events;
    json::value list = json::parse(result.out);
    for (const json::value& item : list.at("items").as_array()) events.push_back(item.as_object());
    return events;
  }

  std::unique_ptr<ControlPlaneFixture> cluster_;
};

TEST_F(SchedulerIntegrationTest, BindsPodsToNodesThatFitAndRecordsScheduled) {
  ASSERT_TRUE(cluster_->createNode("small", "1").isOk());
  ASSERT_TRUE(cluster_->createNode("large", "8").isOk());
  ASSERT_TRUE(cluster_->startScheduler({"--leader-elect=false"}).isOk());
  createPod("web", "2");
  ASSERT_TRUE(waitBound("web")) << cluster_->logsOf("scheduler");
  EXPECT_EQ(nodeOf("web"), "large");

  bool recorded = eventually(
      [&] {
        for (const json::object& event : kubectlEventsFor("web")) {
          if (api::stringAt(event, {"reason"}) == "Scheduled" &&
              api::stringAt(event, {"message"}) == "Successfully assigned default/web to large" &&
              api::stringAt(event, {"source", "component"}) == "default-scheduler" &&
              !api::stringAt(event, {"metadata", "annotations", "kubelab.io/scheduling-decision"}).empty()) {
            return true;
          }
        }
        return false;
      },
      10s);
  EXPECT_TRUE(recorded);
  CommandResult described = cluster_->kubectl({"describe", "pod", "web"});
  EXPECT_NE(described.out.find("Successfully assigned default/web to large"), std::string::npos) << described.out;
}

TEST_F(SchedulerIntegrationTest, AvoidsCordonedNodes) {
  ASSERT_TRUE(cluster_->createNode("cordoned", "8", "16Gi", json::object{{"spec", {{"unschedulable", true}}}}).isOk());
  ASSERT_TRUE(cluster_->createNode("open", "8").isOk());
  ASSERT_TRUE(cluster_->startScheduler({"--leader-elect=false"}).isOk());
  for (int index = 0; index < 5; ++index) createPod("web-" + std::to_string(index), "100m");
  for (int index = 0; index < 5; ++index) {
    std::string name = "web-" + std::to_string(index);
    ASSERT_TRUE(waitBound(name)) << name;
    EXPECT_EQ(nodeOf(name), "open") << name;
  }
}

TEST_F(SchedulerIntegrationTest, InsufficientCpuGivesFailedSchedulingThenANewNodeTakesThePod) {
  ASSERT_TRUE(cluster_->createNode("node-1", "1").isOk());
  ASSERT_TRUE(cluster_->createNode("node-2", "1").isOk());
  ASSERT_TRUE(cluster_->createNode("node-3", "8", "16Gi", json::object{{"spec", {{"unschedulable", true}}}}).isOk());
  ASSERT_TRUE(cluster_->startScheduler({"--leader-elect=false"}).isOk());
  createPod("big", "2");

  const std::string message =
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are "
      "available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..";
  bool failed = eventually(
      [&] {
        for (const json::object& event : kubectlEventsFor("big")) {
          if (api::stringAt(event, {"reason"}) == "FailedScheduling" && api::stringAt(event, {"type"}) == "Warning" &&
              api::stringAt(event, {"message"}) == message) {
            return true;
          }
        }
        return false;
      },
      10s);
  EXPECT_TRUE(failed) << cluster_->logsOf("scheduler");

  bool conditionSet = eventually(
      [&] {
        auto found = api().get(resources::pods, "default", "big");
        const json::array* conditions = found ? api::arrayAt(*found, {"status", "conditions"}) : nullptr;
        if (conditions == nullptr) return false;
        for (const json::value& condition : *conditions) {
          const json::object& object = condition.as_object();
          if (api::stringAt(object, {"type"}) == "PodScheduled" && api::stringAt(object, {"status"}) == "False" &&
              api::stringAt(object, {"reason"}) == "Unschedulable" && api::stringAt(object, {"message"}) == message) {
            return true;
          }
        }
        return false;
      },
      10s);
  EXPECT_TRUE(conditionSet);
  CommandResult pending = cluster_->kubectl({"get", "pod", "big", "--no-headers"});
  EXPECT_NE(pending.out.find("Pending"), std::string::npos) << pending.out;

  // Still pending a while later: the pod waits for a cluster change, not a timer.
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(nodeOf("big"), "");
  ASSERT_TRUE(cluster_->createNode("node-4", "4").isOk());
  ASSERT_TRUE(waitBound("big", 15s)) << cluster_->logsOf("scheduler");
  EXPECT_EQ(nodeOf("big"), "node-4");
}

TEST_F(SchedulerIntegrationTest, NodeSelectorTaintsAndAntiAffinityThroughTheRealApi) {
  ASSERT_TRUE(cluster_->createNode("ssd-1", "4", "8Gi", json::object{{"metadata", {{"labels", {{"disk", "ssd"}}}}}}).isOk());
  ASSERT_TRUE(cluster_->createNode("gpu-1", "4", "8Gi",
                                   json::object{{"metadata", {{"labels", {{"disk", "ssd"}}}}},
                                                {"spec", {{"taints", json::array{{{"key", "dedicated"},
                                                                                  {"value", "gpu"},
                                                                                  {"effect", "NoSchedule"}}}}}}})
                  .isOk());
  ASSERT_TRUE(cluster_->createNode("hdd-1", "4").isOk());
  ASSERT_TRUE(cluster_->startScheduler({"--leader-elect=false"}).isOk());

  // Only ssd-1 both has the label and carries no taint the pod refuses.
  json::object database = pod("database", "100m");
  database["spec"].as_object()["nodeSelector"] = json::object{{"disk", "ssd"}};
  ASSERT_TRUE(api().create(resources::pods, "default", database));
  ASSERT_TRUE(waitBound("database"));
  EXPECT_EQ(nodeOf("database"), "ssd-1");

  // Three replicas that refuse to share a host, on the two untainted nodes: the third waits.
  json::object antiAffinity = json::parse(R"({"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
      {"labelSelector": {"matchLabels": {"app": "cache"}}, "topologyKey": "kubernetes.io/hostname"}]}})").as_object();
  for (const char* name : {"cache-0", "cache-1", "cache-2"}) {
    json::object replica = pod(name, "100m");
    replica["metadata"].as_object()["labels"] = json::object{{"app", "cache"}};
    replica["spec"].as_object()["affinity"] = antiAffinity;
    ASSERT_TRUE(api().create(resources::pods, "default", replica));
  }
  const std::string message =
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match pod "
      "anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No "
      "preemption victims found for incoming pod..";
  std::string waiting;
  bool explained = eventually(
      [&] {
        for (const char* name : {"cache-0", "cache-1", "cache-2"}) {
          for (const json::object& event : kubectlEventsFor(name)) {
            if (api::stringAt(event, {"reason"}) == "FailedScheduling" && api::stringAt(event, {"message"}) == message) {
              waiting = name;
              return true;
            }
          }
        }
        return false;
      },
      10s);
  ASSERT_TRUE(explained) << cluster_->logsOf("scheduler");
  std::set<std::string> hosts;
  for (const char* name : {"cache-0", "cache-1", "cache-2"}) {
    if (name == waiting) continue;
    ASSERT_TRUE(waitBound(name)) << name;
    hosts.insert(nodeOf(name));
  }
  EXPECT_EQ(hosts, (std::set<std::string>{"ssd-1", "hdd-1"}));
  EXPECT_EQ(nodeOf(waiting), "");
}

// Which instance's log says it leads ("successfully acquired lease").
int leaderIndex(const std::string& logs) {
  int index = -1;
  int current = -1;
  std::size_t position = 0;
  while (position < logs.size()) {
    std::size_t end = logs.find('\n', position);
    if (end == std::string::npos) end = logs.size();
    std::string_view line(logs.data() + position, end - position);
    if (line.starts_with("--- scheduler-")) current = std::stoi(std::string(line.substr(14)));
    if (line.find("successfully acquired lease") != std::string_view::npos) index = current;
    position = end + 1;
  }
  return index;
}

TEST_F(SchedulerIntegrationTest, TwoInstancesWithLeaderElectionHandOverAfterTheLeaderIsKilled) {
  ASSERT_TRUE(cluster_->createNode("node-1", "8").isOk());
  ASSERT_TRUE(cluster_->startScheduler().isOk());
  ASSERT_TRUE(cluster_->startScheduler().isOk());
  ASSERT_TRUE(eventually([&] { return leaderIndex(cluster_->logsOf("scheduler")) >= 0; }, 10s))
      << cluster_->logsOf("scheduler");
  int leader = leaderIndex(cluster_->logsOf("scheduler"));
  createPod("before", "100m");
  ASSERT_TRUE(waitBound("before"));

  auto lease = api().get(resources::leases, "kube-system", "kube-scheduler");
  ASSERT_TRUE(lease) << lease.status().toString();
  std::string firstHolder = api::stringAt(*lease, {"spec", "holderIdentity"});
  EXPECT_FALSE(firstHolder.empty());

  cluster_->killScheduler(static_cast<std::size_t>(leader));
  auto killed = std::chrono::steady_clock::now();
  createPod("after", "100m");
  // The lease lasts 4 s; the standby retries every second.
  ASSERT_TRUE(waitBound("after", 8s)) << cluster_->logsOf("scheduler");
  auto handover = std::chrono::steady_clock::now() - killed;
  std::cout << "scheduler handover after kill -9: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(handover).count() << " ms\n";
  EXPECT_LE(handover, 6s);
  auto newLease = api().get(resources::leases, "kube-system", "kube-scheduler");
  ASSERT_TRUE(newLease);
  EXPECT_NE(api::stringAt(*newLease, {"spec", "holderIdentity"}), firstHolder);
}

}  // namespace
}  // namespace kubelab::testing
