// kubelab-proxy as a real process against a real API server: Services and EndpointSlices
// created by hand point at small TCP servers on 127.10.x.y that stand in for pods; traffic goes
// through ClusterIPs and NodePorts, follows readiness within a second, and keeps flowing through
// a ClusterIP while any one of two proxies is alive.

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include <set>

#include "api/objectmeta.h"
#include "controlplane/controlplanefixture.h"
#include "support/eventually.h"
#include "support/freeport.h"
#include "testbackend.h"

namespace kubelab::testing {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

std::string answeredBy(const std::optional<std::string>& answer) {
  return answer ? answer->substr(0, answer->find(':')) : "";
}

class ProxyIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fixture = ControlPlaneFixture::start();
    ASSERT_TRUE(fixture) << fixture.status().toString();
    controlPlane_ = std::move(*fixture);
    // Each test runs its own API server, which hands out the same first ClusterIPs; a service
    // port of our own keeps parallel tests' proxies from sharing a socket.
    auto port = findFreeLoopbackPort();
    ASSERT_TRUE(port);
    servicePort_ = *port;
  }

  void TearDown() override {
    for (auto& proxy : proxies_) proxy->kill();
  }

  // Starts kubelab-proxy for node-<node> at 127.10.<node>.1 and waits for its /healthz.
  void startProxy(int node) {
    std::string nodeIp = "127.10." + std::to_string(node) + ".1";
    auto healthzPort = findFreeLoopbackPort();
    ASSERT_TRUE(healthzPort);
    auto logFile = controlPlane_->apiServer().directory() / ("proxy-" + std::to_string(proxies_.size()) + ".log");
    auto child = ChildProcess::start(KUBELAB_PROXY_BINARY,
                                     {"--kubeconfig", controlPlane_->apiServer().kubeconfig().string(),
                                      "--hostname-override", "node-" + std::to_string(node), "--bind-address",
                                      nodeIp, "--healthz-bind-address", nodeIp + ":" + std::to_string(*healthzPort)},
                                     logFile);
    ASSERT_TRUE(child) << child.status().toString();
    proxies_.push_back(std::move(*child));
    bool healthy = eventually(
        [&] {
          auto answer = exchangeLine(nodeIp, *healthzPort, "GET /healthz HTTP/1.0\r\n\r");
          return answer && answer->find(" 200 ") != std::string::npos && answer->ends_with("ok");
        },
        10s);
    ASSERT_TRUE(healthy) << "kubelab-proxy did not become healthy; its log is " << logFile;
  }

  std::unique_ptr<TestBackend> startBackend(const std::string& name, const std::string& ip) {
    auto backend = TestBackend::start(name, ip);
    EXPECT_TRUE(backend) << backend.status().toString();
    return backend ? std::move(*backend) : nullptr;
  }

  json::object createService(const std::string& name, const std::string& type, const json::object& extraSpec = {}) {
    json::object spec{{"type", type},
                      {"ports", json::array{{{"name", "http"}, {"port", servicePort_}, {"targetPort", 8080}}}}};
    for (const auto& [key, value] : extraSpec) spec[key] = value;
    json::object service{{"apiVersion", "v1"},
                         {"kind", "Service"},
                         {"metadata", {{"name", name}, {"namespace", "default"}}},
                         {"spec", std::move(spec)}};
    auto created = controlPlane_->client().create(client::resources::services, "default", service);
    EXPECT_TRUE(created) << created.status().toString();
    return created ? *created : json::object{};
  }

  static json::array endpointsFor(const std::vector<const TestBackend*>& backends,
                                  const std::set<const TestBackend*>& notReady = {}) {
    json::array endpoints;
    for (const auto* backend : backends) {
      endpoints.push_back(json::object{{"addresses", json::array{json::string(backend->ip())}},
                                       {"conditions", {{"ready", !notReady.count(backend)}}}});
    }
    return endpoints;
  }

  // One slice for the Service's "http" port; every backend must listen on the same port, as
  // pods of one Deployment do, so the slice's port is the first backend's.
  void createSlice(const std::string& service, const std::vector<const TestBackend*>& backends) {
    json::object slice{
        {"apiVersion", "discovery.k8s.io/v1"},
        {"kind", "EndpointSlice"},
        {"metadata", {{"name", service + "-1"}, {"namespace", "default"},
                      {"labels", {{"kubernetes.io/service-name", service}}}}},
        {"addressType", "IPv4"},
        {"ports", json::array{{{"name", "http"}, {"port", backends.front()->port()}, {"protocol", "TCP"}}}},
        {"endpoints", endpointsFor(backends)}};
    auto created = controlPlane_->client().create(client::resources::endpointSlices, "default", slice);
    ASSERT_TRUE(created) << created.status().toString();
  }

  void setEndpoints(const std::string& service, const json::array& endpoints) {
    json::object patch{{"endpoints", endpoints}};
    auto patched = controlPlane_->client().patch(client::resources::endpointSlices, "default", service + "-1",
                                                 client::PatchType::Merge, json::serialize(patch));
    ASSERT_TRUE(patched) << patched.status().toString();
  }

  // The backends that answered `count` connections to ip:port ("" for a refused one).
  static std::multiset<std::string> answers(const std::string& ip, std::uint16_t port, int count) {
    std::multiset<std::string> seen;
    for (int i = 0; i < count; ++i) seen.insert(answeredBy(exchangeLine(ip, port, "hello")));
    return seen;
  }

  // Several backends on one port, on different "pod" addresses of different nodes.
  std::vector<std::unique_ptr<TestBackend>> startBackends(int count) {
    std::vector<std::unique_ptr<TestBackend>> backends;
    auto first = startBackend("pod-0", "127.10.1.10");
    std::uint16_t port = first ? first->port() : 0;
    backends.push_back(std::move(first));
    for (int index = 1; index < count; ++index) {
      std::string ip = "127.10." + std::to_string(index % 3 + 1) + "." + std::to_string(10 + index);
      auto backend = TestBackend::start("pod-" + std::to_string(index), ip, port);
      EXPECT_TRUE(backend) << backend.status().toString();
      if (backend) backends.push_back(std::move(*backend));
    }
    return backends;
  }

  static std::vector<const TestBackend*> raw(const std::vector<std::unique_ptr<TestBackend>>& backends) {
    std::vector<const TestBackend*> pointers;
    for (const auto& backend : backends) pointers.push_back(backend.get());
    return pointers;
  }

  std::unique_ptr<ControlPlaneFixture> controlPlane_;
  std::uint16_t servicePort_ = 0;
  std::vector<std::unique_ptr<ChildProcess>> proxies_;
};

