// What a watcher may rely on, under concurrent writers, on kubelab-store and on the real
// etcd 3.4: events strictly ordered by revision, none repeated, none missing (checked
// against every write the writers had acknowledged and against ranges at past revisions),
// one answer per transaction, exact resumption from last_seen+1, and a slow watcher that
// either receives everything in order or is told why it was cut off.

#include <algorithm>
#include <atomic>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "support/etcdassertions.h"
#include "support/etcdjson.h"
#include "support/storeserver.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct EventKey {
  std::string key;
  bool isDelete = false;
  std::string value;
  auto operator<=>(const EventKey&) const = default;
};

// One write a writer saw succeed: its revision and the events it must produce.
struct AcknowledgedWrite {
  std::int64_t revision = 0;
  std::vector<EventKey> events;
};

struct WatchedEvent {
  std::int64_t revision = 0;
  EventKey event;
  std::size_t answerIndex = 0;  // which answer of the stream carried it
};

struct Collected {
  std::vector<WatchedEvent> events;
  std::size_t answers = 0;
  bool canceled = false;
  std::string cancelAnswer;  // the whole answer, when canceled
  Status end;                // why reading stopped early (stream ended), if it did
};

std::string jsonString(std::string_view text) { return toJson(json::string(text)); }

// Reads event answers until `done(lastRevision)` holds, the watch is canceled, the stream
// ends, or the deadline passes.
void collect(WatchSession& watch, Collected& collected, const std::function<bool(std::int64_t)>& done,
             Clock::time_point deadline) {
  std::int64_t lastRevision = collected.events.empty() ? 0 : collected.events.back().revision;
  while (!done(lastRevision)) {
    if (Clock::now() >= deadline) {
      collected.end = Status(StatusCode::DeadlineExceeded, "watch still behind at the deadline");
      return;
    }
    auto answer = watch.next(milliseconds(200));
    if (!answer) {
      if (answer.status().code() == StatusCode::DeadlineExceeded) continue;
      collected.end = answer.status();
      return;
    }
    const auto& object = answer->as_object();
    if (const auto* canceled = object.if_contains("canceled"); canceled != nullptr && canceled->is_bool() &&
                                                               canceled->as_bool()) {
      collected.canceled = true;
      collected.cancelAnswer = toJson(*answer);
      return;
    }
    const auto* events = object.if_contains("events");
    if (events == nullptr) continue;  // created or progress
    const std::size_t answerIndex = collected.answers++;
    for (const auto& event : events->as_array()) {
      const auto& kv = event.as_object().at("kv");
      WatchedEvent watched;
      watched.revision = int64Field(kv, "mod_revision");
      watched.event.key = std::string(kv.as_object().at("key").as_string());
      const auto* type = event.as_object().if_contains("type");
      watched.event.isDelete = type != nullptr && *type == "DELETE";
      if (const auto* value = kv.as_object().if_contains("value")) watched.event.value = std::string(value->as_string());
      watched.answerIndex = answerIndex;
      collected.events.push_back(std::move(watched));
      lastRevision = std::max(lastRevision, collected.events.back().revision);
    }
  }
}

// Checks `events` against the acknowledged writes with revisions in [fromRevision, toRevision]:
// strictly increasing revisions across transactions, each transaction in one answer, no
// duplicates, no gaps. Returns "" when they match, else the first problems found.
std::string compareWithAcknowledged(const std::vector<WatchedEvent>& events, std::vector<AcknowledgedWrite> writes,
                                    std::int64_t fromRevision, std::int64_t toRevision) {
  std::map<std::int64_t, std::vector<EventKey>> expected;
  std::string problems;
  for (auto& write : writes) {
    if (write.revision < fromRevision || write.revision > toRevision) continue;
    if (expected.count(write.revision) != 0) problems += "two writes acknowledged at revision " +
                                                         std::to_string(write.revision) + "\n";
    std::sort(write.events.begin(), write.events.end());
    expected[write.revision] = write.events;
  }
  std::map<std::int64_t, std::vector<EventKey>> actual;
  std::int64_t previousRevision = 0;
  std::size_t previousAnswer = 0;
  for (const auto& event : events) {
    if (problems.size() > 2000) break;
    if (event.revision < previousRevision) {
      problems += "revision " + std::to_string(event.revision) + " after " + std::to_string(previousRevision) + "\n";
    } else if (event.revision == previousRevision && event.answerIndex != previousAnswer) {
      problems += "the events of revision " + std::to_string(event.revision) + " were split across answers\n";
    } else if (event.revision > previousRevision && actual.count(event.revision) != 0) {
      problems += "revision " + std::to_string(event.revision) + " delivered twice\n";
    }
    previousRevision = event.revision;
    previousAnswer = event.answerIndex;
    if (event.revision >= fromRevision && event.revision <= toRevision) actual[event.revision].push_back(event.event);
  }
  for (auto& [revision, list] : actual) std::sort(list.begin(), list.end());
  for (const auto& [revision, list] : expected) {
    if (problems.size() > 2000) break;
    auto found = actual.find(revision);
    if (found == actual.end()) {
      problems += "missing revision " + std::to_string(revision) + " (" + std::to_string(list.size()) + " events)\n";
    } else if (found->second != list) {
      problems += "revision " + std::to_string(revision) + ": " + std::to_string(found->second.size()) +
                  " events, expected " + std::to_string(list.size()) + " (or different keys/values)\n";
    }
  }
  for (const auto& [revision, list] : actual) {
    if (problems.size() > 2000) break;
    if (expected.count(revision) == 0) problems += "unexpected revision " + std::to_string(revision) + "\n";
  }
  return problems;
}

