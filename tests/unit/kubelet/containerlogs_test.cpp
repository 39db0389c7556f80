#include "kubelet/containerlogs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "support/temporarydirectory.h"

namespace kubelab::kubelet {
namespace {

LogOptions parsed(const std::string& query) {
  auto options = parseLogOptions(http::UrlQuery::parse(query));
  EXPECT_TRUE(options) << options.status().toString();
  return options ? *options : LogOptions{};
}

TEST(LogOptionsTest, ReadsPodLogOptionsFromTheQuery) {
  LogOptions options = parsed("follow=true&previous=1&timestamps=true&tailLines=5&limitBytes=100&sinceSeconds=30");
  EXPECT_TRUE(options.follow);
  EXPECT_TRUE(options.previous);
  EXPECT_TRUE(options.timestamps);
  EXPECT_EQ(options.tailLines, 5);
  EXPECT_EQ(options.limitBytes, 100);
  EXPECT_EQ(options.sinceSeconds, 30);
  LogOptions none = parsed("");
  EXPECT_FALSE(none.follow);
  EXPECT_FALSE(none.tailLines);
}

TEST(LogOptionsTest, RejectsBadValues) {
  EXPECT_FALSE(parseLogOptions(http::UrlQuery::parse("tailLines=abc")));
  EXPECT_FALSE(parseLogOptions(http::UrlQuery::parse("tailLines=-1")));
  EXPECT_FALSE(parseLogOptions(http::UrlQuery::parse("limitBytes=0")));
  EXPECT_FALSE(parseLogOptions(http::UrlQuery::parse("sinceSeconds=0")));
  EXPECT_FALSE(parseLogOptions(http::UrlQuery::parse("sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z")));
  EXPECT_TRUE(parseLogOptions(http::UrlQuery::parse("sinceTime=2026-01-01T00:00:00Z")));
}

TEST(TailTest, FindsTheStartOfTheLastLines) {
  std::string content = "one\ntwo\nthree\n";
  EXPECT_EQ(content.substr(tailStart(content, 1)), "three\n");
  EXPECT_EQ(content.substr(tailStart(content, 2)), "two\nthree\n");
  EXPECT_EQ(content.substr(tailStart(content, 3)), content);
  EXPECT_EQ(content.substr(tailStart(content, 10)), content);
  EXPECT_EQ(content.substr(tailStart(content, 0)), "");
  // A last line without its newline counts as a line.
  std::string partial = "one\ntwo";
  EXPECT_EQ(partial.substr(tailStart(partial, 1)), "two");
  EXPECT_EQ(std::string("").substr(tailStart("", 3)), "");
}

TEST(LogWriterTest, StampsEachLineAcrossChunks) {
  LogOptions options;
  options.timestamps = true;
  std::string out;
  LogWriter writer(options, [&out](std::string bytes) { out += bytes; });
  auto time = std::chrono::system_clock::time_point(std::chrono::seconds(1767225600)) + std::chrono::milliseconds(5);
  writer.write("a\nb", time);
  writer.write("c\n", time);
  EXPECT_EQ(out, "2026-01-01T00:00:00.005000000Z a\n2026-01-01T00:00:00.005000000Z bc\n");
}

TEST(LogWriterTest, StopsAtTheByteLimit) {
  LogOptions options;
  options.limitBytes = 5;
  std::string out;
  LogWriter writer(options, [&out](std::string bytes) { out += bytes; });
  EXPECT_TRUE(writer.write("abc", std::chrono::system_clock::now()));
  EXPECT_FALSE(writer.write("defgh", std::chrono::system_clock::now()));
  EXPECT_FALSE(writer.write("more", std::chrono::system_clock::now()));
  EXPECT_EQ(out, "abcde");
}

TEST(StreamLogFileTest, TailsAndFollowsUntilTheContainerStops) {
  auto directory = testing::TemporaryDirectory::create();
  ASSERT_TRUE(directory);
  auto file = (*directory)->path() / "0.log";
  { std::ofstream(file) << "first\nsecond\n"; }
  LogOptions options;
  options.follow = true;
  options.tailLines = 1;
  std::atomic<bool> running{true};
  std::string out;
  std::mutex mutex;
  LogWriter writer(options, [&](std::string bytes) {
    std::lock_guard lock(mutex);
    out += bytes;
  });
  FollowControl control;
  control.containerRunning = [&running] { return running.load(); };
  control.pollInterval = std::chrono::milliseconds(10);
  std::thread follower([&] { EXPECT_TRUE(streamLogFile(file, options, writer, control).isOk()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  { std::ofstream(file, std::ios::app) << "third\n"; }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  { std::ofstream(file, std::ios::app) << "last words\n"; }
  running = false;  // what was written before the container stopped is still sent
  follower.join();
  EXPECT_EQ(out, "second\nthird\nlast words\n");
}

TEST(StreamLogFileTest, SinceLaterThanTheFileLeavesItsHistoryOut) {
  auto directory = testing::TemporaryDirectory::create();
  ASSERT_TRUE(directory);
  auto file = (*directory)->path() / "0.log";
  { std::ofstream(file) << "old\n"; }
  LogOptions options;
  options.sinceTime = std::chrono::system_clock::now() + std::chrono::hours(1);
  std::string out;
  LogWriter writer(options, [&out](std::string bytes) { out += bytes; });
  EXPECT_TRUE(streamLogFile(file, options, writer, {}).isOk());
  EXPECT_EQ(out, "");
  EXPECT_EQ(streamLogFile((*directory)->path() / "missing.log", options, writer, {}).code(), StatusCode::NotFound);
}

}  // namespace
}  // namespace kubelab::kubelet
