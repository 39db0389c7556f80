// Every acknowledged write survives kill -9, and revisions never go backwards.
//
// Several writers put distinct keys and run compare-and-swap transactions while the store is
// killed with SIGKILL at random moments, hundreds of times, and restarted on the same data
// directory. After each restart, with the writers paused, the test checks exactly:
//   - every key holds the last write its writer knows to be committed (acknowledged with HTTP
//     200, or seen in an earlier check) at that write's mod_revision, or a later write the
//     writer sent but never heard back about; nothing else, and no key is missing;
//   - both keys of every transaction hold the same write (a transaction is all or nothing);
//   - the store's revision is >= the one after the previous restart and >= every
//     acknowledged revision, so a revision that was handed out is never handed out again.
//
// What kill -9 cannot show: the kernel keeps a killed process's written pages, so a store
// that acknowledged after write() but before fsync() would pass here and still lose writes
// on a power cut. That half of durability comes from fsync on commit (SQLite's
// synchronous=FULL); crash_fsync_order_test.cpp checks it by tracing the store's fsync calls.
// This test catches acknowledgements given before the write reached the kernel at all: write-
// behind caches, replies sent before the commit, state that only lives in memory, revision
// counters that are not persisted.
//
// KUBELAB_CRASH_CYCLES=N overrides the number of kill/restart cycles (for a longer soak).

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "support/etcdjson.h"
#include "support/storeserver.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int writerCount = 4;
constexpr int keysPerWriter = 32;
// One in this many writes is a two-key transaction instead of a put.
constexpr int transactionEvery = 4;
constexpr std::string_view keyPrefix = "crash/";
constexpr std::string_view keyPrefixEnd = "crash0";  // '/' + 1: the end of the prefix range

int cyclesFor(StoreKind kind) {
  if (const char* configured = std::getenv("KUBELAB_CRASH_CYCLES"); configured != nullptr && *configured != 0) {
    return std::max(1, std::atoi(configured));
  }
  // etcd restarts take about a second each (it elects itself leader again), so it gets a
  // few cycles as a reference; ours restarts in tens of milliseconds.
  return kind == StoreKind::KubelabStore ? 200 : 6;
}

std::string valueFor(const std::string& key, std::int64_t sequence) {
  // The padding's length varies, so a commit spans anything from one to several pages and a
  // kill has more chances to land in the middle of writing one.
  std::string value = key + "@" + std::to_string(sequence) + "#";
  value.append(static_cast<std::size_t>((sequence * 7919) % 1500), static_cast<char>('a' + sequence % 26));
  return value;
}

// The sequence number of a value this test wrote to `key`; 0 if it is anything else.
std::int64_t sequenceOf(const std::string& key, std::string_view value) {
  std::string_view rest = value;
  if (rest.size() <= key.size() + 1 || rest.substr(0, key.size()) != key || rest[key.size()] != '@') return 0;
  rest.remove_prefix(key.size() + 1);
  std::int64_t sequence = std::atoll(std::string(rest.substr(0, rest.find('#'))).c_str());
  return sequence > 0 && valueFor(key, sequence) == value ? sequence : 0;
}

std::string stringField(const json::value& object, std::string_view name) {
  if (!object.is_object()) return {};
  const auto* field = object.as_object().if_contains(name);
  return field != nullptr && field->is_string() ? std::string(field->as_string()) : std::string();
}

std::int64_t headerRevision(const json::value& answer) {
  const auto* header = answer.is_object() ? answer.as_object().if_contains("header") : nullptr;
  return header != nullptr ? int64Field(*header, "revision") : 0;
}

// What a writer knows about one key (or one transaction's pair of keys): the last write it
// is sure was committed, and the writes it sent after that whose fate it does not know.
struct KeyLedger {
  std::int64_t knownSequence = 0;  // 0: nothing committed yet
  std::int64_t knownRevision = 0;  // that write's mod_revision
  std::vector<std::int64_t> unknownSequences;

