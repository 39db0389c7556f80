// The API server's side of logs, exec and metrics: container selection with Kubernetes'
// messages, and metrics-server's rates and quantities.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "apiserver/metricsapi.h"
#include "apiserver/podstreams.h"

namespace kubelab::apiserver {
namespace {

Object pod(const std::string& json) { return boost::json::parse(json).as_object(); }

TEST(SelectContainerTest, DefaultsToTheOnlyContainer) {
  auto chosen = selectContainer(pod(R"({"metadata":{"name":"web"},"spec":{"containers":[{"name":"nginx"}]}})"), "");
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(*chosen.value, "nginx");
}

TEST(SelectContainerTest, AsksForANameWhenThereAreSeveral) {
  Object multi = pod(R"({"metadata":{"name":"multi"},"spec":{"containers":[{"name":"a"},{"name":"b"}],
                         "initContainers":[{"name":"setup"}]}})");
  auto missing = selectContainer(multi, "");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error.code, 400u);
  EXPECT_EQ(missing.error.message, "a container name must be specified for pod multi, choose one of: [a b]");
  auto unknown = selectContainer(multi, "c");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error.message, "container c is not valid for pod multi");
  EXPECT_TRUE(selectContainer(multi, "b").ok());
  EXPECT_TRUE(selectContainer(multi, "setup").ok());
}

TEST(MetricsTest, CpuIsTheRateBetweenTwoSamples) {
  auto start = std::chrono::system_clock::time_point(std::chrono::seconds(1000));
  UsageSample previous{start, 1'000'000'000, 100};
  UsageSample latest{start + std::chrono::seconds(2), 1'500'000'000, 4096 * 1024};
  auto usage = usageBetween(previous, latest);
  ASSERT_TRUE(usage);
  EXPECT_EQ(usage->nanoCores, 250'000'000);  // half a CPU-second over two seconds: 250m
  EXPECT_EQ(usage->memoryBytes, 4096u * 1024);
  EXPECT_EQ(usage->window, std::chrono::seconds(2));
  // A restarted container's counter goes back; no time between samples gives no rate.
  EXPECT_FALSE(usageBetween(latest, previous));
  EXPECT_FALSE(usageBetween(previous, previous));
}

TEST(MetricsTest, QuantitiesAsMetricsServerWritesThem) {
  EXPECT_EQ(formatNanoCores(250'000'000), "250000000n");
  EXPECT_EQ(formatMemory(4096 * 1024), "4096Ki");
  auto list = metricsResourceList();
  EXPECT_EQ(list.at("groupVersion").as_string(), "metrics.k8s.io/v1beta1");
  EXPECT_EQ(list.at("resources").as_array().size(), 2u);
}

}  // namespace
}  // namespace kubelab::apiserver
