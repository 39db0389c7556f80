#include "api/defaults.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kubelab::api {
namespace {

Object defaulted(std::string_view group, std::string_view plural, std::string_view json) {
  Object object = boost::json::parse(json).as_object();
  applyDefaults(*findResourceType(group, "v1", plural), object);
  return object;
}

TEST(DefaultsTest, PodGetsKubernetesDefaults) {
  Object pod = defaulted("", "pods", R"({"metadata":{"name":"web"},"spec":{"containers":[
      {"name":"web","image":"nginx","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"0.5"}}},
      {"name":"side","image":"busybox:1.36"}]}})");
  EXPECT_EQ(stringAt(pod, {"spec", "restartPolicy"}), "Always");
  EXPECT_EQ(stringAt(pod, {"spec", "dnsPolicy"}), "ClusterFirst");
  EXPECT_EQ(stringAt(pod, {"spec", "schedulerName"}), "default-scheduler");
  EXPECT_EQ(integerAt(pod, {"spec", "terminationGracePeriodSeconds"}), 30);
  EXPECT_TRUE(objectAt(pod, {"spec", "securityContext"})->empty());
  EXPECT_TRUE(booleanAt(pod, {"spec", "enableServiceLinks"}));
  const boost::json::array& containers = *arrayAt(pod, {"spec", "containers"});
  const Object& web = containers[0].as_object();
  EXPECT_EQ(stringAt(web, {"imagePullPolicy"}), "Always");
  EXPECT_EQ(stringAt(web, {"terminationMessagePath"}), "/dev/termination-log");
  EXPECT_EQ(stringAt(web, {"terminationMessagePolicy"}), "File");
  EXPECT_EQ(web.at("ports").as_array()[0].as_object().at("protocol").as_string(), "TCP");
  EXPECT_EQ(stringAt(web, {"resources", "limits", "cpu"}), "500m");
  EXPECT_EQ(stringAt(web, {"resources", "requests", "cpu"}), "500m");
  const Object& side = containers[1].as_object();
  EXPECT_EQ(stringAt(side, {"imagePullPolicy"}), "IfNotPresent");
  EXPECT_TRUE(objectAt(side, {"resources"})->empty());
  EXPECT_EQ(podQOSClass(pod), "Burstable");
}

TEST(DefaultsTest, NeverOverridesWhatTheUserSet) {
  Object pod = defaulted("", "pods", R"({"spec":{"restartPolicy":"Never","containers":[{"name":"a","image":"x:latest","imagePullPolicy":"Never"}]}})");
  EXPECT_EQ(stringAt(pod, {"spec", "restartPolicy"}), "Never");
  EXPECT_EQ(stringAt(arrayAt(pod, {"spec", "containers"})->at(0).as_object(), {"imagePullPolicy"}), "Never");
  Object again = pod;
  applyDefaults(*findResourceType("", "v1", "pods"), again);
  EXPECT_EQ(again, pod);
}

TEST(DefaultsTest, DeploymentAndItsTemplate) {
  Object deployment = defaulted("apps", "deployments", R"({"spec":{"selector":{"matchLabels":{"app":"web"}},
      "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}})");
  EXPECT_EQ(integerAt(deployment, {"spec", "replicas"}), 1);
  EXPECT_EQ(stringAt(deployment, {"spec", "strategy", "type"}), "RollingUpdate");
  EXPECT_EQ(stringAt(deployment, {"spec", "strategy", "rollingUpdate", "maxSurge"}), "25%");
  EXPECT_EQ(stringAt(deployment, {"spec", "strategy", "rollingUpdate", "maxUnavailable"}), "25%");
  EXPECT_EQ(integerAt(deployment, {"spec", "revisionHistoryLimit"}), 10);
  EXPECT_EQ(integerAt(deployment, {"spec", "progressDeadlineSeconds"}), 600);
  EXPECT_TRUE(valueAt(deployment, {"spec", "template", "metadata", "creationTimestamp"})->is_null());
  EXPECT_EQ(stringAt(deployment, {"spec", "template", "spec", "restartPolicy"}), "Always");
  EXPECT_EQ(valueAt(deployment, {"spec", "template", "spec", "enableServiceLinks"}), nullptr);
  EXPECT_TRUE(objectAt(deployment, {"status"})->empty());
}

