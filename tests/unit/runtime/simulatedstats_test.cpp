// The simulated runtime's usage for kubectl top: derived from the requests, growing with time.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <thread>

#include "runtime/simulatedruntime.h"

namespace kubelab::runtime {
namespace {

TEST(SimulatedStatsTest, UsageFollowsTheRequests) {
  SimulatedRuntime runtime(SimulatedRuntimeOptions{std::chrono::milliseconds(0), std::chrono::seconds(3)});
  auto pod = boost::json::parse(R"({"metadata":{"uid":"u1","name":"p"},"spec":{"containers":[
      {"name":"big","resources":{"requests":{"cpu":"500m","memory":"128Mi"}}},{"name":"bare"}]}})").as_object();
  EXPECT_FALSE(runtime.stats("u1"));
  runtime.ensureRunning(pod);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto first = runtime.stats("u1");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].first, "big");
  EXPECT_EQ((*first)[0].second.memoryBytes, 64u * 1024 * 1024);  // half the request
  EXPECT_EQ((*first)[1].second.memoryBytes, 4u * 1024 * 1024);   // the default
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto second = runtime.stats("u1");
  ASSERT_TRUE(second);
  // A fifth of 500m: 100m, so about 20 ms of CPU time in 200 ms.
  auto grown = (*second)[0].second.cpuTime - (*first)[0].second.cpuTime;
  EXPECT_GT(grown, std::chrono::milliseconds(15));
  EXPECT_LT(grown, std::chrono::milliseconds(60));
  EXPECT_GT((*second)[1].second.cpuTime, (*first)[1].second.cpuTime);
}

}  // namespace
}  // namespace kubelab::runtime
