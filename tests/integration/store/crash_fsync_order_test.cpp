// The half of durability that kill -9 cannot show (see crash_test.cpp): an acknowledged write
// must have been fsynced, or a power cut loses it even though a killed process would not.
//
// The store runs under strace, which records every fsync and fdatasync on files in its data
// directory with wall-clock start times and durations. One client sends puts one at a time,
// noting the wall-clock time it sent each and the time the HTTP 200 came back. Each
// acknowledged put needs a sync that started after the put was sent and ended before the
// answer arrived. strace stops the store at each syscall's entry and exit before it can go
// on, so the recorded times bracket the real ones: an ordering the trace shows really
// happened.
//
// The client waits a random 5-30 ms between puts. Without the pause, a store that answers
// first and syncs right after would have put N's sync fall inside put N+1's window and pass;
// with it, such a sync lands in the pause, outside every window.
//
// A store with synchronous=NORMAL (WAL without a sync per commit), one that replies before
// COMMIT, or one that syncs on a timer fails here.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/base64.h"
#include "http/httpclient.h"
#include "support/childprocess.h"
#include "support/freeport.h"
#include "support/temporarydirectory.h"

namespace kubelab::testing {
namespace {

using SystemClock = std::chrono::system_clock;
constexpr const char* straceBinary = "/usr/bin/strace";
constexpr int putCount = 100;
// Bounds the run should puts be slow; a few dozen already make the point.
constexpr auto putBudget = std::chrono::seconds(15);
constexpr int minimumPuts = 10;
constexpr int shortestPauseMilliseconds = 5;
constexpr int longestPauseMilliseconds = 30;

std::int64_t wallClockMicroseconds() {
  return std::chrono::duration_cast<std::chrono::microseconds>(SystemClock::now().time_since_epoch()).count();
}

// KUBELAB_STORE_BINARY when set (as for StoreServer); otherwise the build's, which sits next
// to this test since the build puts every executable in build/bin/ (DESIGN.md).
std::filesystem::path storeBinary() {
  const char* overridden = std::getenv("KUBELAB_STORE_BINARY");
  if (overridden != nullptr && *overridden != '\0') return overridden;
  return std::filesystem::read_symlink("/proc/self/exe").parent_path() / "kubelab-store";
}

struct Sync {
  std::int64_t startMicroseconds = 0;
  std::int64_t endMicroseconds = 0;
};

std::int64_t secondsTextToMicroseconds(const std::string& text) {
  auto dot = text.find('.');
  if (dot == std::string::npos) return std::atoll(text.c_str()) * 1000000;
  std::string fraction = (text.substr(dot + 1) + "000000").substr(0, 6);
  return std::atoll(text.substr(0, dot).c_str()) * 1000000 + std::atoll(fraction.c_str());
}

// Parses lines of `strace -f -ttt -T -y` such as
//   4242 1712345678.123456 fdatasync(4</tmp/x/data/store.db-wal>) = 0 <0.003164>
// or, when another thread's syscall interleaved, the "<... fdatasync resumed>" half, whose
// time is the end. Only successful syncs of files under `dataDirectory` count.
std::vector<Sync> readSyncs(const std::filesystem::path& trace, const std::string& dataDirectory) {
  std::vector<Sync> syncs;
  std::ifstream in(trace);
  std::string line;
  while (std::getline(in, line)) {
    bool resumed = line.find("resumed>") != std::string::npos;
    bool isSync = line.find("fsync") != std::string::npos || line.find("fdatasync") != std::string::npos;
    auto durationStart = line.rfind('<');
    if (!isSync || line.find(") = 0 <") == std::string::npos || durationStart == std::string::npos) continue;
    // A resumed half carries no path; the unfinished half before it named the file.
    if (!resumed && line.find("<" + dataDirectory) == std::string::npos) continue;
    std::istringstream fields(line);
    std::string pid;
    std::string time;
    fields >> pid >> time;
    std::int64_t at = secondsTextToMicroseconds(time);
    std::int64_t duration = secondsTextToMicroseconds(line.substr(durationStart + 1, line.size() - durationStart - 2));
    syncs.push_back(resumed ? Sync{at - duration, at} : Sync{at, at + duration});
  }
  return syncs;
}

Status waitUntilHealthy(const std::string& host, std::uint16_t port, ChildProcess& process) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process.isRunning()) return unavailable("the traced store " + process.exitDescription());
    http::Client client(host, port);
    http::RequestOptions options;
    options.timeout = std::chrono::milliseconds(500);
    auto response = client.get("/health", options);
    if (response && response->status == 200) return Status::ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Status(StatusCode::DeadlineExceeded, "the traced store did not become healthy");
}

