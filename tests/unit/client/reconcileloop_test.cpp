#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>

#include "client/reconcileloop.h"
#include "support/eventually.h"

namespace kubelab::client {
namespace {

using namespace std::chrono_literals;

TEST(ReconcileLoopTest, ForgetsSuccessNotFoundAndInvalidButRetriesOtherErrors) {
  std::map<std::string, Status> outcome{{"ok", Status::ok()},
                                        {"gone", notFound("x")},
                                        {"bad", invalid("spec.replicas: must be >= 0")},
                                        {"busy", unavailable("apiserver down")}};
  ReconcileLoop loop("test", [&](const std::string& key) { return outcome.at(key); });
  for (const auto& [key, status] : outcome) {
    loop.processKey(key);
  }
  EXPECT_EQ(loop.queue().numRequeues("ok"), 0);
  EXPECT_EQ(loop.queue().numRequeues("gone"), 0);
  EXPECT_EQ(loop.queue().numRequeues("bad"), 0);
  EXPECT_EQ(loop.queue().numRequeues("busy"), 1);
}

TEST(ReconcileLoopTest, WorkersRetryUntilTheSyncSucceeds) {
  std::atomic<int> calls{0};
  ReconcileLoop loop(
      "test", [&](const std::string&) { return ++calls < 3 ? conflict("stale") : Status::ok(); },
      BackoffOptions{1ms, 10ms});
  loop.start(2);
  loop.enqueue("default/web");
  EXPECT_TRUE(testing::eventually([&] { return calls.load() == 3; }, 5s));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(calls.load(), 3);  // success ends the retries
  loop.stop();
}

TEST(ReconcileLoopTest, AThrowingSyncIsRetriedNotFatal) {
  std::atomic<int> calls{0};
  ReconcileLoop loop("test", [&](const std::string&) -> Status {
    if (++calls == 1) throw std::runtime_error("boom");
    return Status::ok();
  }, BackoffOptions{1ms, 10ms});
  loop.start(1);
  loop.enqueue("k");
  EXPECT_TRUE(testing::eventually([&] { return calls.load() == 2; }, 5s));
  loop.stop();
}

}  // namespace
}  // namespace kubelab::client
