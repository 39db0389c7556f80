// Endpoints and EndpointSlices from Services and their pods.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "client/resource.h"
#include "cluster_testharness.h"
#include "controllers/endpointsbuilder.h"
#include "controllers/endpointscontroller.h"
#include "controllers/endpointslicecontroller.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;

json::object service(const std::string& name, const std::string& extraSpec = "") {
  return parseObject(R"({"metadata":{"name":")" + name + R"(","namespace":"default","labels":{"app":"web"}},
    "spec":{"selector":{"app":"web"},"clusterIP":"10.0.0.1","ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":"web"},
    {"name":"metrics","port":9090,"protocol":"TCP","targetPort":9100}])" + extraSpec + "}}");
}

json::object pod(const std::string& name, const std::string& ip, bool ready, const std::string& extra = "") {
  return parseObject(R"({"metadata":{"name":")" + name + R"(","namespace":"default","uid":"uid-)" + name +
                     R"(","labels":{"app":"web"})" + extra + R"(},
    "spec":{"nodeName":"node-1","containers":[{"name":"c","ports":[{"name":"web","containerPort":8080}]}]},
    "status":{"phase":"Running","podIP":")" + ip + R"(","conditions":[{"type":"Ready","status":")" +
                     (ready ? "True" : "False") + R"("}]}})");
}

std::vector<const json::object*> pointers(const std::vector<json::object>& objects) {
  std::vector<const json::object*> result;
  for (const json::object& object : objects) result.push_back(&object);
  return result;
}

TEST(EndpointsBuilderTest, ReadyPodsAreAddressesAndOthersNotReadyAddresses) {
  std::vector<json::object> pods{pod("b", "10.1.0.2", false), pod("a", "10.1.0.1", true)};
  json::array subsets = controllers::endpoints::endpointsSubsets(service("web"), pointers(pods));
  ASSERT_EQ(subsets.size(), 1u);
  const json::object& subset = subsets[0].as_object();
  EXPECT_EQ(json::serialize(subset.at("addresses")),
            R"([{"ip":"10.1.0.1","nodeName":"node-1","targetRef":{"kind":"Pod","namespace":"default","name":"a","uid":"uid-a"}}])");
  EXPECT_EQ(subset.at("notReadyAddresses").as_array().size(), 1u);
  EXPECT_EQ(json::serialize(subset.at("ports")),
            R"([{"name":"http","port":8080,"protocol":"TCP"},{"name":"metrics","port":9100,"protocol":"TCP"}])");
}

TEST(EndpointsBuilderTest, PublishNotReadyAddressesListsEveryPodAsReady) {
  std::vector<json::object> pods{pod("b", "10.1.0.2", false)};
  json::array subsets =
      controllers::endpoints::endpointsSubsets(service("web", R"(,"publishNotReadyAddresses":true)"), pointers(pods));
  ASSERT_EQ(subsets.size(), 1u);
  EXPECT_TRUE(subsets[0].as_object().contains("addresses"));
  EXPECT_FALSE(subsets[0].as_object().contains("notReadyAddresses"));
}

TEST(EndpointsBuilderTest, PodsWithoutTheNamedPortOrIpOrThatFinishedAreLeftOut) {
  json::object noPort = pod("a", "10.1.0.1", true);
  noPort["spec"].as_object()["containers"] = json::parse(R"([{"name":"c"}])");
  json::object noIp = pod("b", "", true);
  json::object finished = pod("c", "10.1.0.3", true);
  finished["status"].as_object()["phase"] = "Succeeded";
  std::vector<json::object> pods{noPort, noIp, finished};
  json::array subsets = controllers::endpoints::endpointsSubsets(service("web"), pointers(pods));
  // The pod without the named port still serves the numeric one.
  ASSERT_EQ(subsets.size(), 1u);
  EXPECT_EQ(json::serialize(subsets[0].at("ports")), R"([{"name":"metrics","port":9100,"protocol":"TCP"}])");
  EXPECT_EQ(subsets[0].at("addresses").as_array().size(), 1u);
}

TEST(EndpointsBuilderTest, HostnameOnlyForPodsInTheServicesSubdomain) {
  json::object named = pod("a", "10.1.0.1", true);
  named["spec"].as_object()["hostname"] = "web-0";
  named["spec"].as_object()["subdomain"] = "web";
  EXPECT_TRUE(controllers::endpoints::shouldSetHostname(named, service("web")));
  EXPECT_FALSE(controllers::endpoints::shouldSetHostname(named, service("other")));
}

