#include "controllers/statefulsetcontroller.h"

#include <boost/json/parse.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/objectmeta.h"
#include "controllers/controllerhistory.h"
#include "controllers/podutil.h"
#include "controllers/statefulsetpods.h"
#include "support/fakeapiclient.h"

namespace kubelab::controllers {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using testing::FakeApiClient;

json::object makeSet(int replicas, const std::string& image = "nginx:1.25") {
  json::object set = json::parse(R"({
    "apiVersion": "apps/v1", "kind": "StatefulSet",
    "metadata": {"name": "web", "namespace": "default", "uid": "set-uid", "generation": 1, "resourceVersion": "5"},
    "spec": {
      "serviceName": "nginx",
      "selector": {"matchLabels": {"app": "nginx"}},
      "template": {"metadata": {"labels": {"app": "nginx"}},
                   "spec": {"containers": [{"name": "nginx", "image": "IMAGE",
                                            "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}]}},
      "volumeClaimTemplates": [{"metadata": {"name": "www"},
                                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}],
      "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
      "podManagementPolicy": "OrderedReady",
      "revisionHistoryLimit": 10
    }
  })").as_object();
  set["spec"].as_object()["replicas"] = replicas;
  set["spec"].as_object()["template"].as_object()["spec"].as_object()["containers"].as_array()[0].as_object()["image"] = image;
  return set;
}

class StatefulSetControllerTest : public ::testing::Test {
 protected:
  StatefulSetControllerTest() : informers_(api_), context_{api_, informers_, {}, "test", 1}, controller_(context_) {}

  void addSet(const json::object& set) {
    api_.seed(client::resources::statefulSets, set);
    informers_.informer(client::resources::statefulSets).indexer().upsert(*api_.stored(client::resources::statefulSets, "default", api::name(set)));
  }
  // What an informer would deliver after the controller's own status write.
  void refreshSetFromServer() {
    informers_.informer(client::resources::statefulSets).indexer().upsert(*api_.stored(client::resources::statefulSets, "default", "web"));
  }
  // A pod of the set at `revisionName`, Running and Ready unless told otherwise.
  void addPod(const json::object& set, int ordinal, const std::string& revisionName, bool ready = true) {
    json::object pod = newStatefulSetPod(set, *api::objectAt(set, {"spec", "template"}), revisionName, ordinal);
    pod["metadata"].as_object()["uid"] = "pod-uid-" + std::to_string(ordinal);
    pod["metadata"].as_object()["creationTimestamp"] = "2026-01-01T00:00:0" + std::to_string(ordinal) + "Z";
    pod["status"] = json::object{{"phase", "Running"},
                                 {"conditions", json::array{json::object{{"type", "Ready"},
                                                                         {"status", ready ? "True" : "False"},
                                                                         {"lastTransitionTime", "2026-01-01T00:00:00Z"}}}}};
    api_.seed(client::resources::pods, pod);
    informers_.informer(client::resources::pods).indexer().upsert(pod);
  }
  // The revision the set's current template has (what the controller would create).
  std::string seedRevisionOf(const json::object& set, std::int64_t number) {
    json::object revision = newControllerRevision(set, "apps/v1", "StatefulSet", revisionDataFor(set), number, 0);
    revision["metadata"].as_object()["uid"] = "revision-uid-" + std::to_string(number);
    api_.seed(client::resources::controllerRevisions, revision);
    informers_.informer(client::resources::controllerRevisions).indexer().upsert(revision);
    return api::name(revision);
  }
  // Writes other than Events, which the recorder posts from its own thread.
  std::vector<testing::Action> writes() {
    std::vector<testing::Action> result;
    for (const auto& action : api_.writeActions()) {
      if (action.resource.plural != "events") result.push_back(action);
    }
    return result;
  }
  std::vector<std::string> writeSummaries() {
    std::vector<std::string> result;
    for (const auto& action : writes()) result.push_back(action.summary());
    return result;
  }
  std::vector<std::string> createdPodNames() {
    std::vector<std::string> names;
    for (const auto& action : api_.writeActions()) {
      if (action.verb == "create" && action.resource.plural == "pods") names.push_back(api::name(action.object));
    }
    return names;
  }
  std::vector<std::string> deletedPodNames() {
    std::vector<std::string> names;
    for (const auto& action : api_.writeActions()) {
      if (action.verb == "delete" && action.resource.plural == "pods") names.push_back(action.name);
    }
    return names;
  }

  FakeApiClient api_;
  client::InformerFactory informers_;
  ControllerContext context_;
  StatefulSetController controller_;
};

TEST_F(StatefulSetControllerTest, OrderedReadyCreatesTheClaimThenTheFirstPodOnly) {
  addSet(makeSet(3));
  ASSERT_TRUE(controller_.sync("default/web").isOk());
  EXPECT_THAT(writeSummaries(), ElementsAre("create controllerrevisions", "create persistentvolumeclaims",
                                                 "create pods", "update statefulsets/status"));
  json::object claim = writes()[1].object;
  EXPECT_EQ(api::name(claim), "www-web-0");
  EXPECT_EQ(api::stringAt(claim, {"metadata", "labels", "app"}), "nginx");
  EXPECT_EQ(claim.if_contains("metadata")->as_object().if_contains("ownerReferences"), nullptr);  // Retain

  json::object pod = writes()[2].object;
  EXPECT_EQ(api::name(pod), "web-0");
  EXPECT_EQ(api::stringAt(pod, {"metadata", "labels", "statefulset.kubernetes.io/pod-name"}), "web-0");
  EXPECT_EQ(api::stringAt(pod, {"metadata", "labels", "apps.kubernetes.io/pod-index"}), "0");
  std::string revisionName = api::name(writes()[0].object);
  EXPECT_EQ(api::stringAt(pod, {"metadata", "labels", "controller-revision-hash"}), revisionName);
  EXPECT_EQ(revisionName.rfind("web-", 0), 0u);
  EXPECT_EQ(api::stringAt(pod, {"spec", "hostname"}), "web-0");
  EXPECT_EQ(api::stringAt(pod, {"spec", "subdomain"}), "nginx");
  const json::array* volumes = api::arrayAt(pod, {"spec", "volumes"});
  ASSERT_NE(volumes, nullptr);
  EXPECT_EQ(api::stringAt((*volumes)[0].as_object(), {"persistentVolumeClaim", "claimName"}), "www-web-0");
  EXPECT_EQ((*api::arrayAt(pod, {"metadata", "ownerReferences"}))[0].as_object().at("kind").as_string(), "StatefulSet");
}

TEST_F(StatefulSetControllerTest, OrderedReadyWaitsForThePreviousPodToBeReady) {
  json::object set = makeSet(3);
  addSet(set);
  std::string revision = seedRevisionOf(set, 1);
  addPod(set, 0, revision, /*ready=*/false);
  Status synced = controller_.sync("default/web");
  ASSERT_TRUE(synced.isOk()) << synced.toString();
  EXPECT_TRUE(createdPodNames().empty());

  addPod(set, 0, revision, /*ready=*/true);
  refreshSetFromServer();
  api_.clearActions();
  ASSERT_TRUE(controller_.sync("default/web").isOk());
  EXPECT_THAT(createdPodNames(), ElementsAre("web-1"));
}

TEST_F(StatefulSetControllerTest, ParallelCreatesEveryPodAtOnce) {
  json::object set = makeSet(3);
  set["spec"].as_object()["podManagementPolicy"] = "Parallel";
  addSet(set);
  ASSERT_TRUE(controller_.sync("default/web").isOk());
  EXPECT_THAT(createdPodNames(), ElementsAre("web-0", "web-1", "web-2"));
}

TEST_F(StatefulSetControllerTest, ScalesDownFromTheHighestOrdinalOneAtATime) {
  json::object set = makeSet(1);
  addSet(set);
  std::string revision = seedRevisionOf(set, 1);
  for (int ordinal = 0; ordinal < 3; ++ordinal) addPod(set, ordinal, revision);
  ASSERT_TRUE(controller_.sync("default/web").isOk());
  EXPECT_THAT(deletedPodNames(), ElementsAre("web-2"));
  EXPECT_TRUE(createdPodNames().empty());
  // Claims are never deleted with their pods.
  for (const auto& action : api_.writeActions()) EXPECT_NE(action.resource.plural, "persistentvolumeclaims");
}

TEST_F(StatefulSetControllerTest, RollingUpdateReplacesTheHighestOrdinalAboveThePartition) {
  json::object oldSet = makeSet(3, "nginx:1.24");
  std::string oldRevision = seedRevisionOf(oldSet, 1);
  json::object set = makeSet(3, "nginx:1.25");
  set["metadata"].as_object()["generation"] = 2;
  set["status"] = json::object{{"currentRevision", oldRevision}};
  addSet(set);
  for (int ordinal = 0; ordinal < 3; ++ordinal) addPod(oldSet, ordinal, oldRevision);

  ASSERT_TRUE(controller_.sync("default/web").isOk());
  EXPECT_THAT(deletedPodNames(), ElementsAre("web-2"));
  const client::Object status = api_.stored(client::resources::statefulSets, "default", "web")->at("status").as_object();
  EXPECT_EQ(status.at("currentRevision").as_string(), oldRevision);
  EXPECT_NE(status.at("updateRevision").as_string(), oldRevision);
  EXPECT_EQ(status.at("currentReplicas").as_int64(), 3);
  EXPECT_EQ(status.if_contains("updatedReplicas"), nullptr);  // zero is omitted, as Go does

  // With partition 2, web-2 is the only pod to update; once it is updated and ready, nothing more.
  std::string newRevision(status.at("updateRevision").as_string());
  set["spec"].as_object()["updateStrategy"].as_object()["rollingUpdate"].as_object()["partition"] = 2;
  addSet(set);
  refreshSetFromServer();
  addPod(set, 2, newRevision);
  api_.clearActions();
  ASSERT_TRUE(controller_.sync("default/web").isOk());
  EXPECT_TRUE(deletedPodNames().empty());
}

TEST_F(StatefulSetControllerTest, OnDeleteLeavesOldPodsAlone) {
  json::object oldSet = makeSet(2, "nginx:1.24");
  std::string oldRevision = seedRevisionOf(oldSet, 1);
  json::object set = makeSet(2, "nginx:1.25");
  set["spec"].as_object()["updateStrategy"] = json::object{{"type", "OnDelete"}};
  addSet(set);
  for (int ordinal = 0; ordinal < 2; ++ordinal) addPod(oldSet, ordinal, oldRevision);
  ASSERT_TRUE(controller_.sync("default/web").isOk());
  EXPECT_TRUE(deletedPodNames().empty());
}

TEST_F(StatefulSetControllerTest, FailedPodIsDeletedToBeRecreated) {
  json::object set = makeSet(1);
  addSet(set);
  std::string revision = seedRevisionOf(set, 1);
  addPod(set, 0, revision);
  json::object failed = *informers_.informer(client::resources::pods).indexer().get("default/web-0");
  failed["status"].as_object()["phase"] = "Failed";
  informers_.informer(client::resources::pods).indexer().upsert(failed);
  ASSERT_TRUE(controller_.sync("default/web").isOk());
  EXPECT_THAT(deletedPodNames(), ElementsAre("web-0"));
  controller_.recorder().flush();
  std::vector<std::string> messages;
  for (const client::Object& event : api_.storedList(client::resources::events)) messages.emplace_back(event.at("message").as_string());
  EXPECT_THAT(messages, ::testing::Contains("StatefulSet default/web is recreating failed Pod web-0"));
}

TEST_F(StatefulSetControllerTest, AdoptsAnOrphanNamedLikeAMember) {
  json::object set = makeSet(1);
  addSet(set);
  std::string revision = seedRevisionOf(set, 1);
  addPod(set, 0, revision);
  json::object orphan = *informers_.informer(client::resources::pods).indexer().get("default/web-0");
  orphan["metadata"].as_object().erase("ownerReferences");
  api_.seed(client::resources::pods, orphan);
  informers_.informer(client::resources::pods).indexer().upsert(orphan);
  ASSERT_TRUE(controller_.sync("default/web").isOk());
  std::vector<std::string> summaries = writeSummaries();
  EXPECT_EQ(summaries.front(), "patch pods");  // the controller reference, before anything else
  EXPECT_TRUE(createdPodNames().empty());
  auto adopted = api_.stored(client::resources::pods, "default", "web-0");
  ASSERT_TRUE(adopted.has_value());
  EXPECT_EQ(api::stringAt(adopted->at("metadata").as_object().at("ownerReferences").as_array().at(0).as_object(), {"uid"}), "set-uid");
}

TEST_F(StatefulSetControllerTest, WhenScaledDeleteMakesTheCondemnedPodOwnItsClaimFirst) {
  json::object set = makeSet(1);
  set["spec"].as_object()["persistentVolumeClaimRetentionPolicy"] = json::object{{"whenDeleted", "Retain"}, {"whenScaled", "Delete"}};
  addSet(set);
  std::string revision = seedRevisionOf(set, 1);
  addPod(set, 0, revision);
  addPod(set, 1, revision);
  for (int ordinal = 0; ordinal < 2; ++ordinal) {
    json::object claim = statefulSetClaims(set, ordinal)[0];
    claim["metadata"].as_object()["uid"] = "claim-" + std::to_string(ordinal);
    api_.seed(client::resources::persistentVolumeClaims, claim);
    informers_.informer(client::resources::persistentVolumeClaims).indexer().upsert(
        *api_.stored(client::resources::persistentVolumeClaims, "default", api::name(claim)));
  }
  ASSERT_TRUE(controller_.sync("default/web").isOk());
  EXPECT_THAT(writeSummaries(), ElementsAre("patch persistentvolumeclaims", "delete pods", "update statefulsets/status"));
  EXPECT_EQ(writes()[0].name, "www-web-1");
  auto claim = api_.stored(client::resources::persistentVolumeClaims, "default", "www-web-1");
  const json::array& owners = claim->at("metadata").as_object().at("ownerReferences").as_array();
  ASSERT_EQ(owners.size(), 1u);
  EXPECT_EQ(owners[0].as_object().at("kind").as_string(), "Pod");
  EXPECT_EQ(owners[0].as_object().at("uid").as_string(), "pod-uid-1");
}

TEST_F(StatefulSetControllerTest, StatusCountsReadyCurrentAndUpdatedPods) {
  json::object set = makeSet(2);
  addSet(set);
  std::string revision = seedRevisionOf(set, 1);
  addPod(set, 0, revision);
  addPod(set, 1, revision);
  ASSERT_TRUE(controller_.sync("default/web").isOk());
  const client::Object status = api_.stored(client::resources::statefulSets, "default", "web")->at("status").as_object();
  EXPECT_EQ(status.at("replicas").as_int64(), 2);
  EXPECT_EQ(status.at("readyReplicas").as_int64(), 2);
  EXPECT_EQ(status.at("availableReplicas").as_int64(), 2);
  EXPECT_EQ(status.at("currentReplicas").as_int64(), 2);
  EXPECT_EQ(status.at("updatedReplicas").as_int64(), 2);
  EXPECT_EQ(status.at("currentRevision").as_string(), revision);
  EXPECT_EQ(status.at("updateRevision").as_string(), revision);
  EXPECT_EQ(status.at("observedGeneration").as_int64(), 1);
}

TEST_F(StatefulSetControllerTest, EventsUseKubernetesWording) {
  addSet(makeSet(1));
  ASSERT_TRUE(controller_.sync("default/web").isOk());
  controller_.recorder().flush();
  std::vector<std::string> messages;
  for (const client::Object& event : api_.storedList(client::resources::events)) {
    messages.push_back(std::string(event.at("reason").as_string()) + ": " + std::string(event.at("message").as_string()));
  }
  EXPECT_THAT(messages, ::testing::UnorderedElementsAre("SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success",
                                                        "SuccessfulCreate: create Pod web-0 in StatefulSet web successful"));
}

}  // namespace
}  // namespace kubelab::controllers
