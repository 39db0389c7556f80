// Garbage collection: background, foreground and orphan deletion.
#include <gtest/gtest.h>

#include "client/resource.h"
#include "cluster_testharness.h"
#include "controllers/garbagecollector.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;

json::object replicaSet(const std::string& extraMetadata = "") {
  return parseObject(R"({"metadata":{"name":"web","namespace":"default","uid":"rs-uid")" + extraMetadata + "}}");
}

json::object ownedPod(const std::string& name, bool block = true) {
  return parseObject(R"({"metadata":{"name":")" + name + R"(","namespace":"default","ownerReferences":[
      {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web","uid":"rs-uid","controller":true,"blockOwnerDeletion":)" +
                     (block ? "true" : "false") + "}]}}");
}

std::string podKey(const std::string& name) {
  return controllers::GarbageCollector::itemKey(resources::pods, parseObject(R"({"metadata":{"name":")" + name +
                                                                             R"(","namespace":"default"}})"));
}

std::string replicaSetKey() { return controllers::GarbageCollector::itemKey(resources::replicaSets, replicaSet()); }

TEST(GarbageCollectorTest, KeysNameTheTypeAndTheObject) {
  EXPECT_EQ(podKey("a"), "/pods|default/a");
  EXPECT_EQ(replicaSetKey(), "apps/replicasets|default/web");
}

TEST(GarbageCollectorTest, AnObjectWhoseOwnerIsGoneIsDeletedInTheBackground) {
  ClusterControllerHarness harness;
  controllers::GarbageCollector collector(harness.context);
  harness.add(resources::pods, ownedPod("web-1"));
  ASSERT_TRUE(collector.syncItem(podKey("web-1")).isOk());
  // Not in the cache: the owner was looked up live, and so was the pod itself, before anything
  // was deleted.
  std::vector<Action> actions = harness.api.actions();
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[0].summary(), "get replicasets");
  EXPECT_EQ(actions[1].summary(), "get pods");
  EXPECT_EQ(actions[2].summary(), "delete pods");
  EXPECT_EQ(actions[2].deleteOptions.propagationPolicy, "Background");
  EXPECT_EQ(actions[2].deleteOptions.preconditionUid, "uid-web-1");
}

TEST(GarbageCollectorTest, AnOrphanThatTheCacheStillShowsOwnedIsNotDeleted) {
  ClusterControllerHarness harness;
  controllers::GarbageCollector collector(harness.context);
  harness.add(resources::pods, ownedPod("web-1"));
  // The live pod has lost its owner reference already (orphaned); the cache has not seen that.
  json::object orphaned = ownedPod("web-1");
  orphaned["metadata"].as_object().erase("ownerReferences");
  harness.api.seed(resources::pods, orphaned);
  Status synced = collector.syncItem(podKey("web-1"));
  EXPECT_EQ(synced.code(), StatusCode::Unavailable) << synced.toString();
  for (const Action& action : harness.api.actions()) EXPECT_NE(action.summary(), "delete pods");
}

TEST(GarbageCollectorTest, AnObjectWithALiveOwnerStays) {
  ClusterControllerHarness harness;
  controllers::GarbageCollector collector(harness.context);
  harness.add(resources::replicaSets, replicaSet());
  harness.add(resources::pods, ownedPod("web-1"));
  ASSERT_TRUE(collector.syncItem(podKey("web-1")).isOk());
  EXPECT_TRUE(harness.api.actions().empty());
}

TEST(GarbageCollectorTest, AnOwnerOfTheSameNameButAnotherUidIsGone) {
  ClusterControllerHarness harness;
  controllers::GarbageCollector collector(harness.context);
  // Only in the API (not the cache), and a newer incarnation.
  harness.api.seed(resources::replicaSets, parseObject(R"({"metadata":{"name":"web","namespace":"default","uid":"new"}})"));
  harness.add(resources::pods, ownedPod("web-1"));
  ASSERT_TRUE(collector.syncItem(podKey("web-1")).isOk());
  EXPECT_EQ(harness.writes(), std::vector<std::string>{"delete pods"});
}

TEST(GarbageCollectorTest, OnlyTheDanglingReferenceIsDroppedWhileAnotherOwnerLives) {
  ClusterControllerHarness harness;
  controllers::GarbageCollector collector(harness.context);
  harness.add(resources::configMaps, parseObject(R"({"metadata":{"name":"keeper","namespace":"default","uid":"cm-uid"}})"));
  harness.add(resources::pods, parseObject(R"({"metadata":{"name":"web-1","namespace":"default","ownerReferences":[
      {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web","uid":"rs-uid"},
      {"apiVersion":"v1","kind":"ConfigMap","name":"keeper","uid":"cm-uid"}]}})"));
  ASSERT_TRUE(collector.syncItem(podKey("web-1")).isOk());
  EXPECT_EQ(harness.writes(), std::vector<std::string>{"update pods"});
  auto pod = harness.api.stored(resources::pods, "default", "web-1");
  ASSERT_EQ(api::arrayAt(*pod, {"metadata", "ownerReferences"})->size(), 1u);
  EXPECT_EQ(api::stringAt(api::arrayAt(*pod, {"metadata", "ownerReferences"})->at(0).as_object(), {"uid"}), "cm-uid");
}

