#include "scheduler/taskpool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace kubelab::scheduler {
namespace {

using namespace std::chrono_literals;

TEST(TaskPoolTest, RunsTasksConcurrentlyAndWaitsForThem) {
  TaskPool pool(4);
  std::atomic<int> running{0};
  std::atomic<int> mostAtOnce{0};
  std::atomic<int> finished{0};
  for (int index = 0; index < 8; ++index) {
    pool.submit([&] {
      int now = ++running;
      int seen = mostAtOnce.load();
      while (now > seen && !mostAtOnce.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(50ms);
      --running;
      ++finished;
    });
  }
  pool.waitIdle();
  EXPECT_EQ(finished.load(), 8);
  EXPECT_GT(mostAtOnce.load(), 1);
  EXPECT_LE(mostAtOnce.load(), 4);
}

TEST(TaskPoolTest, StopRunsWhatIsQueuedThenRefusesMore) {
  std::atomic<int> finished{0};
  TaskPool pool(1);
  for (int index = 0; index < 5; ++index) pool.submit([&] { ++finished; });
  pool.stop();
  EXPECT_EQ(finished.load(), 5);
  pool.submit([&] { ++finished; });
  pool.waitIdle();
  EXPECT_EQ(finished.load(), 5);
}

}  // namespace
}  // namespace kubelab::scheduler
