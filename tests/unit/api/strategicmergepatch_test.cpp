// Strategic merge patch with the patches kubectl really sends.

#include "api/strategicmergepatch.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <string>

#include "api/govalueformat.h"
#include "api/patchschema.h"
#include "api/patchvalues.h"

namespace kubelab::api {
namespace {

boost::json::value json(std::string_view text) { return boost::json::parse(text); }

boost::json::value patched(std::string_view document, std::string_view patch, std::string_view apiVersion = "apps/v1",
                           std::string_view kind = "Deployment") {
  Result<boost::json::value> result = applyStrategicMergePatch(json(document), json(patch), apiVersion, kind);
  EXPECT_TRUE(result.isOk()) << result.status().toString();
  return result.isOk() ? *result : boost::json::value();
}

// Compares whole documents, lists in order, objects regardless of key order.
void expectJson(const boost::json::value& actual, std::string_view expected) {
  EXPECT_TRUE(jsonEqual(actual, json(expected))) << "actual:   " << boost::json::serialize(actual) << "\nexpected: " << expected;
}

Status patchError(std::string_view document, std::string_view patch, std::string_view apiVersion = "apps/v1",
                  std::string_view kind = "Deployment") {
  Result<boost::json::value> result = applyStrategicMergePatch(json(document), json(patch), apiVersion, kind);
  EXPECT_FALSE(result.isOk()) << boost::json::serialize(result.isOk() ? *result : boost::json::value());
  return result.status();
}

// A live Deployment as the API server stores it after `kubectl apply` and defaulting.
constexpr std::string_view kLiveDeployment = R"({
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"},
               "annotations": {"deployment.kubernetes.io/revision": "1",
                               "kubectl.kubernetes.io/last-applied-configuration": "old"}},
  "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
           "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
           "template": {"metadata": {"labels": {"app": "web"}},
                        "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                                 "ports": [{"containerPort": 80, "protocol": "TCP"},
                                                           {"containerPort": 8080, "protocol": "TCP"}],
                                                 "env": [{"name": "A", "value": "1"}],
                                                 "imagePullPolicy": "IfNotPresent"}],
                                 "volumes": [{"name": "data", "emptyDir": {}}],
                                 "restartPolicy": "Always"}}},
  "status": {"replicas": 2, "conditions": [{"type": "Available", "status": "True"}, {"type": "Progressing", "status": "True"}]}
})";

const boost::json::value& containerOf(const boost::json::value& deployment, std::size_t index = 0) {
  return deployment.at("spec").at("template").at("spec").at("containers").at(index);
}

TEST(StrategicMergePatchTest, KubectlApplyOfAChangedImage) {
  // The three-way patch kubectl apply sends when only the image changed in the manifest.
  boost::json::value result = patched(kLiveDeployment, R"({
    "metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": "new\n"}},
    "spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "nginx"}],
                                   "containers": [{"image": "nginx:1.26", "name": "nginx"}]}}}})");
  const boost::json::value& container = containerOf(result);
  EXPECT_EQ(container.at("image"), "nginx:1.26");
  EXPECT_EQ(container.at("imagePullPolicy"), "IfNotPresent");  // server-side defaults survive
  EXPECT_EQ(container.at("ports").as_array().size(), 2u);
  EXPECT_EQ(result.at("metadata").at("annotations").at("kubectl.kubernetes.io/last-applied-configuration"), "new\n");
  EXPECT_EQ(result.at("metadata").at("annotations").at("deployment.kubernetes.io/revision"), "1");
  EXPECT_EQ(result.at("spec").at("template").at("spec").as_object().count("$setElementOrder/containers"), 0u);
}