TEST_F(ProxyIntegrationTest, ClusterIpAndNodePortReachMoreThanOneBackend) {
  auto backends = startBackends(3);
  ASSERT_EQ(backends.size(), 3u);
  auto service = createService("web", "NodePort");
  std::string clusterIp = api::stringAt(service, {"spec", "clusterIP"});
  const auto& port = api::arrayAt(service, {"spec", "ports"})->at(0).as_object();
  auto nodePort = static_cast<std::uint16_t>(api::integerAt(port, {"nodePort"}));
  ASSERT_GE(nodePort, 30000);
  createSlice("web", raw(backends));
  startProxy(1);

  ASSERT_TRUE(eventually([&] { return !answeredBy(exchangeLine(clusterIp, servicePort_, "x")).empty(); }, 2s));
  auto throughClusterIp = answers(clusterIp, servicePort_, 12);
  EXPECT_EQ(throughClusterIp.count(""), 0u);
  EXPECT_EQ(std::set<std::string>(throughClusterIp.begin(), throughClusterIp.end()).size(), 3u);

  auto throughNodePort = answers("127.10.1.1", nodePort, 12);
  EXPECT_EQ(throughNodePort.count(""), 0u);
  EXPECT_GT(std::set<std::string>(throughNodePort.begin(), throughNodePort.end()).size(), 1u);
}