TEST(EndpointsControllerTest, CreatesEndpointsForAServiceWithASelector) {
  ClusterControllerHarness harness;
  controllers::EndpointsController controller(harness.context);
  harness.add(resources::services, service("web"));
  harness.add(resources::pods, pod("a", "10.1.0.1", true));
  ASSERT_TRUE(controller.syncService("default/web").isOk());
  EXPECT_EQ(harness.writes(), std::vector<std::string>{"create endpoints"});
  auto endpoints = harness.api.stored(resources::endpoints, "default", "web");
  ASSERT_TRUE(endpoints);
  EXPECT_EQ(api::stringAt(*endpoints, {"metadata", "labels", "app"}), "web");
  EXPECT_EQ(endpoints->at("subsets").as_array().size(), 1u);

  // Nothing changed: nothing is written.
  harness.refreshCache(resources::endpoints);
  harness.api.clearActions();
  ASSERT_TRUE(controller.syncService("default/web").isOk());
  EXPECT_TRUE(harness.writes().empty());

  // The pod goes not ready: the same Endpoints is updated.
  harness.add(resources::pods, pod("a", "10.1.0.1", false));
  ASSERT_TRUE(controller.syncService("default/web").isOk());
  EXPECT_EQ(harness.writes(), std::vector<std::string>{"update endpoints"});
  EXPECT_TRUE(harness.api.stored(resources::endpoints, "default", "web")->at("subsets").at(0).as_object().contains(
      "notReadyAddresses"));
}

TEST(EndpointsControllerTest, LeavesSelectorlessServicesAloneAndDeletesEndpointsOfDeletedServices) {
  ClusterControllerHarness harness;
  controllers::EndpointsController controller(harness.context);
  harness.add(resources::services, parseObject(R"({"metadata":{"name":"kubernetes","namespace":"default"},
      "spec":{"clusterIP":"10.0.0.1","ports":[{"name":"https","port":443}]}})"));
  harness.add(resources::endpoints, parseObject(R"({"metadata":{"name":"kubernetes","namespace":"default"},
      "subsets":[{"addresses":[{"ip":"127.0.0.1"}],"ports":[{"name":"https","port":6443}]}]})"));
  ASSERT_TRUE(controller.syncService("default/kubernetes").isOk());
  EXPECT_TRUE(harness.writes().empty());

  harness.add(resources::endpoints, parseObject(R"({"metadata":{"name":"gone","namespace":"default"}})"));
  ASSERT_TRUE(controller.syncService("default/gone").isOk());
  EXPECT_EQ(harness.writes(), std::vector<std::string>{"delete endpoints"});
}

TEST(EndpointsControllerTest, AFailedWriteIsReportedAndRetried) {
  ClusterControllerHarness harness;
  auto controller = std::make_unique<controllers::EndpointsController>(harness.context);
  harness.add(resources::services, service("web"));
  harness.api.failNext("create", "endpoints", unavailable("etcd is down"));
  EXPECT_FALSE(controller->syncService("default/web").isOk());
  controller.reset();  // flushes the event recorder
  EXPECT_EQ(harness.eventReasons(), std::vector<std::string>{"FailedToCreateEndpoint"});
}

TEST(EndpointsControllerTest, AStaleCacheIsRetriedWithoutAnEvent) {
  ClusterControllerHarness harness;
  auto controller = std::make_unique<controllers::EndpointsController>(harness.context);
  harness.add(resources::services, service("web"));
  // Created by an earlier sync, not yet seen by the informer.
  harness.api.seed(resources::endpoints, parseObject(R"({"metadata":{"name":"web","namespace":"default"}})"));
  EXPECT_EQ(controller->syncService("default/web").code(), StatusCode::AlreadyExists);
  controller.reset();
  EXPECT_TRUE(harness.eventReasons().empty());
}

TEST(EndpointSliceControllerTest, OneSliceWithConditionsLabelsAndOwner) {
  ClusterControllerHarness harness;
  controllers::EndpointSliceController controller(harness.context);
  json::object web = harness.add(resources::services, service("web"));
  harness.add(resources::pods, pod("a", "10.1.0.1", true));
  harness.add(resources::pods, pod("b", "10.1.0.2", false));
  harness.add(resources::pods, pod("c", "10.1.0.3", true, R"(,"deletionTimestamp":"2026-01-01T00:00:00Z")"));
  ASSERT_TRUE(controller.syncService("default/web").isOk());
  EXPECT_EQ(harness.writes(), std::vector<std::string>{"create endpointslices"});
  std::vector<json::object> slices = harness.api.storedList(resources::endpointSlices);
  ASSERT_EQ(slices.size(), 1u);
  const json::object& slice = slices[0];
  EXPECT_EQ(api::stringAt(slice, {"metadata", "labels", "kubernetes.io/service-name"}), "web");
  EXPECT_EQ(api::stringAt(slice, {"metadata", "labels", "endpointslice.kubernetes.io/managed-by"}),
            "endpointslice-controller.k8s.io");
  EXPECT_EQ(slice.at("metadata").at("ownerReferences").at(0).at("uid"), json::value(api::uid(web)));
  EXPECT_EQ(api::stringAt(slice, {"addressType"}), "IPv4");
  const json::array& endpoints = slice.at("endpoints").as_array();
  ASSERT_EQ(endpoints.size(), 3u);
  EXPECT_EQ(json::serialize(endpoints[0].at("conditions")), R"({"ready":true,"serving":true,"terminating":false})");
  EXPECT_EQ(json::serialize(endpoints[1].at("conditions")), R"({"ready":false,"serving":false,"terminating":false})");
  EXPECT_EQ(json::serialize(endpoints[2].at("conditions")), R"({"ready":false,"serving":true,"terminating":true})");

  // With the cache caught up, a second pass writes nothing.
  harness.refreshCache(resources::endpointSlices);
  harness.api.clearActions();
  ASSERT_TRUE(controller.syncService("default/web").isOk());
  EXPECT_TRUE(harness.writes().empty());
}

