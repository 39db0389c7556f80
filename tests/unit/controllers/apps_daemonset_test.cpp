#include "controllers/daemonsetcontroller.h"

#include <boost/json/parse.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/objectmeta.h"
#include "controllers/controllerhistory.h"
#include "controllers/daemonsetnodes.h"
#include "controllers/podutil.h"
#include "support/fakeapiclient.h"

namespace kubelab::controllers {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using testing::FakeApiClient;

json::object makeDaemonSet(const std::string& image = "fluentd:1") {
  json::object set = json::parse(R"({
    "apiVersion": "apps/v1", "kind": "DaemonSet",
    "metadata": {"name": "logs", "namespace": "kube-system", "uid": "ds-uid", "generation": 1, "resourceVersion": "7"},
    "spec": {
      "selector": {"matchLabels": {"app": "logs"}},
      "template": {"metadata": {"labels": {"app": "logs"}},
                   "spec": {"containers": [{"name": "agent", "image": "IMAGE"}]}},
      "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
      "revisionHistoryLimit": 10
    }
  })").as_object();
  set["spec"].as_object()["template"].as_object()["spec"].as_object()["containers"].as_array()[0].as_object()["image"] = image;
  return set;
}

json::object makeNode(const std::string& name, json::object labels = {}, json::array taints = {}) {
  json::object node{{"apiVersion", "v1"}, {"kind", "Node"},
                    {"metadata", json::object{{"name", name}, {"uid", "node-" + name}, {"labels", labels}}}};
  if (!taints.empty()) node["spec"] = json::object{{"taints", taints}};
  return node;
}

class DaemonSetControllerTest : public ::testing::Test {
 protected:
  DaemonSetControllerTest() : informers_(api_), context_{api_, informers_, {}, "test", 1}, controller_(context_) {}

  void addDaemonSet(const json::object& set) {
    api_.seed(client::resources::daemonSets, set);
    informers_.informer(client::resources::daemonSets).indexer().upsert(*api_.stored(client::resources::daemonSets, "kube-system", "logs"));
  }
  void addNode(const json::object& node) { informers_.informer(client::resources::nodes).indexer().upsert(node); }
  std::string seedRevisionHash(const json::object& set) {
    json::object revision = newControllerRevision(set, "apps/v1", "DaemonSet", revisionDataFor(set), 1, 0);
    revision["metadata"].as_object()["uid"] = "revision-1";
    api_.seed(client::resources::controllerRevisions, revision);
    informers_.informer(client::resources::controllerRevisions).indexer().upsert(revision);
    return api::stringAt(revision, {"metadata", "labels", "controller-revision-hash"});
  }
  void addPod(const std::string& name, const std::string& node, const std::string& hash, bool ready = true) {
    json::object pod{{"apiVersion", "v1"}, {"kind", "Pod"},
                     {"metadata", json::object{{"name", name}, {"namespace", "kube-system"}, {"uid", "uid-" + name},
                                               {"creationTimestamp", "2026-01-01T00:00:00Z"},
                                               {"labels", json::object{{"app", "logs"}, {"controller-revision-hash", hash}}},
                                               {"ownerReferences", json::array{json::object{
                                                   {"apiVersion", "apps/v1"}, {"kind", "DaemonSet"}, {"name", "logs"},
                                                   {"uid", "ds-uid"}, {"controller", true}}}}}},
                     {"spec", json::object{{"nodeName", node}}},
                     {"status", json::object{{"phase", "Running"},
                                             {"conditions", json::array{json::object{
                                                 {"type", "Ready"}, {"status", ready ? "True" : "False"},
                                                 {"lastTransitionTime", "2026-01-01T00:00:00Z"}}}}}}};
    api_.seed(client::resources::pods, pod);
    informers_.informer(client::resources::pods).indexer().upsert(pod);
  }
  std::vector<json::object> createdPods() {
    std::vector<json::object> pods;
    for (const auto& action : api_.writeActions()) {
      if (action.verb == "create" && action.resource.plural == "pods") pods.push_back(action.object);
    }
    return pods;
  }
  std::vector<std::string> createdOnNodes() {
    std::vector<std::string> nodes;
    for (const json::object& pod : createdPods()) nodes.push_back(daemonPodTargetNode(pod));
    return nodes;
  }
  std::vector<std::string> deletedPods() {
    std::vector<std::string> names;
    for (const auto& action : api_.writeActions()) {
      if (action.verb == "delete" && action.resource.plural == "pods") names.push_back(action.name);
    }
    return names;
  }
  json::object storedStatus() {
    return api_.stored(client::resources::daemonSets, "kube-system", "logs")->at("status").as_object();
  }