TEST_F(ProxyIntegrationTest, LoadBalancerIngressIpServesOnceTheStatusHasIt) {
  auto backends = startBackends(2);
  ASSERT_EQ(backends.size(), 2u);
  createService("shop", "LoadBalancer");
  createSlice("shop", raw(backends));
  startProxy(1);
  // What kubelab-cloud-controller-manager writes; an address of this test's own.
  std::string ingressIp = "127.200." + std::to_string(servicePort_ / 256) + "." + std::to_string(servicePort_ % 256);
  json::object status{{"status", {{"loadBalancer", {{"ingress", json::array{{{"ip", ingressIp}}}}}}}}};
  auto patched = controlPlane_->client().patch(client::resources::services, "default", "shop",
                                               client::PatchType::Merge, json::serialize(status), "status");
  ASSERT_TRUE(patched) << patched.status().toString();
  ASSERT_TRUE(eventually([&] { return exchangeLine(ingressIp, servicePort_, "x").has_value(); }, 1s));
  auto seen = answers(ingressIp, servicePort_, 8);
  EXPECT_EQ(seen.count("pod-0"), 4u);
  EXPECT_EQ(seen.count("pod-1"), 4u);
}

TEST_F(ProxyIntegrationTest, ExternalTrafficPolicyLocalKeepsNodePortTrafficOnTheNode) {
  auto backends = startBackends(2);
  ASSERT_EQ(backends.size(), 2u);
  auto service = createService("local", "NodePort", {{"externalTrafficPolicy", "Local"}});
  std::string clusterIp = api::stringAt(service, {"spec", "clusterIP"});
  auto nodePort =
      static_cast<std::uint16_t>(api::integerAt(api::arrayAt(service, {"spec", "ports"})->at(0).as_object(), {"nodePort"}));
  createSlice("local", raw(backends));
  // pod-0 runs on node-1, pod-1 on node-2.
  auto endpoints = endpointsFor(raw(backends));
  endpoints[0].as_object()["nodeName"] = "node-1";
  endpoints[1].as_object()["nodeName"] = "node-2";
  setEndpoints("local", endpoints);
  startProxy(1);
  ASSERT_TRUE(eventually([&] { return answers(clusterIp, servicePort_, 2).count("pod-1") == 1; }, 2s));

  auto throughNodePort = answers("127.10.1.1", nodePort, 6);
  EXPECT_EQ(throughNodePort.count("pod-0"), 6u);
  auto throughClusterIp = answers(clusterIp, servicePort_, 6);
  EXPECT_EQ(throughClusterIp.count("pod-0"), 3u);
  EXPECT_EQ(throughClusterIp.count("pod-1"), 3u);
}

TEST_F(ProxyIntegrationTest, TrafficFollowsReadinessWithinASecond) {
  auto backends = startBackends(3);
  ASSERT_EQ(backends.size(), 3u);
  auto service = createService("web", "ClusterIP");
  std::string clusterIp = api::stringAt(service, {"spec", "clusterIP"});
  createSlice("web", raw(backends));
  startProxy(1);
  ASSERT_TRUE(eventually([&] { return answers(clusterIp, servicePort_, 6).count("pod-1") > 0; }, 2s));

  // pod-1 stops being ready: within a second no connection reaches it.
  auto changed = std::chrono::steady_clock::now();
  setEndpoints("web", endpointsFor(raw(backends), {backends[1].get()}));
  // Six connections in a row: round-robin over three would reach pod-1 twice in them.
  ASSERT_TRUE(eventually([&] { return answers(clusterIp, servicePort_, 6).count("pod-1") == 0; }, 1s));
  auto took = std::chrono::steady_clock::now() - changed;
  std::cout << "readiness change took effect after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms\n";
  auto after = answers(clusterIp, servicePort_, 20);
  EXPECT_EQ(after.count("pod-1"), 0u);
  EXPECT_EQ(after.count(""), 0u);
  EXPECT_GT(after.count("pod-0"), 0u);
  EXPECT_GT(after.count("pod-2"), 0u);

  // No ready endpoint at all: connections are refused at once rather than left hanging.
  setEndpoints("web", endpointsFor(raw(backends), {backends[0].get(), backends[1].get(), backends[2].get()}));
  ASSERT_TRUE(eventually([&] { return answers(clusterIp, servicePort_, 1).count("") == 1; }, 1s));

  // Ready again: back within a second.
  setEndpoints("web", endpointsFor(raw(backends)));
  ASSERT_TRUE(eventually([&] { return answers(clusterIp, servicePort_, 3).count("") == 0; }, 1s));
}