TEST(EndpointSliceControllerTest, WaitsForItsOwnWritesBeforeSyncingAgain) {
  ClusterControllerHarness harness;
  controllers::EndpointSliceController controller(harness.context);
  harness.add(resources::services, service("web"));
  ASSERT_TRUE(controller.syncService("default/web").isOk());
  // The created (placeholder) slice is not in the cache yet: a second create would duplicate it.
  harness.api.clearActions();
  EXPECT_EQ(controller.syncService("default/web").code(), StatusCode::Unavailable);
  EXPECT_TRUE(harness.writes().empty());
  harness.refreshCache(resources::endpointSlices);
  EXPECT_TRUE(controller.syncService("default/web").isOk());
  EXPECT_TRUE(harness.writes().empty());
}

TEST(EndpointSliceControllerTest, SplitsAtAHundredEndpointsAndRemovesSurplusSlices) {
  ClusterControllerHarness harness;
  controllers::EndpointSliceController controller(harness.context);
  harness.add(resources::services, service("web"));
  for (int index = 0; index < 150; ++index) {
    harness.add(resources::pods, pod("p" + std::to_string(index), "10.1." + std::to_string(index / 200) + "." +
                                                                  std::to_string(index % 200 + 1), true));
  }
  ASSERT_TRUE(controller.syncService("default/web").isOk());
  EXPECT_EQ(harness.api.storedList(resources::endpointSlices).size(), 2u);
  harness.refreshCache(resources::endpointSlices);

  for (int index = 10; index < 150; ++index) {
    (void)harness.informers.informer(resources::pods).indexer().remove("default/p" + std::to_string(index));
  }
  harness.api.clearActions();
  ASSERT_TRUE(controller.syncService("default/web").isOk());
  auto writes = harness.writes();
  std::sort(writes.begin(), writes.end());
  EXPECT_EQ(writes, (std::vector<std::string>{"delete endpointslices", "update endpointslices"}));
  std::vector<json::object> slices = harness.api.storedList(resources::endpointSlices);
  ASSERT_EQ(slices.size(), 1u);
  EXPECT_EQ(slices[0].at("endpoints").as_array().size(), 10u);
}

TEST(EndpointsBuilderTest, TruncationKeepsReadyAddressesFirst) {
  std::vector<json::object> pods;
  for (int index = 0; index < 6; ++index) {
    pods.push_back(pod("p" + std::to_string(index), "10.1.0." + std::to_string(index + 1), index % 2 == 0));
  }
  json::array subsets = controllers::endpoints::endpointsSubsets(service("web"), pointers(pods));
  EXPECT_FALSE(controllers::endpoints::truncateSubsets(subsets, 6));
  EXPECT_TRUE(controllers::endpoints::truncateSubsets(subsets, 4));
  ASSERT_EQ(subsets.size(), 1u);
  EXPECT_EQ(subsets[0].at("addresses").as_array().size(), 3u);
  EXPECT_EQ(subsets[0].at("notReadyAddresses").as_array().size(), 1u);
}

TEST(EndpointsControllerTest, MoreThanAThousandAddressesAreCutAndAnnotated) {
  ClusterControllerHarness harness;
  controllers::EndpointsController controller(harness.context);
  harness.add(resources::services, service("web"));
  for (int index = 0; index < 1001; ++index) {
    harness.informers.informer(resources::pods).indexer().upsert(
        pod("p" + std::to_string(index), "10.2." + std::to_string(index / 250) + "." + std::to_string(index % 250 + 1), true));
  }
  ASSERT_TRUE(controller.syncService("default/web").isOk());
  auto endpoints = harness.api.stored(resources::endpoints, "default", "web");
  ASSERT_TRUE(endpoints);
  EXPECT_EQ(endpoints->at("subsets").at(0).at("addresses").as_array().size(), 1000u);
  EXPECT_EQ(api::stringAt(*endpoints, {"metadata", "annotations", "endpoints.kubernetes.io/over-capacity"}), "truncated");
}

TEST(EndpointSliceControllerTest, EndpointsCarryTheirNodesZone) {
  ClusterControllerHarness harness;
  controllers::EndpointSliceController controller(harness.context);
  harness.add(resources::services, service("web"));
  harness.add(resources::nodes, parseObject(R"({"metadata":{"name":"node-1","labels":{"topology.kubernetes.io/zone":"lab-a"}}})"));
  harness.add(resources::pods, pod("a", "10.1.0.1", true));
  ASSERT_TRUE(controller.syncService("default/web").isOk());
  std::vector<json::object> slices = harness.api.storedList(resources::endpointSlices);
  ASSERT_EQ(slices.size(), 1u);
  EXPECT_EQ(api::stringAt(slices[0].at("endpoints").at(0).as_object(), {"zone"}), "lab-a");
}

}  // namespace
}  // namespace kubelab::testing
