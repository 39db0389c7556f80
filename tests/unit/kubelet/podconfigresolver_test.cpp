#include "kubelet/podconfigresolver.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <map>

#include "api/objectmeta.h"
#include "common/base64.h"
#include "runtime/containerenvironment.h"

namespace kubelab::kubelet {
namespace {

boost::json::object parse(const std::string& text) { return boost::json::parse(text).as_object(); }

// A ConfigMap/Secret store for the resolver, by namespace/name.
struct Objects {
  std::map<std::string, client::ObjectPointer> configMaps, secrets;
  std::vector<boost::json::object> services;

  void configMap(const std::string& name, boost::json::object data) {
    configMaps["shop/" + name] = std::make_shared<const boost::json::object>(boost::json::object{
        {"metadata", {{"name", name}, {"namespace", "shop"}}}, {"data", std::move(data)}});
  }
  void secret(const std::string& name, const std::map<std::string, std::string>& data) {
    boost::json::object encoded;
    for (const auto& [key, value] : data) encoded[key] = base64Encode(value);
    secrets["shop/" + name] = std::make_shared<const boost::json::object>(boost::json::object{
        {"metadata", {{"name", name}, {"namespace", "shop"}}}, {"data", std::move(encoded)}});
  }
  void service(const std::string& ns, const std::string& name, const std::string& ip, int port) {
    services.push_back(parse(R"({"metadata": {"name": ")" + name + R"(", "namespace": ")" + ns +
                             R"("}, "spec": {"clusterIP": ")" + ip + R"(", "ports": [{"port": )" +
                             std::to_string(port) + R"(, "protocol": "TCP"}]}})"));
  }
  PodConfigSources sources() const {
    PodConfigSources result;
    result.configMap = [this](const std::string& ns, const std::string& name) {
      auto found = configMaps.find(ns + "/" + name);
      return found == configMaps.end() ? nullptr : found->second;
    };
    result.secret = [this](const std::string& ns, const std::string& name) {
      auto found = secrets.find(ns + "/" + name);
      return found == secrets.end() ? nullptr : found->second;
    };
    result.services = services;
    result.allocatable = {{"cpu", "4"}, {"memory", "8Gi"}, {"ephemeral-storage", "100Gi"}};
    return result;
  }
};

boost::json::object podWith(const std::string& container, const std::string& extraSpec = "") {
  return parse(R"({"metadata": {"name": "p", "namespace": "shop", "uid": "u1"},
                   "spec": {)" + extraSpec + R"("containers": [)" + container + R"(]},
                   "status": {"podIP": "127.10.1.5"}})");
}

// What the container's process gets, by name, after the runtime has done its part.
std::map<std::string, std::string> processEnvironment(const ResolvedEnvironment& resolved, std::size_t index = 0) {
  const auto& container = resolved.pod.at("spec").at("containers").as_array()[index].as_object();
  std::map<std::string, std::string> result;
  for (const auto& text : runtime::environmentStrings(runtime::containerEnvironment(resolved.pod, container))) {
    auto equals = text.find('=');
    result[text.substr(0, equals)] = text.substr(equals + 1);
  }
  return result;
}

TEST(PodConfigResolverTest, EnvFromComesFirstThenEnvAndTheLaterDefinitionWins) {
  Objects objects;
  objects.configMap("settings", {{"MODE", "from-configmap"}, {"SHARED", "configmap"}, {"RAW", "$(MODE)"}});
  objects.secret("credentials", {{"SHARED", "secret"}, {"PASSWORD", "hunter2"}});
  objects.service("shop", "web", "127.96.0.10", 80);
  auto resolved = resolvePodEnvironment(
      podWith(R"json({"name": "main", "image": "busybox",
                  "envFrom": [{"configMapRef": {"name": "settings"}},
                              {"secretRef": {"name": "credentials"}},
                              {"prefix": "DB_", "secretRef": {"name": "credentials"}}],
                  "env": [{"name": "MODE", "value": "from-env"},
                          {"name": "WEB_SERVICE_HOST", "value": "overridden"},
                          {"name": "COMBINED", "value": "$(MODE)/$(DB_PASSWORD)/$(WEB_SERVICE_PORT)"},
                          {"name": "KEY", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "MODE"}}},
                          {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]})json"),
      objects.sources());
  ASSERT_TRUE(resolved.configErrors.empty());
  auto env = processEnvironment(resolved);
  EXPECT_EQ(env["MODE"], "from-env");           // env after envFrom
  EXPECT_EQ(env["SHARED"], "secret");           // a later envFrom source wins
  EXPECT_EQ(env["DB_PASSWORD"], "hunter2");     // prefix
  EXPECT_EQ(env["RAW"], "$(MODE)");             // a ConfigMap's value is not expanded
  EXPECT_EQ(env["WEB_SERVICE_HOST"], "overridden");  // the pod's own definition beats a Service's
  EXPECT_EQ(env["WEB_SERVICE_PORT"], "80");
  EXPECT_EQ(env["COMBINED"], "from-env/hunter2/80");
  EXPECT_EQ(env["KEY"], "from-configmap");
  EXPECT_EQ(env["POD"], "p");
  EXPECT_FALSE(resolved.pod.at("spec").at("containers").as_array()[0].as_object().contains("envFrom"));
}