// A writer thread: puts, deletes of keys it knows exist, and multi-op txns, all on its own
// keys under `prefix`, so that it knows exactly which events each write must produce.
class Writer {
 public:
  Writer(const StoreServer& server, std::string prefix, int index, std::size_t valueBytes)
      : client_(server.host(), server.port()),
        prefix_(std::move(prefix) + "t" + std::to_string(index) + "/"),
        random_(static_cast<unsigned>(index) * 7919u + 1u),
        padding_(valueBytes, 'v') {}

  // Runs `operations` writes; txnPuts > 0 makes every write a txn of that many puts.
  void run(int operations, int txnPuts = 0) {
    for (int operation = 0; operation < operations && error_.empty(); ++operation) {
      const std::string value = prefix_ + std::to_string(operation) + padding_;
      if (txnPuts > 0) {
        std::vector<EventKey> puts;
        for (int index = 0; index < txnPuts; ++index) puts.push_back({keyName(index), false, value});
        writeTxn(puts);
        continue;
      }
      switch (random_() % 4) {
        case 0:
        case 1: writePut(keyName(random_() % keyCount), value); break;
        case 2: deleteExisting(value); break;
        default: writeMixedTxn(value); break;
      }
    }
  }

  const std::vector<AcknowledgedWrite>& acknowledged() const { return acknowledged_; }
  const std::string& error() const { return error_; }

 private:
  static constexpr unsigned keyCount = 8;

  std::string keyName(unsigned index) const { return prefix_ + "k" + std::to_string(index); }

  // Sends one write; on success records its revision with the events it implies.
  void send(std::string_view path, const std::string& request, std::vector<EventKey> events) {
    auto response = client_.call(path, request);
    if (!response || response->status != 200) {
      error_ = std::string(path) + " " + request.substr(0, 200) + " -> " +
               (response ? response->body.substr(0, 300) : response.status().toString());
      return;
    }
    const auto& header = response->json.as_object().at("header");
    for (const auto& event : events) exists_[event.key] = !event.isDelete;
    acknowledged_.push_back({int64Field(header, "revision"), std::move(events)});
  }

  void writePut(const std::string& key, const std::string& value) {
    send("/v3/kv/put", R"({"key":)" + jsonString(key) + R"(,"value":)" + jsonString(value) + "}", {{key, false, value}});
  }

  void deleteExisting(const std::string& fallbackValue) {
    for (const auto& [key, present] : exists_) {
      if (present) {
        send("/v3/kv/deleterange", R"({"key":)" + jsonString(key) + "}", {{key, true, ""}});
        return;
      }
    }
    writePut(keyName(0), fallbackValue);
  }

  // Two puts and, when one exists, a delete of a third key: three events at one revision.
  void writeMixedTxn(const std::string& value) {
    std::vector<EventKey> events;
    const unsigned first = random_() % keyCount;
    events.push_back({keyName(first), false, value});
    events.push_back({keyName((first + 1) % keyCount), false, value});
    const std::string third = keyName((first + 2) % keyCount);
    if (exists_[third]) events.push_back({third, true, ""});
    writeTxn(events);
  }

