#include <gtest/gtest.h>

#include "api/objectmeta.h"
#include "client/informer.h"
#include "cloud/servicecontroller.h"
#include "support/fakeapiclient.h"

namespace kubelab::cloud {
namespace {

TEST(LoadBalancerPoolTest, GivesEachServiceItsOwnAddressAndHonoursRequests) {
  LoadBalancerPool pool;
  EXPECT_EQ(*pool.assign("a/web"), "127.200.0.1");
  EXPECT_EQ(*pool.assign("a/api"), "127.200.0.2");
  EXPECT_EQ(*pool.assign("a/web"), "127.200.0.1");
  EXPECT_EQ(*pool.assign("b/db", "127.200.9.9"), "127.200.9.9");
  EXPECT_EQ(pool.assign("b/other", "127.200.9.9").status().code(), StatusCode::Invalid);
  EXPECT_EQ(pool.assign("b/far", "10.0.0.1").status().code(), StatusCode::Invalid);
  pool.release("a/web");
  EXPECT_EQ(*pool.assign("c/new"), "127.200.0.1");
  EXPECT_TRUE(pool.adopt("d/kept", "127.200.3.3"));
  EXPECT_FALSE(pool.adopt("d/clash", "127.200.3.3"));
  EXPECT_FALSE(pool.adopt("d/outside", "127.96.0.1"));
}

boost::json::object service(const std::string& name, const std::string& type, bool withFinalizer) {
  boost::json::object metadata{{"name", name}, {"namespace", "shop"}, {"uid", "uid-" + name}, {"resourceVersion", "5"}};
  if (withFinalizer) metadata["finalizers"] = boost::json::array{"service.kubernetes.io/load-balancer-cleanup"};
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", std::move(metadata)},
          {"spec", {{"type", type}, {"ports", boost::json::array{{{"port", 80}}}}}}};
}

// What the controller wrote, without its Events.
std::vector<std::string> objectWrites(const testing::FakeApiClient& api) {
  std::vector<std::string> writes;
  for (const auto& summary : api.writeSummaries()) {
    if (summary.find("events") == std::string::npos) writes.push_back(summary);
  }
  return writes;
}

struct Harness {
  testing::FakeApiClient api;
  client::InformerFactory informers{api};
  controllers::ControllerContext context{api, informers, {}, "test", 1};
  ServiceController controller{context};

  void add(const boost::json::object& object) {
    api.seed(client::resources::services, object);
    informers.informer(client::resources::services).indexer().upsert(*api.stored(
        client::resources::services, api::namespaceOf(object), api::name(object)));
  }
};

TEST(ServiceControllerTest, ALoadBalancerGetsTheFinalizerThenAnAddress) {
  Harness harness;
  harness.add(service("web", "LoadBalancer", false));
  ASSERT_TRUE(harness.controller.syncService("shop/web").isOk());
  EXPECT_EQ(objectWrites(harness.api), std::vector<std::string>{"patch services"});
  // The informer brings the updated Service back.
  harness.informers.informer(client::resources::services)
      .indexer()
      .upsert(*harness.api.stored(client::resources::services, "shop", "web"));
  harness.api.clearActions();
  ASSERT_TRUE(harness.controller.syncService("shop/web").isOk());
  EXPECT_EQ(objectWrites(harness.api), std::vector<std::string>{"patch services/status"});
  auto stored = harness.api.stored(client::resources::services, "shop", "web");
  EXPECT_EQ(api::stringAt((*api::arrayAt(*stored, {"status", "loadBalancer", "ingress"}))[0].as_object(), {"ip"}),
            "127.200.0.1");
}

TEST(ServiceControllerTest, AServiceThatStopsBeingALoadBalancerGivesItsAddressBack) {
  Harness harness;
  auto withAddress = service("web", "ClusterIP", true);
  withAddress["status"] = {{"loadBalancer", {{"ingress", boost::json::array{{{"ip", "127.200.0.7"}}}}}}};
  harness.add(withAddress);
  ASSERT_TRUE(harness.controller.syncService("shop/web").isOk());
  EXPECT_EQ(objectWrites(harness.api), (std::vector<std::string>{"patch services/status", "patch services"}));
  auto stored = harness.api.stored(client::resources::services, "shop", "web");
  EXPECT_EQ(api::arrayAt(*stored, {"status", "loadBalancer", "ingress"}), nullptr);
  EXPECT_EQ(api::arrayAt(*stored, {"metadata", "finalizers"})->size(), 0u);
  EXPECT_FALSE(harness.controller.pool().addressOf("shop/web"));
}

TEST(ServiceControllerTest, OtherServicesAreLeftAlone) {
  Harness harness;
  harness.add(service("plain", "ClusterIP", false));
  ASSERT_TRUE(harness.controller.syncService("shop/plain").isOk());
  ASSERT_TRUE(harness.controller.syncService("shop/gone").isOk());
  EXPECT_TRUE(objectWrites(harness.api).empty());
}

}  // namespace
}  // namespace kubelab::cloud
