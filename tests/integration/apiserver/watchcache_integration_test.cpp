// Kubernetes watches served by kubelab-apiserver's watch cache, on a real kubelab-store: 100
// kubelet-like watchers (all namespaces, fieldSelector spec.nodeName=<node>) while 2,000 pods
// are created, bound, updated and some deleted; a watch from before the ring (served from the
// store, then from the ring); and 410 Gone for a compacted resourceVersion.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "http/httpclient.h"
#include "integration/apiserver/apiserverfixture.h"

namespace kubelab::testing {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

constexpr int nodeCount = 100;
constexpr int podCount = 2000;
constexpr int writerCount = 8;
const std::string ns = "watchcache";

std::string nodeOf(int pod) { return "node-" + std::to_string(pod % nodeCount); }
std::string podName(int pod) { return "pod-" + std::to_string(pod); }
bool createdBound(int pod) { return pod % 2 == 0; }  // the others are bound through pods/binding
bool deletedLater(int pod) { return pod % 10 == 3; }

struct Seen {
  std::string type;
  std::string name;
  std::string node;
  std::int64_t revision = 0;
};

class Api {
 public:
  explicit Api(const ApiServerFixture& fixture) : fixture_(fixture), client_(endpoint()) {
    options_.headers = {{"Authorization", std::string("Bearer ") + ApiServerFixture::masterToken}};
  }
  http::Endpoint endpoint() const {
    http::ClientTlsOptions tls;
    tls.caFile = (fixture_.directory() / "pki" / "ca.crt").string();
    return http::Endpoint{"127.0.0.1", fixture_.port(), tls};
  }
  json::object call(const std::string& method, const std::string& path, const std::string& body = "",
                    const std::string& contentType = "application/json") {
    http::RequestOptions options = options_;
    options.contentType = contentType;
    auto response = client_.request(method, path, body, options);
    if (!response) throw std::runtime_error(method + " " + path + ": " + response.status().toString());
    if (response->status >= 300) {
      throw std::runtime_error(method + " " + path + ": HTTP " + std::to_string(response->status) + " " + response->body);
    }
    return json::parse(response->body).as_object();
  }
  std::unique_ptr<http::Stream> watch(const std::string& path) {
    auto stream = http::Stream::open(endpoint(), "GET", path, "", false, options_);
    if (!stream || (*stream)->status() != 200) throw std::runtime_error("cannot watch " + path);
    return std::move(*stream);
  }

