// The watch cache against a real kubelab-store: pods written through ObjectStorage as the API
// server writes them, watched through WatchCache subscriptions as watchhandler serves them.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "api/objectmeta.h"
#include "api/resourcetypes.h"
#include "apiserver/etcdclient.h"
#include "apiserver/objectstorage.h"
#include "apiserver/selectors.h"
#include "apiserver/watchcache.h"
#include "support/eventually.h"
#include "support/storeserver.h"

namespace kubelab::apiserver {
namespace {

using namespace std::chrono_literals;
using testing::StoreKind;
using testing::StoreServer;

const api::ResourceType& pods() {
  const api::ResourceType* type = api::findResourceType("", "v1", "pods");
  if (type == nullptr) throw std::runtime_error("no pods");
  return *type;
}

Object pod(const std::string& ns, const std::string& name, const std::string& nodeName = "") {
  Object spec{{"containers", boost::json::array{Object{{"name", "app"}, {"image", "nginx"}}}}};
  if (!nodeName.empty()) spec["nodeName"] = nodeName;
  return Object{{"apiVersion", "v1"}, {"kind", "Pod"},
                {"metadata", Object{{"name", name}, {"namespace", ns}}}, {"spec", spec}};
}

std::int64_t revisionOf(const Object& object) { return std::stoll(api::resourceVersion(object)); }

ObjectPredicate onNode(const std::string& nodeName) {
  auto predicate = selectorPredicate(pods(), "", "spec.nodeName=" + nodeName);
  if (!predicate.ok()) throw std::runtime_error(predicate.error.message);
  return *predicate.value;
}

// What a watcher saw, as "TYPE name@revision".
struct Seen {
  std::string type;
  std::string name;
  std::int64_t revision;
  bool operator==(const Seen&) const = default;
};
std::ostream& operator<<(std::ostream& out, const Seen& seen) {
  return out << seen.type << " " << seen.name << "@" << seen.revision;
}

// Reads until `count` events arrived or `timeout` passed.
std::vector<Seen> collect(WatchSubscription& subscription, std::size_t count, std::chrono::milliseconds timeout = 10s) {
  std::vector<Seen> seen;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (seen.size() < count && std::chrono::steady_clock::now() < deadline) {
    auto events = subscription.next(100ms);
    if (!events) break;
    for (const WatchEvent& event : *events) {
      seen.push_back({event.type, api::name(event.object()), revisionOf(event.object())});
      // The shared JSON is the object, resourceVersion included.
      EXPECT_EQ(boost::json::parse(event.objectJson()).as_object(), event.object());
    }
  }
  return seen;
}

class WatchCacheTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = StoreServer::start(StoreKind::KubelabStore);
    ASSERT_TRUE(started.isOk()) << started.status().toString();
    store_ = std::move(started).value().release();
    auto client = EtcdClient::connect(store_->endpoint());
    ASSERT_TRUE(client.isOk()) << client.status().toString();
    etcd_ = std::move(client).value().release();
    storage_ = new ObjectStorage(*etcd_);
  }
  static void TearDownTestSuite() {
    delete storage_;
    delete etcd_;
    delete store_;
  }

  std::int64_t now() { return *etcd_->currentRevision(); }
  Object create(const Object& object) {
    auto created = storage_->create(pods(), object);
    if (!created.ok()) throw std::runtime_error(created.error.message);
    return *created.value;
  }
  Object update(Object object) {
    std::int64_t revision = revisionOf(object);
    auto updated = storage_->update(pods(), std::move(object), revision);
    if (!updated.ok()) throw std::runtime_error(updated.error.message);
    return *updated.value;
  }
  Object remove(const Object& object) {
    auto removed = storage_->remove(pods(), object, 0);
    if (!removed.ok()) throw std::runtime_error(removed.error.message);
    return *removed.value;
  }

  static inline StoreServer* store_ = nullptr;
  static inline EtcdClient* etcd_ = nullptr;
  static inline ObjectStorage* storage_ = nullptr;
};