TEST(StrategicMergePatchTest, KubectlApplyAddingAndRemovingContainers) {
  boost::json::value added = patched(kLiveDeployment, R"({"spec": {"template": {"spec": {
    "$setElementOrder/containers": [{"name": "sidecar"}, {"name": "nginx"}],
    "containers": [{"image": "busybox", "name": "sidecar"}]}}}})");
  EXPECT_EQ(containerOf(added, 0).at("name"), "sidecar");
  EXPECT_EQ(containerOf(added, 1).at("image"), "nginx:1.25");

  boost::json::value removed = patched(boost::json::serialize(added), R"({"spec": {"template": {"spec": {
    "$setElementOrder/containers": [{"name": "nginx"}],
    "containers": [{"$patch": "delete", "name": "sidecar"}]}}}})");
  EXPECT_EQ(removed.at("spec").at("template").at("spec").at("containers").as_array().size(), 1u);
  EXPECT_EQ(containerOf(removed).at("name"), "nginx");
}

TEST(StrategicMergePatchTest, KubectlApplyRemovingAPortByContainerPort) {
  boost::json::value result = patched(kLiveDeployment, R"({"spec": {"template": {"spec": {
    "$setElementOrder/containers": [{"name": "nginx"}],
    "containers": [{"$setElementOrder/ports": [{"containerPort": 80}], "name": "nginx",
                    "ports": [{"$patch": "delete", "containerPort": 8080}]}]}}}})");
  expectJson(containerOf(result).at("ports"), R"([{"containerPort": 80, "protocol": "TCP"}])");
  EXPECT_EQ(containerOf(result).as_object().count("$setElementOrder/ports"), 0u);
}

TEST(StrategicMergePatchTest, KubectlApplyOfARestructuredManifest) {
  // Captured from kubectl v1.32 applying a manifest that adds a sidecar, drops a port and the env,
  // switches the deployment strategy and turns the volume into a config map.
  boost::json::value result = patched(kLiveDeployment, R"({
    "metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": "new\n"}},
    "spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"},
             "template": {"spec": {"$setElementOrder/containers": [{"name": "sidecar"}, {"name": "nginx"}],
                                   "$setElementOrder/volumes": [{"name": "data"}],
                                   "containers": [{"image": "busybox", "name": "sidecar"},
                                                  {"$setElementOrder/ports": [{"containerPort": 80}], "env": null, "name": "nginx",
                                                   "ports": [{"$patch": "delete", "containerPort": 8080}]}],
                                   "volumes": [{"$retainKeys": ["configMap", "name"], "configMap": {"name": "cfg"},
                                                "emptyDir": null, "name": "data"}]}}}})");
  expectJson(result.at("spec").at("strategy"), R"({"type":"Recreate"})");
  expectJson(result.at("spec").at("template").at("spec"), R"({
    "containers": [{"image": "busybox", "name": "sidecar"},
                   {"name": "nginx", "image": "nginx:1.25", "ports": [{"containerPort": 80, "protocol": "TCP"}],
                    "imagePullPolicy": "IfNotPresent"}],
    "volumes": [{"name": "data", "configMap": {"name": "cfg"}}],
    "restartPolicy": "Always"})");
}

TEST(StrategicMergePatchTest, KubectlSetImageMergesContainersByName) {
  // The patch kubectl v1.32 sends for `kubectl set image deployment/web nginx=nginx:1.27`.
  boost::json::value result = patched(kLiveDeployment, R"({"spec":{"template":{"spec":{
      "$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"nginx:1.27","name":"nginx"}]}}}})");
  EXPECT_EQ(containerOf(result).at("image"), "nginx:1.27");
  EXPECT_EQ(containerOf(result).at("env").as_array().size(), 1u);
}

TEST(StrategicMergePatchTest, KubectlRolloutRestartPauseAndResume) {
  boost::json::value restarted = patched(
      kLiveDeployment,
      R"({"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-01-01T10:00:00Z"}}}}})");
  const boost::json::value& templateMetadata = restarted.at("spec").at("template").at("metadata");
  EXPECT_EQ(templateMetadata.at("annotations").at("kubectl.kubernetes.io/restartedAt"), "2025-01-01T10:00:00Z");
  EXPECT_EQ(templateMetadata.at("labels").at("app"), "web");

  boost::json::value paused = patched(kLiveDeployment, R"({"spec":{"paused":true}})");
  EXPECT_EQ(paused.at("spec").at("paused"), true);
  boost::json::value resumed = patched(boost::json::serialize(paused), R"({"spec":{"paused":null}})");
  EXPECT_EQ(resumed.at("spec").as_object().count("paused"), 0u);
}