  void learn(std::int64_t sequence, std::int64_t revision) {
    knownSequence = sequence;
    knownRevision = revision;
    unknownSequences.clear();
  }
  bool mayHold(std::int64_t sequence) const {
    return sequence == knownSequence ||
           std::find(unknownSequences.begin(), unknownSequences.end(), sequence) != unknownSequences.end();
  }
};

struct StoredValue {
  std::string value;
  std::int64_t modRevision = 0;
};
using Snapshot = std::map<std::string, StoredValue>;

// Lets the test stop every writer between two requests and wait until all have stopped, so
// a check sees the store and the writers' ledgers at rest.
class WriterGate {
 public:
  explicit WriterGate(int writers) : writers_(writers) {}

  // Called by a writer before each request: waits while the gate is closed. False once the
  // test is over.
  bool pass() {
    std::unique_lock lock(mutex_);
    if (closed_ && !stopping_) {
      ++parked_;
      changed_.notify_all();
      changed_.wait(lock, [this] { return !closed_ || stopping_; });
      --parked_;
    }
    return !stopping_;
  }
  // Closes the gate and waits until every writer has finished its request and parked.
  Status close(milliseconds timeout) {
    std::unique_lock lock(mutex_);
    closed_ = true;
    if (changed_.wait_for(lock, timeout, [this] { return parked_ == writers_; })) return Status::ok();
    return Status(StatusCode::DeadlineExceeded, "writers did not stop in time");
  }
  void open() {
    std::lock_guard lock(mutex_);
    closed_ = false;
    changed_.notify_all();
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    changed_.notify_all();
  }

 private:
  const int writers_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool closed_ = true;
  bool stopping_ = false;
  int parked_ = 0;
};

struct WriterCounters {
  std::atomic<std::int64_t> acknowledgedPuts{0};
  std::atomic<std::int64_t> acknowledgedTransactions{0};
  std::atomic<std::int64_t> unknownFate{0};  // sent, then the store died before answering
  std::atomic<std::int64_t> maximumAcknowledgedRevision{0};

  void raiseRevision(std::int64_t revision) {
    std::int64_t seen = maximumAcknowledgedRevision.load();
    while (revision > seen && !maximumAcknowledgedRevision.compare_exchange_weak(seen, revision)) {
    }
  }
};

// One writer thread: puts to its own keys, and compare-and-swap transactions that write two
// keys of its own at once. Its ledgers are only touched by its thread while the gate is open
// and by the test's thread while it is closed.
class Writer {
 public:
  Writer(int index, const StoreServer& server, WriterGate& gate, WriterCounters& counters)
      : index_(index), client_(server.host(), server.port()), gate_(gate), counters_(counters), random_(index + 1) {}

  void run() {
    while (gate_.pass()) {
      if (random_() % transactionEvery == 0) {
        transact();
      } else {
        put();
      }
    }
  }

  // What the writer saw go wrong while writing (answers no healthy store would give).
  std::vector<std::string> takeViolations() {
    std::lock_guard lock(violationsMutex_);
    return std::exchange(violations_, {});
  }

  // Compares what the store holds with what this writer knows, then learns what the store
  // holds: a write seen after a restart must never disappear later either.
  void verify(const Snapshot& snapshot, std::vector<std::string>& failures) {
    for (auto& [key, ledger] : keys_) verifyKey(snapshot, key, ledger, failures);
    verifyKey(snapshot, pairKey('a'), pair_, failures);
    auto first = snapshot.find(pairKey('a'));
    auto second = snapshot.find(pairKey('b'));
    bool firstPresent = first != snapshot.end();
    bool secondPresent = second != snapshot.end();
    if (firstPresent != secondPresent ||
        (firstPresent && (sequenceOf(pairKey('a'), first->second.value) !=
                              sequenceOf(pairKey('b'), second->second.value) ||
                          first->second.modRevision != second->second.modRevision))) {
      failures.push_back("transaction of writer " + std::to_string(index_) + " is half applied: " +
                         describe(snapshot, pairKey('a')) + " vs " + describe(snapshot, pairKey('b')));
    }
  }

