#include "runtime/serviceenvironment.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kubelab::runtime {
namespace {

boost::json::object parse(const char* text) { return boost::json::parse(text).as_object(); }

std::vector<boost::json::object> services() {
  return {parse(R"({"metadata": {"name": "redis-master", "namespace": "shop"},
                    "spec": {"clusterIP": "127.96.0.11", "ports": [{"name": "redis", "port": 6379, "protocol": "TCP"},
                                                                   {"port": 6380}]}})"),
          parse(R"({"metadata": {"name": "headless", "namespace": "shop"},
                    "spec": {"clusterIP": "None", "ports": [{"port": 80}]}})"),
          parse(R"({"metadata": {"name": "elsewhere", "namespace": "other"},
                    "spec": {"clusterIP": "127.96.0.12", "ports": [{"port": 80}]}})"),
          parse(R"({"metadata": {"name": "kubernetes", "namespace": "default"},
                    "spec": {"clusterIP": "127.96.0.1", "ports": [{"name": "https", "port": 443}]}})")};
}

std::string valueOf(const Environment& environment, const std::string& name) {
  for (const auto& [key, value] : environment) {
    if (key == name) return value;
  }
  return "<unset>";
}

TEST(ServiceEnvironmentTest, GivesDockerLinkVariablesForEachPort) {
  auto pod = parse(R"({"metadata": {"name": "p", "namespace": "shop"}, "spec": {}})");
  Environment environment = serviceEnvironment(servicesForPod(pod, services()));
  EXPECT_EQ(valueOf(environment, "REDIS_MASTER_SERVICE_HOST"), "127.96.0.11");
  EXPECT_EQ(valueOf(environment, "REDIS_MASTER_SERVICE_PORT"), "6379");
  EXPECT_EQ(valueOf(environment, "REDIS_MASTER_SERVICE_PORT_REDIS"), "6379");
  EXPECT_EQ(valueOf(environment, "REDIS_MASTER_PORT"), "tcp://127.96.0.11:6379");
  EXPECT_EQ(valueOf(environment, "REDIS_MASTER_PORT_6379_TCP"), "tcp://127.96.0.11:6379");
  EXPECT_EQ(valueOf(environment, "REDIS_MASTER_PORT_6379_TCP_PROTO"), "tcp");
  EXPECT_EQ(valueOf(environment, "REDIS_MASTER_PORT_6379_TCP_PORT"), "6379");
  EXPECT_EQ(valueOf(environment, "REDIS_MASTER_PORT_6379_TCP_ADDR"), "127.96.0.11");
  EXPECT_EQ(valueOf(environment, "REDIS_MASTER_PORT_6380_TCP"), "tcp://127.96.0.11:6380");
  EXPECT_EQ(valueOf(environment, "KUBERNETES_SERVICE_HOST"), "127.96.0.1");
  EXPECT_EQ(valueOf(environment, "KUBERNETES_SERVICE_PORT_HTTPS"), "443");
  // Headless Services and other namespaces' Services give nothing.
  EXPECT_EQ(valueOf(environment, "HEADLESS_SERVICE_HOST"), "<unset>");
  EXPECT_EQ(valueOf(environment, "ELSEWHERE_SERVICE_HOST"), "<unset>");
}

TEST(ServiceEnvironmentTest, EnableServiceLinksFalseLeavesOnlyTheApiServer) {
  auto pod = parse(R"({"metadata": {"name": "p", "namespace": "shop"}, "spec": {"enableServiceLinks": false}})");
  Environment environment = serviceEnvironment(servicesForPod(pod, services()));
  EXPECT_EQ(valueOf(environment, "REDIS_MASTER_SERVICE_HOST"), "<unset>");
  EXPECT_EQ(valueOf(environment, "KUBERNETES_SERVICE_HOST"), "127.96.0.1");
}

TEST(ServiceEnvironmentTest, ContainerEnvWinsAndMayReferToServiceVariables) {
  auto pod = parse(R"({"metadata": {"name": "p", "namespace": "shop"}, "status": {"podIP": "127.10.1.5"},
                       "spec": {"containers": [{"name": "c", "env": [
                         {"name": "REDIS_MASTER_SERVICE_PORT", "value": "1"},
                         {"name": "REDIS_URL", "value": "redis://$(REDIS_MASTER_SERVICE_HOST):6379"}]}]}})");
  auto withServices = withServiceEnvironment(pod, services());
  const auto& container = withServices["spec"].as_object()["containers"].as_array()[0].as_object();
  auto strings = environmentStrings(containerEnvironment(withServices, container));
  auto has = [&](const std::string& entry) { return std::find(strings.begin(), strings.end(), entry) != strings.end(); };
  EXPECT_TRUE(has("REDIS_MASTER_SERVICE_PORT=1"));
  EXPECT_FALSE(has("REDIS_MASTER_SERVICE_PORT=6379"));
  EXPECT_TRUE(has("REDIS_URL=redis://127.96.0.11:6379"));
  EXPECT_TRUE(has("KUBERNETES_SERVICE_HOST=127.96.0.1"));
}

}  // namespace
}  // namespace kubelab::runtime
