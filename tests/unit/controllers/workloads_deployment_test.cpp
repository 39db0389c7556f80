// The Deployment sync, one key at a time, against a recording fake API.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "controllers/deploymentcontroller.h"
#include "controllers/deploymentutil.h"
#include "controllers/podutil.h"
#include "support/fakeapiclient.h"
#include "workloads_fixtures.h"

namespace kubelab::controllers {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace fixtures = testing::workloads;

json::object deployment(std::int64_t replicas, const std::string& image = "nginx:1.25", json::value maxSurge = 1,
                        json::value maxUnavailable = 0) {
  return json::object{
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", {{"name", "web"}, {"namespace", "default"}, {"uid", "uid-web"}, {"generation", 1}}},
      {"spec",
       {{"replicas", replicas},
        {"selector", {{"matchLabels", {{"app", "web"}}}}},
        {"template", fixtures::podTemplate(image)},
        {"strategy", {{"type", "RollingUpdate"},
                      {"rollingUpdate", {{"maxSurge", maxSurge}, {"maxUnavailable", maxUnavailable}}}}},
        {"revisionHistoryLimit", 10},
        {"progressDeadlineSeconds", 600}}},
      {"status", json::object()}};
}

// A ReplicaSet of the Deployment, created at `created`, with `available` of `replicas` ready.
json::object ownedReplicaSet(const std::string& name, const std::string& image, std::int64_t replicas,
                             std::int64_t available, const std::string& revision,
                             const std::string& created = "2026-01-01T00:00:00Z", std::int64_t desired = -1) {
  json::object replicaSet = fixtures::replicaSet(name, replicas, image);
  auto& metadata = replicaSet["metadata"].as_object();
  metadata["creationTimestamp"] = created;
  metadata["labels"] = json::object{{"app", "web"}, {kPodTemplateHashLabel, name}};
  metadata["ownerReferences"] = json::array{json::object{{"apiVersion", "apps/v1"}, {"kind", "Deployment"},
                                                         {"name", "web"}, {"uid", "uid-web"}, {"controller", true}}};
  metadata["annotations"] = json::object{{kRevisionAnnotation, revision}};
  if (desired >= 0) {
    metadata["annotations"].as_object()[kDesiredReplicasAnnotation] = std::to_string(desired);
  }
  replicaSet["spec"].as_object()["template"].as_object()["metadata"].as_object()["labels"].as_object()
      [kPodTemplateHashLabel] = name;
  replicaSet["status"] = json::object{{"replicas", replicas}, {"readyReplicas", available},
                                      {"availableReplicas", available}, {"observedGeneration", 1}};
  return replicaSet;
}

class DeploymentSyncTest : public ::testing::Test {
 protected:
  DeploymentSyncTest()
      : controller_(api_, deployments_, replicaSets_, pods_,
                    std::make_unique<client::EventRecorder>(eventApi_, "deployment-controller")) {
    controller_.setClock([this] { return now_; });
  }

  void addDeployment(json::object object) {
    api_.seed(client::resources::deployments, object);
    deployments_.upsert(*api_.stored(client::resources::deployments, "default", api::name(object)));
  }
  void addReplicaSet(json::object object) {
    api_.seed(client::resources::replicaSets, object);
    replicaSets_.upsert(*api_.stored(client::resources::replicaSets, "default", api::name(object)));
  }
  // What the informers would deliver after the controller's writes.
  void refreshCaches() {
    for (const auto& object : api_.storedList(client::resources::deployments)) deployments_.upsert(object);
    for (const auto& object : api_.storedList(client::resources::replicaSets)) replicaSets_.upsert(object);
    for (const auto& key : replicaSets_.keys()) {
      auto [ns, name] = client::splitObjectKey(key);
      if (!api_.stored(client::resources::replicaSets, ns, name)) replicaSets_.remove(key);
    }
  }
  std::vector<std::string> events() {
    controller_.recorder().flush();
    std::vector<std::string> messages;
    for (const auto& event : eventApi_.storedList(client::resources::events)) {
      messages.push_back(api::stringAt(event, {"reason"}) + ": " + api::stringAt(event, {"message"}));
    }
    return messages;
  }
  json::object storedDeployment() { return *api_.stored(client::resources::deployments, "default", "web"); }
  std::int64_t replicasOf(const std::string& name) {
    return api::integerAt(*api_.stored(client::resources::replicaSets, "default", name), {"spec", "replicas"});
  }
  std::string progressing(const json::object& object, const char* field) {
    const auto* conditions = api::arrayAt(object, {"status", "conditions"});
    if (conditions == nullptr) return "";
    for (const auto& condition : *conditions) {
      if (api::stringAt(condition.as_object(), {"type"}) == "Progressing") {
        return api::stringAt(condition.as_object(), {field});
      }
    }
    return "";
  }

