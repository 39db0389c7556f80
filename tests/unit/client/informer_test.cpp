#include <gtest/gtest.h>

#include <deque>
#include <mutex>

#include "api/objectmeta.h"
#include "client/informer.h"
#include "support/eventually.h"

namespace kubelab::client {
namespace {

using namespace std::chrono_literals;

Object pod(const std::string& name, const std::string& resourceVersion) {
  return {{"metadata", {{"namespace", "default"}, {"name", name}, {"resourceVersion", resourceVersion}}}};
}

// Serves lists and watches from a script: each watch() takes the next batch of events, and
// an exhausted batch ends the stream.
class ScriptedApi final : public ApiInterface {
 public:
  std::mutex mutex;
  std::vector<Object> listItems;
  std::string listResourceVersion = "10";
  std::deque<std::vector<WatchEvent>> watchBatches;
  std::vector<std::string> watchedFrom;
  int lists = 0;

  Result<ObjectList> list(const GroupVersionResource&, std::string_view, const ListOptions&) override {
    std::lock_guard lock(mutex);
    ++lists;
    return ObjectList{listItems, listResourceVersion, ""};
  }
  Result<std::unique_ptr<WatchStream>> watch(const GroupVersionResource&, std::string_view,
                                             const ListOptions& options) override {
    std::lock_guard lock(mutex);
    watchedFrom.push_back(options.resourceVersion);
    if (watchBatches.empty()) return unavailable("no more watches scripted");
    auto batch = std::move(watchBatches.front());
    watchBatches.pop_front();
    return std::unique_ptr<WatchStream>(std::make_unique<Stream>(std::move(batch)));
  }

  Result<Object> get(const GroupVersionResource&, std::string_view, std::string_view, std::string_view) override {
    return unavailable("unused");
  }
  Result<Object> create(const GroupVersionResource&, std::string_view, const Object&) override {
    return unavailable("unused");
  }
  Result<Object> update(const GroupVersionResource&, const Object&, std::string_view) override {
    return unavailable("unused");
  }
  Result<Object> patch(const GroupVersionResource&, std::string_view, std::string_view, PatchType, std::string_view,
                       std::string_view) override {
    return unavailable("unused");
  }
  Status remove(const GroupVersionResource&, std::string_view, std::string_view, const DeleteOptions&) override {
    return unavailable("unused");
  }
  Result<Object> createSubresource(const GroupVersionResource&, std::string_view, std::string_view, std::string_view,
                                   const Object&) override {
    return unavailable("unused");
  }

 private:
  class Stream final : public WatchStream {
   public:
    explicit Stream(std::vector<WatchEvent> events) : events_(events.begin(), events.end()) {}
    Result<std::optional<WatchEvent>> next(std::chrono::milliseconds) override {
      if (events_.empty()) return unavailable("stream ended");
      auto event = std::move(events_.front());
      events_.pop_front();
      return std::optional<WatchEvent>(std::move(event));
    }
    void close() override {}

   private:
    std::deque<WatchEvent> events_;
  };
};

struct Recorded {
  std::mutex mutex;
  std::vector<std::string> calls;
  void add(std::string call) {
    std::lock_guard lock(mutex);
    calls.push_back(std::move(call));
  }
  std::vector<std::string> snapshot() {
    std::lock_guard lock(mutex);
    return calls;
  }
};

EventHandlers recordingHandlers(Recorded& recorded) {
  return EventHandlers{
      [&](const ObjectPointer& object) { recorded.add("add " + api::name(*object)); },
      [&](const ObjectPointer& old, const ObjectPointer& current) {
        recorded.add("update " + api::name(*current) + " " + api::resourceVersion(*old) + "->" +
                     api::resourceVersion(*current));
      },
      [&](const ObjectPointer& object) { recorded.add("delete " + api::name(*object)); }};
}

TEST(InformerTest, ListsThenWatchesFromTheListsResourceVersion) {
  ScriptedApi api;
  api.listItems = {pod("a", "5"), pod("b", "6")};
  api.watchBatches.push_back({WatchEvent{WatchEventType::Modified, pod("a", "11")},
                              WatchEvent{WatchEventType::Added, pod("c", "12")},
                              WatchEvent{WatchEventType::Deleted, pod("b", "13")}});
  Recorded recorded;
  Informer informer(api, resources::pods, InformerOptions{"", "", "", 0ms, 10ms});
  informer.addEventHandlers(recordingHandlers(recorded));
  informer.start();
  ASSERT_TRUE(informer.waitForSync(5s));
  ASSERT_TRUE(testing::eventually([&] { return recorded.snapshot().size() >= 5; }, 5s));
  informer.stop();
  EXPECT_EQ(recorded.snapshot(),
            (std::vector<std::string>{"add a", "add b", "update a 5->11", "add c", "delete b"}));
  EXPECT_EQ(api.watchedFrom.front(), "10");
  // The stream ended normally: the next watch resumes from the last event, without a relist.
  ASSERT_GE(api.watchedFrom.size(), 2u);
  EXPECT_EQ(api.watchedFrom[1], "13");
  EXPECT_EQ(api.lists, 1);
  EXPECT_EQ(informer.indexer().size(), 2u);
}

TEST(InformerTest, RelistsOnGoneAndReportsWhatVanished) {
  ScriptedApi api;
  api.listItems = {pod("a", "5"), pod("b", "6")};
  Recorded recorded;
  Informer informer(api, resources::pods, InformerOptions{"", "", "", 0ms, 10ms});
  informer.addEventHandlers(recordingHandlers(recorded));
  informer.start();
  ASSERT_TRUE(informer.waitForSync(5s));
  {
    // While the watch was gone, b was deleted and a changed.
    std::lock_guard lock(api.mutex);
    api.listItems = {pod("a", "20")};
    api.listResourceVersion = "21";
    Object gone{{"kind", "Status"}, {"code", 410}, {"reason", "Expired"}, {"message", "too old resource version"}};
    api.watchBatches.push_back({WatchEvent{WatchEventType::Error, gone}});
  }
  ASSERT_TRUE(testing::eventually([&] { return recorded.snapshot().size() >= 4; }, 5s));
  informer.stop();
  EXPECT_EQ(recorded.snapshot(), (std::vector<std::string>{"add a", "add b", "update a 5->20", "delete b"}));
  EXPECT_GE(api.lists, 2);
  EXPECT_EQ(informer.indexer().size(), 1u);
}

TEST(InformerTest, LateHandlersSeeTheCacheAsAdds) {
  ScriptedApi api;
  api.listItems = {pod("a", "5")};
  Informer informer(api, resources::pods, InformerOptions{"", "", "", 0ms, 10ms});
  informer.start();
  ASSERT_TRUE(informer.waitForSync(5s));
  Recorded recorded;
  informer.addEventHandlers(recordingHandlers(recorded));
  informer.stop();
  EXPECT_EQ(recorded.snapshot(), (std::vector<std::string>{"add a"}));
}

}  // namespace
}  // namespace kubelab::client