TEST_F(WatchCacheTest, ResumesFromAnyRevisionInsideTheRing) {
  WatchCache cache(*etcd_);
  std::int64_t start = now();
  ASSERT_NE(cache.subscribe(pods(), "resume", nullptr, start + 1), nullptr);  // starts the cache here
  std::vector<Object> created;
  for (int i = 0; i < 20; ++i) created.push_back(create(pod("resume", "p" + std::to_string(i))));

  // From the 6th pod's revision: exactly the 6th to the 20th, in order.
  auto subscription = cache.subscribe(pods(), "resume", nullptr, revisionOf(created[5]));
  ASSERT_NE(subscription, nullptr);
  std::vector<Seen> seen = collect(*subscription, 15);
  std::vector<Seen> expected;
  for (int i = 5; i < 20; ++i) expected.push_back({"ADDED", "p" + std::to_string(i), revisionOf(created[i])});
  EXPECT_EQ(seen, expected);
  EXPECT_TRUE(collect(*subscription, 1, 300ms).empty());  // nothing repeated
  EXPECT_GE(subscription->progress(), revisionOf(created[19]));
}

TEST_F(WatchCacheTest, OlderThanTheRingIsLeftToTheStore) {
  WatchCacheOptions options;
  options.capacity = 10;
  WatchCache cache(*etcd_, options);
  std::int64_t start = now();
  ASSERT_NE(cache.subscribe(pods(), "ring", nullptr, start + 1), nullptr);
  std::vector<Object> created;
  for (int i = 0; i < 30; ++i) created.push_back(create(pod("ring", "p" + std::to_string(i))));
  auto resource = cache.find(pods());
  ASSERT_NE(resource, nullptr);
  ASSERT_TRUE(testing::eventually([&] { return resource->progress() >= revisionOf(created.back()); }, 10s));

  // The ring holds the last 10 events: older resourceVersions are not served from it.
  EXPECT_EQ(resource->oldestServable(), revisionOf(created[20]));
  EXPECT_EQ(cache.subscribe(pods(), "ring", nullptr, revisionOf(created[0])), nullptr);
  EXPECT_EQ(cache.subscribe(pods(), "ring", nullptr, revisionOf(created[19])), nullptr);
  auto inside = cache.subscribe(pods(), "ring", nullptr, revisionOf(created[20]));
  ASSERT_NE(inside, nullptr);
  EXPECT_EQ(collect(*inside, 10).size(), 10u);
}

TEST_F(WatchCacheTest, CompactedHistoryStartsANewCacheAtNow) {
  Object first = create(pod("compacted", "first"));
  create(pod("compacted", "second"));
  ASSERT_TRUE(etcd_->compact(now()).isOk());
  // A cache first asked for compacted history starts from now and leaves that watch to the
  // store, which answers 410 Gone (watchhandler).
  WatchCache cache(*etcd_);
  EXPECT_EQ(cache.subscribe(pods(), "compacted", nullptr, revisionOf(first)), nullptr);
  auto resource = cache.find(pods());
  ASSERT_NE(resource, nullptr);
  EXPECT_EQ(resource->oldestServable(), now() + 1);
  auto later = cache.subscribe(pods(), "compacted", nullptr, now() + 1);
  ASSERT_NE(later, nullptr);
  Object third = create(pod("compacted", "third"));
  EXPECT_EQ(collect(*later, 1), (std::vector<Seen>{{"ADDED", "third", revisionOf(third)}}));
}

