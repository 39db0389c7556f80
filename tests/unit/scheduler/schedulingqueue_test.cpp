#include "scheduler/schedulingqueue.h"

#include <gtest/gtest.h>

#include <thread>

#include "schedulertesting.h"

namespace kubelab::scheduler {
namespace {

using namespace testing;
using namespace std::chrono_literals;

PodInfoPointer withPriority(const std::string& name, int priority) {
  return podInfo(with(makePod(name), R"({"spec": {"priority": )" + std::to_string(priority) + "}}"));
}

QueueOptions fastBackoff() {
  QueueOptions options;
  options.initialBackoff = 50ms;
  options.maxBackoff = 200ms;
  options.maxInUnschedulable = 5min;
  return options;
}

TEST(SchedulingQueueTest, PopsByPriorityThenArrival) {
  SchedulingQueue queue;
  queue.add(withPriority("low-1", 0));
  queue.add(withPriority("high", 1000));
  queue.add(withPriority("low-2", 0));
  EXPECT_EQ(queue.pop()->pod->name, "high");
  EXPECT_EQ(queue.pop()->pod->name, "low-1");
  EXPECT_EQ(queue.pop()->pod->name, "low-2");
  EXPECT_EQ(queue.schedulingCycle(), 3);
}

TEST(SchedulingQueueTest, BackoffDoublesFromOneSecondToTenSeconds) {
  SchedulingQueue queue;
  EXPECT_EQ(queue.backoffDuration(1), 1s);
  EXPECT_EQ(queue.backoffDuration(2), 2s);
  EXPECT_EQ(queue.backoffDuration(3), 4s);
  EXPECT_EQ(queue.backoffDuration(4), 8s);
  EXPECT_EQ(queue.backoffDuration(5), 10s);
  EXPECT_EQ(queue.backoffDuration(30), 10s);
}

TEST(SchedulingQueueTest, UnschedulablePodsWaitForAClusterEvent) {
  SchedulingQueue queue(fastBackoff());
  queue.add(podInfo(makePod("web")));
  QueuedPod popped = *queue.pop();
  queue.requeueAfterFailure(popped, queue.schedulingCycle(), true);
  EXPECT_EQ(queue.unschedulableCount(), 1U);
  std::this_thread::sleep_for(100ms);  // past its back-off: still waits for an event
  EXPECT_EQ(queue.activeCount(), 0U);
  EXPECT_EQ(queue.unschedulableCount(), 1U);

  queue.moveAllToActiveOrBackoff();  // e.g. a node was added
  EXPECT_EQ(queue.unschedulableCount(), 0U);
  EXPECT_EQ(queue.activeCount(), 1U);
  QueuedPod again = *queue.pop();
  EXPECT_EQ(again.pod->name, "web");
  EXPECT_EQ(again.attempts, 2);
}

TEST(SchedulingQueueTest, MovedPodsStillInBackoffWaitTheirTurn) {
  QueueOptions options = fastBackoff();
  options.initialBackoff = 400ms;  // long enough that a busy machine cannot eat it before pop()
  SchedulingQueue queue(options);
  queue.add(podInfo(makePod("web")));
  QueuedPod popped = *queue.pop();
  queue.requeueAfterFailure(popped, queue.schedulingCycle(), true);
  queue.moveAllToActiveOrBackoff();
  EXPECT_EQ(queue.backoffCount(), 1U);
  EXPECT_EQ(queue.activeCount(), 0U);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(queue.pop()->pod->name, "web");
  EXPECT_GE(std::chrono::steady_clock::now() - started, 200ms);
}

TEST(SchedulingQueueTest, AMoveRequestDuringTheCycleSendsTheFailureToBackoff) {
  SchedulingQueue queue(fastBackoff());
  queue.add(podInfo(makePod("web")));
  QueuedPod popped = *queue.pop();
  std::int64_t cycle = queue.schedulingCycle();
  queue.moveAllToActiveOrBackoff();  // a node arrived while the pod was being scheduled
  queue.requeueAfterFailure(popped, cycle, true);
  EXPECT_EQ(queue.unschedulableCount(), 0U);
  EXPECT_EQ(queue.backoffCount(), 1U);
}

TEST(SchedulingQueueTest, SpecChangesRetryUnschedulablePodsButStatusChangesDoNot) {
  SchedulingQueue queue(fastBackoff());
  json::object pod = makePod("web", "8");
  queue.add(podInfo(pod));
  queue.requeueAfterFailure(*queue.pop(), queue.schedulingCycle(), true);

  queue.update(podInfo(with(pod, R"({"metadata": {"resourceVersion": "2"}, "status": {"conditions": [
      {"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}]}})")));
  EXPECT_EQ(queue.unschedulableCount(), 1U);

  queue.update(podInfo(with(pod, R"({"metadata": {"labels": {"tier": "front"}}})")));
  EXPECT_EQ(queue.unschedulableCount(), 0U);
  EXPECT_EQ(queue.backoffCount() + queue.activeCount(), 1U);
}

TEST(SchedulingQueueTest, DeletedPodsLeaveEveryQueueEvenInFlight) {
  SchedulingQueue queue(fastBackoff());
  queue.add(podInfo(makePod("a")));
  queue.add(podInfo(makePod("b")));
  queue.remove("default/b");
  QueuedPod popped = *queue.pop();
  EXPECT_EQ(popped.pod->name, "a");
  queue.remove("default/a");
  queue.requeueAfterFailure(popped, queue.schedulingCycle(), true);
  EXPECT_EQ(queue.activeCount() + queue.backoffCount() + queue.unschedulableCount(), 0U);
}

TEST(SchedulingQueueTest, ErrorsGoStraightToBackoffAndComeBack) {
  SchedulingQueue queue(fastBackoff());
  queue.add(podInfo(makePod("web")));
  queue.requeueAfterFailure(*queue.pop(), queue.schedulingCycle(), false);
  EXPECT_EQ(queue.backoffCount(), 1U);
  EXPECT_EQ(queue.pop()->pod->name, "web");
}

TEST(SchedulingQueueTest, LongWaitingUnschedulablePodsAreRetried) {
  QueueOptions options = fastBackoff();
  options.maxInUnschedulable = 100ms;
  SchedulingQueue queue(options);
  queue.add(podInfo(makePod("web")));
  queue.requeueAfterFailure(*queue.pop(), queue.schedulingCycle(), true);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(queue.pop()->pod->name, "web");  // the sweep runs at least every second
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST(SchedulingQueueTest, CloseWakesPop) {
  SchedulingQueue queue;
  std::thread closer([&] {
    std::this_thread::sleep_for(50ms);
    queue.close();
  });
  EXPECT_FALSE(queue.pop().has_value());
  closer.join();
}

}  // namespace
}  // namespace kubelab::scheduler
