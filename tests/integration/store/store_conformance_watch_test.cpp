// Conformance of /v3/watch: created answers, history from start_revision, live events with
// prev_kv and prefixes, filters, progress requests, cancel on the same stream, compacted and
// future start revisions.

#include <algorithm>
#include <string>
#include <vector>

#include "storeconformance.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

class WatchConformanceTest : public StoreConformanceTest {
 protected:
  std::unique_ptr<WatchSession> mustOpenWatch(std::string_view plainFirstRequest) {
    auto watch = openWatch(plainFirstRequest);
    EXPECT_TRUE(watch) << watch.status().toString();
    return watch ? std::move(*watch) : nullptr;
  }

  // Reads answers until `count` events have arrived; checks that each answer carries only a
  // header (equal to `expectedHeader`) and events, however the server batches them.
  json::array readEvents(WatchSession& watch, std::size_t count, std::string_view expectedHeader) {
    json::array events;
    while (events.size() < count) {
      auto answer = watch.next(milliseconds(5000));
      if (!answer) {
        ADD_FAILURE() << "after " << events.size() << " of " << count << " events: " << answer.status().toString();
        break;
      }
      auto& object = answer->as_object();
      json::value eventsOfAnswer = object.contains("events") ? object.at("events") : json::array();
      object.erase("events");
      EXPECT_TRUE(matchesJson(*answer, R"({"header":)" + std::string(expectedHeader) + "}"));
      for (auto& event : eventsOfAnswer.as_array()) events.push_back(event);
    }
    return events;
  }

  // Nothing more arrives within `quiet`.
  void expectSilence(WatchSession& watch, milliseconds quiet = milliseconds(500)) {
    auto answer = watch.next(quiet);
    if (answer) {
      ADD_FAILURE() << "unexpected answer: " << toJson(*answer);
    } else {
      EXPECT_EQ(answer.status().code(), StatusCode::DeadlineExceeded) << answer.status().toString();
    }
  }
};
KUBELAB_INSTANTIATE_FOR_BOTH_STORES(WatchConformanceTest);

TEST_P(WatchConformanceTest, CreateAnswersCreated) {
  auto watch = mustOpenWatch(R"({"create_request":{"key":"a"}})");
  ASSERT_TRUE(watch);
  auto created = watch->next();
  ASSERT_TRUE(created) << created.status().toString();
  EXPECT_TRUE(matchesJson(*created, R"({"header":{"revision":"1"},"created":true})"));
  expectSilence(*watch);
}

TEST_P(WatchConformanceTest, HistoryFromStartRevisionWithPrevKv) {
  put("a", "1");  // 2
  put("a", "2");  // 3
  put("b", "1");  // 4
  ASSERT_TRUE(answers(call("/v3/kv/deleterange", R"({"key":"a"})"), 200, R"({"header":{"revision":"5"},"deleted":"1"})"));
  put("c", "1");  // 6: outside the watched range
  auto watch = mustOpenWatch(R"({"create_request":{"key":"a","range_end":"c","start_revision":"2","prev_kv":true}})");
  ASSERT_TRUE(watch);
  auto created = watch->next();
  ASSERT_TRUE(created) << created.status().toString();
  EXPECT_TRUE(matchesJson(*created, R"({"header":{"revision":"6"},"created":true})"));
  auto events = readEvents(*watch, 4, R"({"revision":"6"})");
  EXPECT_TRUE(matchesJson(json::value{{"events", events}}, R"({"events":[
      {"kv":{"key":"a","create_revision":"2","mod_revision":"2","version":"1","value":"1"}},
      {"kv":{"key":"a","create_revision":"2","mod_revision":"3","version":"2","value":"2"},
       "prev_kv":{"key":"a","create_revision":"2","mod_revision":"2","version":"1","value":"1"}},
      {"kv":{"key":"b","create_revision":"4","mod_revision":"4","version":"1","value":"1"}},
      {"type":"DELETE","kv":{"key":"a","mod_revision":"5"},
       "prev_kv":{"key":"a","create_revision":"2","mod_revision":"3","version":"2","value":"2"}}]})"));
  expectSilence(*watch);
}

