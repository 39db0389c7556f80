#include "scheduler/scheduler.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <set>

#include "api/objectmeta.h"
#include "scheduler/schedulingdecision.h"
#include "schedulertesting.h"
#include "support/fakeapiclient.h"

namespace kubelab::scheduler {
namespace {

using namespace testing;
namespace resources = client::resources;

class SchedulerTest : public ::testing::Test {
 protected:
  SchedulerTest() : recorder_(api_, "default-scheduler"), scheduler_(api_, recorder_, options()) {}

  static SchedulerOptions options() {
    SchedulerOptions settings;
    settings.bindThreads = 2;
    settings.queue.initialBackoff = std::chrono::milliseconds(20);
    settings.queue.maxBackoff = std::chrono::milliseconds(40);
    return settings;
  }

  void addNode(const json::object& node) { scheduler_.onNodeAdd(std::make_shared<const json::object>(node)); }
  void addPod(const json::object& pod) {
    api_.seed(resources::pods, pod);
    scheduler_.onPodAdd(std::make_shared<const json::object>(pod));
  }
  void scheduleOne() {
    ASSERT_TRUE(scheduler_.scheduleOne());
    scheduler_.waitForBindings();
    recorder_.flush();
  }
  std::string nodeOf(const std::string& name) {
    auto pod = api_.stored(resources::pods, "default", name);
    return pod ? api::stringAt(*pod, {"spec", "nodeName"}) : "";
  }
  std::vector<json::object> eventsWithReason(const std::string& reason) {
    std::vector<json::object> found;
    for (const json::object& event : api_.storedList(resources::events)) {
      if (api::stringAt(event, {"reason"}) == reason) found.push_back(event);
    }
    return found;
  }