TEST(DefaultsTest, OtherWorkloads) {
  Object statefulSet = defaulted("apps", "statefulsets", R"({"spec":{"template":{"spec":{"containers":[]}},
      "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"resources":{"requests":{"storage":"1Gi"}}}}]}})");
  EXPECT_EQ(stringAt(statefulSet, {"spec", "podManagementPolicy"}), "OrderedReady");
  EXPECT_EQ(integerAt(statefulSet, {"spec", "updateStrategy", "rollingUpdate", "partition"}, -1), 0);
  EXPECT_EQ(stringAt(arrayAt(statefulSet, {"spec", "volumeClaimTemplates"})->at(0).as_object(), {"spec", "volumeMode"}), "Filesystem");

  Object daemonSet = defaulted("apps", "daemonsets", R"({"spec":{}})");
  EXPECT_EQ(integerAt(daemonSet, {"spec", "updateStrategy", "rollingUpdate", "maxUnavailable"}), 1);
  EXPECT_EQ(integerAt(daemonSet, {"spec", "updateStrategy", "rollingUpdate", "maxSurge"}, -1), 0);

  Object job = defaulted("batch", "jobs", R"({"spec":{"template":{"metadata":{"labels":{"app":"pi"}},"spec":{}}}})");
  EXPECT_EQ(integerAt(job, {"spec", "completions"}), 1);
  EXPECT_EQ(integerAt(job, {"spec", "parallelism"}), 1);
  EXPECT_EQ(integerAt(job, {"spec", "backoffLimit"}), 6);
  EXPECT_EQ(stringAt(job, {"spec", "completionMode"}), "NonIndexed");
  EXPECT_FALSE(booleanAt(job, {"spec", "suspend"}, true));
  EXPECT_EQ(stringAt(job, {"metadata", "labels", "app"}), "pi");

  Object parallel = defaulted("batch", "jobs", R"({"spec":{"parallelism":3,"template":{"spec":{}}}})");
  EXPECT_EQ(valueAt(parallel, {"spec", "completions"}), nullptr);

  Object cronJob = defaulted("batch", "cronjobs", R"({"spec":{"schedule":"*/1 * * * *","jobTemplate":{"spec":{"template":{"spec":{}}}}}})");
  EXPECT_EQ(stringAt(cronJob, {"spec", "concurrencyPolicy"}), "Allow");
  EXPECT_EQ(integerAt(cronJob, {"spec", "successfulJobsHistoryLimit"}), 3);
  EXPECT_EQ(integerAt(cronJob, {"spec", "failedJobsHistoryLimit"}), 1);

  Object controller = defaulted("", "replicationcontrollers", R"({"spec":{"template":{"metadata":{"labels":{"app":"rc"}},"spec":{}}}})");
  EXPECT_EQ(stringAt(controller, {"spec", "selector", "app"}), "rc");
  EXPECT_EQ(stringAt(controller, {"metadata", "labels", "app"}), "rc");
  EXPECT_EQ(integerAt(controller, {"spec", "replicas"}), 1);
}

TEST(DefaultsTest, SecretStringDataIsMergedIntoData) {
  Object secret = defaulted("", "secrets", R"({"metadata":{"name":"s"},"data":{"user":"b2xk","keep":"eA=="},
      "stringData":{"user":"admin","password":"hunter2"}})");
  EXPECT_FALSE(secret.contains("stringData"));
  EXPECT_EQ(stringAt(secret, {"data", "user"}), "YWRtaW4=");  // stringData wins
  EXPECT_EQ(stringAt(secret, {"data", "password"}), "aHVudGVyMg==");
  EXPECT_EQ(stringAt(secret, {"data", "keep"}), "eA==");
  EXPECT_EQ(stringAt(secret, {"type"}), "Opaque");
}