TEST_F(WatchCacheTest, SelectorsSeeObjectsStartAndStopMatching) {
  WatchCache cache(*etcd_);
  std::int64_t from = now() + 1;
  auto nodeA = cache.subscribe(pods(), "select", onNode("node-a"), from);
  auto nodeB = cache.subscribe(pods(), "select", onNode("node-b"), from);
  auto everything = cache.subscribe(pods(), "", nullptr, from);
  ASSERT_TRUE(nodeA && nodeB && everything);

  Object created = create(pod("select", "web"));        // on no node: nobody with a selector sees it
  create(pod("other", "web", "node-a"));                  // another namespace
  Object bound = created;
  api::ensureObject(bound, "spec")["nodeName"] = "node-a";
  bound = update(bound);                                  // starts matching node-a: ADDED
  Object labelled = bound;
  api::ensureObject(api::ensureObject(labelled, "metadata"), "labels")["tier"] = "web";
  labelled = update(labelled);                            // MODIFIED for node-a
  Object moved = labelled;
  api::ensureObject(moved, "spec")["nodeName"] = "node-b";
  moved = update(moved);                                  // DELETED for node-a, ADDED for node-b
  Object deleted = remove(moved);                         // DELETED for node-b

  EXPECT_EQ(collect(*nodeA, 3), (std::vector<Seen>{{"ADDED", "web", revisionOf(bound)},
                                                   {"MODIFIED", "web", revisionOf(labelled)},
                                                   {"DELETED", "web", revisionOf(moved)}}));
  EXPECT_EQ(collect(*nodeB, 2), (std::vector<Seen>{{"ADDED", "web", revisionOf(moved)},
                                                   {"DELETED", "web", revisionOf(deleted)}}));
  EXPECT_EQ(collect(*everything, 6).size(), 6u);
  EXPECT_TRUE(collect(*nodeA, 1, 300ms).empty());

  // What node-a's watcher is told when the pod leaves it: the pod as it last saw it.
  auto replay = cache.subscribe(pods(), "select", onNode("node-a"), revisionOf(moved));
  ASSERT_NE(replay, nullptr);
  auto events = replay->next(1s);
  ASSERT_TRUE(events.isOk());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(api::stringAt((*events)[0].object(), {"spec", "nodeName"}), "node-a");
  EXPECT_EQ(api::stringAt((*events)[0].object(), {"metadata", "labels", "tier"}), "web");
}

TEST_F(WatchCacheTest, SlowSubscriberEndsWhileOthersContinue) {
  WatchCacheOptions options;
  options.capacity = 40;
  WatchCache cache(*etcd_, options);
  std::int64_t from = now() + 1;
  auto slow = cache.subscribe(pods(), "slow", nullptr, from);
  auto fast = cache.subscribe(pods(), "slow", nullptr, from);
  ASSERT_TRUE(slow && fast);
  std::vector<Seen> fastSeen;
  std::thread reader([&] { fastSeen = collect(*fast, 100, 30s); });
  std::vector<std::int64_t> revisions;
  for (int i = 0; i < 100; ++i) {
    revisions.push_back(revisionOf(create(pod("slow", "p" + std::to_string(i)))));
    std::this_thread::sleep_for(1ms);
  }
  reader.join();

  ASSERT_EQ(fastSeen.size(), 100u);
  for (std::size_t i = 0; i < fastSeen.size(); ++i) EXPECT_EQ(fastSeen[i].revision, revisions[i]);
  // The slow one never read while 100 events went through a ring of 40: it is ended, and its
  // client would watch again from its last resourceVersion.
  auto ended = slow->next(100ms);
  ASSERT_FALSE(ended.isOk());
  EXPECT_EQ(ended.status().code(), StatusCode::Unavailable);
  EXPECT_EQ(cache.find(pods())->subscribersEnded(), 1u);
}

TEST_F(WatchCacheTest, ConcurrentWritersAreSeenInRevisionOrderByEveryWatcher) {
  WatchCache cache(*etcd_);
  std::int64_t from = now() + 1;
  std::vector<std::unique_ptr<WatchSubscription>> watchers;
  for (int i = 0; i < 4; ++i) watchers.push_back(cache.subscribe(pods(), "order", nullptr, from));
  constexpr int writers = 4, updates = 50;
  std::vector<std::thread> threads;
  for (int writer = 0; writer < writers; ++writer) {
    threads.emplace_back([&, writer] {
      Object object = create(pod("order", "w" + std::to_string(writer)));
      for (int i = 0; i < updates; ++i) {
        api::ensureObject(api::ensureObject(object, "metadata"), "labels")["step"] = std::to_string(i);
        object = update(object);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  constexpr std::size_t total = writers * (updates + 1);
  for (auto& watcher : watchers) {
    ASSERT_NE(watcher, nullptr);
    std::vector<Seen> seen = collect(*watcher, total);
    ASSERT_EQ(seen.size(), total);
    std::map<std::string, int> perPod;
    for (std::size_t i = 0; i < seen.size(); ++i) {
      if (i > 0) {
        EXPECT_GT(seen[i].revision, seen[i - 1].revision);
      }
      EXPECT_EQ(seen[i].type, perPod[seen[i].name]++ == 0 ? "ADDED" : "MODIFIED") << seen[i];
    }
    for (const auto& [name, count] : perPod) EXPECT_EQ(count, updates + 1) << name;
  }
}

}  // namespace
}  // namespace kubelab::apiserver