TEST(PodConfigResolverTest, MissingRequiredReferencesGiveTheKubeletsMessages) {
  Objects objects;
  objects.configMap("settings", {{"MODE", "x"}});
  objects.secret("credentials", {{"PASSWORD", "x"}});
  auto errorFor = [&](const std::string& variable) {
    auto resolved = resolvePodEnvironment(podWith(R"({"name": "main", "env": [)" + variable + "]}"), objects.sources());
    return resolved.configErrors.contains("main") ? resolved.configErrors.at("main") : "";
  };
  EXPECT_EQ(errorFor(R"({"name": "A", "valueFrom": {"configMapKeyRef": {"name": "absent", "key": "k"}}})"),
            "configmap \"absent\" not found");
  EXPECT_EQ(errorFor(R"({"name": "A", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "nope"}}})"),
            "couldn't find key nope in ConfigMap shop/settings");
  EXPECT_EQ(errorFor(R"({"name": "A", "valueFrom": {"secretKeyRef": {"name": "absent", "key": "k"}}})"),
            "secret \"absent\" not found");
  EXPECT_EQ(errorFor(R"({"name": "A", "valueFrom": {"secretKeyRef": {"name": "credentials", "key": "nope"}}})"),
            "couldn't find key nope in Secret shop/credentials");
  auto fromEnvFrom = resolvePodEnvironment(podWith(R"({"name": "main", "envFrom": [{"configMapRef": {"name": "gone"}}]})"),
                                           objects.sources());
  EXPECT_EQ(fromEnvFrom.configErrors["main"], "configmap \"gone\" not found");
}

TEST(PodConfigResolverTest, OptionalReferencesThatAreMissingAreLeftOut) {
  Objects objects;
  objects.configMap("settings", {{"MODE", "x"}});
  auto resolved = resolvePodEnvironment(
      podWith(R"({"name": "main",
                  "envFrom": [{"configMapRef": {"name": "absent", "optional": true}},
                              {"secretRef": {"name": "absent", "optional": true}}],
                  "env": [{"name": "A", "valueFrom": {"configMapKeyRef": {"name": "absent", "key": "k", "optional": true}}},
                          {"name": "B", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "k", "optional": true}}},
                          {"name": "C", "valueFrom": {"secretKeyRef": {"name": "absent", "key": "k", "optional": true}}},
                          {"name": "D", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "MODE", "optional": false}}}]})"),
      objects.sources());
  EXPECT_TRUE(resolved.configErrors.empty());
  auto env = processEnvironment(resolved);
  EXPECT_FALSE(env.contains("A"));
  EXPECT_FALSE(env.contains("B"));
  EXPECT_FALSE(env.contains("C"));
  EXPECT_EQ(env["D"], "x");
}

TEST(PodConfigResolverTest, InvalidEnvFromKeysAreSkippedWithAnEvent) {
  Objects objects;
  objects.configMap("mixed", {{"1badkey", "a"}, {"good", "b"}, {"2alsobad", "c"}});
  auto resolved = resolvePodEnvironment(podWith(R"({"name": "main", "envFrom": [{"configMapRef": {"name": "mixed"}}]})"),
                                        objects.sources());
  auto env = processEnvironment(resolved);
  EXPECT_EQ(env["good"], "b");
  EXPECT_FALSE(env.contains("1badkey"));
  ASSERT_EQ(resolved.warnings.size(), 1u);
  EXPECT_EQ(resolved.warnings[0].reason, "InvalidEnvironmentVariableNames");
  EXPECT_EQ(resolved.warnings[0].message,
            "Keys [1badkey, 2alsobad] from the EnvFrom configMap shop/mixed were skipped since they are considered "
            "invalid environment variable names.");
  // A prefix can make a key valid.
  auto prefixed = resolvePodEnvironment(
      podWith(R"({"name": "main", "envFrom": [{"prefix": "P_", "configMapRef": {"name": "mixed"}}]})"), objects.sources());
  EXPECT_TRUE(prefixed.warnings.empty());
  EXPECT_EQ(processEnvironment(prefixed)["P_1badkey"], "a");
}