  void writeTxn(const std::vector<EventKey>& events) {
    std::string operations;
    for (const auto& event : events) {
      if (!operations.empty()) operations += ",";
      operations += event.isDelete
                        ? R"({"request_delete_range":{"key":)" + jsonString(event.key) + "}}"
                        : R"({"request_put":{"key":)" + jsonString(event.key) + R"(,"value":)" + jsonString(event.value) + "}}";
    }
    send("/v3/kv/txn", R"({"success":[)" + operations + "]}", events);
  }

  EtcdClient client_;
  std::string prefix_;
  std::minstd_rand random_;
  std::string padding_;
  std::map<std::string, bool> exists_;
  std::vector<AcknowledgedWrite> acknowledged_;
  std::string error_;
};

std::string storeKindTestName(const ::testing::TestParamInfo<StoreKind>& parameter) {
  return storeKindName(parameter.param);
}

class WatchGuaranteesTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    auto server = StoreServer::start(GetParam());
    ASSERT_TRUE(server) << server.status().toString();
    server_ = std::move(*server);
    client_ = std::make_unique<EtcdClient>(server_->host(), server_->port());
  }

  void TearDown() override {
    if (HasFailure() && server_) {
      std::cerr << "---- " << storeKindName(GetParam()) << " log (tail) ----\n" << server_->logTail(1500) << '\n';
    }
  }

  std::unique_ptr<WatchSession> openPrefixWatch(std::string_view prefix, std::int64_t startRevision) {
    std::string rangeEnd(prefix);
    rangeEnd.back() = static_cast<char>(rangeEnd.back() + 1);
    auto watch = WatchSession::open(server_->host(), server_->port(),
                                    R"({"create_request":{"key":)" + jsonString(prefix) + R"(,"range_end":)" +
                                        jsonString(rangeEnd) + R"(,"start_revision":")" + std::to_string(startRevision) +
                                        "\"}}");
    EXPECT_TRUE(watch) << watch.status().toString();
    if (!watch) return nullptr;
    auto created = (*watch)->next(milliseconds(5000));
    EXPECT_TRUE(created) << created.status().toString();
    if (!created) return nullptr;
    EXPECT_TRUE(created->as_object().contains("created")) << toJson(*created);
    return std::move(*watch);
  }

  // Runs `threads` writers concurrently; returns every acknowledged write.
  std::vector<AcknowledgedWrite> runWriters(std::string_view prefix, int threads, int operations, int txnPuts = 0,
                                            std::size_t valueBytes = 16) {
    std::vector<std::unique_ptr<Writer>> writers;
    for (int index = 0; index < threads; ++index) {
      writers.push_back(std::make_unique<Writer>(*server_, std::string(prefix), index, valueBytes));
    }
    std::vector<std::thread> running;
    for (auto& writer : writers) running.emplace_back([&writer, operations, txnPuts] { writer->run(operations, txnPuts); });
    for (auto& thread : running) thread.join();
    std::vector<AcknowledgedWrite> all;
    for (const auto& writer : writers) {
      EXPECT_EQ(writer->error(), "");
      all.insert(all.end(), writer->acknowledged().begin(), writer->acknowledged().end());
    }
    return all;
  }

  static std::int64_t lastRevision(const std::vector<AcknowledgedWrite>& writes) {
    std::int64_t last = 0;
    for (const auto& write : writes) last = std::max(last, write.revision);
    return last;
  }

  // Continues from where `first` stopped (canceled, stream ended) with a new watch from its
  // last revision + 1, then checks the joined events against the writes.
  void expectCompleteAfterResume(Collected first, std::string_view prefix, const std::vector<AcknowledgedWrite>& writes,
                                 std::int64_t fromRevision, std::int64_t toRevision) {
    const std::int64_t lastSeen = first.events.empty() ? fromRevision - 1 : first.events.back().revision;
    if (lastSeen < toRevision) {
      auto resumed = openPrefixWatch(prefix, lastSeen + 1);
      ASSERT_TRUE(resumed);
      Collected rest;
      collect(*resumed, rest, [&](std::int64_t last) { return last >= toRevision; }, Clock::now() + std::chrono::seconds(60));
      EXPECT_TRUE(rest.end.isOk() && !rest.canceled) << rest.end.toString() << " " << rest.cancelAnswer;
      ASSERT_FALSE(rest.events.empty());
      EXPECT_GT(rest.events.front().revision, lastSeen) << "the resumed watch repeated revision " << lastSeen;
      for (auto& event : rest.events) {
        event.answerIndex += first.answers;
        first.events.push_back(std::move(event));
      }
    }
    EXPECT_EQ(compareWithAcknowledged(first.events, writes, fromRevision, toRevision), "");
  }

  // Rebuilds the prefix's state from the events and compares it with a range at sampled
  // past revisions: a missing or invented event shows up as a different state.
  void expectRangesAgreeWithEvents(const std::vector<WatchedEvent>& events, std::string_view prefix) {
    std::map<std::string, std::pair<std::string, std::int64_t>> state;  // key -> value, mod_revision
    std::string rangeEnd(prefix);
    rangeEnd.back() = static_cast<char>(rangeEnd.back() + 1);
    int checked = 0;
    for (std::size_t index = 0; index < events.size(); ++index) {
      const auto& event = events[index];
      if (event.event.isDelete) {
        state.erase(event.event.key);
      } else {
        state[event.event.key] = {event.event.value, event.revision};
      }
      const bool lastOfRevision = index + 1 == events.size() || events[index + 1].revision != event.revision;
      if (!lastOfRevision || (event.revision % 17 != 0 && index + 1 != events.size())) continue;
      json::array kvs;
      for (const auto& [key, valueAndRevision] : state) {
        json::object entry;
        entry["key"] = key;
        entry["value"] = valueAndRevision.first;
        entry["mod_revision"] = std::to_string(valueAndRevision.second);
        kvs.push_back(std::move(entry));
      }
      auto response = client_->call("/v3/kv/range", R"({"key":)" + jsonString(prefix) + R"(,"range_end":)" +
                                                         jsonString(rangeEnd) + R"(,"revision":")" +
                                                         std::to_string(event.revision) + "\"}");
      ASSERT_TRUE(response) << response.status().toString();
      json::array actual;
      if (const auto* list = response->readable.as_object().if_contains("kvs")) {
        for (const auto& kv : list->as_array()) {
          const auto& object = kv.as_object();
          json::object entry;
          entry["key"] = object.at("key");
          entry["value"] = object.contains("value") ? object.at("value") : json::value("");
          entry["mod_revision"] = object.at("mod_revision");
          actual.push_back(std::move(entry));
        }
      }
      EXPECT_EQ(toJson(actual), toJson(kvs)) << "state at revision " << event.revision;
      if (toJson(actual) != toJson(kvs) || ++checked > 40) break;
    }
    EXPECT_GT(checked, 0);
  }

  std::unique_ptr<StoreServer> server_;
  std::unique_ptr<EtcdClient> client_;
};