TEST(StrategicMergePatchTest, KubectlLabelOverwriteAndRemoval) {
  boost::json::value relabeled = patched(kLiveDeployment, R"({"metadata":{"labels":{"app":"v2","tier":"front"}}})");
  expectJson(relabeled.at("metadata").at("labels"), R"({"app":"v2","tier":"front"})");
  boost::json::value unlabeled = patched(kLiveDeployment, R"({"metadata":{"labels":{"app":null,"absent":null}}})");
  expectJson(unlabeled.at("metadata").at("labels"), "{}");
}

TEST(StrategicMergePatchTest, KubectlScaleReplicas) {
  EXPECT_EQ(patched(kLiveDeployment, R"({"spec":{"replicas":5}})").at("spec").at("replicas"), 5);
}

TEST(StrategicMergePatchTest, NewListElementsGoFirstWithoutAnOrderDirective) {
  // kubectl patch (not apply) sends no $setElementOrder; Kubernetes puts elements the live list
  // does not have before the others.
  boost::json::value result = patched(kLiveDeployment,
                                      R"({"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"B","value":"2"}]}]}}}})");
  expectJson(containerOf(result).at("env"), R"([{"name":"B","value":"2"},{"name":"A","value":"1"}])");
}

TEST(StrategicMergePatchTest, EnvVarChangeKeepsItsPlace) {
  boost::json::value result = patched(kLiveDeployment, R"({"spec":{"template":{"spec":{"containers":[{"name":"nginx",
      "$setElementOrder/env":[{"name":"A"},{"name":"C"}], "env":[{"name":"A","value":"9"},{"name":"C","value":"3"}]}]}}}})");
  expectJson(containerOf(result).at("env"), R"([{"name":"A","value":"9"},{"name":"C","value":"3"}])");
}

TEST(StrategicMergePatchTest, DeploymentStrategySwitchWithRetainKeys) {
  boost::json::value result =
      patched(kLiveDeployment, R"({"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}})");
  expectJson(result.at("spec").at("strategy"), R"({"type":"Recreate"})");
}

TEST(StrategicMergePatchTest, VolumeSourceSwitchWithRetainKeys) {
  boost::json::value result = patched(kLiveDeployment, R"({"spec":{"template":{"spec":{
      "$setElementOrder/volumes":[{"name":"data"}],
      "volumes":[{"$retainKeys":["configMap","name"],"configMap":{"name":"cfg"},"name":"data"}]}}}})");
  expectJson(result.at("spec").at("template").at("spec").at("volumes"), R"([{"name":"data","configMap":{"name":"cfg"}}])");
}

TEST(StrategicMergePatchTest, StatusConditionsMergeByType) {
  boost::json::value result = patched(kLiveDeployment, R"({"status":{"conditions":[{"type":"Progressing","status":"False"}]}})");
  expectJson(result.at("status").at("conditions"),
             R"([{"type":"Available","status":"True"},{"type":"Progressing","status":"False"}])");
}

TEST(StrategicMergePatchTest, FinalizersMergeAsASetAndDeleteThroughTheParallelList) {
  constexpr std::string_view pod = R"({"metadata":{"name":"p","finalizers":["a","b"]}})";
  expectJson(patched(pod, R"({"metadata":{"finalizers":["b","c"]}})", "v1", "Pod").at("metadata").at("finalizers"),
             R"(["a","b","c"])");
  expectJson(patched(pod, R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}})", "v1", "Pod")
                 .at("metadata")
                 .at("finalizers"),
             R"(["b"])");
}