 private:
  std::string keyName(int slot) const {
    return std::string(keyPrefix) + "w" + std::to_string(index_) + "/k" + std::to_string(slot);
  }
  std::string pairKey(char side) const {
    return std::string(keyPrefix) + "w" + std::to_string(index_) + "/txn-" + side;
  }

  static std::string describe(const Snapshot& snapshot, const std::string& key) {
    auto found = snapshot.find(key);
    if (found == snapshot.end()) return key + " missing";
    return key + " = #" + std::to_string(sequenceOf(key, found->second.value)) + " at mod_revision " +
           std::to_string(found->second.modRevision);
  }

  void put() {
    std::string key = keyName(static_cast<int>(random_() % keysPerWriter));
    std::int64_t sequence = ++sequence_;
    KeyLedger& ledger = keys_[key];
    ledger.unknownSequences.push_back(sequence);
    json::object request{{"key", key}, {"value", valueFor(key, sequence)}};
    auto response = client_.call("/v3/kv/put", toJson(request));
    if (!acknowledged(response)) return;
    std::int64_t revision = headerRevision(response->json);
    ledger.learn(sequence, revision);
    counters_.raiseRevision(revision);
    ++counters_.acknowledgedPuts;
  }

  // Writes both keys of the pair if the first is still at the revision this writer knows; if
  // not (a write it never heard back about did commit), reads the first key and learns it.
  void transact() {
    std::string first = pairKey('a');
    std::string second = pairKey('b');
    std::int64_t sequence = ++sequence_;
    pair_.unknownSequences.push_back(sequence);
    json::object request{
        {"compare", json::array{json::object{{"key", first},
                                             {"target", "MOD"},
                                             {"result", "EQUAL"},
                                             {"mod_revision", std::to_string(pair_.knownRevision)}}}},
        {"success", json::array{json::object{{"request_put", {{"key", first}, {"value", valueFor(first, sequence)}}}},
                                json::object{{"request_put", {{"key", second}, {"value", valueFor(second, sequence)}}}}}},
        {"failure", json::array{json::object{{"request_range", {{"key", first}}}}}}};
    auto response = client_.call("/v3/kv/txn", toJson(request));
    if (!acknowledged(response)) return;
    const json::object& answer = response->readable.as_object();
    std::int64_t revision = headerRevision(response->json);
    const auto* succeeded = answer.if_contains("succeeded");
    if (succeeded != nullptr && succeeded->is_bool() && succeeded->as_bool()) {
      pair_.learn(sequence, revision);
      counters_.raiseRevision(revision);
      ++counters_.acknowledgedTransactions;
      return;
    }
    learnPairFromRange(answer, revision);
  }

  void learnPairFromRange(const json::object& answer, std::int64_t revision) {
    const std::string first = pairKey('a');
    const json::value* kvs = nullptr;
    if (const auto* responses = answer.if_contains("responses"); responses != nullptr && responses->is_array() &&
                                                                 !responses->as_array().empty()) {
      const auto& range = responses->as_array().front();
      if (range.is_object() && range.as_object().contains("response_range")) {
        kvs = range.as_object().at("response_range").as_object().if_contains("kvs");
      }
    }
    if (kvs == nullptr || !kvs->is_array() || kvs->as_array().empty()) {
      // Absent although the compare on "absent" failed: the store lost what it had.
      recordViolation("transaction compare failed but " + first + " is missing at revision " +
                      std::to_string(revision));
      pair_.learn(0, 0);
      return;
    }
    const json::value& kv = kvs->as_array().front();
    std::int64_t held = sequenceOf(first, stringField(kv, "value"));
    std::int64_t modRevision = int64Field(kv, "mod_revision");
    if (!pair_.mayHold(held) || (held == pair_.knownSequence && modRevision != pair_.knownRevision)) {
      recordViolation(first + " holds #" + std::to_string(held) + " at mod_revision " + std::to_string(modRevision) +
                      "; writer knew #" + std::to_string(pair_.knownSequence) + " at " +
                      std::to_string(pair_.knownRevision));
    }
    pair_.learn(held, modRevision);
  }