INSTANTIATE_TEST_SUITE_P(Store, WatchGuaranteesTest,
                         ::testing::Values(StoreKind::KubelabStore, StoreKind::Etcd),
                         storeKindTestName);

TEST_P(WatchGuaranteesTest, ConcurrentWritersOrderedWithoutGapsOrDuplicates) {
  auto current = client_->currentRevision();
  ASSERT_TRUE(current) << current.status().toString();
  const std::int64_t from = *current + 1;
  auto live = openPrefixWatch("w/", from);
  ASSERT_TRUE(live);
  std::atomic<std::int64_t> target{std::numeric_limits<std::int64_t>::max()};
  Collected liveEvents;
  std::thread reader([&] {
    collect(*live, liveEvents, [&](std::int64_t last) { return last >= target.load(); },
            Clock::now() + std::chrono::seconds(60));
  });
  auto writes = runWriters("w/", 4, 60);
  target = lastRevision(writes);
  reader.join();
  ASSERT_FALSE(writes.empty());
  EXPECT_TRUE(liveEvents.end.isOk()) << liveEvents.end.toString();
  EXPECT_FALSE(liveEvents.canceled) << liveEvents.cancelAnswer;
  EXPECT_EQ(compareWithAcknowledged(liveEvents.events, writes, from, target), "");
  std::cout << "[ note     ] " << writes.size() << " writes, " << liveEvents.events.size() << " events in "
            << liveEvents.answers << " answers\n";
  // The checker itself must notice a missing event.
  ASSERT_GT(liveEvents.events.size(), 10u);
  auto withGap = liveEvents.events;
  withGap.erase(withGap.begin() + static_cast<std::ptrdiff_t>(withGap.size() / 2));
  EXPECT_NE(compareWithAcknowledged(withGap, writes, from, target), "");

  // Replaying the same history afterwards gives exactly the same sequence.
  auto replay = openPrefixWatch("w/", from);
  ASSERT_TRUE(replay);
  Collected replayed;
  collect(*replay, replayed, [&](std::int64_t last) { return last >= target; }, Clock::now() + std::chrono::seconds(30));
  EXPECT_EQ(compareWithAcknowledged(replayed.events, writes, from, target), "");
  ASSERT_EQ(replayed.events.size(), liveEvents.events.size());
  for (std::size_t index = 0; index < replayed.events.size(); ++index) {
    ASSERT_TRUE(replayed.events[index].revision == liveEvents.events[index].revision &&
                replayed.events[index].event == liveEvents.events[index].event)
        << "live and replayed watches differ at event " << index;
  }
  expectRangesAgreeWithEvents(liveEvents.events, "w/");
}