TEST(DefaultsTest, ServiceNamespaceAndStorage) {
  Object service = defaulted("", "services", R"({"spec":{"type":"NodePort","ports":[{"port":80},{"port":443,"targetPort":"https"}]}})");
  const boost::json::array& ports = *arrayAt(service, {"spec", "ports"});
  EXPECT_EQ(ports[0].as_object().at("targetPort").as_int64(), 80);
  EXPECT_EQ(ports[0].as_object().at("protocol").as_string(), "TCP");
  EXPECT_EQ(ports[1].as_object().at("targetPort").as_string(), "https");
  EXPECT_EQ(stringAt(service, {"spec", "sessionAffinity"}), "None");
  EXPECT_EQ(stringAt(service, {"spec", "externalTrafficPolicy"}), "Cluster");
  EXPECT_EQ(stringAt(service, {"spec", "internalTrafficPolicy"}), "Cluster");
  EXPECT_EQ(stringAt(service, {"spec", "ipFamilyPolicy"}), "SingleStack");
  EXPECT_EQ(arrayAt(service, {"spec", "ipFamilies"})->at(0).as_string(), "IPv4");
  EXPECT_NE(objectAt(service, {"status", "loadBalancer"}), nullptr);
  Object plain = defaulted("", "services", R"({"spec":{"ports":[{"port":80}]}})");
  EXPECT_EQ(stringAt(plain, {"spec", "type"}), "ClusterIP");
  EXPECT_EQ(valueAt(plain, {"spec", "externalTrafficPolicy"}), nullptr);

  Object ns = defaulted("", "namespaces", R"({"metadata":{"name":"dev"}})");
  // spec.finalizers is set once, on create, by the API server (not by defaulting, which also
  // runs on updates and would undo the namespace controller's finalize).
  EXPECT_EQ(arrayAt(ns, {"spec", "finalizers"}), nullptr);
  EXPECT_EQ(stringAt(ns, {"status", "phase"}), "Active");
  EXPECT_EQ(stringAt(ns, {"metadata", "labels", "kubernetes.io/metadata.name"}), "dev");

  Object claim = defaulted("", "persistentvolumeclaims", R"({"spec":{"resources":{"requests":{"storage":"1024Mi"}}}})");
  EXPECT_EQ(stringAt(claim, {"spec", "volumeMode"}), "Filesystem");
  EXPECT_EQ(stringAt(claim, {"spec", "resources", "requests", "storage"}), "1Gi");
  EXPECT_EQ(stringAt(claim, {"status", "phase"}), "Pending");
  Object secret = defaulted("", "secrets", R"({"data":{}})");
  EXPECT_EQ(stringAt(secret, {"type"}), "Opaque");
}

TEST(DefaultsTest, AdmissionAndJobSelector) {
  Object pod = boost::json::parse(R"({"spec":{"containers":[{"name":"a","image":"a"}]}})").as_object();
  applyPodCreateAdmission(pod);
  applyPodCreateAdmission(pod);
  EXPECT_EQ(stringAt(pod, {"spec", "serviceAccountName"}), "default");
  EXPECT_EQ(arrayAt(pod, {"spec", "tolerations"})->size(), 2u);
  EXPECT_EQ(integerAt((*arrayAt(pod, {"spec", "tolerations"}))[0].as_object(), {"tolerationSeconds"}), 300);
  EXPECT_EQ(podQOSClass(pod), "BestEffort");
  // The API server's --default-*-toleration-seconds reach admission.
  Object fast = boost::json::parse(R"({"spec":{"containers":[{"name":"a","image":"a"}]}})").as_object();
  applyPodCreateAdmission(fast, PodAdmissionOptions{10, 20});
  const auto& tolerations = *arrayAt(fast, {"spec", "tolerations"});
  EXPECT_EQ(stringAt(tolerations[0].as_object(), {"key"}), "node.kubernetes.io/not-ready");
  EXPECT_EQ(integerAt(tolerations[0].as_object(), {"tolerationSeconds"}), 10);
  EXPECT_EQ(integerAt(tolerations[1].as_object(), {"tolerationSeconds"}), 20);

  Object job = boost::json::parse(R"({"metadata":{"name":"pi"},"spec":{"template":{"spec":{}}}})").as_object();
  generateJobSelector(job, "1234");
  EXPECT_EQ(stringAt(job, {"spec", "selector", "matchLabels", "batch.kubernetes.io/controller-uid"}), "1234");
  EXPECT_EQ(stringAt(job, {"spec", "template", "metadata", "labels", "job-name"}), "pi");
  EXPECT_EQ(stringAt(job, {"metadata", "labels", "batch.kubernetes.io/job-name"}), "pi");
}

}  // namespace
}  // namespace kubelab::api