  // True for an HTTP 200. A connection that breaks leaves the write's fate unknown; any other
  // answer is a failure of the test, since the store is either up and well or dead.
  bool acknowledged(const Result<EtcdResponse>& response) {
    if (response && response->status == 200 && response->json.is_object()) return true;
    if (response) {
      recordViolation("unexpected answer " + std::to_string(response->status) + ": " + response->body.substr(0, 300));
    } else {
      ++counters_.unknownFate;
      // The store is down; the test is about to close the gate. Don't spin meanwhile.
      std::this_thread::sleep_for(milliseconds(2));
    }
    return false;
  }

  void recordViolation(std::string message) {
    std::lock_guard lock(violationsMutex_);
    violations_.push_back("writer " + std::to_string(index_) + ": " + std::move(message));
  }

  void verifyKey(const Snapshot& snapshot, const std::string& key, KeyLedger& ledger,
                 std::vector<std::string>& failures) {
    auto found = snapshot.find(key);
    if (found == snapshot.end()) {
      if (ledger.knownSequence != 0) {
        failures.push_back("lost " + key + " #" + std::to_string(ledger.knownSequence) + " (acknowledged at revision " +
                           std::to_string(ledger.knownRevision) + "): the key is missing");
      }
      ledger.learn(0, 0);
      return;
    }
    std::int64_t held = sequenceOf(key, found->second.value);
    std::int64_t modRevision = found->second.modRevision;
    if (held == 0) {
      failures.push_back(key + " holds a value this test never wrote: " + found->second.value.substr(0, 80));
    } else if (!ledger.mayHold(held)) {
      failures.push_back(key + " holds #" + std::to_string(held) + " but the last committed write was #" +
                         std::to_string(ledger.knownSequence) + " at revision " +
                         std::to_string(ledger.knownRevision) +
                         (held < ledger.knownSequence ? " (an acknowledged write was lost)" : ""));
    } else if (held == ledger.knownSequence && modRevision != ledger.knownRevision) {
      failures.push_back(key + " holds #" + std::to_string(held) + " at mod_revision " + std::to_string(modRevision) +
                         ", acknowledged at " + std::to_string(ledger.knownRevision));
    }
    ledger.learn(held, modRevision);
  }

  const int index_;
  EtcdClient client_;
  WriterGate& gate_;
  WriterCounters& counters_;
  std::minstd_rand random_;
  std::int64_t sequence_ = 0;
  std::map<std::string, KeyLedger> keys_;
  KeyLedger pair_;
  std::mutex violationsMutex_;
  std::vector<std::string> violations_;
};

// The writers and their threads; stops and joins them on every way out of the test,
// including a failed ASSERT.
class WriterPool {
 public:
  explicit WriterPool(const StoreServer& server) : gate_(writerCount) {
    for (int index = 0; index < writerCount; ++index) {
      writers_.push_back(std::make_unique<Writer>(index, server, gate_, counters_));
    }
    for (auto& writer : writers_) threads_.emplace_back([raw = writer.get()] { raw->run(); });
  }
  ~WriterPool() {
    gate_.stop();
    for (auto& thread : threads_) thread.join();
  }
  WriterPool(const WriterPool&) = delete;
  WriterPool& operator=(const WriterPool&) = delete;

  WriterGate& gate() { return gate_; }
  const WriterCounters& counters() const { return counters_; }
  std::vector<std::unique_ptr<Writer>>& writers() { return writers_; }

 private:
  WriterGate gate_;
  WriterCounters counters_;
  std::vector<std::unique_ptr<Writer>> writers_;
  std::vector<std::thread> threads_;
};

Result<Snapshot> readSnapshot(EtcdClient& client) {
  json::object request{{"key", std::string(keyPrefix)}, {"range_end", std::string(keyPrefixEnd)}};
  auto response = client.call("/v3/kv/range", toJson(request));
  if (!response) return response.status();
  if (response->status != 200) return internalError("range answered " + std::to_string(response->status) + ": " +
                                                     response->body.substr(0, 300));
  Snapshot snapshot;
  if (const auto* kvs = response->readable.as_object().if_contains("kvs"); kvs != nullptr && kvs->is_array()) {
    for (const auto& kv : kvs->as_array()) {
      snapshot[stringField(kv, "key")] = StoredValue{stringField(kv, "value"), int64Field(kv, "mod_revision")};
    }
  }
  return snapshot;
}

