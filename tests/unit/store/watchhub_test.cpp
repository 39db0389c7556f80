#include "store/watchhub.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "store/mvccstore.h"
#include "support/temporarydirectory.h"
#include "unit/store/storetesting.h"

namespace kubelab::store {
namespace {

class WatchHubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto directory = kubelab::testing::TemporaryDirectory::create("kubelab-watch-unit");
    ASSERT_TRUE(directory.isOk());
    directory_ = std::move(*directory);
    StoreOptions options;
    options.dataDirectory = directory_->path().string();
    auto store = MvccStore::open(options);
    ASSERT_TRUE(store.isOk()) << store.status().toString();
    store_ = std::move(*store);
  }

  // Submits `count` puts without waiting for each, so they group-commit, then waits for all.
  void putMany(const std::string& prefix, int count) {
    std::atomic<int> remaining{count};
    std::promise<void> allDone;
    for (int i = 0; i < count; ++i) {
      PutRequest request;
      request.key = prefix + std::to_string(i);
      request.value = std::to_string(i);
      store_->put(request, [&](Result<PutResponse> response) {
        EXPECT_TRUE(response.isOk());
        if (--remaining == 0) allDone.set_value();
      });
    }
    allDone.get_future().wait();
  }

  // Drains the watcher until it has nothing more, returning every event's revision.
  std::vector<std::int64_t> drain(Watcher& watcher) {
    std::vector<std::int64_t> revisions;
    for (int round = 0; round < 100000; ++round) {
      auto batch = watcher.next(*store_, store_->watchHub().publishedRevision(), 500);
      EXPECT_TRUE(batch.isOk());
      EXPECT_EQ(batch->compactRevision, 0);
      for (const Event& event : batch->events) revisions.push_back(event.kv.modRevision);
      if (batch->events.empty() && watcher.synced()) break;
    }
    return revisions;
  }

  std::unique_ptr<kubelab::testing::TemporaryDirectory> directory_;
  std::unique_ptr<MvccStore> store_;
};

void expectConsecutive(const std::vector<std::int64_t>& revisions, std::int64_t first, std::int64_t last) {
  ASSERT_EQ(revisions.size(), static_cast<std::size_t>(last - first + 1));
  for (std::size_t i = 0; i < revisions.size(); ++i) ASSERT_EQ(revisions[i], first + static_cast<std::int64_t>(i));
}

TEST_F(WatchHubTest, CatchesUpFromTheLogThenFollowsLiveWithoutGapsOrRepeats) {
  putMany("/a/", 100);  // revisions 2..101
  auto watcher = store_->watchHub().watch({testing::prefix("/a/")}, 2, nullptr);
  putMany("/a/x", 100);  // 102..201, while the watcher is still catching up
  expectConsecutive(drain(*watcher), 2, 201);
  putMany("/a/y", 10);
  expectConsecutive(drain(*watcher), 202, 211);
}

TEST_F(WatchHubTest, AWatcherThatFallsFarBehindCatchesUpFromTheLogInsteadOfLosingEvents) {
  auto watcher = store_->watchHub().watch({testing::prefix("/b/")}, 0, nullptr);
  putMany("/b/", 25000);  // more revisions than a watcher may buffer
  auto revisions = drain(*watcher);
  expectConsecutive(revisions, 2, 25001);
}

TEST_F(WatchHubTest, AWatcherBehindCompactionIsToldTheCompactRevision) {
  putMany("/c/", 10);
  auto watcher = store_->watchHub().watch({testing::prefix("/c/")}, 2, nullptr);
  ASSERT_TRUE(testing::wait<std::int64_t>([&](auto done) { store_->compact(8, done); }).isOk());
  auto batch = watcher->next(*store_, store_->watchHub().publishedRevision(), 500);
  ASSERT_TRUE(batch.isOk());
  EXPECT_EQ(batch->compactRevision, 8);
}

TEST_F(WatchHubTest, FiltersByKeyRangeAndEventType) {
  WatchFilter filter{testing::prefix("/d/"), false, true, false};  // no deletes
  auto watcher = store_->watchHub().watch(filter, 0, nullptr);
  ASSERT_TRUE(testing::put(*store_, "/d/1", "x").isOk());
  ASSERT_TRUE(testing::put(*store_, "/other", "x").isOk());
  ASSERT_TRUE(testing::remove(*store_, {"/d/1", ""}).isOk());
  auto batch = watcher->next(*store_, store_->watchHub().publishedRevision(), 500);
  ASSERT_TRUE(batch.isOk());
  ASSERT_EQ(batch->events.size(), 1u);
  EXPECT_EQ(batch->events[0].kv.key, "/d/1");
  EXPECT_EQ(batch->events[0].type, Event::Type::Put);
  EXPECT_FALSE(batch->events[0].prevKv.has_value());
}

}  // namespace
}  // namespace kubelab::store