  kubelab::testing::FakeApiClient api_;
  client::EventRecorder recorder_;
  Scheduler scheduler_;
};

TEST_F(SchedulerTest, BindsThroughTheBindingSubresourceAndSaysSo) {
  addNode(makeNode("node-1", "1"));
  addNode(makeNode("node-2", "4"));
  addPod(makePod("web", "2"));
  scheduleOne();
  EXPECT_EQ(nodeOf("web"), "node-2");
  std::vector<std::string> writes = api_.writeSummaries();
  EXPECT_NE(std::find(writes.begin(), writes.end(), "create pods/binding"), writes.end());
  for (const auto& action : api_.writeActions()) {
    if (action.summary() != "create pods/binding") continue;
    EXPECT_EQ(api::stringAt(action.object, {"kind"}), "Binding");
    EXPECT_EQ(api::stringAt(action.object, {"target", "kind"}), "Node");
    EXPECT_EQ(api::stringAt(action.object, {"target", "name"}), "node-2");
  }
  auto scheduled = eventsWithReason("Scheduled");
  ASSERT_EQ(scheduled.size(), 1U);
  EXPECT_EQ(api::stringAt(scheduled[0], {"type"}), "Normal");
  EXPECT_EQ(api::stringAt(scheduled[0], {"message"}), "Successfully assigned default/web to node-2");
  EXPECT_EQ(api::stringAt(scheduled[0], {"involvedObject", "name"}), "web");
  json::object decision =
      json::parse(api::stringAt(scheduled[0], {"metadata", "annotations", kSchedulingDecisionAnnotation})).as_object();
  EXPECT_EQ(decision.at("node"), "node-2");
  EXPECT_EQ(decision.at("nodes").as_array().back().at("reasons").as_array().at(0), "Insufficient cpu");
  EXPECT_EQ(scheduler_.boundCount(), 1U);
}

TEST_F(SchedulerTest, AssumedPodsCountBeforeTheApiServerConfirmsThem) {
  addNode(makeNode("node-1", "4"));
  addNode(makeNode("node-2", "4"));
  addPod(makePod("a", "3"));
  addPod(makePod("b", "3"));
  scheduleOne();
  scheduleOne();
  EXPECT_NE(nodeOf("a"), nodeOf("b"));
  EXPECT_TRUE(scheduler_.cache().isAssumed("default/a"));

  // The informer reports the binding: the assumption becomes a bound pod.
  auto before = std::make_shared<const json::object>(makePod("a", "3"));
  auto after = std::make_shared<const json::object>(*api_.stored(resources::pods, "default", "a"));
  scheduler_.onPodUpdate(before, after);
  EXPECT_FALSE(scheduler_.cache().isAssumed("default/a"));
  EXPECT_EQ(scheduler_.cache().podsOnNode(nodeOf("a")), std::vector<std::string>{"default/a"});
}

TEST_F(SchedulerTest, UnschedulablePodGetsTheEventAndConditionThenFitsWhenANodeArrives) {
  addNode(makeNode("node-1", "1"));
  addNode(with(makeNode("node-2", "8"), R"({"spec": {"unschedulable": true}})"));
  addPod(makePod("big", "2"));
  scheduleOne();
  EXPECT_EQ(nodeOf("big"), "");
  auto failed = eventsWithReason("FailedScheduling");
  ASSERT_EQ(failed.size(), 1U);
  std::string message =
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable. preemption: 0/2 nodes are "
      "available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..";
  EXPECT_EQ(api::stringAt(failed[0], {"type"}), "Warning");
  EXPECT_EQ(api::stringAt(failed[0], {"message"}), message);
  json::object decision =
      json::parse(api::stringAt(failed[0], {"metadata", "annotations", kSchedulingDecisionAnnotation})).as_object();
  EXPECT_FALSE(decision.contains("node"));
  EXPECT_EQ(decision.at("message").as_string(), message);

  auto pod = api_.stored(resources::pods, "default", "big");
  ASSERT_TRUE(pod);
  const json::array* conditions = api::arrayAt(*pod, {"status", "conditions"});
  ASSERT_NE(conditions, nullptr);
  ASSERT_EQ(conditions->size(), 1U);
  EXPECT_EQ(api::stringAt(conditions->at(0).as_object(), {"type"}), "PodScheduled");
  EXPECT_EQ(api::stringAt(conditions->at(0).as_object(), {"status"}), "False");
  EXPECT_EQ(api::stringAt(conditions->at(0).as_object(), {"reason"}), "Unschedulable");
  EXPECT_EQ(api::stringAt(conditions->at(0).as_object(), {"message"}), message);
  EXPECT_EQ(scheduler_.queue().unschedulableCount(), 1U);

  addNode(makeNode("node-3", "4"));
  EXPECT_EQ(scheduler_.queue().unschedulableCount(), 0U);
  scheduleOne();  // waits out the back-off
  EXPECT_EQ(nodeOf("big"), "node-3");
}

TEST_F(SchedulerTest, FailedBindingForgetsTheAssumptionAndRetries) {
  addNode(makeNode("node-1", "4"));
  addPod(makePod("web", "3"));
  api_.failNext("create", "pods/binding", Status(StatusCode::Unavailable, "etcd is down"));
  scheduleOne();
  EXPECT_EQ(nodeOf("web"), "");
  EXPECT_TRUE(scheduler_.cache().podsOnNode("node-1").empty());
  EXPECT_EQ(scheduler_.queue().backoffCount(), 1U);
  auto failed = eventsWithReason("FailedScheduling");
  ASSERT_EQ(failed.size(), 1U);
  EXPECT_EQ(api::stringAt(failed[0], {"message"}), "binding rejected: running Bind plugin \"DefaultBinder\": etcd is down");
  scheduleOne();
  EXPECT_EQ(nodeOf("web"), "node-1");
}

TEST_F(SchedulerTest, OnlyItsOwnPendingPodsAreQueued) {
  addNode(makeNode("node-1"));
  addPod(with(makePod("custom"), R"({"spec": {"schedulerName": "my-scheduler"}})"));
  addPod(with(makePod("placed", "1"), R"({"spec": {"nodeName": "node-1"}})"));
  json::object unnamed = makePod("unnamed");
  unnamed["spec"].as_object().erase("schedulerName");
  addPod(unnamed);
  addPod(with(makePod("done"), R"({"status": {"phase": "Succeeded"}})"));
  EXPECT_EQ(scheduler_.queue().activeCount(), 1U);  // "unnamed": an empty schedulerName is ours
  EXPECT_EQ(scheduler_.cache().podsOnNode("node-1"), std::vector<std::string>{"default/placed"});
}

TEST_F(SchedulerTest, GatedPodsWaitUntilTheirLastGateIsRemoved) {
  addNode(makeNode("node-1"));
  json::object gated = with(makePod("gated"), R"({"spec": {"schedulingGates": [{"name": "example.com/quota"}]}})");
  addPod(gated);
  EXPECT_EQ(scheduler_.queue().activeCount(), 0U);
  json::object opened = gated;
  opened["spec"].as_object()["schedulingGates"] = json::array();
  opened["metadata"].as_object()["resourceVersion"] = "2";
  scheduler_.onPodUpdate(std::make_shared<const json::object>(gated), std::make_shared<const json::object>(opened));
  EXPECT_EQ(scheduler_.queue().activeCount(), 1U);
  scheduleOne();
  EXPECT_EQ(nodeOf("gated"), "node-1");
}

TEST_F(SchedulerTest, DeletingABoundPodRetriesPodsWaitingForRoom) {
  addNode(makeNode("node-1", "2"));
  json::object hog = with(makePod("hog", "2"), R"({"spec": {"nodeName": "node-1"}})");
  addPod(hog);
  addPod(makePod("waiting", "2"));
  scheduleOne();
  EXPECT_EQ(scheduler_.queue().unschedulableCount(), 1U);
  scheduler_.onPodDelete(std::make_shared<const json::object>(hog));
  EXPECT_EQ(scheduler_.queue().unschedulableCount(), 0U);
  scheduleOne();
  EXPECT_EQ(nodeOf("waiting"), "node-1");
}

TEST_F(SchedulerTest, ASpreadConstrainedPodIsRetriedWhenAnotherSchedulerBindsAPod) {
  addNode(with(makeNode("a1"), R"({"metadata": {"labels": {"zone": "a"}}})"));
  addNode(with(makeNode("b1"), R"({"metadata": {"labels": {"zone": "b"}}, "spec": {"unschedulable": true}})"));
  std::string web = R"({"metadata": {"labels": {"app": "web"}}})";
  addPod(with(makePod("web-0", "", "", "default"), R"({"metadata": {"labels": {"app": "web"}},
      "spec": {"nodeName": "a1"}})"));
  addPod(with(makePod("web-1"), R"({"metadata": {"labels": {"app": "web"}}, "spec": {"topologySpreadConstraints": [
      {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
       "labelSelector": {"matchLabels": {"app": "web"}}}]}})"));
  scheduleOne();  // zone a would hold 2 against zone b's 0
  EXPECT_EQ(scheduler_.queue().unschedulableCount(), 1U);
  scheduler_.onPodAdd(std::make_shared<const json::object>(
      with(with(makePod("web-2"), web), R"({"spec": {"nodeName": "b1", "schedulerName": "other"}})")));
  EXPECT_EQ(scheduler_.queue().unschedulableCount(), 0U);
  scheduleOne();
  EXPECT_EQ(nodeOf("web-1"), "a1");
}

TEST_F(SchedulerTest, ReplicasOfOneControllerSpreadAcrossNodes) {
  for (const char* name : {"node-1", "node-2", "node-3"}) addNode(makeNode(name, "64", "256Gi"));
  std::string owned = R"({"metadata": {"ownerReferences": [
      {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web", "uid": "rs-1", "controller": true}]}})";
  for (int index = 0; index < 3; ++index) addPod(with(makePod("web-" + std::to_string(index), "100m"), owned));
  for (int index = 0; index < 3; ++index) scheduleOne();
  std::set<std::string> nodes{nodeOf("web-0"), nodeOf("web-1"), nodeOf("web-2")};
  EXPECT_EQ(nodes.size(), 3U);
}

}  // namespace
}  // namespace kubelab::scheduler
