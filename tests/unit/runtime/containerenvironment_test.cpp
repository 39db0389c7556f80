#include "runtime/containerenvironment.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kubelab::runtime {
namespace {

boost::json::object pod() {
  return boost::json::parse(R"({
    "metadata": {"name": "web-1", "namespace": "shop", "uid": "u-1", "labels": {"app": "web"},
                 "annotations": {"team": "blue"}},
    "spec": {"nodeName": "node-2", "serviceAccountName": "default"},
    "status": {"podIP": "127.10.2.5", "hostIP": "127.10.2.1"}})")
      .as_object();
}

std::string valueOf(const Environment& environment, const std::string& name) {
  std::string found = "<unset>";
  for (const auto& [key, value] : environment) {
    if (key == name) found = value;
  }
  return found;
}

TEST(ContainerEnvironmentTest, GivesEveryContainerItsPodsIdentity) {
  auto environment = containerEnvironment(pod(), boost::json::parse(R"({"name": "c", "image": "nginx:1.25"})").as_object());
  EXPECT_EQ(valueOf(environment, "POD_IP"), "127.10.2.5");
  EXPECT_EQ(valueOf(environment, "POD_NAME"), "web-1");
  EXPECT_EQ(valueOf(environment, "POD_NAMESPACE"), "shop");
  EXPECT_EQ(valueOf(environment, "NODE_NAME"), "node-2");
  EXPECT_EQ(valueOf(environment, "HOSTNAME"), "web-1");
  EXPECT_EQ(valueOf(environment, "KUBELAB_IMAGE"), "nginx:1.25");
  EXPECT_NE(valueOf(environment, "PATH"), "<unset>");
}

TEST(ContainerEnvironmentTest, ValuesDownwardApiFieldsAndExpansion) {
  auto container = boost::json::parse(R"json({"name": "c", "env": [
    {"name": "GREETING", "value": "hello"},
    {"name": "MESSAGE", "value": "$(GREETING) from $(MY_NAME) $(UNKNOWN) $$(GREETING)"},
    {"name": "MY_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
    {"name": "MY_UID", "valueFrom": {"fieldRef": {"fieldPath": "metadata.uid"}}},
    {"name": "MY_NS", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
    {"name": "MY_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
    {"name": "MY_HOST", "valueFrom": {"fieldRef": {"fieldPath": "status.hostIP"}}},
    {"name": "MY_NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}},
    {"name": "MY_APP", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['app']"}}},
    {"name": "MY_TEAM", "valueFrom": {"fieldRef": {"fieldPath": "metadata.annotations['team']"}}},
    {"name": "FROM_SECRET", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}},
    {"name": "POD_IP", "value": "overridden"},
    {"name": "EMPTY"}]})json")
                       .as_object();
  auto environment = containerEnvironment(pod(), container);
  // MY_NAME is defined after MESSAGE, so its reference stays as written, as in Kubernetes.
  EXPECT_EQ(valueOf(environment, "MESSAGE"), "hello from $(MY_NAME) $(UNKNOWN) $(GREETING)");
  EXPECT_EQ(valueOf(environment, "MY_NAME"), "web-1");
  EXPECT_EQ(valueOf(environment, "MY_UID"), "u-1");
  EXPECT_EQ(valueOf(environment, "MY_NS"), "shop");
  EXPECT_EQ(valueOf(environment, "MY_IP"), "127.10.2.5");
  EXPECT_EQ(valueOf(environment, "MY_HOST"), "127.10.2.1");
  EXPECT_EQ(valueOf(environment, "MY_NODE"), "node-2");
  EXPECT_EQ(valueOf(environment, "MY_APP"), "web");
  EXPECT_EQ(valueOf(environment, "MY_TEAM"), "blue");
  EXPECT_EQ(valueOf(environment, "FROM_SECRET"), "<unset>");
  EXPECT_EQ(valueOf(environment, "EMPTY"), "");

  auto strings = environmentStrings(environment);
  int podIpEntries = 0;
  for (const auto& entry : strings) {
    if (entry.rfind("POD_IP=", 0) == 0) {
      ++podIpEntries;
      EXPECT_EQ(entry, "POD_IP=overridden");
    }
  }
  EXPECT_EQ(podIpEntries, 1);
}

TEST(ContainerEnvironmentTest, ExpandsOnlyDefinedReferences) {
  Environment defined{{"A", "1"}, {"B", "2"}};
  EXPECT_EQ(expandReferences("$(A)-$(B)", defined), "1-2");
  EXPECT_EQ(expandReferences("$(C)", defined), "$(C)");
  EXPECT_EQ(expandReferences("$$(A)", defined), "$(A)");
  EXPECT_EQ(expandReferences("cost $5 $(A", defined), "cost $5 $(A");
  EXPECT_EQ(expandReferences("end$", defined), "end$");
}

TEST(ContainerEnvironmentTest, DownwardApiRefusesFieldsItDoesNotServe) {
  std::string value;
  EXPECT_FALSE(downwardApiField(pod(), "spec.unknown", value));
  EXPECT_TRUE(downwardApiField(pod(), "status.podIPs", value));
  EXPECT_EQ(value, "127.10.2.5");
}

}  // namespace
}  // namespace kubelab::runtime