TEST(PodConfigResolverTest, ResourceFieldRefsDivideRoundingUpAndDefaultLimitsToAllocatable) {
  auto container = parse(R"({"name": "main", "resources": {"limits": {"cpu": "500m", "memory": "128Mi"},
                                                            "requests": {"cpu": "250m", "memory": "64Mi"}}})");
  auto bare = parse(R"({"name": "bare"})");
  std::map<std::string, std::string> allocatable{{"cpu", "4"}, {"memory", "8Gi"}};
  auto value = [&](const boost::json::object& target, const std::string& selector) {
    auto result = containerResourceValue(target, parse(selector), allocatable);
    return result ? *result : "error: " + result.status().message();
  };
  EXPECT_EQ(value(container, R"({"resource": "limits.cpu"})"), "1");  // 0.5 core rounds up
  EXPECT_EQ(value(container, R"({"resource": "limits.cpu", "divisor": "1m"})"), "500");
  EXPECT_EQ(value(container, R"({"resource": "requests.cpu", "divisor": "100m"})"), "3");
  EXPECT_EQ(value(container, R"({"resource": "limits.memory"})"), "134217728");
  EXPECT_EQ(value(container, R"({"resource": "limits.memory", "divisor": "1Mi"})"), "128");
  EXPECT_EQ(value(container, R"({"resource": "requests.memory", "divisor": "1M"})"), "68");
  EXPECT_EQ(value(bare, R"({"resource": "limits.cpu"})"), "4");
  EXPECT_EQ(value(bare, R"({"resource": "limits.memory", "divisor": "1Gi"})"), "8");
  EXPECT_EQ(value(bare, R"({"resource": "requests.cpu"})"), "0");
  EXPECT_EQ(value(bare, R"({"resource": "limits.gpu"})"), "error: unsupported container resource : limits.gpu");

  Objects objects;
  auto resolved = resolvePodEnvironment(
      podWith(R"({"name": "main", "resources": {"limits": {"memory": "128Mi"}},
                  "env": [{"name": "MEMORY", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}},
                          {"name": "CPU", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1m"}}}]})"),
      objects.sources());
  auto env = processEnvironment(resolved);
  EXPECT_EQ(env["MEMORY"], "128");
  EXPECT_EQ(env["CPU"], "4000");
}

TEST(PodConfigResolverTest, ServiceVariablesFollowEnableServiceLinks) {
  Objects objects;
  objects.service("shop", "web", "127.96.0.10", 80);
  objects.service("other", "db", "127.96.0.11", 5432);
  objects.service("default", "kubernetes", "127.96.0.1", 443);
  auto linked = processEnvironment(resolvePodEnvironment(podWith(R"({"name": "main"})"), objects.sources()));
  EXPECT_EQ(linked["WEB_SERVICE_HOST"], "127.96.0.10");
  EXPECT_EQ(linked["WEB_PORT_80_TCP"], "tcp://127.96.0.10:80");
  EXPECT_EQ(linked["KUBERNETES_SERVICE_HOST"], "127.96.0.1");
  EXPECT_FALSE(linked.contains("DB_SERVICE_HOST"));  // another namespace
  auto unlinked = processEnvironment(
      resolvePodEnvironment(podWith(R"({"name": "main"})", R"("enableServiceLinks": false, )"), objects.sources()));
  EXPECT_FALSE(unlinked.contains("WEB_SERVICE_HOST"));
  EXPECT_EQ(unlinked["KUBERNETES_SERVICE_HOST"], "127.96.0.1");
}

TEST(PodConfigResolverTest, InitContainersAreResolvedAndWaitingShowsWhichContainerLacksItsConfiguration) {
  Objects objects;
  auto pod = parse(R"({"metadata": {"name": "p", "namespace": "shop", "uid": "u1"},
    "spec": {"initContainers": [{"name": "setup", "env": [{"name": "A", "valueFrom": {"configMapKeyRef": {"name": "x", "key": "k"}}}]}],
             "containers": [{"name": "main"}, {"name": "side"}]}})");
  auto resolved = resolvePodEnvironment(pod, objects.sources());
  ASSERT_EQ(resolved.configErrors.size(), 1u);
  EXPECT_EQ(resolved.configErrors["setup"], "configmap \"x\" not found");
  auto waiting = waitingForConfiguration(pod, resolved.configErrors);
  ASSERT_EQ(waiting.initContainers.size(), 1u);
  EXPECT_EQ(waiting.initContainers[0].second.reason, "CreateContainerConfigError");
  EXPECT_EQ(waiting.initContainers[0].second.message, "configmap \"x\" not found");
  EXPECT_EQ(waiting.containers[0].second.reason, "PodInitializing");
  auto plain = waitingForConfiguration(podWith(R"({"name": "main"}, {"name": "side"})"), {{"side", "secret \"s\" not found"}});
  EXPECT_EQ(plain.containers[0].second.reason, "ContainerCreating");
  EXPECT_EQ(plain.containers[1].second.reason, "CreateContainerConfigError");
}

}  // namespace
}  // namespace kubelab::kubelet
