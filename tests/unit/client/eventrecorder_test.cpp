#include <gtest/gtest.h>

#include <algorithm>

#include "api/objectmeta.h"
#include "client/eventrecorder.h"
#include "support/fakeapiclient.h"

namespace kubelab::client {
namespace {

boost::json::object deployment() {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", "web"}, {"namespace", "shop"}, {"uid", "u-1"}, {"resourceVersion", "7"}}}};
}

TEST(EventRecorderTest, PostsACoreEventAboutTheObject) {
  testing::FakeApiClient api;
  EventRecorder recorder(api, "deployment-controller", "lab-host");
  recorder.event(deployment(), EventType::Normal, "ScalingReplicaSet", "Scaled up replica set web-5d8 from 0 to 3",
                 {{"kubelab.io/why", "replicas 3"}});
  recorder.flush();
  auto events = api.storedList(resources::events);
  ASSERT_EQ(events.size(), 1u);
  const auto& event = events[0];
  EXPECT_EQ(api::namespaceOf(event), "shop");
  EXPECT_TRUE(api::name(event).starts_with("web."));
  EXPECT_EQ(api::stringAt(event, {"involvedObject", "kind"}), "Deployment");
  EXPECT_EQ(api::stringAt(event, {"involvedObject", "uid"}), "u-1");
  EXPECT_EQ(api::stringAt(event, {"reason"}), "ScalingReplicaSet");
  EXPECT_EQ(api::stringAt(event, {"type"}), "Normal");
  EXPECT_EQ(api::stringAt(event, {"source", "component"}), "deployment-controller");
  EXPECT_EQ(api::integerAt(event, {"count"}), 1);
  EXPECT_EQ(api::stringAt(event, {"metadata", "annotations", "kubelab.io/why"}), "replicas 3");
}

TEST(EventRecorderTest, RepeatsBumpTheCountOfOneEvent) {
  testing::FakeApiClient api;
  EventRecorder recorder(api, "default-scheduler");
  for (int i = 0; i < 3; ++i) {
    recorder.event(deployment(), EventType::Warning, "FailedScheduling", "0/3 nodes are available");
  }
  recorder.event(deployment(), EventType::Warning, "FailedScheduling", "0/4 nodes are available");
  recorder.flush();
  auto events = api.storedList(resources::events);
  ASSERT_EQ(events.size(), 2u);
  std::int64_t total = 0;
  for (const auto& event : events) total += api::integerAt(event, {"count"});
  EXPECT_EQ(total, 4);
  auto writes = api.writeSummaries();
  std::sort(writes.begin(), writes.end());
  EXPECT_EQ(writes, (std::vector<std::string>{"create events", "create events", "patch events", "patch events"}));
}

TEST(EventRecorderTest, ClusterScopedObjectsGetEventsInDefault) {
  testing::FakeApiClient api;
  EventRecorder recorder(api, "node-controller");
  recorder.event({{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", {{"name", "node-1"}, {"uid", "n"}}}},
                 EventType::Normal, "NodeNotReady", "Node node-1 status is now: NodeNotReady");
  recorder.flush();
  auto events = api.storedList(resources::events);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(api::namespaceOf(events[0]), "default");
}

}  // namespace
}  // namespace kubelab::client