  FakeApiClient api_;
  client::InformerFactory informers_;
  ControllerContext context_;
  DaemonSetController controller_;
};

TEST_F(DaemonSetControllerTest, OnePodPerEligibleNodeTargetedByNodeAffinity) {
  json::object set = makeDaemonSet();
  set["spec"].as_object()["template"].as_object()["spec"].as_object()["nodeSelector"] = json::object{{"disk", "ssd"}};
  addDaemonSet(set);
  addNode(makeNode("node-1", {{"disk", "ssd"}}));
  addNode(makeNode("node-2", {{"disk", "ssd"}}));
  addNode(makeNode("node-3", {{"disk", "hdd"}}));
  ASSERT_TRUE(controller_.sync("kube-system/logs").isOk());
  EXPECT_THAT(createdOnNodes(), UnorderedElementsAre("node-1", "node-2"));

  json::object pod = createdPods()[0];
  EXPECT_EQ(api::stringAt(pod, {"metadata", "generateName"}), "logs-");
  EXPECT_EQ(api::stringAt(pod, {"spec", "nodeName"}), "");  // the scheduler binds it
  EXPECT_EQ(api::stringAt(pod, {"metadata", "labels", "pod-template-generation"}), "1");
  EXPECT_FALSE(api::stringAt(pod, {"metadata", "labels", "controller-revision-hash"}).empty());
  std::vector<std::string> tolerations;
  for (const json::value& toleration : *api::arrayAt(pod, {"spec", "tolerations"})) {
    tolerations.push_back(api::stringAt(toleration.as_object(), {"key"}) + ":" + api::stringAt(toleration.as_object(), {"effect"}));
  }
  EXPECT_THAT(tolerations, ElementsAre("node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/unreachable:NoExecute",
                                       "node.kubernetes.io/disk-pressure:NoSchedule",
                                       "node.kubernetes.io/memory-pressure:NoSchedule",
                                       "node.kubernetes.io/pid-pressure:NoSchedule",
                                       "node.kubernetes.io/unschedulable:NoSchedule"));
}

TEST_F(DaemonSetControllerTest, TaintsKeepPodsAwayUnlessToleratedAndCordonedNodesStillGetOne) {
  addDaemonSet(makeDaemonSet());
  addNode(makeNode("tainted", {}, json::array{json::object{{"key", "dedicated"}, {"value", "gpu"}, {"effect", "NoSchedule"}}}));
  addNode(makeNode("cordoned", {}, json::array{json::object{{"key", "node.kubernetes.io/unschedulable"}, {"effect", "NoSchedule"}}}));
  ASSERT_TRUE(controller_.sync("kube-system/logs").isOk());
  EXPECT_THAT(createdOnNodes(), ElementsAre("cordoned"));
}

TEST_F(DaemonSetControllerTest, PodsLeaveNodesThatAreGoneOrNoLongerQualify) {
  json::object set = makeDaemonSet();
  set["spec"].as_object()["template"].as_object()["spec"].as_object()["nodeSelector"] = json::object{{"disk", "ssd"}};
  addDaemonSet(set);
  std::string hash = seedRevisionHash(set);
  addNode(makeNode("node-1", {{"disk", "ssd"}}));
  addNode(makeNode("node-2", {{"disk", "hdd"}}));
  addPod("logs-a", "node-1", hash);
  addPod("logs-b", "node-2", hash);
  addPod("logs-c", "removed-node", hash);
  ASSERT_TRUE(controller_.sync("kube-system/logs").isOk());
  EXPECT_THAT(deletedPods(), UnorderedElementsAre("logs-b", "logs-c"));
  EXPECT_TRUE(createdPods().empty());
  EXPECT_EQ(storedStatus().at("numberMisscheduled").as_int64(), 1);
  EXPECT_EQ(storedStatus().at("desiredNumberScheduled").as_int64(), 1);
}