TEST_F(ProxyIntegrationTest, ServicesAddedAndRemovedOpenAndCloseTheirListeners) {
  auto backends = startBackends(1);
  ASSERT_EQ(backends.size(), 1u);
  startProxy(1);
  auto service = createService("late", "ClusterIP");
  std::string clusterIp = api::stringAt(service, {"spec", "clusterIP"});
  createSlice("late", raw(backends));
  EXPECT_TRUE(eventually([&] { return answers(clusterIp, servicePort_, 1).count("pod-0") == 1; }, 1s));

  ASSERT_TRUE(controlPlane_->client().remove(client::resources::services, "default", "late").isOk());
  EXPECT_TRUE(eventually([&] { return !exchangeLine(clusterIp, servicePort_, "x").has_value(); }, 1s));
}

TEST_F(ProxyIntegrationTest, ClientIpAffinityKeepsAClientOnOneBackend) {
  auto backends = startBackends(3);
  ASSERT_EQ(backends.size(), 3u);
  auto service = createService("sticky", "ClusterIP", {{"sessionAffinity", "ClientIP"}});
  std::string clusterIp = api::stringAt(service, {"spec", "clusterIP"});
  createSlice("sticky", raw(backends));
  startProxy(1);
  ASSERT_TRUE(eventually([&] { return exchangeLine(clusterIp, servicePort_, "x").has_value(); }, 2s));

  std::set<std::string> seenByAll;
  for (int client = 1; client <= 3; ++client) {
    std::string sourceIp = "127.0.0." + std::to_string(100 + client);
    std::set<std::string> seen;
    for (int i = 0; i < 5; ++i) seen.insert(answeredBy(exchangeLine(clusterIp, servicePort_, "x", sourceIp)));
    EXPECT_EQ(seen.size(), 1u) << "client " << sourceIp << " was spread over several backends";
    seenByAll.insert(seen.begin(), seen.end());
  }
  EXPECT_GT(seenByAll.size(), 1u);
}

TEST_F(ProxyIntegrationTest, ClusterIpKeepsServingWhenOneOfTwoProxiesIsKilled) {
  auto backends = startBackends(2);
  ASSERT_EQ(backends.size(), 2u);
  auto service = createService("web", "ClusterIP");
  std::string clusterIp = api::stringAt(service, {"spec", "clusterIP"});
  createSlice("web", raw(backends));
  startProxy(1);
  startProxy(2);
  ASSERT_TRUE(eventually([&] { return answers(clusterIp, servicePort_, 4).count("") == 0; }, 2s));
  // Both proxies hold the socket; give the second time to bind before one goes away.
  std::this_thread::sleep_for(200ms);

  proxies_[0]->kill();
  auto afterKill = answers(clusterIp, servicePort_, 30);
  EXPECT_EQ(afterKill.count(""), 0u) << "connections were refused with one proxy still running";
  EXPECT_EQ(afterKill.count("pod-0") + afterKill.count("pod-1"), 30u);
  EXPECT_GT(afterKill.count("pod-0"), 0u);
  EXPECT_GT(afterKill.count("pod-1"), 0u);
}

}  // namespace
}  // namespace kubelab::testing