 private:
  const ApiServerFixture& fixture_;
  http::Client client_;
  http::RequestOptions options_;
};

std::string resourceVersionOf(const json::object& object) {
  return std::string(object.at("metadata").as_object().at("resourceVersion").as_string());
}

// Reads a watch stream on its own thread into `seen`.
class Watcher {
 public:
  explicit Watcher(std::unique_ptr<http::Stream> stream) : stream_(std::move(stream)) {
    thread_ = std::thread([this] { read(); });
  }
  ~Watcher() {
    stop_ = true;
    thread_.join();
  }
  std::vector<Seen> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  std::size_t count() {
    std::lock_guard lock(mutex_);
    return seen_.size();
  }
  bool ended() const { return ended_; }
  std::string error() {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  void read() {
    while (!stop_) {
      auto line = stream_->readLine(100ms);
      if (!line && line.status().code() == StatusCode::DeadlineExceeded) continue;
      if (!line) break;
      json::object event = json::parse(*line).as_object();
      std::string type(event.at("type").as_string());
      const json::object& object = event.at("object").as_object();
      std::lock_guard lock(mutex_);
      if (type == "BOOKMARK") continue;
      if (type == "ERROR") {
        error_ = *line;
        continue;
      }
      const json::object& metadata = object.at("metadata").as_object();
      const json::value* node = object.at("spec").as_object().if_contains("nodeName");
      seen_.push_back({type, std::string(metadata.at("name").as_string()),
                       node != nullptr ? std::string(node->as_string()) : "",
                       std::stoll(std::string(metadata.at("resourceVersion").as_string()))});
    }
    ended_ = true;
  }

  std::unique_ptr<http::Stream> stream_;
  std::mutex mutex_;
  std::vector<Seen> seen_;
  std::string error_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> ended_{false};
  std::thread thread_;
};

std::string podManifest(int pod) {
  json::object spec{{"containers", json::array{json::object{{"name", "app"}, {"image", "nginx:1.14.2"}}}}};
  if (createdBound(pod)) spec["nodeName"] = nodeOf(pod);
  return json::serialize(json::object{{"apiVersion", "v1"}, {"kind", "Pod"},
                                      {"metadata", json::object{{"name", podName(pod)}}}, {"spec", spec}});
}

// Runs `work(pod)` for every pod on `writerCount` threads, each with its own connection.
template <typename Work>
void forEveryPod(const ApiServerFixture& fixture, Work work) {
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  std::string firstFailure;
  std::mutex failureMutex;
  for (int writer = 0; writer < writerCount; ++writer) {
    writers.emplace_back([&, writer] {
      Api api(fixture);
      for (int pod = writer; pod < podCount; pod += writerCount) {
        try {
          work(api, pod);
        } catch (const std::exception& error) {
          if (failures++ == 0) {
            std::lock_guard lock(failureMutex);
            firstFailure = error.what();
          }
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  ASSERT_EQ(failures.load(), 0) << firstFailure;
}

TEST(WatchCacheIntegrationTest, EveryNodeWatcherSeesExactlyItsPodsInOrder) {
  auto started = ApiServerFixture::start();
  ASSERT_TRUE(started.isOk()) << started.status().toString();
  ApiServerFixture& fixture = **started;
  Api api(fixture);
  api.call("POST", "/api/v1/namespaces", R"({"metadata":{"name":")" + ns + R"("}})");
  std::string from = resourceVersionOf(api.call("GET", "/api/v1/namespaces/" + ns + "/pods"));

  std::vector<std::unique_ptr<Watcher>> watchers;
  for (int node = 0; node < nodeCount; ++node) {
    watchers.push_back(std::make_unique<Watcher>(api.watch(
        "/api/v1/pods?watch=true&allowWatchBookmarks=true&resourceVersion=" + from +
        "&fieldSelector=spec.nodeName%3D" + nodeOf(node))));
  }

  // Each pod's events as its node's watcher must see them: revisions where the writes tell them.
  std::vector<std::vector<std::pair<std::string, std::int64_t>>> expected(podCount);
  std::mutex expectedMutex;
  auto expect = [&](int pod, const char* type, std::int64_t revision) {
    std::lock_guard lock(expectedMutex);
    expected[static_cast<std::size_t>(pod)].emplace_back(type, revision);
  };
  const std::string pods = "/api/v1/namespaces/" + ns + "/pods/";
  forEveryPod(fixture, [&](Api& writer, int pod) {
    json::object created = writer.call("POST", "/api/v1/namespaces/" + ns + "/pods", podManifest(pod));
    if (createdBound(pod)) expect(pod, "ADDED", std::stoll(resourceVersionOf(created)));
  });
  forEveryPod(fixture, [&](Api& writer, int pod) {
    if (createdBound(pod)) return;
    writer.call("POST", pods + podName(pod) + "/binding",
                R"({"apiVersion":"v1","kind":"Binding","metadata":{"name":")" + podName(pod) +
                    R"("},"target":{"apiVersion":"v1","kind":"Node","name":")" + nodeOf(pod) + R"("}})");
    expect(pod, "ADDED", 0);  // the binding answers a Status, not the pod: any revision
  });
  forEveryPod(fixture, [&](Api& writer, int pod) {
    json::object updated = writer.call("PATCH", pods + podName(pod) + "/status",
                                       R"({"status":{"phase":"Running","podIP":"10.0.0.1"}})",
                                       "application/merge-patch+json");
    expect(pod, "MODIFIED", std::stoll(resourceVersionOf(updated)));
  });
  forEveryPod(fixture, [&](Api& writer, int pod) {
    if (!deletedLater(pod)) return;
    json::object deleted = writer.call("DELETE", pods + podName(pod) + "?gracePeriodSeconds=0");
    expect(pod, "DELETED", 0);  // deletion answers the pod before its removal's revision
    (void)deleted;
  });

  std::vector<std::size_t> expectedCount(nodeCount, 0);
  for (int pod = 0; pod < podCount; ++pod) expectedCount[static_cast<std::size_t>(pod % nodeCount)] += expected[pod].size();
  auto deadline = std::chrono::steady_clock::now() + 120s;
  for (int node = 0; node < nodeCount; ++node) {
    while (watchers[node]->count() < expectedCount[node] && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
  }
  std::this_thread::sleep_for(500ms);  // anything extra would show up now

  for (int node = 0; node < nodeCount; ++node) {
    Watcher& watcher = *watchers[node];
    EXPECT_FALSE(watcher.ended()) << nodeOf(node);
    EXPECT_EQ(watcher.error(), "") << nodeOf(node);
    std::vector<Seen> seen = watcher.seen();
    ASSERT_EQ(seen.size(), expectedCount[node]) << nodeOf(node) << " saw the wrong number of events";
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < seen.size(); ++i) {
      const Seen& event = seen[i];
      if (i > 0) {
        EXPECT_GT(event.revision, seen[i - 1].revision) << nodeOf(node) << ": out of order at " << i;
      }
      EXPECT_EQ(event.node, nodeOf(node)) << event.name;
      int pod = std::stoi(event.name.substr(4));
      ASSERT_EQ(pod % nodeCount, node) << nodeOf(node) << " saw " << event.name;
      auto& sequence = expected[static_cast<std::size_t>(pod)];
      std::size_t index = position[event.name]++;
      ASSERT_LT(index, sequence.size()) << event.name << " repeated on " << nodeOf(node);
      EXPECT_EQ(event.type, sequence[index].first) << event.name << " event " << index;
      if (sequence[index].second != 0) {
        EXPECT_EQ(event.revision, sequence[index].second) << event.name;
      }
    }
  }
  watchers.clear();

  // A watch from before all of this is older than the cache's ring (4,096 events): the store
  // serves it until it reaches the ring, and it too sees every event of the namespace once.
  std::size_t namespaceEvents = 0;
  for (const auto& sequence : expected) namespaceEvents += sequence.size();
  Watcher late(api.watch("/api/v1/namespaces/" + ns + "/pods?watch=true&resourceVersion=" + from));
  deadline = std::chrono::steady_clock::now() + 60s;
  while (late.count() < namespaceEvents + podCount / 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  // Unbound pods were ADDED at creation here (no selector), and MODIFIED when bound.
  std::vector<Seen> all = late.seen();
  EXPECT_EQ(all.size(), namespaceEvents + podCount / 2);
  for (std::size_t i = 1; i < all.size(); ++i) ASSERT_GT(all[i].revision, all[i - 1].revision) << i;
  Api(fixture).call("POST", "/api/v1/namespaces/" + ns + "/pods", podManifest(podCount));
  EXPECT_TRUE([&] {
    for (auto until = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < until;) {
      if (late.count() == all.size() + 1) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }()) << "the late watch did not follow on after catching up";
}

TEST(WatchCacheIntegrationTest, CompactedResourceVersionIsGone) {
  auto started = ApiServerFixture::start();
  ASSERT_TRUE(started.isOk()) << started.status().toString();
  ApiServerFixture& fixture = **started;
  Api api(fixture);
  std::string old = resourceVersionOf(api.call("POST", "/api/v1/namespaces/default/pods", podManifest(1)));
  api.call("POST", "/api/v1/namespaces/default/pods", podManifest(2));
  std::string now = resourceVersionOf(api.call("POST", "/api/v1/namespaces/default/pods", podManifest(3)));
  http::Client store(fixture.store().host(), fixture.store().port());
  auto compacted = store.post("/v3/kv/compaction", R"({"revision":")" + now + R"("})");
  ASSERT_TRUE(compacted && compacted->status == 200);

  auto stream = api.watch("/api/v1/namespaces/default/pods?watch=true&resourceVersion=" + old);
  auto line = stream->readLine(10s);
  ASSERT_TRUE(line.isOk()) << line.status().toString();
  json::object event = json::parse(*line).as_object();
  EXPECT_EQ(event.at("type").as_string(), "ERROR");
  EXPECT_EQ(event.at("object").as_object().at("code").as_int64(), 410);
  EXPECT_NE(std::string(event.at("object").as_object().at("message").as_string()).find("too old resource version"),
            std::string::npos);

  // From the current revision, served from the ring.
  auto current = api.watch("/api/v1/namespaces/default/pods?watch=true&resourceVersion=" + now);
  std::string added = resourceVersionOf(api.call("POST", "/api/v1/namespaces/default/pods", podManifest(5)));
  auto next = current->readLine(10s);
  ASSERT_TRUE(next.isOk()) << next.status().toString();
  json::object nextEvent = json::parse(*next).as_object();
  EXPECT_EQ(nextEvent.at("type").as_string(), "ADDED");
  EXPECT_EQ(resourceVersionOf(nextEvent.at("object").as_object()), added);
}

}  // namespace
}  // namespace kubelab::testing