TEST(GarbageCollectorTest, ForegroundDeletionDeletesDependentsThenRemovesTheFinalizer) {
  ClusterControllerHarness harness;
  controllers::GarbageCollector collector(harness.context);
  harness.add(resources::replicaSets,
              replicaSet(R"(,"deletionTimestamp":"2026-01-01T00:00:00Z","finalizers":["foregroundDeletion"])"));
  harness.add(resources::pods, ownedPod("web-1"));
  harness.add(resources::pods, ownedPod("web-2", false));
  ASSERT_TRUE(collector.syncItem(replicaSetKey()).isOk());
  // Both dependents are deleted; web-1 blocks the owner, so the finalizer stays for now.
  EXPECT_EQ(harness.writes(), (std::vector<std::string>{"delete pods", "delete pods"}));

  // The blocking pod is gone (from the cache too); the non-blocking one does not hold the owner.
  (void)harness.informers.informer(resources::pods).indexer().remove("default/web-1");
  harness.api.clearActions();
  ASSERT_TRUE(collector.syncItem(replicaSetKey()).isOk());
  auto writes = harness.writes();
  ASSERT_FALSE(writes.empty());
  EXPECT_EQ(writes.back(), "update replicasets");
  auto owner = harness.api.stored(resources::replicaSets, "default", "web");
  EXPECT_TRUE(api::arrayAt(*owner, {"metadata", "finalizers"})->empty());
}

TEST(GarbageCollectorTest, ADependentOfAForegroundOwnerWithDependentsOfItsOwnGoesInTheForeground) {
  ClusterControllerHarness harness;
  controllers::GarbageCollector collector(harness.context);
  harness.add(resources::deployments, parseObject(R"({"metadata":{"name":"web","namespace":"default","uid":"d-uid",
      "deletionTimestamp":"2026-01-01T00:00:00Z","finalizers":["foregroundDeletion"]}})"));
  harness.add(resources::replicaSets, parseObject(R"({"metadata":{"name":"web","namespace":"default","uid":"rs-uid",
      "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"d-uid","blockOwnerDeletion":true}]}})"));
  harness.add(resources::pods, ownedPod("web-1"));
  ASSERT_TRUE(collector.syncItem(replicaSetKey()).isOk());
  std::vector<Action> writes = harness.api.writeActions();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].summary(), "delete replicasets");
  EXPECT_EQ(writes[0].deleteOptions.propagationPolicy, "Foreground");
}

TEST(GarbageCollectorTest, OrphanDeletionReleasesDependentsThenRemovesTheFinalizer) {
  ClusterControllerHarness harness;
  controllers::GarbageCollector collector(harness.context);
  harness.add(resources::replicaSets,
              replicaSet(R"(,"deletionTimestamp":"2026-01-01T00:00:00Z","finalizers":["orphan"])"));
  harness.add(resources::pods, ownedPod("web-1"));
  ASSERT_TRUE(collector.syncItem(replicaSetKey()).isOk());
  EXPECT_EQ(harness.writes(), (std::vector<std::string>{"update pods", "update replicasets"}));
  auto pod = harness.api.stored(resources::pods, "default", "web-1");
  EXPECT_EQ(api::arrayAt(*pod, {"metadata", "ownerReferences"}), nullptr);
  EXPECT_TRUE(harness.api.stored(resources::pods, "default", "web-1"));
}

TEST(GarbageCollectorTest, AnOwnerOfAnUnknownKindIsNeverAssumedGone) {
  ClusterControllerHarness harness;
  controllers::GarbageCollector collector(harness.context);
  harness.add(resources::pods, parseObject(R"({"metadata":{"name":"web-1","namespace":"default","ownerReferences":[
      {"apiVersion":"example.com/v1","kind":"Widget","name":"w","uid":"w-uid"}]}})"));
  ASSERT_TRUE(collector.syncItem(podKey("web-1")).isOk());
  EXPECT_TRUE(harness.writes().empty());
}

TEST(GarbageCollectorTest, AClusterScopedObjectNamingANamespacedOwnerIsLeftAlone) {
  ClusterControllerHarness harness;
  controllers::GarbageCollector collector(harness.context);
  harness.add(resources::nodes, parseObject(R"({"metadata":{"name":"node-1","ownerReferences":[
      {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web","uid":"rs-uid"}]}})"));
  ASSERT_TRUE(collector.syncItem("/nodes|node-1").isOk());
  EXPECT_TRUE(harness.api.actions().empty());
}

TEST(GarbageCollectorTest, AFailedOwnerLookupIsRetried) {
  ClusterControllerHarness harness;
  controllers::GarbageCollector collector(harness.context);
  harness.add(resources::pods, ownedPod("web-1"));
  harness.api.failNext("get", "replicasets", unavailable("connection refused"));
  EXPECT_EQ(collector.syncItem(podKey("web-1")).code(), StatusCode::Unavailable);
  EXPECT_TRUE(harness.writes().empty());
}

}  // namespace
}  // namespace kubelab::testing
