#include "proxy/serviceplan.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kubelab::proxy {
namespace {

boost::json::object parse(const char* text) { return boost::json::parse(text).as_object(); }

const boost::json::object clusterIpService = parse(R"({
  "metadata": {"name": "web", "namespace": "shop"},
  "spec": {"type": "ClusterIP", "clusterIP": "127.96.0.10",
           "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"},
                     {"name": "dns", "port": 53, "protocol": "UDP"}]}})");

const boost::json::object webSlice = parse(R"({
  "metadata": {"name": "web-abc", "namespace": "shop", "labels": {"kubernetes.io/service-name": "web"}},
  "addressType": "IPv4",
  "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}],
  "endpoints": [
    {"addresses": ["127.10.1.2"], "conditions": {"ready": true}},
    {"addresses": ["127.10.2.2"], "conditions": {"ready": false, "serving": true, "terminating": true}},
    {"addresses": ["127.10.3.2"]}]})");

TEST(ServicePlanTest, ClusterIpPortListensOnTheClusterIpWithReadyEndpoints) {
  auto plans = planServicePorts({&clusterIpService}, {&webSlice}, "127.10.1.1");
  ASSERT_EQ(plans.size(), 1u);  // the UDP port is not proxied
  EXPECT_EQ(plans[0].name, "shop/web:http");
  EXPECT_EQ(plans[0].listenAddresses, (std::vector<ListenAddress>{{"127.96.0.10", 80, "ClusterIP"}}));
  // Not ready is left out; a missing ready condition counts as ready.
  EXPECT_EQ(plans[0].readyEndpoints, (std::vector<Endpoint>{{"127.10.1.2", 8080}, {"127.10.3.2", 8080}}));
  EXPECT_FALSE(plans[0].affinity.clientIp);
}

TEST(ServicePlanTest, EndpointsFromSeveralSlicesAreMergedAndOtherServicesIgnored) {
  auto second = parse(R"({
    "metadata": {"name": "web-def", "namespace": "shop", "labels": {"kubernetes.io/service-name": "web"}},
    "addressType": "IPv4", "ports": [{"name": "http", "port": 8080}],
    "endpoints": [{"addresses": ["127.10.2.7"], "conditions": {"ready": true}},
                  {"addresses": ["127.10.1.2"], "conditions": {"ready": true}}]})");
  auto otherNamespace = parse(R"({
    "metadata": {"name": "web-x", "namespace": "other", "labels": {"kubernetes.io/service-name": "web"}},
    "addressType": "IPv4", "ports": [{"name": "http", "port": 8080}],
    "endpoints": [{"addresses": ["127.10.9.9"]}]})");
  auto plans = planServicePorts({&clusterIpService}, {&webSlice, &second, &otherNamespace}, "127.10.1.1");
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0].readyEndpoints,
            (std::vector<Endpoint>{{"127.10.1.2", 8080}, {"127.10.2.7", 8080}, {"127.10.3.2", 8080}}));
}

TEST(ServicePlanTest, TargetPortComesFromTheSlicePortOfTheSameName) {
  auto service = parse(R"({
    "metadata": {"name": "two", "namespace": "default"},
    "spec": {"clusterIP": "127.96.0.11",
             "ports": [{"name": "a", "port": 80, "targetPort": "web"}, {"name": "b", "port": 81}]}})");
  auto slice = parse(R"({
    "metadata": {"name": "two-1", "namespace": "default", "labels": {"kubernetes.io/service-name": "two"}},
    "addressType": "IPv4", "ports": [{"name": "b", "port": 9001}, {"name": "a", "port": 9000}],
    "endpoints": [{"addresses": ["127.10.1.5"], "conditions": {"ready": true}}]})");
  auto plans = planServicePorts({&service}, {&slice}, "");
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(plans[0].name, "default/two:a");
  EXPECT_EQ(plans[0].readyEndpoints, (std::vector<Endpoint>{{"127.10.1.5", 9000}}));
  EXPECT_EQ(plans[1].readyEndpoints, (std::vector<Endpoint>{{"127.10.1.5", 9001}}));
}

TEST(ServicePlanTest, NodePortListensOnThisNodesAddressToo) {
  auto service = parse(R"({
    "metadata": {"name": "web", "namespace": "shop"},
    "spec": {"type": "NodePort", "clusterIP": "127.96.0.10", "sessionAffinity": "ClientIP",
             "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 30}},
             "ports": [{"name": "http", "port": 80, "nodePort": 30080}]}})");
  auto plans = planServicePorts({&service}, {&webSlice}, "127.10.2.1");
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0].listenAddresses, (std::vector<ListenAddress>{{"127.96.0.10", 80, "ClusterIP"},
                                                                   {"127.10.2.1", 30080, "NodePort"}}));
  EXPECT_TRUE(plans[0].affinity.clientIp);
  EXPECT_EQ(plans[0].affinity.timeout, std::chrono::seconds(30));
}

