#include "store/mvccstore.h"

#include <gtest/gtest.h>

#include <thread>

#include "support/temporarydirectory.h"
#include "unit/store/storetesting.h"

namespace kubelab::store {
namespace {

using testing::get;
using testing::prefix;
using testing::put;
using testing::remove;
using testing::wait;

class MvccStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto directory = kubelab::testing::TemporaryDirectory::create("kubelab-store-unit");
    ASSERT_TRUE(directory.isOk()) << directory.status().toString();
    directory_ = std::move(*directory);
    reopen();
  }

  void reopen() {
    store_.reset();
    StoreOptions options;
    options.dataDirectory = directory_->path().string();
    auto store = MvccStore::open(options);
    ASSERT_TRUE(store.isOk()) << store.status().toString();
    store_ = std::move(*store);
  }

  std::unique_ptr<kubelab::testing::TemporaryDirectory> directory_;
  std::unique_ptr<MvccStore> store_;
};

TEST_F(MvccStoreTest, EachWriteGetsTheNextRevisionAndVersions) {
  EXPECT_EQ(store_->currentRevision(), 1);
  auto first = put(*store_, "/registry/pods/default/web", "v1");
  ASSERT_TRUE(first.isOk());
  EXPECT_EQ(first->revision, 2);
  EXPECT_FALSE(first->prevKv.has_value());
  auto second = put(*store_, "/registry/pods/default/web", "v2");
  ASSERT_TRUE(second.isOk());
  EXPECT_EQ(second->revision, 3);
  ASSERT_TRUE(second->prevKv.has_value());
  EXPECT_EQ(second->prevKv->value, "v1");

  auto current = get(*store_, {"/registry/pods/default/web", ""});
  ASSERT_TRUE(current.isOk());
  ASSERT_EQ(current->kvs.size(), 1u);
  EXPECT_EQ(current->kvs[0].value, "v2");
  EXPECT_EQ(current->kvs[0].createRevision, 2);
  EXPECT_EQ(current->kvs[0].modRevision, 3);
  EXPECT_EQ(current->kvs[0].version, 2);

  auto past = get(*store_, {"/registry/pods/default/web", ""}, 2);
  ASSERT_TRUE(past.isOk());
  ASSERT_EQ(past->kvs.size(), 1u);
  EXPECT_EQ(past->kvs[0].value, "v1");
}

TEST_F(MvccStoreTest, StateAndRevisionSurviveARestart) {
  ASSERT_TRUE(put(*store_, "a", "1").isOk());
  ASSERT_TRUE(put(*store_, "b", "2").isOk());
  ASSERT_TRUE(remove(*store_, {"b", ""}).isOk());
  std::int64_t before = store_->currentRevision();
  reopen();
  EXPECT_EQ(store_->currentRevision(), before);
  auto all = get(*store_, {"a", std::string(1, '\0')});
  ASSERT_TRUE(all.isOk());
  ASSERT_EQ(all->kvs.size(), 1u);
  EXPECT_EQ(all->kvs[0].key, "a");
  auto next = put(*store_, "c", "3");
  ASSERT_TRUE(next.isOk());
  EXPECT_EQ(next->revision, before + 1);
}

TEST_F(MvccStoreTest, RevisionsAreNeverReusedEvenAfterCompactingEverythingAway) {
  ASSERT_TRUE(put(*store_, "gone", "1").isOk());
  auto deleted = remove(*store_, {"gone", ""});
  ASSERT_TRUE(deleted.isOk());
  ASSERT_TRUE(wait<std::int64_t>([&](auto done) { store_->compact(deleted->revision, done); }).isOk());
  reopen();
  auto next = put(*store_, "new", "1");
  ASSERT_TRUE(next.isOk());
  EXPECT_EQ(next->revision, deleted->revision + 1);
}

TEST_F(MvccStoreTest, CompactionForgetsOldRevisionsButKeepsTheCompactedOne) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(put(*store_, "key", std::to_string(i)).isOk());
  std::int64_t compactAt = store_->currentRevision() - 1;
  ASSERT_TRUE(wait<std::int64_t>([&](auto done) { store_->compact(compactAt, done); }).isOk());
  auto tooOld = get(*store_, {"key", ""}, compactAt - 1);
  EXPECT_EQ(tooOld.status().code(), StatusCode::Gone);
  EXPECT_EQ(tooOld.status().message(), "etcdserver: mvcc: required revision has been compacted");
  auto atCompacted = get(*store_, {"key", ""}, compactAt);
  ASSERT_TRUE(atCompacted.isOk());
  ASSERT_EQ(atCompacted->kvs.size(), 1u);
  EXPECT_EQ(atCompacted->kvs[0].value, "3");
  auto again = wait<std::int64_t>([&](auto done) { store_->compact(compactAt, done); });
  EXPECT_EQ(again.status().code(), StatusCode::Gone);
  auto future = wait<std::int64_t>([&](auto done) { store_->compact(store_->currentRevision() + 1, done); });
  EXPECT_EQ(future.status().code(), StatusCode::OutOfRange);
}