TEST_F(DaemonSetControllerTest, NoExecuteTaintEvictsButNoScheduleOnlyStopsNewPods) {
  json::object set = makeDaemonSet();
  DaemonNodeDecision noSchedule = nodeShouldRunDaemonPod(
      makeNode("n", {}, json::array{json::object{{"key", "k"}, {"effect", "NoSchedule"}}}), set);
  EXPECT_FALSE(noSchedule.shouldRun);
  EXPECT_TRUE(noSchedule.shouldContinueRunning);
  DaemonNodeDecision noExecute = nodeShouldRunDaemonPod(
      makeNode("n", {}, json::array{json::object{{"key", "k"}, {"effect", "NoExecute"}}}), set);
  EXPECT_FALSE(noExecute.shouldRun);
  EXPECT_FALSE(noExecute.shouldContinueRunning);
  set["spec"].as_object()["template"].as_object()["spec"].as_object()["tolerations"] =
      json::array{json::object{{"key", "k"}, {"operator", "Exists"}}};
  EXPECT_TRUE(nodeShouldRunDaemonPod(makeNode("n", {}, json::array{json::object{{"key", "k"}, {"effect", "NoExecute"}}}), set).shouldRun);
}

TEST_F(DaemonSetControllerTest, RequiredNodeAffinityChoosesNodes) {
  json::object set = makeDaemonSet();
  set["spec"].as_object()["template"].as_object()["spec"].as_object()["affinity"] = json::parse(R"({"nodeAffinity":
    {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
      {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}]}]}}})");
  EXPECT_TRUE(nodeShouldRunDaemonPod(makeNode("n", {{"zone", "a"}}), set).shouldRun);
  EXPECT_FALSE(nodeShouldRunDaemonPod(makeNode("n", {{"zone", "c"}}), set).shouldRun);
  EXPECT_FALSE(nodeShouldRunDaemonPod(makeNode("n"), set).shouldRun);
}

TEST_F(DaemonSetControllerTest, ExpectationsPreventDoubleCreationWhileTheCacheCatchesUp) {
  addDaemonSet(makeDaemonSet());
  addNode(makeNode("node-1"));
  ASSERT_TRUE(controller_.sync("kube-system/logs").isOk());
  ASSERT_EQ(createdPods().size(), 1u);
  api_.clearActions();
  informers_.informer(client::resources::daemonSets).indexer().upsert(*api_.stored(client::resources::daemonSets, "kube-system", "logs"));
  ASSERT_TRUE(controller_.sync("kube-system/logs").isOk());
  EXPECT_TRUE(createdPods().empty());
}

TEST_F(DaemonSetControllerTest, RollingUpdateDeletesNoMoreThanMaxUnavailableOldPods) {
  json::object oldSet = makeDaemonSet("fluentd:1");
  std::string oldHash = seedRevisionHash(oldSet);
  json::object set = makeDaemonSet("fluentd:2");
  set["metadata"].as_object()["generation"] = 2;
  addDaemonSet(set);
  for (const std::string node : {"node-1", "node-2", "node-3"}) {
    addNode(makeNode(node));
    addPod("logs-" + node, node, oldHash);
  }
  ASSERT_TRUE(controller_.sync("kube-system/logs").isOk());
  EXPECT_EQ(deletedPods().size(), 1u);
  EXPECT_TRUE(createdPods().empty());
  json::object status = storedStatus();
  EXPECT_EQ(status.at("desiredNumberScheduled").as_int64(), 3);
  EXPECT_EQ(status.at("currentNumberScheduled").as_int64(), 3);
  EXPECT_EQ(status.at("numberReady").as_int64(), 3);
  EXPECT_EQ(status.at("numberAvailable").as_int64(), 3);
  EXPECT_EQ(status.if_contains("updatedNumberScheduled"), nullptr);
  EXPECT_EQ(status.at("observedGeneration").as_int64(), 2);
}

TEST_F(DaemonSetControllerTest, RollingUpdateWaitsWhileAnUpdatedPodIsUnavailable) {
  json::object oldSet = makeDaemonSet("fluentd:1");
  std::string oldHash = seedRevisionHash(oldSet);
  json::object set = makeDaemonSet("fluentd:2");
  addDaemonSet(set);
  std::string newHash = hashRevisionData(revisionDataFor(set), 0);
  addNode(makeNode("node-1"));
  addNode(makeNode("node-2"));
  addPod("logs-new", "node-1", newHash, /*ready=*/false);
  addPod("logs-old", "node-2", oldHash);
  ASSERT_TRUE(controller_.sync("kube-system/logs").isOk());
  EXPECT_TRUE(deletedPods().empty());
}

