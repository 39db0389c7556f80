// The ReplicaSet/ReplicationController sync, one key at a time, against a recording fake API.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "api/objectmeta.h"
#include "controllers/podutil.h"
#include "controllers/replicasetcontroller.h"
#include "support/fakeapiclient.h"
#include "workloads_fixtures.h"

namespace kubelab::controllers {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using testing::FakeApiClient;
namespace fixtures = testing::workloads;

class ReplicaSetSyncTest : public ::testing::Test {
 protected:
  explicit ReplicaSetSyncTest(ReplicaSetKind kind = ReplicaSetKind::replicaSet()) : kind_(std::move(kind)) {}

  ReplicaSetController& controller() {
    if (!controller_) {
      controller_ = std::make_unique<ReplicaSetController>(
          kind_, api_, owners_, pods_, std::make_unique<client::EventRecorder>(eventApi_, kind_.component));
      controller_->setClock([] { return controllers::parseTimestamp("2026-01-01T01:00:00Z"); });
    }
    return *controller_;
  }

  // Puts an object both in the cache (what the informer saw) and in the fake server.
  void addOwner(const json::object& owner) {
    owners_.upsert(owner);
    api_.seed(kind_.resource, owner);
  }
  void addPod(const json::object& pod) {
    pods_.upsert(pod);
    api_.seed(client::resources::pods, pod);
  }

  // (reason, message) of every event posted.
  std::vector<std::pair<std::string, std::string>> events() {
    controller().recorder().flush();
    std::vector<std::pair<std::string, std::string>> posted;
    for (const auto& event : eventApi_.storedList(client::resources::events)) {
      posted.emplace_back(api::stringAt(event, {"reason"}), api::stringAt(event, {"message"}));
    }
    std::sort(posted.begin(), posted.end());
    return posted;
  }

  // What the informer would deliver after the controller's own status update.
  void refreshOwnerCache(const std::string& name) {
    if (auto stored = api_.stored(kind_.resource, "default", name)) owners_.upsert(*stored);
  }

  json::object lastStatusUpdate() {
    json::object status;
    for (const auto& action : api_.writeActions()) {
      if (action.verb == "update" && action.subresource == "status") status = *api::objectAt(action.object, {"status"});
    }
    return status;
  }