TEST_F(MvccStoreTest, TxnComparesAgainstTheCurrentValueAndAppliesOneBranchAtOneRevision) {
  ASSERT_TRUE(put(*store_, "lock", "holder-a").isOk());
  TxnRequest txn;
  Compare compare;
  compare.range = {"lock", ""};
  compare.target = Compare::Target::Value;
  compare.value = "holder-a";
  txn.compare.push_back(compare);
  RequestOp first;
  first.kind = RequestOp::Kind::Put;
  first.put.key = "x";
  first.put.value = "1";
  RequestOp second = first;
  second.put.key = "y";
  txn.success = {first, second};
  auto succeeded = wait<TxnResponse>([&](auto done) { store_->txn(txn, done); });
  ASSERT_TRUE(succeeded.isOk());
  EXPECT_TRUE(succeeded->succeeded);
  auto x = get(*store_, {"x", ""});
  auto y = get(*store_, {"y", ""});
  ASSERT_TRUE(x.isOk() && y.isOk());
  EXPECT_EQ(x->kvs.at(0).modRevision, y->kvs.at(0).modRevision);

  txn.compare[0].value = "holder-b";
  auto failed = wait<TxnResponse>([&](auto done) { store_->txn(txn, done); });
  ASSERT_TRUE(failed.isOk());
  EXPECT_FALSE(failed->succeeded);
  EXPECT_EQ(failed->revision, succeeded->revision);  // nothing written, no new revision
}

TEST_F(MvccStoreTest, TxnRejectsWritingOneKeyTwice) {
  TxnRequest txn;
  RequestOp op;
  op.kind = RequestOp::Kind::Put;
  op.put.key = "twice";
  txn.success = {op, op};
  auto response = wait<TxnResponse>([&](auto done) { store_->txn(txn, done); });
  EXPECT_EQ(response.status().code(), StatusCode::Invalid);
  EXPECT_EQ(response.status().message(), "etcdserver: duplicate key given in txn request");
}

TEST_F(MvccStoreTest, RangeLimitCountsEverythingButReturnsOnlyTheLimit) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(put(*store_, "/pods/" + std::to_string(i), "x").isOk());
  RangeRequest request;
  request.range = prefix("/pods/");
  request.limit = 3;
  auto limited = store_->range(request);
  ASSERT_TRUE(limited.isOk());
  EXPECT_EQ(limited->kvs.size(), 3u);
  EXPECT_EQ(limited->count, 10);
  EXPECT_TRUE(limited->more);
  EXPECT_EQ(limited->kvs[0].key, "/pods/0");
}

TEST_F(MvccStoreTest, PutWithAnUnknownLeaseIsRejected) {
  auto response = put(*store_, "k", "v", 4242);
  EXPECT_EQ(response.status().code(), StatusCode::NotFound);
  EXPECT_EQ(response.status().message(), "etcdserver: requested lease not found");
}

TEST_F(MvccStoreTest, RevokingALeaseDeletesItsKeysInOneRevision) {
  auto lease = wait<LeaseGrantResponse>([&](auto done) { store_->grantLease({60, 0}, done); });
  ASSERT_TRUE(lease.isOk());
  ASSERT_TRUE(put(*store_, "/leases/a", "1", lease->id).isOk());
  ASSERT_TRUE(put(*store_, "/leases/b", "1", lease->id).isOk());
  std::int64_t before = store_->currentRevision();
  auto revoked = wait<std::int64_t>([&](auto done) { store_->revokeLease(lease->id, done); });
  ASSERT_TRUE(revoked.isOk());
  EXPECT_EQ(*revoked, before + 1);
  auto left = get(*store_, prefix("/leases/"));
  ASSERT_TRUE(left.isOk());
  EXPECT_TRUE(left->kvs.empty());
  EXPECT_EQ(store_->leaseTimeToLive(lease->id, false).ttl, -1);
}

TEST_F(MvccStoreTest, ConcurrentWritersAllGetDistinctRevisions) {
  constexpr int writers = 8;
  constexpr int putsEach = 50;
  std::vector<std::thread> threads;
  std::vector<std::vector<std::int64_t>> revisions(writers);
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < putsEach; ++i) {
        auto response = put(*store_, "w" + std::to_string(w) + "/" + std::to_string(i), "v");
        if (response.isOk()) revisions[w].push_back(response->revision);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::int64_t> all;
  for (const auto& list : revisions) {
    EXPECT_EQ(list.size(), static_cast<std::size_t>(putsEach));
    EXPECT_TRUE(std::is_sorted(list.begin(), list.end()));
    all.insert(list.begin(), list.end());
  }
  EXPECT_EQ(all.size(), static_cast<std::size_t>(writers * putsEach));
  EXPECT_EQ(store_->currentRevision(), 1 + writers * putsEach);
}

}  // namespace
}  // namespace kubelab::store