TEST_P(WatchConformanceTest, LiveEventsOnPrefixOneAnswerPerRevision) {
  auto watch = mustOpenWatch(R"({"create_request":{"key":"p/","range_end":"p0","prev_kv":true}})");
  ASSERT_TRUE(watch);
  auto created = watch->next();
  ASSERT_TRUE(created) << created.status().toString();
  EXPECT_TRUE(matchesJson(*created, R"({"header":{"revision":"1"},"created":true})"));
  put("p/1", "a");  // 2
  put("q", "x");    // 3: not watched
  put("p/1", "b");  // 4
  ASSERT_TRUE(answers(call("/v3/kv/deleterange", R"({"key":"p/1"})"), 200, R"({"header":{"revision":"5"},"deleted":"1"})"));
  ASSERT_TRUE(answers(call("/v3/kv/txn", R"({"success":[{"request_put":{"key":"p/2","value":"c"}},
      {"request_put":{"key":"p/3","value":"d"}},{"request_put":{"key":"q","value":"y"}}]})"),
                      200, R"({"header":{"revision":"6"},"succeeded":true,"responses":[
      {"response_put":{"header":{"revision":"6"}}},{"response_put":{"header":{"revision":"6"}}},
      {"response_put":{"header":{"revision":"6"}}}]})"));
  const char* expected[] = {
      R"({"header":{"revision":"2"},"events":[
          {"kv":{"key":"p/1","create_revision":"2","mod_revision":"2","version":"1","value":"a"}}]})",
      R"({"header":{"revision":"4"},"events":[
          {"kv":{"key":"p/1","create_revision":"2","mod_revision":"4","version":"2","value":"b"},
           "prev_kv":{"key":"p/1","create_revision":"2","mod_revision":"2","version":"1","value":"a"}}]})",
      R"({"header":{"revision":"5"},"events":[{"type":"DELETE","kv":{"key":"p/1","mod_revision":"5"},
           "prev_kv":{"key":"p/1","create_revision":"2","mod_revision":"4","version":"2","value":"b"}}]})",
      R"({"header":{"revision":"6"},"events":[
          {"kv":{"key":"p/2","create_revision":"6","mod_revision":"6","version":"1","value":"c"}},
          {"kv":{"key":"p/3","create_revision":"6","mod_revision":"6","version":"1","value":"d"}}]})",
  };
  for (const char* expectedAnswer : expected) {
    auto answer = watch->next();
    ASSERT_TRUE(answer) << answer.status().toString() << " waiting for " << expectedAnswer;
    EXPECT_TRUE(matchesJson(*answer, expectedAnswer));
  }
  expectSilence(*watch);
}

TEST_P(WatchConformanceTest, FiltersAndSeveralWatchesOnOneStream) {
  auto watch = mustOpenWatch(R"({"create_request":{"key":"f","watch_id":"1","filters":["NOPUT"]}})");
  ASSERT_TRUE(watch);
  ASSERT_TRUE(watch->send(R"({"create_request":{"key":"f","watch_id":"2","filters":["NODELETE"]}})"));
  std::vector<json::value> responses;
  for (int index = 0; index < 2; ++index) {
    auto created = watch->next();
    ASSERT_TRUE(created) << created.status().toString();
    responses.push_back(*created);
  }
  EXPECT_TRUE(matchesJson(responses[0], R"({"header":{"revision":"1"},"watch_id":"1","created":true})"));
  EXPECT_TRUE(matchesJson(responses[1], R"({"header":{"revision":"1"},"watch_id":"2","created":true})"));
  put("f", "1");  // 2
  ASSERT_TRUE(answers(call("/v3/kv/deleterange", R"({"key":"f"})"), 200, R"({"header":{"revision":"3"},"deleted":"1"})"));
  responses.clear();
  for (int index = 0; index < 2; ++index) {
    auto answer = watch->next();
    ASSERT_TRUE(answer) << answer.status().toString();
    responses.push_back(*answer);
  }
  // The two watches' answers may interleave either way; order them by watch id.
  std::sort(responses.begin(), responses.end(), [](const json::value& left, const json::value& right) {
    return int64Field(left, "watch_id") < int64Field(right, "watch_id");
  });
  EXPECT_TRUE(matchesJson(responses[0], R"({"header":{"revision":"3"},"watch_id":"1","events":[
      {"type":"DELETE","kv":{"key":"f","mod_revision":"3"}}]})"));
  EXPECT_TRUE(matchesJson(responses[1], R"({"header":{"revision":"2"},"watch_id":"2","events":[
      {"kv":{"key":"f","create_revision":"2","mod_revision":"2","version":"1","value":"1"}}]})"));
  expectSilence(*watch);
}