TEST(StrategicMergePatchTest, OwnerReferencesMergeByUid) {
  constexpr std::string_view pod = R"({"metadata":{"ownerReferences":[{"uid":"1","name":"rs-a"}]}})";
  expectJson(patched(pod, R"({"metadata":{"ownerReferences":[{"uid":"1","controller":true}]}})", "v1", "Pod")
                 .at("metadata")
                 .at("ownerReferences"),
             R"([{"uid":"1","name":"rs-a","controller":true}])");
}

TEST(StrategicMergePatchTest, ServicePortsMergeByPortAndKeepTheNodePort) {
  constexpr std::string_view service =
      R"({"spec":{"type":"NodePort","ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP","nodePort":30080}]}})";
  expectJson(patched(service, R"({"spec":{"ports":[{"port":80,"targetPort":9090}]}})", "v1", "Service").at("spec").at("ports"),
             R"([{"name":"http","port":80,"targetPort":9090,"protocol":"TCP","nodePort":30080}])");
}

TEST(StrategicMergePatchTest, NodeAddressesAndConditionsMergeByType) {
  constexpr std::string_view node =
      R"({"status":{"addresses":[{"type":"InternalIP","address":"127.10.1.1"},{"type":"Hostname","address":"n1"}],
                    "conditions":[{"type":"Ready","status":"True"}]}})";
  boost::json::value result =
      patched(node, R"({"status":{"conditions":[{"type":"Ready","status":"False","reason":"KubeletStopped"}]}})", "v1", "Node");
  expectJson(result.at("status").at("conditions"), R"([{"type":"Ready","status":"False","reason":"KubeletStopped"}])");
  EXPECT_EQ(result.at("status").at("addresses").as_array().size(), 2u);
}

TEST(StrategicMergePatchTest, UntaggedListsAreReplaced) {
  constexpr std::string_view pod = R"({"spec":{"tolerations":[{"key":"a"}],"containers":[{"name":"c","args":["x","y"]}]}})";
  boost::json::value result =
      patched(pod, R"({"spec":{"tolerations":[{"key":"b"}],"containers":[{"name":"c","args":["z"]}]}})", "v1", "Pod");
  expectJson(result.at("spec"), R"({"tolerations":[{"key":"b"}],"containers":[{"name":"c","args":["z"]}]})");
}

TEST(StrategicMergePatchTest, CronJobTemplateContainersMergeByName) {
  constexpr std::string_view cronJob =
      R"({"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"job","image":"busybox","args":["a"]}]}}}}}})";
  boost::json::value result = patched(
      cronJob, R"({"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"job","image":"busybox:1.36"}]}}}}}})",
      "batch/v1", "CronJob");
  expectJson(result.at("spec").at("jobTemplate").at("spec").at("template").at("spec").at("containers"),
             R"([{"name":"job","image":"busybox:1.36","args":["a"]}])");
}

TEST(StrategicMergePatchTest, UnknownKindsReplaceListsButMergeObjects) {
  EXPECT_EQ(patchSchemaFor("example.com/v1", "Widget"), nullptr);
  boost::json::value result = patched(R"({"spec":{"items":[{"name":"a"}],"size":1}})", R"({"spec":{"items":[{"name":"b"}]}})",
                                      "example.com/v1", "Widget");
  expectJson(result, R"({"spec":{"items":[{"name":"b"}],"size":1}})");
}

TEST(StrategicMergePatchTest, ReplaceAndDeleteDirectives) {
  constexpr std::string_view pod =
      R"({"metadata":{"labels":{"a":"1","b":"2"},"annotations":{"x":"y"}},"spec":{"containers":[{"name":"a"},{"name":"b"}]}})";
  boost::json::value result = patched(pod, R"({"metadata":{"labels":{"$patch":"replace","c":"3"},"annotations":{"$patch":"delete"}},
      "spec":{"containers":[{"$patch":"replace"},{"name":"c","image":"i"}]}})",
                                      "v1", "Pod");
  expectJson(result, R"({"metadata":{"labels":{"c":"3"},"annotations":{}},"spec":{"containers":[{"name":"c","image":"i"}]}})");
}

