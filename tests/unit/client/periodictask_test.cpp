#include <gtest/gtest.h>

#include <atomic>

#include "client/periodictask.h"
#include "support/eventually.h"

namespace kubelab::client {
namespace {

using namespace std::chrono_literals;

TEST(PeriodicTaskTest, RunsEveryPeriodAndStopsAtOnce) {
  std::atomic<int> runs{0};
  PeriodicTask task(20ms, [&] { ++runs; });
  task.start();
  EXPECT_TRUE(testing::eventually([&] { return runs.load() >= 3; }, 5s));
  auto stopping = std::chrono::steady_clock::now();
  task.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 1s);
  int after = runs.load();
  std::this_thread::sleep_for(60ms);
  EXPECT_EQ(runs.load(), after);
}

TEST(PeriodicTaskTest, TheFirstRunComesAtOnceOnlyWhenAsked) {
  std::atomic<int> immediate{0};
  std::atomic<int> delayed{0};
  PeriodicTask first(1h, [&] { ++immediate; }, PeriodicTask::FirstRun::Immediately);
  PeriodicTask later(1h, [&] { ++delayed; });
  first.start();
  later.start();
  EXPECT_TRUE(testing::eventually([&] { return immediate.load() == 1; }, 5s));
  first.stop();
  later.stop();  // wakes the hour-long wait
  EXPECT_EQ(delayed.load(), 0);
}

}  // namespace
}  // namespace kubelab::client