TEST_P(WatchGuaranteesTest, ResumeFromLastSeenPlusOneGetsExactlyTheRest) {
  auto current = client_->currentRevision();
  ASSERT_TRUE(current) << current.status().toString();
  const std::int64_t from = *current + 1;
  auto first = openPrefixWatch("r/", from);
  ASSERT_TRUE(first);
  std::vector<AcknowledgedWrite> writes;
  std::thread writers([&] { writes = runWriters("r/", 3, 50); });
  Collected beforeDisconnect;
  collect(*first, beforeDisconnect, [&](std::int64_t) { return beforeDisconnect.events.size() >= 60; },
          Clock::now() + std::chrono::seconds(30));
  first->close();  // disconnect mid-stream, while the writers go on
  writers.join();
  ASSERT_TRUE(beforeDisconnect.end.isOk()) << beforeDisconnect.end.toString();
  ASSERT_GE(beforeDisconnect.events.size(), 60u);
  expectCompleteAfterResume(std::move(beforeDisconnect), "r/", writes, from, lastRevision(writes));
}

// The watcher reads nothing while thousands of events are written, then reads. It must get
// every event in order, or learn that it was cut off (a cancel with its reason, or the end
// of the stream) after a gap-free prefix, from which it resumes. Never a silent gap.
TEST_P(WatchGuaranteesTest, SlowWatcherGetsEverythingOrIsToldWhy) {
  auto current = client_->currentRevision();
  ASSERT_TRUE(current) << current.status().toString();
  const std::int64_t from = *current + 1;
  auto slow = openPrefixWatch("s/", from);
  ASSERT_TRUE(slow);
  // About 10 MB of watch answers: more than socket buffers and the store's own output
  // buffer hold, so the server must block, buffer or cancel, not drop.
  auto writes = runWriters("s/a/", 2, 25, /*txnPuts=*/100, /*valueBytes=*/1200);  // 5,000 events in 50 txns
  auto more = runWriters("s/b/", 4, 250, 0, /*valueBytes=*/1200);                // ~1,000 single writes
  writes.insert(writes.end(), more.begin(), more.end());
  const std::int64_t target = lastRevision(writes);
  std::this_thread::sleep_for(milliseconds(500));

  Collected received;
  collect(*slow, received, [&](std::int64_t last) { return last >= target; }, Clock::now() + std::chrono::seconds(60));
  if (received.canceled) {
    std::cout << "[ note     ] slow watcher canceled after " << received.events.size()
              << " events: " << received.cancelAnswer << '\n';
    auto answer = parseJson(received.cancelAnswer);
    ASSERT_TRUE(answer);
    const auto* reason = answer->as_object().if_contains("cancel_reason");
    const bool explained = (reason != nullptr && reason->is_string() && !reason->as_string().empty()) ||
                           int64Field(*answer, "compact_revision") > 0;
    EXPECT_TRUE(explained) << "canceled without cancel_reason or compact_revision: " << received.cancelAnswer;
  } else if (!received.end.isOk()) {
    EXPECT_NE(received.end.code(), StatusCode::DeadlineExceeded) << "the watch stalled: " << received.end.toString();
    std::cout << "[ note     ] slow watcher's stream ended after " << received.events.size()
              << " events: " << received.end.toString() << '\n';
  }
  std::cout << "[ note     ] " << writes.size() << " writes; the slow watcher read " << received.events.size()
            << " events in " << received.answers << " answers\n";
  expectCompleteAfterResume(std::move(received), "s/", writes, from, target);
}

}  // namespace
}  // namespace kubelab::testing