TEST(StrategicMergePatchTest, NewValuesLoseNullsAndDirectives) {
  boost::json::value result = patched(R"({"metadata":{}})", R"({"spec":{"containers":[{"name":"a","image":null,
      "$setElementOrder/ports":[{"containerPort":1}],"ports":[{"containerPort":1}]}]}})",
                                      "v1", "Pod");
  expectJson(result, R"({"metadata":{},"spec":{"containers":[{"name":"a","ports":[{"containerPort":1}]}]}})");
}

TEST(StrategicMergePatchTest, NullPatchChangesNothing) {
  expectJson(patched(R"({"a":1})", "null", "v1", "Pod"), R"({"a":1})");
}

TEST(StrategicMergePatchTest, ErrorsCarryKubernetesMessages) {
  Status noKey = patchError(kLiveDeployment, R"({"spec":{"template":{"spec":{"containers":[{"image":"nginx"}]}}}})");
  EXPECT_EQ(noKey.code(), StatusCode::BadRequest);
  EXPECT_EQ(noKey.message(), "map: map[image:nginx] does not contain declared merge key: name");

  Status unknownType = patchError(kLiveDeployment, R"({"spec":{"$patch":"foo"}})");
  EXPECT_EQ(unknownType.message(), "unknown patch type: foo in map: map[$patch:foo]");

  Status mergeInList = patchError(kLiveDeployment, R"({"spec":{"template":{"spec":{"containers":[{"$patch":"merge"}]}}}})");
  EXPECT_EQ(mergeInList.message(), "merging lists cannot yet be specified in the patch");

  Status retainNotList = patchError(kLiveDeployment, R"({"spec":{"strategy":{"$retainKeys":"type"}}})");
  EXPECT_EQ(retainNotList.code(), StatusCode::BadRequest);
  EXPECT_EQ(retainNotList.message(), "invalid patch format of retainKeys");

  Status retainMissing = patchError(kLiveDeployment, R"({"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{}}}})");
  EXPECT_EQ(retainMissing.message(), "invalid patch format of retainKeys");

  Status badPrimitiveList = patchError(kLiveDeployment, R"({"metadata":{"$deleteFromPrimitiveListfinalizers":["a"]}})");
  EXPECT_EQ(badPrimitiveList.message(), "invalid patch format of primitive list");

  Status badOrder = patchError(kLiveDeployment, R"({"spec":{"template":{"spec":{
      "$setElementOrder/containers":[{"name":"nginx"}], "containers":[{"name":"other","image":"x"}]}}}})");
  EXPECT_EQ(badOrder.message(),
            "the order in patch list:\n[map[image:x name:other]]\n doesn't match $setElementOrder list:\n[map[name:nginx]]");

  Status notObject = patchError(kLiveDeployment, "[1]");
  EXPECT_EQ(notObject.message(), "json: cannot unmarshal array into Go value of type map[string]interface {}");

  Status listOfLists = patchError(R"({"metadata":{"finalizers":[]}})", R"({"metadata":{"finalizers":[["a"]]}})", "v1", "Pod");
  EXPECT_EQ(listOfLists.code(), StatusCode::Invalid);
  EXPECT_EQ(listOfLists.message(), "lists of lists are not supported");
}

TEST(GoValueFormatTest, PrintsLikeGoPercentV) {
  EXPECT_EQ(goValueString(json(R"({"b":[1,"x"],"a":1.5e7,"c":null,"d":0.25,"e":true})")),
            "map[a:1.5e+07 b:[1 x] c:<nil> d:0.25 e:true]");
  EXPECT_EQ(goValueString(json("100000.5")), "100000.5");
  EXPECT_EQ(goValueString(json("0.00001")), "1e-05");
  EXPECT_EQ(goTypeName(json("[]")), "[]interface {}");
}

}  // namespace
}  // namespace kubelab::api