TEST(ServicePlanTest, LoadBalancerListensOnItsIngressIpsOnceAssigned) {
  auto pending = parse(R"({
    "metadata": {"name": "lb", "namespace": "default"},
    "spec": {"type": "LoadBalancer", "clusterIP": "127.96.0.12", "externalIPs": ["127.201.0.1"],
             "ports": [{"port": 8080, "nodePort": 31000}]}})");
  auto plans = planServicePorts({&pending}, {}, "127.10.1.1");
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0].name, "default/lb:");
  EXPECT_EQ(plans[0].listenAddresses,
            (std::vector<ListenAddress>{{"127.96.0.12", 8080, "ClusterIP"},
                                        {"127.10.1.1", 31000, "NodePort"},
                                        {"127.201.0.1", 8080, "ExternalIP"}}));
  auto assigned = pending;
  assigned["status"] = boost::json::parse(R"({"loadBalancer": {"ingress": [{"ip": "127.200.0.1"}]}})");
  plans = planServicePorts({&assigned}, {}, "127.10.1.1");
  ASSERT_EQ(plans[0].listenAddresses.size(), 4u);
  EXPECT_EQ(plans[0].listenAddresses[2], (ListenAddress{"127.200.0.1", 8080, "LoadBalancer"}));
  EXPECT_TRUE(plans[0].readyEndpoints.empty());
}

TEST(ServicePlanTest, ExternalTrafficPolicyLocalSendsOutsideTrafficToThisNodesEndpointsOnly) {
  auto service = parse(R"({
    "metadata": {"name": "lb", "namespace": "default"},
    "spec": {"type": "LoadBalancer", "clusterIP": "127.96.0.12", "externalTrafficPolicy": "Local",
             "ports": [{"port": 8080, "nodePort": 31000}]},
    "status": {"loadBalancer": {"ingress": [{"ip": "127.200.0.1"}]}}})");
  auto slice = parse(R"({
    "metadata": {"name": "lb-1", "namespace": "default", "labels": {"kubernetes.io/service-name": "lb"}},
    "addressType": "IPv4", "ports": [{"port": 9000}],
    "endpoints": [{"addresses": ["127.10.1.5"], "nodeName": "node-1", "conditions": {"ready": true}},
                  {"addresses": ["127.10.2.5"], "nodeName": "node-2", "conditions": {"ready": true}}]})");

  auto onNode1 = planServicePorts({&service}, {&slice}, "127.10.1.1", "node-1");
  ASSERT_EQ(onNode1.size(), 2u);
  EXPECT_EQ(onNode1[0].name, "default/lb:");
  EXPECT_EQ(onNode1[0].listenAddresses, (std::vector<ListenAddress>{{"127.96.0.12", 8080, "ClusterIP"}}));
  EXPECT_EQ(onNode1[0].readyEndpoints.size(), 2u);
  EXPECT_EQ(onNode1[1].name, "default/lb: (external)");
  EXPECT_EQ(onNode1[1].listenAddresses, (std::vector<ListenAddress>{{"127.10.1.1", 31000, "NodePort"},
                                                                     {"127.200.0.1", 8080, "LoadBalancer"}}));
  EXPECT_EQ(onNode1[1].readyEndpoints, (std::vector<Endpoint>{{"127.10.1.5", 9000}}));

  // A node without endpoints of its own keeps its NodePort (which rejects) but leaves the
  // load balancer's address to the nodes that can serve it.
  auto onNode3 = planServicePorts({&service}, {&slice}, "127.10.3.1", "node-3");
  ASSERT_EQ(onNode3.size(), 2u);
  EXPECT_EQ(onNode3[1].listenAddresses, (std::vector<ListenAddress>{{"127.10.3.1", 31000, "NodePort"}}));
  EXPECT_TRUE(onNode3[1].readyEndpoints.empty());
}

TEST(ServicePlanTest, HeadlessAndExternalNameServicesAreNotProxied) {
  auto headless = parse(R"({"metadata": {"name": "h", "namespace": "default"},
    "spec": {"clusterIP": "None", "ports": [{"port": 80}]}})");
  auto external = parse(R"({"metadata": {"name": "e", "namespace": "default"},
    "spec": {"type": "ExternalName", "externalName": "example.com"}})");
  EXPECT_TRUE(planServicePorts({&headless, &external}, {}, "127.10.1.1").empty());
}

TEST(ServicePlanTest, ListenersTakeEachAddressOnceFirstServicePortWins) {
  ServicePortPlan first{"a/one:", {{"127.96.0.1", 80, "ClusterIP"}, {"127.201.0.1", 80, "ExternalIP"}}, {}, {}};
  ServicePortPlan second{"b/two:", {{"127.96.0.2", 80, "ClusterIP"}, {"127.201.0.1", 80, "ExternalIP"}}, {}, {}};
  auto listeners = planListeners({first, second});
  ASSERT_EQ(listeners.size(), 3u);
  EXPECT_EQ(listeners[0].address.toString(), "127.96.0.1:80");
  EXPECT_EQ(listeners[1].address.toString(), "127.201.0.1:80");
  EXPECT_EQ(listeners[1].servicePort, "a/one:");
  EXPECT_EQ(listeners[2].address.toString(), "127.96.0.2:80");
  EXPECT_EQ(listeners[2].servicePort, "b/two:");
}

}  // namespace
}  // namespace kubelab::proxy
