// ResourceQuota status: hard and used.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "client/resource.h"
#include "cluster_testharness.h"
#include "controllers/resourcequotacontroller.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;

json::object pod(const std::string& name, const std::string& cpu, const std::string& memory,
                 const std::string& phase = "Running") {
  return parseObject(R"({"metadata":{"name":")" + name + R"(","namespace":"lab"},"spec":{"containers":[{"name":"c",
      "resources":{"requests":{"cpu":")" + cpu + R"(","memory":")" + memory + R"("},"limits":{"cpu":")" + cpu +
                     R"(","memory":")" + memory + R"("}}}]},"status":{"phase":")" + phase + R"("}})");
}

TEST(ResourceQuotaControllerTest, UsedCountsPodsComputeAndObjects) {
  ClusterControllerHarness harness;
  controllers::ResourceQuotaController controller(harness.context);
  harness.add(resources::resourceQuotas, parseObject(R"({"metadata":{"name":"compute","namespace":"lab"},
      "spec":{"hard":{"pods":"10","requests.cpu":"2","limits.memory":"2Gi","configmaps":"5","services":"3",
      "count/deployments.apps":"4"}}})"));
  harness.add(resources::pods, pod("a", "500m", "256Mi"));
  harness.add(resources::pods, pod("b", "250m", "256Mi"));
  harness.add(resources::pods, pod("done", "1", "1Gi", "Succeeded"));  // terminal: no compute, not a pod
  harness.add(resources::pods, pod("elsewhere", "1", "1Gi"));
  harness.informers.informer(resources::pods).indexer().upsert([&] {
    json::object other = pod("elsewhere", "1", "1Gi");
    other["metadata"].as_object()["namespace"] = "default";
    return other;
  }());
  harness.add(resources::configMaps, parseObject(R"({"metadata":{"name":"settings","namespace":"lab"}})"));
  harness.add(resources::deployments, parseObject(R"({"metadata":{"name":"web","namespace":"lab"}})"));

  ASSERT_TRUE(controller.syncQuota("lab/compute").isOk());
  EXPECT_EQ(harness.writes(), std::vector<std::string>{"update resourcequotas/status"});
  auto quota = harness.api.stored(resources::resourceQuotas, "lab", "compute");
  EXPECT_EQ(json::serialize(quota->at("status").at("used")),
            R"({"configmaps":"1","count/deployments.apps":"1","limits.memory":"1536Mi","pods":"3","requests.cpu":"1750m","services":"0"})");
  EXPECT_EQ(api::stringAt(*quota, {"status", "hard", "limits.memory"}), "2Gi");

  // Recomputing with nothing changed writes nothing.
  harness.refreshCache(resources::resourceQuotas);
  harness.api.clearActions();
  ASSERT_TRUE(controller.syncQuota("lab/compute").isOk());
  EXPECT_TRUE(harness.writes().empty());
}

TEST(ResourceQuotaControllerTest, AFailedListIsRetried) {
  ClusterControllerHarness harness;
  controllers::ResourceQuotaController controller(harness.context);
  harness.add(resources::resourceQuotas, parseObject(R"({"metadata":{"name":"objects","namespace":"lab"},
      "spec":{"hard":{"count/controllerrevisions.apps":"1"}}})"));
  // Types without an informer are listed from the API.
  harness.api.failNext("list", "controllerrevisions", unavailable("down"));
  EXPECT_FALSE(controller.syncQuota("lab/objects").isOk());
  EXPECT_TRUE(harness.writes().empty());
}

}  // namespace
}  // namespace kubelab::testing