class CrashTest : public ::testing::TestWithParam<StoreKind> {};

TEST_P(CrashTest, AcknowledgedWritesSurviveKillNine) {
  const int cycles = cyclesFor(GetParam());
  auto started = StoreServer::start(GetParam());
  ASSERT_TRUE(started) << started.status().toString();
  StoreServer& server = **started;

  WriterPool pool(server);
  WriterGate& gate = pool.gate();
  const WriterCounters& counters = pool.counters();

  EtcdClient checker(server.host(), server.port());
  std::mt19937 random(std::random_device{}());
  // Up to a quarter of a second of writing between kills: long enough for many group
  // commits, short enough for hundreds of cycles.
  std::uniform_int_distribution<int> writingMicroseconds(2000, 250000);
  std::int64_t lastRevision = 0;
  const auto testStart = Clock::now();
  for (int cycle = 1; cycle <= cycles; ++cycle) {
    gate.open();
    std::this_thread::sleep_for(std::chrono::microseconds(writingMicroseconds(random)));
    server.kill();
    ASSERT_TRUE(gate.close(std::chrono::seconds(15))) << "cycle " << cycle;
    Status restarted = server.restart(std::chrono::seconds(30));
    ASSERT_TRUE(restarted) << "cycle " << cycle << ": " << restarted.toString();

    auto revision = checker.currentRevision();
    ASSERT_TRUE(revision) << "cycle " << cycle << ": " << revision.status().toString();
    auto snapshot = readSnapshot(checker);
    ASSERT_TRUE(snapshot) << "cycle " << cycle << ": " << snapshot.status().toString();

    std::vector<std::string> failures;
    if (*revision < lastRevision) {
      failures.push_back("revision went backwards: " + std::to_string(lastRevision) + " before, " +
                         std::to_string(*revision) + " after the restart");
    }
    if (*revision < counters.maximumAcknowledgedRevision.load()) {
      failures.push_back("revision " + std::to_string(*revision) + " after the restart is below acknowledged revision " +
                         std::to_string(counters.maximumAcknowledgedRevision.load()));
    }
    for (const auto& [key, stored] : *snapshot) {
      if (stored.modRevision > *revision) {
        failures.push_back(key + " has mod_revision " + std::to_string(stored.modRevision) + " above the revision " +
                           std::to_string(*revision));
      }
    }
    for (auto& writer : pool.writers()) {
      writer->verify(*snapshot, failures);
      for (auto& violation : writer->takeViolations()) failures.push_back(std::move(violation));
    }
    lastRevision = *revision;
    if (!failures.empty()) {
      std::string report;
      for (std::size_t i = 0; i < failures.size() && i < 20; ++i) report += "  " + failures[i] + "\n";
      FAIL() << "after kill -9 number " << cycle << " of " << cycles << ", " << failures.size()
             << " violations:\n" << report << "store log:\n" << server.logTail(2000);
    }
  }

  std::cout << "[ crash    ] " << storeKindName(GetParam()) << ": " << cycles << " kill -9 cycles in "
            << std::chrono::duration_cast<milliseconds>(Clock::now() - testStart).count() << " ms; acknowledged "
            << counters.acknowledgedPuts << " puts and " << counters.acknowledgedTransactions
            << " transactions; " << counters.unknownFate << " writes cut off by a kill; final revision "
            << lastRevision << "\n";
  // Guards against a test that only ever killed an idle store.
  EXPECT_GT(counters.acknowledgedPuts.load(), cycles);
  EXPECT_GT(counters.unknownFate.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, CrashTest, ::testing::Values(StoreKind::KubelabStore, StoreKind::Etcd),
                         [](const auto& storeParameter) { return std::string(storeKindName(storeParameter.param)); });

}  // namespace
}  // namespace kubelab::testing