  ReplicaSetKind kind_;
  FakeApiClient api_;
  FakeApiClient eventApi_;
  client::Indexer owners_;
  client::Indexer pods_;
  std::unique_ptr<ReplicaSetController> controller_;
};

TEST_F(ReplicaSetSyncTest, CreatesTheMissingPodsWithControllerReferences) {
  addOwner(fixtures::replicaSet("web", 3));
  addPod(fixtures::pod("web-a", "web"));
  ASSERT_TRUE(controller().syncReplicaSet("default/web").isOk());
  EXPECT_THAT(api_.writeSummaries(), ElementsAre("create pods", "create pods", "update replicasets/status"));
  for (const auto& action : api_.writeActions()) {
    if (action.verb != "create") continue;
    EXPECT_EQ(api::stringAt(action.object, {"metadata", "generateName"}), "web-");
    EXPECT_EQ(api::stringAt(action.object, {"metadata", "labels", "app"}), "web");
    const auto& reference = api::arrayAt(action.object, {"metadata", "ownerReferences"})->at(0).as_object();
    EXPECT_EQ(api::stringAt(reference, {"kind"}), "ReplicaSet");
    EXPECT_EQ(api::stringAt(reference, {"uid"}), "uid-web");
    EXPECT_TRUE(api::booleanAt(reference, {"controller"}));
  }
  auto posted = events();
  ASSERT_EQ(posted.size(), 2u);
  EXPECT_EQ(posted[0].first, "SuccessfulCreate");
  EXPECT_THAT(posted[0].second, ::testing::StartsWith("Created pod: web-"));
  // Status counts the pods that existed when the sync began, as upstream does.
  json::object status = lastStatusUpdate();
  EXPECT_EQ(api::integerAt(status, {"replicas"}), 1);
  EXPECT_EQ(api::integerAt(status, {"observedGeneration"}), 1);
}

TEST_F(ReplicaSetSyncTest, ExpectationsStopASecondRoundOfCreatesUntilTheInformerCatchesUp) {
  addOwner(fixtures::replicaSet("web", 3));
  ASSERT_TRUE(controller().syncReplicaSet("default/web").isOk());
  EXPECT_EQ(api_.writeSummaries().size(), 4u);  // three creates and the status
  refreshOwnerCache("web");
  api_.clearActions();
  // The cache has not seen the pods yet: a sync now must not create them again.
  ASSERT_TRUE(controller().syncReplicaSet("default/web").isOk());
  EXPECT_TRUE(api_.writeSummaries().empty()) << ::testing::PrintToString(api_.writeSummaries());
  // Once the informer delivers them, the expectations are met and nothing is missing.
  for (const auto& created : api_.storedList(client::resources::pods)) controller().onPodAdded(
      std::make_shared<const json::object>(created));
  for (const auto& created : api_.storedList(client::resources::pods)) pods_.upsert(created);
  EXPECT_TRUE(controller().expectations().satisfied("default/web"));
  ASSERT_TRUE(controller().syncReplicaSet("default/web").isOk());
  EXPECT_THAT(api_.writeSummaries(), ElementsAre("update replicasets/status"));
}

TEST_F(ReplicaSetSyncTest, CreatesInSlowStartBatchesAndStopsAtTheFirstFailure) {
  addOwner(fixtures::replicaSet("web", 10));
  api_.failNext("create", "pods", Status(StatusCode::Forbidden, "pods \"web-x\" is forbidden: exceeded quota"), 2);
  Status status = controller().syncReplicaSet("default/web");
  EXPECT_EQ(status.code(), StatusCode::Forbidden);
  // Batch 1 (one create) fails, so nothing more is tried.
  EXPECT_THAT(api_.writeSummaries(), ElementsAre("create pods", "update replicasets/status"));
  EXPECT_THAT(events(), ElementsAre(std::pair<std::string, std::string>(
                            "FailedCreate", "Error creating: pods \"web-x\" is forbidden: exceeded quota")));
  json::object condition = api::arrayAt(lastStatusUpdate(), {"conditions"})->at(0).as_object();
  EXPECT_EQ(api::stringAt(condition, {"type"}), "ReplicaFailure");
  EXPECT_EQ(api::stringAt(condition, {"reason"}), "FailedCreate");
  EXPECT_EQ(api::stringAt(condition, {"message"}), "pods \"web-x\" is forbidden: exceeded quota");
  // Every skipped creation was given back, so the next sync may try again.
  EXPECT_TRUE(controller().expectations().satisfied("default/web"));
}

TEST_F(ReplicaSetSyncTest, DeletesTheLeastUsefulPodsFirst) {
  addOwner(fixtures::replicaSet("web", 1));
  addPod(fixtures::pod("ready", "web", "ReplicaSet", "Running", true, "node-1"));
  addPod(fixtures::pod("pending", "web", "ReplicaSet", "Pending", false, "node-1"));
  addPod(fixtures::pod("unscheduled", "web", "ReplicaSet", "Pending", false, ""));
  addPod(fixtures::pod("not-ready", "web", "ReplicaSet", "Running", false, "node-2"));
  ASSERT_TRUE(controller().syncReplicaSet("default/web").isOk());
  std::vector<std::string> deleted;
  for (const auto& action : api_.writeActions()) {
    if (action.verb == "delete") deleted.push_back(action.name);
  }
  std::sort(deleted.begin(), deleted.end());
  EXPECT_THAT(deleted, ElementsAre("not-ready", "pending", "unscheduled"));
  EXPECT_EQ(events().size(), 3u);
  EXPECT_FALSE(controller().expectations().satisfied("default/web"));
  // A pod seen terminating and then deleted counts once.
  auto gone = std::make_shared<const json::object>(fixtures::pod("pending", "web", "ReplicaSet", "Pending", false));
  controller().onPodDeleted(gone);
  controller().onPodDeleted(gone);
  EXPECT_FALSE(controller().expectations().satisfied("default/web"));
  controller().onPodDeleted(std::make_shared<const json::object>(fixtures::pod("unscheduled", "web")));
  controller().onPodDeleted(std::make_shared<const json::object>(fixtures::pod("not-ready", "web")));
  EXPECT_TRUE(controller().expectations().satisfied("default/web"));
}

TEST_F(ReplicaSetSyncTest, AdoptsMatchingOrphansAndReleasesPodsThatNoLongerMatch) {
  addOwner(fixtures::replicaSet("web", 2));
  addPod(fixtures::pod("orphan", ""));
  json::object relabeled = fixtures::pod("relabeled", "web");
  relabeled["metadata"].as_object()["labels"] = json::object{{"app", "debug"}};
  addPod(relabeled);
  json::object foreign = fixtures::pod("foreign", "other");
  addPod(foreign);
  ASSERT_TRUE(controller().syncReplicaSet("default/web").isOk());
  std::vector<std::string> patches;
  for (const auto& action : api_.writeActions()) {
    if (action.verb == "patch") patches.push_back(action.name + " " + action.patch);
  }
  ASSERT_EQ(patches.size(), 2u);
  std::sort(patches.begin(), patches.end());
  EXPECT_THAT(patches[0], ::testing::HasSubstr("orphan {\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"apps/v1\","
                                              "\"kind\":\"ReplicaSet\",\"name\":\"web\",\"uid\":\"uid-web\""));
  EXPECT_THAT(patches[1], ::testing::HasSubstr("relabeled {\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\","
                                              "\"uid\":\"uid-web\"}],\"uid\":\"uid-relabeled\"}}"));
  // The adopted orphan counts, so one pod is created for the second replica.
  auto summaries = api_.writeSummaries();
  EXPECT_EQ(std::count(summaries.begin(), summaries.end(), "create pods"), 1);
}

TEST_F(ReplicaSetSyncTest, StatusCountsReadyAvailableAndFullyLabeledPods) {
  json::object owner = fixtures::replicaSet("web", 3);
  owner["spec"].as_object()["template"].as_object()["metadata"].as_object()["labels"] =
      json::object{{"app", "web"}, {"tier", "front"}};
  owner["spec"].as_object()["minReadySeconds"] = 3600;  // ready at 00:00:10, now is 01:00:00
  addOwner(owner);
  json::object fullyLabeled = fixtures::pod("full", "web");
  fullyLabeled["metadata"].as_object()["labels"] = json::object{{"app", "web"}, {"tier", "front"}};
  addPod(fullyLabeled);
  addPod(fixtures::pod("ready", "web"));
  addPod(fixtures::pod("starting", "web", "ReplicaSet", "Pending", false));
  json::object done = fixtures::pod("done", "web", "ReplicaSet", "Succeeded", false);
  addPod(done);
  ASSERT_TRUE(controller().syncReplicaSet("default/web").isOk());
  json::object status = lastStatusUpdate();
  EXPECT_EQ(api::integerAt(status, {"replicas"}), 3);  // the Succeeded pod is not active
  EXPECT_EQ(api::integerAt(status, {"fullyLabeledReplicas"}), 1);
  EXPECT_EQ(api::integerAt(status, {"readyReplicas"}), 2);
  EXPECT_EQ(api::integerAt(status, {"availableReplicas"}), 0);  // ready 59m50s < 1h
  // Same status again: no update.
  api_.clearActions();
  json::object synced = owner;
  synced["status"] = status;
  owners_.upsert(synced);
  ASSERT_TRUE(controller().syncReplicaSet("default/web").isOk());
  EXPECT_TRUE(api_.writeSummaries().empty()) << ::testing::PrintToString(api_.writeSummaries());
}

TEST_F(ReplicaSetSyncTest, AGoneOwnerIsDone) {
  EXPECT_TRUE(controller().syncReplicaSet("default/missing").isOk());
  EXPECT_TRUE(api_.writeSummaries().empty());
}

TEST_F(ReplicaSetSyncTest, FailedDeletesAreReportedAndRetried) {
  addOwner(fixtures::replicaSet("web", 0));
  addPod(fixtures::pod("web-a", "web"));
  api_.failNext("delete", "pods", Status(StatusCode::Forbidden, "pods \"web-a\" is forbidden: no"));
  Status status = controller().syncReplicaSet("default/web");
  EXPECT_EQ(status.code(), StatusCode::Forbidden);
  EXPECT_THAT(events(), ElementsAre(std::pair<std::string, std::string>(
                            "FailedDelete", "Error deleting: pods \"web-a\" is forbidden: no")));
  json::object condition = api::arrayAt(lastStatusUpdate(), {"conditions"})->at(0).as_object();
  EXPECT_EQ(api::stringAt(condition, {"reason"}), "FailedDelete");
  // The failed deletion will never be observed: the next sync may try again.
  EXPECT_TRUE(controller().expectations().satisfied("default/web"));
}

TEST_F(ReplicaSetSyncTest, HandlersEnqueueTheOwnerOrEveryOwnerThatMightAdopt) {
  addOwner(fixtures::replicaSet("web", 1));
  json::object other = fixtures::replicaSet("other", 1);
  other["spec"].as_object()["selector"] = json::object{{"matchLabels", {{"app", "other"}}}};
  addOwner(other);
  auto& queue = controller().loop().queue();
  controller().onPodAdded(std::make_shared<const json::object>(fixtures::pod("orphan", "")));
  EXPECT_EQ(queue.length(), 1u);  // only "web" selects app=web
  auto key = queue.get();
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(*key, "default/web");
  queue.done(*key);
  // A resync (same resourceVersion) changes nothing and enqueues nothing.
  auto pod = std::make_shared<const json::object>(fixtures::pod("web-a", "web"));
  controller().onPodUpdated(pod, pod);
  EXPECT_EQ(queue.length(), 0u);
  // A pod of someone else is not our business.
  controller().onPodAdded(std::make_shared<const json::object>(fixtures::pod("foreign", "unknown")));
  EXPECT_EQ(queue.length(), 0u);
}

class ReplicationControllerSyncTest : public ReplicaSetSyncTest {
 protected:
  ReplicationControllerSyncTest() : ReplicaSetSyncTest(ReplicaSetKind::replicationController()) {}
};

TEST_F(ReplicationControllerSyncTest, UsesTheMapSelectorAndItsOwnKind) {
  addOwner(fixtures::replicationController("legacy", 2));
  addPod(fixtures::pod("legacy-a", "legacy", "ReplicationController"));
  addPod(fixtures::pod("stray", ""));
  ASSERT_TRUE(controller().syncReplicaSet("default/legacy").isOk());
  EXPECT_THAT(api_.writeSummaries(), ElementsAre("patch pods", "update replicationcontrollers/status"));
  const auto& patch = api_.writeActions()[0].patch;
  EXPECT_THAT(patch, ::testing::HasSubstr("\"apiVersion\":\"v1\",\"kind\":\"ReplicationController\""));
  EXPECT_EQ(api::integerAt(lastStatusUpdate(), {"replicas"}), 2);
}

}  // namespace
}  // namespace kubelab::controllers
