#include "client/workqueue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace kubelab::client {
namespace {

using namespace std::chrono_literals;
using Clock = WorkQueue::Clock;

// Generous so a loaded machine does not fail the test; waits that succeed return early.
constexpr auto kPatience = 5s;

template <typename T>
bool readyWithin(std::future<T>& future, Clock::duration timeout) {
  return future.wait_for(timeout) == std::future_status::ready;
}

TEST(WorkQueueTest, HandsOutKeysInOrderAndDeduplicatesWaitingKeys) {
  WorkQueue queue;
  queue.add("default/a");
  queue.add("default/b");
  queue.add("default/a");
  EXPECT_EQ(queue.length(), 2u);
  EXPECT_EQ(queue.get(), "default/a");
  EXPECT_EQ(queue.get(), "default/b");
  EXPECT_EQ(queue.length(), 0u);
}

TEST(WorkQueueTest, KeyBeingProcessedIsNotHandedOutTwice) {
  WorkQueue queue;
  queue.add("a");
  ASSERT_EQ(queue.get(), "a");
  queue.add("a");  // re-added while processing
  queue.add("a");
  EXPECT_EQ(queue.length(), 0u);

  auto second = std::async(std::launch::async, [&] { return queue.get(); });
  EXPECT_FALSE(readyWithin(second, 20ms));
  queue.done("a");
  ASSERT_TRUE(readyWithin(second, kPatience));
  EXPECT_EQ(second.get(), "a");
  queue.done("a");
  EXPECT_EQ(queue.length(), 0u);
}

TEST(WorkQueueTest, DoneWithoutReAddDropsTheKey) {
  WorkQueue queue;
  queue.add("a");
  ASSERT_EQ(queue.get(), "a");
  queue.done("a");
  EXPECT_EQ(queue.length(), 0u);
  queue.add("a");
  EXPECT_EQ(queue.length(), 1u);
}

TEST(WorkQueueTest, GetBlocksUntilAKeyIsAdded) {
  WorkQueue queue;
  auto got = std::async(std::launch::async, [&] { return queue.get(); });
  EXPECT_FALSE(readyWithin(got, 20ms));
  queue.add("a");
  ASSERT_TRUE(readyWithin(got, kPatience));
  EXPECT_EQ(got.get(), "a");
}

TEST(WorkQueueTest, ShutDownWakesWaitersAndDrainsReadyKeys) {
  WorkQueue queue;
  auto waiting = std::async(std::launch::async, [&] { return queue.get(); });
  EXPECT_FALSE(readyWithin(waiting, 20ms));
  queue.shutDown();
  ASSERT_TRUE(readyWithin(waiting, kPatience));
  EXPECT_EQ(waiting.get(), std::nullopt);
  EXPECT_TRUE(queue.shuttingDown());

  WorkQueue draining;
  draining.add("a");
  draining.addAfter("later", 1h);
  draining.shutDown();
  draining.add("b");  // ignored
  EXPECT_EQ(draining.length(), 1u);
  EXPECT_EQ(draining.get(), "a");
  EXPECT_EQ(draining.get(), std::nullopt);
}

TEST(WorkQueueTest, AddAfterWaitsForTheDelay) {
  WorkQueue queue;
  Clock::time_point start = Clock::now();
  queue.addAfter("a", 20ms);
  EXPECT_EQ(queue.length(), 0u);
  EXPECT_EQ(queue.get(), "a");
  EXPECT_GE(Clock::now() - start, 20ms);
}

TEST(WorkQueueTest, AddAfterWithoutDelayAddsNow) {
  WorkQueue queue;
  queue.addAfter("a", 0ms);
  EXPECT_EQ(queue.length(), 1u);
}

TEST(WorkQueueTest, AddAfterKeepsTheEarliestDeadline) {
  WorkQueue queue;
  queue.addAfter("a", 1h);
  queue.addAfter("a", 10ms);
  queue.addAfter("a", 2h);
  EXPECT_EQ(queue.get(), "a");
  queue.done("a");
  EXPECT_EQ(queue.length(), 0u);
}

TEST(WorkQueueTest, EarlierDelayedKeyWakesAWaitingGet) {
  WorkQueue queue;
  queue.addAfter("slow", 1h);
  auto got = std::async(std::launch::async, [&] { return queue.get(); });
  EXPECT_FALSE(readyWithin(got, 10ms));
  queue.addAfter("fast", 10ms);
  ASSERT_TRUE(readyWithin(got, kPatience));
  EXPECT_EQ(got.get(), "fast");
  queue.shutDown();
}

TEST(WorkQueueTest, DelayedKeyAlreadyWaitingIsNotQueuedTwice) {
  WorkQueue queue;
  queue.add("a");
  queue.addAfter("a", 5ms);
  std::this_thread::sleep_for(15ms);
  EXPECT_EQ(queue.length(), 1u);
  EXPECT_EQ(queue.get(), "a");
  EXPECT_EQ(queue.length(), 0u);
}

TEST(WorkQueueTest, RateLimitedBackoffDoublesUpToTheCap) {
  WorkQueue queue(BackoffOptions{.baseDelay = 1h, .maxDelay = 5h});
  EXPECT_EQ(queue.nextBackoff("a"), 1h);
  queue.addRateLimited("a");
  EXPECT_EQ(queue.numRequeues("a"), 1);
  EXPECT_EQ(queue.nextBackoff("a"), 2h);
  queue.addRateLimited("a");
  queue.addRateLimited("a");
  EXPECT_EQ(queue.nextBackoff("a"), 5h);  // 8h capped
  for (int i = 0; i < 200; ++i) queue.addRateLimited("a");
  EXPECT_EQ(queue.nextBackoff("a"), 5h);
  EXPECT_EQ(queue.numRequeues("a"), 203);
  EXPECT_EQ(queue.nextBackoff("b"), 1h);  // per key
  EXPECT_EQ(queue.length(), 0u);
}

TEST(WorkQueueTest, DefaultBackoffIsFiveMillisecondsToThousandSeconds) {
  WorkQueue queue;
  EXPECT_EQ(queue.nextBackoff("a"), 5ms);
  for (int i = 0; i < 40; ++i) queue.addRateLimited("a");
  EXPECT_EQ(queue.nextBackoff("a"), 1000s);
  queue.shutDown();
}

TEST(WorkQueueTest, ForgetResetsTheBackoff) {
  WorkQueue queue(BackoffOptions{.baseDelay = 1h, .maxDelay = 5h});
  queue.addRateLimited("a");
  queue.addRateLimited("a");
  queue.forget("a");
  EXPECT_EQ(queue.numRequeues("a"), 0);
  EXPECT_EQ(queue.nextBackoff("a"), 1h);
}

TEST(WorkQueueTest, RateLimitedKeyArrivesAfterItsBackoff) {
  WorkQueue queue(BackoffOptions{.baseDelay = 10ms, .maxDelay = 1s});
  Clock::time_point start = Clock::now();
  queue.addRateLimited("a");
  EXPECT_EQ(queue.get(), "a");
  EXPECT_GE(Clock::now() - start, 10ms);
  queue.done("a");

  start = Clock::now();
  queue.addRateLimited("a");  // second failure: 20 ms
  EXPECT_EQ(queue.get(), "a");
  EXPECT_GE(Clock::now() - start, 20ms);
  queue.done("a");
}

TEST(WorkQueueTest, ConcurrentWorkersNeverProcessAKeyTwiceAtOnce) {
  WorkQueue queue;
  constexpr int kKeys = 20;
  std::vector<std::atomic<int>> active(kKeys);
  std::atomic<int> overlaps{0};
  std::atomic<int> processed{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&] {
      while (auto key = queue.get()) {
        int index = std::stoi(*key);
        if (active[static_cast<std::size_t>(index)].fetch_add(1) != 0) ++overlaps;
        std::this_thread::yield();
        active[static_cast<std::size_t>(index)].fetch_sub(1);
        ++processed;
        queue.done(*key);
      }
    });
  }
  for (int round = 0; round < 200; ++round) {
    for (int key = 0; key < kKeys; ++key) queue.add(std::to_string(key));
  }
  Clock::time_point deadline = Clock::now() + kPatience;
  while (queue.length() > 0 && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
  queue.shutDown();
  for (auto& worker : workers) worker.join();
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_GE(processed.load(), kKeys);
  EXPECT_LE(processed.load(), 200 * kKeys);
}

}  // namespace
}  // namespace kubelab::client