TEST(CrashFsyncOrderTest, EveryAcknowledgedPutWasSyncedBeforeItsAnswer) {
  ASSERT_EQ(::access(straceBinary, X_OK), 0) << "this test needs strace (Debian package strace)";
  ASSERT_TRUE(std::filesystem::exists(storeBinary())) << storeBinary();
  auto directory = TemporaryDirectory::create("kubelab-fsync-order");
  ASSERT_TRUE(directory) << directory.status().toString();
  auto port = findFreeLoopbackPort();
  ASSERT_TRUE(port) << port.status().toString();
  const std::string host = "127.0.0.1";
  const auto dataDirectory = (*directory)->path() / "data";
  const auto trace = (*directory)->path() / "strace.txt";
  auto process = ChildProcess::start(
      straceBinary,
      {"-f", "-qq", "-ttt", "-T", "-y", "-e", "trace=fsync,fdatasync", "-o", trace.string(), storeBinary().string(),
       "--data-dir", dataDirectory.string(), "--listen-client-urls", "http://" + host + ":" + std::to_string(*port)},
      (*directory)->path() / "store.log");
  ASSERT_TRUE(process) << process.status().toString();
  Status healthy = waitUntilHealthy(host, *port, **process);
  ASSERT_TRUE(healthy) << healthy.toString();

  struct Put {
    std::int64_t sentMicroseconds;
    std::int64_t acknowledgedMicroseconds;
  };
  std::vector<Put> puts;
  http::Client client(host, *port);
  const std::string value = base64Encode(std::string(1024, 'v'));
  const auto putDeadline = std::chrono::steady_clock::now() + putBudget;
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> pauseMilliseconds(shortestPauseMilliseconds, longestPauseMilliseconds);
  for (int index = 0; index < putCount && std::chrono::steady_clock::now() < putDeadline; ++index) {
    std::this_thread::sleep_for(std::chrono::milliseconds(pauseMilliseconds(random)));
    std::string body = "{\"key\":\"" + base64Encode("fsync-order/" + std::to_string(index)) + "\",\"value\":\"" +
                       value + "\"}";
    std::int64_t sent = wallClockMicroseconds();
    auto response = client.post("/v3/kv/put", body);
    std::int64_t acknowledged = wallClockMicroseconds();
    ASSERT_TRUE(response) << response.status().toString();
    ASSERT_EQ(response->status, 200u) << response->body;
    puts.push_back({sent, acknowledged});
  }
  ASSERT_GE(puts.size(), static_cast<std::size_t>(minimumPuts)) << "puts too slow to judge";
  // Let strace write out the last lines before the store and strace are killed.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  (*process)->kill();

  std::vector<Sync> syncs = readSyncs(trace, dataDirectory.string());
  ASSERT_FALSE(syncs.empty()) << "no fsync or fdatasync under " << dataDirectory << " in the trace";
  int unsynced = 0;
  std::string examples;
  for (std::size_t index = 0; index < puts.size(); ++index) {
    const Put& put = puts[index];
    bool covered = std::any_of(syncs.begin(), syncs.end(), [&](const Sync& sync) {
      return sync.startMicroseconds >= put.sentMicroseconds && sync.endMicroseconds <= put.acknowledgedMicroseconds;
    });
    if (!covered && ++unsynced <= 5) {
      examples += "  put " + std::to_string(index) + " sent at " + std::to_string(put.sentMicroseconds) +
                  " us, answered at " + std::to_string(put.acknowledgedMicroseconds) + " us\n";
    }
  }
  EXPECT_EQ(unsynced, 0) << unsynced << " of " << puts.size()
                         << " puts were acknowledged without a sync of the data directory in between:\n"
                         << examples << "(" << syncs.size() << " syncs in the trace)";
}

}  // namespace
}  // namespace kubelab::testing