  testing::FakeApiClient api_;
  testing::FakeApiClient eventApi_;
  client::Indexer deployments_;
  client::Indexer replicaSets_;
  client::Indexer pods_;
  std::chrono::system_clock::time_point now_ = parseTimestamp("2026-01-01T01:00:00Z");
  DeploymentController controller_;
};

TEST_F(DeploymentSyncTest, ANewDeploymentCreatesItsReplicaSetAtFullSize) {
  addDeployment(deployment(3));
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  EXPECT_THAT(api_.writeSummaries(), ElementsAre("create replicasets", "patch deployments",
                                                 "update deployments/status", "update deployments/status"));
  auto replicaSets = api_.storedList(client::resources::replicaSets);
  ASSERT_EQ(replicaSets.size(), 1u);
  const json::object& replicaSet = replicaSets[0];
  std::string hash = api::stringAt(replicaSet, {"spec", "template", "metadata", "labels", kPodTemplateHashLabel});
  ASSERT_FALSE(hash.empty());
  EXPECT_EQ(api::name(replicaSet), "web-" + hash);
  EXPECT_EQ(api::stringAt(replicaSet, {"spec", "selector", "matchLabels", kPodTemplateHashLabel}), hash);
  EXPECT_EQ(api::integerAt(replicaSet, {"spec", "replicas"}), 3);
  EXPECT_EQ(api::stringAt(replicaSet, {"metadata", "annotations", kRevisionAnnotation}), "1");
  EXPECT_EQ(api::stringAt(replicaSet, {"metadata", "annotations", kDesiredReplicasAnnotation}), "3");
  EXPECT_EQ(api::stringAt(replicaSet, {"metadata", "annotations", kMaxReplicasAnnotation}), "4");
  EXPECT_EQ(api::stringAt(replicaSet, {"metadata", "ownerReferences"}), "");
  EXPECT_EQ(api::stringAt(api::arrayAt(replicaSet, {"metadata", "ownerReferences"})->at(0).as_object(), {"kind"}),
            "Deployment");
  EXPECT_THAT(events(), ElementsAre("ScalingReplicaSet: Scaled up replica set web-" + hash + " from 0 to 3"));
  json::object stored = storedDeployment();
  EXPECT_EQ(api::stringAt(stored, {"metadata", "annotations", kRevisionAnnotation}), "1");
  EXPECT_EQ(progressing(stored, "reason"), "NewReplicaSetCreated");
  EXPECT_EQ(progressing(stored, "message"), "Created new replica set \"web-" + hash + "\"");
  EXPECT_EQ(api::integerAt(stored, {"status", "observedGeneration"}), 1);
}

TEST_F(DeploymentSyncTest, RollingUpdateSurgesFirstThenScalesDownOldOnlyAsNewPodsBecomeAvailable) {
  addDeployment(deployment(3, "nginx:1.26"));
  addReplicaSet(ownedReplicaSet("web-old", "nginx:1.25", 3, 3, "1", "2026-01-01T00:00:00Z", 3));
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  // maxSurge 1, maxUnavailable 0: one new pod, and nothing old may go yet.
  std::string newName;
  for (const auto& replicaSet : api_.storedList(client::resources::replicaSets)) {
    if (api::name(replicaSet) != "web-old") newName = api::name(replicaSet);
  }
  ASSERT_FALSE(newName.empty());
  EXPECT_EQ(replicasOf(newName), 1);
  EXPECT_EQ(replicasOf("web-old"), 3);
  EXPECT_EQ(api::stringAt(*api_.stored(client::resources::replicaSets, "default", newName),
                          {"metadata", "annotations", kRevisionAnnotation}),
            "2");

  // The new pod becomes available: one old pod may go.
  refreshCaches();
  json::object newReplicaSet = *api_.stored(client::resources::replicaSets, "default", newName);
  newReplicaSet["status"] = json::object{{"replicas", 1}, {"readyReplicas", 1}, {"availableReplicas", 1}};
  api_.seed(client::resources::replicaSets, newReplicaSet);
  refreshCaches();
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  EXPECT_EQ(replicasOf("web-old"), 2);
  EXPECT_EQ(replicasOf(newName), 1);
  EXPECT_THAT(events(), ::testing::Contains("ScalingReplicaSet: Scaled down replica set web-old from 3 to 2"));
}

TEST_F(DeploymentSyncTest, MaxUnavailableLetsOldPodsGoBeforeNewOnesAreReady) {
  addDeployment(deployment(4, "nginx:1.26", 0, "50%"));
  addReplicaSet(ownedReplicaSet("web-old", "nginx:1.25", 4, 4, "1", "2026-01-01T00:00:00Z", 4));
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  // No surge: the new ReplicaSet starts at 0 and two old pods may be unavailable.
  EXPECT_EQ(replicasOf("web-old"), 2);
}

TEST_F(DeploymentSyncTest, UnhealthyOldReplicasAreCleanedUpFirst) {
  addDeployment(deployment(3, "nginx:1.27"));
  addReplicaSet(ownedReplicaSet("web-a", "nginx:1.25", 2, 2, "1", "2026-01-01T00:00:00Z", 3));
  addReplicaSet(ownedReplicaSet("web-b", "nginx:1.26", 1, 0, "2", "2026-01-01T00:10:00Z", 3));
  json::object newest = ownedReplicaSet("web-c", "nginx:1.27", 1, 1, "3", "2026-01-01T00:20:00Z", 3);
  addReplicaSet(newest);
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  // 4 pods, 3 must stay available, the new one is available: one may go, and it is the broken one.
  EXPECT_EQ(replicasOf("web-b"), 0);
  EXPECT_EQ(replicasOf("web-a"), 2);
}

TEST_F(DeploymentSyncTest, RecreateScalesOldToZeroAndWaitsForTheirPods) {
  json::object recreate = deployment(2, "nginx:1.26");
  recreate["spec"].as_object()["strategy"] = json::object{{"type", "Recreate"}};
  addDeployment(recreate);
  addReplicaSet(ownedReplicaSet("web-old", "nginx:1.25", 2, 2, "1"));
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  EXPECT_EQ(replicasOf("web-old"), 0);
  EXPECT_EQ(api_.storedList(client::resources::replicaSets).size(), 1u);

  // Scaled to zero but a pod still runs: no new ReplicaSet yet.
  json::object old = *api_.stored(client::resources::replicaSets, "default", "web-old");
  old["status"] = json::object{{"replicas", 0}, {"observedGeneration", 1}};
  api_.seed(client::resources::replicaSets, old);
  refreshCaches();
  pods_.upsert(fixtures::pod("web-old-x", "web-old"));
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  EXPECT_EQ(api_.storedList(client::resources::replicaSets).size(), 1u);

  pods_.remove("default/web-old-x");
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  ASSERT_EQ(api_.storedList(client::resources::replicaSets).size(), 2u);
  for (const auto& replicaSet : api_.storedList(client::resources::replicaSets)) {
    if (api::name(replicaSet) != "web-old") {
      EXPECT_EQ(api::integerAt(replicaSet, {"spec", "replicas"}), 2);
    }
  }
}

TEST_F(DeploymentSyncTest, ScalingMidRolloutIsProportional) {
  // 10 replicas with maxSurge 3 mid-rollout (8 old + 5 new, both scaled for 13), then scaled to 20.
  addDeployment(deployment(20, "nginx:1.26", 3, 0));
  json::object old = ownedReplicaSet("web-old", "nginx:1.25", 8, 8, "1", "2026-01-01T00:00:00Z", 10);
  old["metadata"].as_object()["annotations"].as_object()[kMaxReplicasAnnotation] = "13";
  addReplicaSet(old);
  json::object fresh = ownedReplicaSet("web-new", "nginx:1.26", 5, 0, "2", "2026-01-01T00:10:00Z", 10);
  fresh["metadata"].as_object()["annotations"].as_object()[kMaxReplicasAnnotation] = "13";
  addReplicaSet(fresh);
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  EXPECT_EQ(replicasOf("web-old"), 14);
  EXPECT_EQ(replicasOf("web-new"), 9);
  auto newAnnotations = api::stringMap(*api_.stored(client::resources::replicaSets, "default", "web-new"),
                                       {"metadata", "annotations"});
  EXPECT_EQ(newAnnotations[kDesiredReplicasAnnotation], "20");
  EXPECT_EQ(newAnnotations[kMaxReplicasAnnotation], "23");
}

TEST_F(DeploymentSyncTest, CompleteRolloutDeletesReplicaSetsBeyondTheHistoryLimit) {
  json::object limited = deployment(2);
  limited["spec"].as_object()["revisionHistoryLimit"] = 1;
  limited["metadata"].as_object()["annotations"] = json::object{{kRevisionAnnotation, "4"}};
  addDeployment(limited);
  addReplicaSet(ownedReplicaSet("web-r1", "nginx:1.21", 0, 0, "1"));
  addReplicaSet(ownedReplicaSet("web-r2", "nginx:1.22", 0, 0, "2"));
  addReplicaSet(ownedReplicaSet("web-r3", "nginx:1.23", 0, 0, "3"));
  addReplicaSet(ownedReplicaSet("web-current", "nginx:1.25", 2, 2, "4", "2026-01-01T00:30:00Z", 2));
  // The Deployment's status already says complete.
  json::object stored = storedDeployment();
  stored["status"] = json::object{{"observedGeneration", 1}, {"replicas", 2}, {"updatedReplicas", 2},
                                  {"availableReplicas", 2}, {"readyReplicas", 2}};
  api_.seed(client::resources::deployments, stored);
  refreshCaches();
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  std::vector<std::string> deleted;
  for (const auto& action : api_.writeActions()) {
    if (action.verb == "delete") deleted.push_back(action.name);
  }
  EXPECT_THAT(deleted, ElementsAre("web-r1", "web-r2"));
}

TEST_F(DeploymentSyncTest, PausedDeploymentDoesNotRollOut) {
  json::object paused = deployment(3, "nginx:1.26");
  paused["spec"].as_object()["paused"] = true;
  addDeployment(paused);
  addReplicaSet(ownedReplicaSet("web-old", "nginx:1.25", 3, 3, "1", "2026-01-01T00:00:00Z", 3));
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  EXPECT_EQ(api_.storedList(client::resources::replicaSets).size(), 1u);
  EXPECT_EQ(progressing(storedDeployment(), "reason"), "DeploymentPaused");
  EXPECT_EQ(progressing(storedDeployment(), "status"), "Unknown");
  EXPECT_EQ(progressing(storedDeployment(), "message"), "Deployment is paused");
}

TEST_F(DeploymentSyncTest, NoProgressPastTheDeadlineIsReported) {
  json::object stuck = deployment(2);
  stuck["spec"].as_object()["progressDeadlineSeconds"] = 60;
  stuck["metadata"].as_object()["annotations"] = json::object{{kRevisionAnnotation, "1"}};
  stuck["status"] = json::object{
      {"observedGeneration", 1}, {"replicas", 2}, {"updatedReplicas", 2}, {"unavailableReplicas", 2},
      {"conditions", json::array{json::object{{"type", "Progressing"}, {"status", "True"},
                                              {"lastUpdateTime", "2026-01-01T00:50:00Z"},
                                              {"lastTransitionTime", "2026-01-01T00:50:00Z"},
                                              {"reason", "ReplicaSetUpdated"},
                                              {"message", "ReplicaSet \"web-current\" is progressing."}}}}};
  addDeployment(stuck);
  addReplicaSet(ownedReplicaSet("web-current", "nginx:1.25", 2, 0, "1", "2026-01-01T00:00:00Z", 2));
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  json::object stored = storedDeployment();
  EXPECT_EQ(progressing(stored, "reason"), "ProgressDeadlineExceeded");
  EXPECT_EQ(progressing(stored, "status"), "False");
  EXPECT_EQ(progressing(stored, "message"), "ReplicaSet \"web-current\" has timed out progressing.");
  // And Available says why: none of the 2 is available, maxUnavailable is 0.
  EXPECT_THAT(json::serialize(stored["status"]), HasSubstr("\"reason\":\"MinimumReplicasUnavailable\""));
}

TEST_F(DeploymentSyncTest, UndoReusesTheOldReplicaSetUnderANewRevision) {
  // The template went back to nginx:1.25, which revision 1's ReplicaSet runs.
  addDeployment(deployment(2, "nginx:1.25"));
  addReplicaSet(ownedReplicaSet("web-one", "nginx:1.25", 0, 0, "1", "2026-01-01T00:00:00Z", 2));
  addReplicaSet(ownedReplicaSet("web-two", "nginx:1.26", 2, 2, "2", "2026-01-01T00:10:00Z", 2));
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  auto annotations = api::stringMap(*api_.stored(client::resources::replicaSets, "default", "web-one"),
                                    {"metadata", "annotations"});
  EXPECT_EQ(annotations[kRevisionAnnotation], "3");
  EXPECT_EQ(annotations[kRevisionHistoryAnnotation], "1");
  EXPECT_EQ(api_.storedList(client::resources::replicaSets).size(), 2u);  // nothing new created
}

TEST_F(DeploymentSyncTest, AHashCollisionBumpsCollisionCount) {
  addDeployment(deployment(1));
  // Someone else's ReplicaSet already has the name the template hashes to.
  std::string taken = "web-" + podTemplateHash(fixtures::podTemplate(), std::nullopt);
  json::object squatter = fixtures::replicaSet(taken, 1, "busybox");
  api_.seed(client::resources::replicaSets, squatter);
  Status status = controller_.syncDeployment("default/web");
  EXPECT_EQ(status.code(), StatusCode::AlreadyExists);
  EXPECT_EQ(api::integerAt(storedDeployment(), {"status", "collisionCount"}), 1);
  // With the new collisionCount the hash, and so the name, differs.
  refreshCaches();
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  EXPECT_EQ(api_.storedList(client::resources::replicaSets).size(), 2u);
}

TEST_F(DeploymentSyncTest, ADeploymentSelectingEverythingIsRefused) {
  json::object everything = deployment(1);
  everything["spec"].as_object()["selector"] = json::object();
  addDeployment(everything);
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  EXPECT_THAT(api_.writeSummaries(), ElementsAre("update deployments/status"));
  EXPECT_THAT(events(), ElementsAre("SelectingAll: This deployment is selecting all pods. A non-empty selector is "
                                    "required."));
}

TEST_F(DeploymentSyncTest, AReplicaSetsFailureShowsOnTheDeployment) {
  json::object d = deployment(2);
  d["metadata"].as_object()["annotations"] = json::object{{kRevisionAnnotation, "1"}};
  addDeployment(d);
  json::object failing = ownedReplicaSet("web-current", "nginx:1.25", 2, 1, "1", "2026-01-01T00:00:00Z", 2);
  failing["status"].as_object()["conditions"] = json::array{json::object{
      {"type", "ReplicaFailure"}, {"status", "True"}, {"lastTransitionTime", "2026-01-01T00:40:00Z"},
      {"reason", "FailedCreate"}, {"message", "pods \"web-current-x\" is forbidden: exceeded quota: q"}}};
  addReplicaSet(failing);
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  json::object status = *api::objectAt(storedDeployment(), {"status"});
  std::string text = json::serialize(status);
  EXPECT_THAT(text, HasSubstr("\"type\":\"ReplicaFailure\",\"status\":\"True\",\"lastUpdateTime\":"
                              "\"2026-01-01T00:40:00Z\""));
  EXPECT_THAT(text, HasSubstr("\"reason\":\"FailedCreate\""));
  // Once the ReplicaSet recovers, so does the Deployment.
  refreshCaches();
  json::object healed = *api_.stored(client::resources::replicaSets, "default", "web-current");
  healed["status"].as_object().erase("conditions");
  api_.seed(client::resources::replicaSets, healed);
  refreshCaches();
  ASSERT_TRUE(controller_.syncDeployment("default/web").isOk());
  EXPECT_THAT(json::serialize(*api::objectAt(storedDeployment(), {"status"})),
              ::testing::Not(HasSubstr("ReplicaFailure")));
}

}  // namespace
}  // namespace kubelab::controllers