TEST_F(DaemonSetControllerTest, MaxSurgeStartsTheNewPodBesideTheOldOne) {
  json::object oldSet = makeDaemonSet("fluentd:1");
  std::string oldHash = seedRevisionHash(oldSet);
  json::object set = makeDaemonSet("fluentd:2");
  set["spec"].as_object()["updateStrategy"] = json::parse(R"({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}})");
  addDaemonSet(set);
  addNode(makeNode("node-1"));
  addNode(makeNode("node-2"));
  addPod("logs-1", "node-1", oldHash);
  addPod("logs-2", "node-2", oldHash);
  ASSERT_TRUE(controller_.sync("kube-system/logs").isOk());
  EXPECT_TRUE(deletedPods().empty());
  EXPECT_EQ(createdPods().size(), 1u);
}

TEST_F(DaemonSetControllerTest, FailedPodIsDeletedWithBackOffAndReplacedOnceGone) {
  json::object set = makeDaemonSet();
  addDaemonSet(set);
  std::string hash = seedRevisionHash(set);
  addNode(makeNode("node-1"));
  addPod("logs-a", "node-1", hash);
  json::object failed = *informers_.informer(client::resources::pods).indexer().get("kube-system/logs-a");
  failed["status"].as_object()["phase"] = "Failed";
  informers_.informer(client::resources::pods).indexer().upsert(failed);
  ASSERT_TRUE(controller_.sync("kube-system/logs").isOk());
  EXPECT_THAT(deletedPods(), ElementsAre("logs-a"));
  EXPECT_TRUE(createdPods().empty());  // the replacement waits until the failed pod is gone
  controller_.recorder().flush();
  bool warned = false;
  for (const client::Object& event : api_.storedList(client::resources::events)) {
    warned = warned || event.at("reason").as_string() == "FailedDaemonPod";
  }
  EXPECT_TRUE(warned);

  // Still failing a moment later: the back-off holds the next deletion.
  controller_.expectations().forget("kube-system/logs");
  informers_.informer(client::resources::daemonSets).indexer().upsert(*api_.stored(client::resources::daemonSets, "kube-system", "logs"));
  api_.clearActions();
  ASSERT_TRUE(controller_.sync("kube-system/logs").isOk());
  EXPECT_TRUE(deletedPods().empty());

  informers_.informer(client::resources::pods).indexer().remove("kube-system/logs-a");
  ASSERT_TRUE(controller_.sync("kube-system/logs").isOk());
  EXPECT_THAT(createdOnNodes(), ElementsAre("node-1"));
}

TEST(DaemonSetNodesTest, HeartbeatsAreNotNodeChanges) {
  json::object old = makeNode("n", {{"zone", "a"}});
  old["metadata"].as_object()["resourceVersion"] = "1";
  old["status"] = json::parse(R"({"conditions": [{"type": "Ready", "status": "True", "lastHeartbeatTime": "2026-11-25T22:00:00Z"}]})");
  json::object heartbeat = old;
  heartbeat["metadata"].as_object()["resourceVersion"] = "2";
  heartbeat["status"].as_object()["conditions"].as_array()[0].as_object()["lastHeartbeatTime"] = "2026-11-25T22:00:10Z";
  EXPECT_TRUE(nodeChangeIsHeartbeat(old, heartbeat));
  json::object notReady = heartbeat;
  notReady["status"].as_object()["conditions"].as_array()[0].as_object()["status"] = "Unknown";
  EXPECT_FALSE(nodeChangeIsHeartbeat(old, notReady));
  json::object relabelled = heartbeat;
  relabelled["metadata"].as_object()["labels"].as_object()["zone"] = "b";
  EXPECT_FALSE(nodeChangeIsHeartbeat(old, relabelled));
  json::object tainted = heartbeat;
  tainted["spec"] = json::parse(R"({"taints": [{"key": "k", "effect": "NoSchedule"}]})");
  EXPECT_FALSE(nodeChangeIsHeartbeat(old, tainted));
}

TEST_F(DaemonSetControllerTest, SurgeAndUnavailableDefaultsAndPercentages) {
  json::object set = makeDaemonSet();
  set["spec"].as_object()["updateStrategy"] = json::object{{"type", "RollingUpdate"}};
  EXPECT_EQ(daemonSetSurgeAndUnavailable(set, 10), (std::pair<std::int64_t, std::int64_t>{0, 1}));
  set["spec"].as_object()["updateStrategy"] = json::parse(R"({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%"}})");
  EXPECT_EQ(daemonSetSurgeAndUnavailable(set, 10), (std::pair<std::int64_t, std::int64_t>{0, 3}));
}

}  // namespace
}  // namespace kubelab::controllers