TEST_P(WatchConformanceTest, ProgressRequestIsAnsweredWithWatchIdMinusOne) {
  auto watch = mustOpenWatch(R"({"create_request":{"key":"a"}})");
  ASSERT_TRUE(watch);
  auto created = watch->next();
  ASSERT_TRUE(created) << created.status().toString();
  ASSERT_TRUE(watch->send(R"({"progress_request":{}})"));
  auto progress = watch->next();
  ASSERT_TRUE(progress) << progress.status().toString();
  EXPECT_TRUE(matchesJson(*progress, R"({"header":{"revision":"1"},"watch_id":"-1"})"));
  put("b", "1");  // 2: not watched, but progress reports it
  ASSERT_TRUE(watch->send(R"({"progress_request":{}})"));
  progress = watch->next();
  ASSERT_TRUE(progress) << progress.status().toString();
  EXPECT_TRUE(matchesJson(*progress, R"({"header":{"revision":"2"},"watch_id":"-1"})"));
}

TEST_P(WatchConformanceTest, CancelOnTheSameStream) {
  auto watch = mustOpenWatch(R"({"create_request":{"key":"a"}})");
  ASSERT_TRUE(watch);
  auto created = watch->next();
  ASSERT_TRUE(created) << created.status().toString();
  ASSERT_TRUE(watch->send(R"({"cancel_request":{"watch_id":"0"}})"));
  auto canceled = watch->next();
  ASSERT_TRUE(canceled) << canceled.status().toString();
  EXPECT_TRUE(matchesJson(*canceled, R"({"header":{"revision":"1"},"canceled":true})"));
  put("a", "1");  // 2: nobody watches it any more
  expectSilence(*watch);
  // The stream stays usable: a new watch gets the next id.
  ASSERT_TRUE(watch->send(R"({"create_request":{"key":"a","start_revision":"2"}})"));
  created = watch->next();
  ASSERT_TRUE(created) << created.status().toString();
  EXPECT_TRUE(matchesJson(*created, R"({"header":{"revision":"2"},"watch_id":"1","created":true})"));
  auto events = watch->next();
  ASSERT_TRUE(events) << events.status().toString();
  EXPECT_TRUE(matchesJson(*events, R"({"header":{"revision":"2"},"watch_id":"1","events":[
      {"kv":{"key":"a","create_revision":"2","mod_revision":"2","version":"1","value":"1"}}]})"));
}

TEST_P(WatchConformanceTest, CompactedStartRevisionCancelsWithCompactRevision) {
  put("a", "1");  // 2
  put("a", "2");  // 3
  put("a", "3");  // 4
  ASSERT_TRUE(answers(call("/v3/kv/compaction", R"({"revision":"3"})"), 200, R"({"header":{"revision":"4"}})"));
  auto watch = mustOpenWatch(R"({"create_request":{"key":"a","start_revision":"2"}})");
  ASSERT_TRUE(watch);
  auto created = watch->next();
  ASSERT_TRUE(created) << created.status().toString();
  EXPECT_TRUE(matchesJson(*created, R"({"header":{"revision":"4"},"created":true})"));
  auto canceled = watch->next();
  ASSERT_TRUE(canceled) << canceled.status().toString();
  EXPECT_TRUE(matchesJson(*canceled, R"({"header":{},"canceled":true,"compact_revision":"3"})"));
  // From the compaction revision on, history is still there.
  ASSERT_TRUE(watch->send(R"({"create_request":{"key":"a","start_revision":"3"}})"));
  created = watch->next();
  ASSERT_TRUE(created) << created.status().toString();
  EXPECT_TRUE(matchesJson(*created, R"({"header":{"revision":"4"},"watch_id":"1","created":true})"));
  auto events = watch->next();
  ASSERT_TRUE(events) << events.status().toString();
  EXPECT_TRUE(matchesJson(*events, R"({"header":{"revision":"4"},"watch_id":"1","events":[
      {"kv":{"key":"a","create_revision":"2","mod_revision":"3","version":"2","value":"2"}},
      {"kv":{"key":"a","create_revision":"2","mod_revision":"4","version":"3","value":"3"}}]})"));
}

TEST_P(WatchConformanceTest, FutureStartRevisionWaitsForIt) {
  put("a", "1");  // 2
  auto watch = mustOpenWatch(R"({"create_request":{"key":"a","start_revision":"4"}})");
  ASSERT_TRUE(watch);
  auto created = watch->next();
  ASSERT_TRUE(created) << created.status().toString();
  EXPECT_TRUE(matchesJson(*created, R"({"header":{"revision":"2"},"created":true})"));
  put("a", "2");  // 3: before the start revision
  expectSilence(*watch, milliseconds(300));
  put("a", "3");  // 4
  auto events = watch->next();
  ASSERT_TRUE(events) << events.status().toString();
  EXPECT_TRUE(matchesJson(*events, R"({"header":{"revision":"4"},"events":[
      {"kv":{"key":"a","create_revision":"2","mod_revision":"4","version":"3","value":"3"}}]})"));
}

}  // namespace
}  // namespace kubelab::testing
