// Which pods a ReplicaSet deletes first, and slow-start batches.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "api/objectmeta.h"
#include "controllers/podutil.h"
#include "controllers/replicasetpodranking.h"
#include "controllers/replicasetslowstart.h"
#include "workloads_fixtures.h"

namespace kubelab::controllers {
namespace {

namespace json = boost::json;
namespace fixtures = testing::workloads;

client::ObjectPointer shared(json::object object) { return std::make_shared<const json::object>(std::move(object)); }

std::vector<std::string> names(const std::vector<client::ObjectPointer>& pods) {
  std::vector<std::string> result;
  for (const auto& pod : pods) result.push_back(api::name(*pod));
  return result;
}

const auto kNow = parseTimestamp("2026-01-02T00:00:00Z");

TEST(PodRankingTest, OrdersByScheduledPhaseReadinessAndCost) {
  json::object cheap = fixtures::pod("cheap", "web");
  cheap["metadata"].as_object()["annotations"] = json::object{{"controller.kubernetes.io/pod-deletion-cost", "-5"}};
  std::vector<client::ObjectPointer> pods = {
      shared(fixtures::pod("ready", "web")),
      shared(fixtures::pod("unknown", "web", "ReplicaSet", "Unknown", false)),
      shared(fixtures::pod("pending", "web", "ReplicaSet", "Pending", false)),
      shared(fixtures::pod("unscheduled", "web", "ReplicaSet", "Pending", false, "")),
      shared(fixtures::pod("running-not-ready", "web", "ReplicaSet", "Running", false)),
      shared(cheap)};
  EXPECT_THAT(names(podsToDelete(pods, pods, 5, kNow)),
              ::testing::ElementsAre("unscheduled", "pending", "unknown", "running-not-ready", "cheap"));
}

TEST(PodRankingTest, PrefersPodsDoubledUpOnANode) {
  std::vector<client::ObjectPointer> pods = {shared(fixtures::pod("alone", "web", "ReplicaSet", "Running", true, "a")),
                                             shared(fixtures::pod("crowded", "web", "ReplicaSet", "Running", true, "b"))};
  std::vector<client::ObjectPointer> related = pods;
  related.push_back(shared(fixtures::pod("sibling", "old", "ReplicaSet", "Running", true, "b")));
  EXPECT_THAT(names(podsToDelete(pods, related, 1, kNow)), ::testing::ElementsAre("crowded"));
}

TEST(PodRankingTest, PrefersRecentlyReadyThenRestartedThenNewer) {
  json::object recent = fixtures::pod("recent", "web");
  recent["status"].as_object()["conditions"].as_array()[0].as_object()["lastTransitionTime"] = "2026-01-01T23:59:00Z";
  json::object restarted = fixtures::pod("restarted", "web");
  restarted["status"].as_object()["containerStatuses"] =
      json::array{json::object{{"name", "web"}, {"restartCount", 4}}};
  json::object plain = fixtures::pod("plain", "web");
  std::vector<client::ObjectPointer> pods = {shared(plain), shared(restarted), shared(recent)};
  EXPECT_THAT(names(podsToDelete(pods, pods, 2, kNow)), ::testing::ElementsAre("recent", "restarted"));
}

TEST(SlowStartTest, DoublesTheBatchAndStopsAfterTheFirstFailingBatch) {
  std::atomic<int> calls{0};
  auto all = slowStartBatch(10, 1, [&] {
    calls.fetch_add(1);
    return Status::ok();
  });
  EXPECT_EQ(all.successes, 10);
  EXPECT_EQ(calls.load(), 10);

  calls = 0;
  // Batches 1, 2, 4: the fourth call (in the third batch) fails, so the batch of 3 never runs.
  auto failing = slowStartBatch(10, 1, [&] {
    int call = calls.fetch_add(1);
    return call == 3 ? unavailable("boom") : Status::ok();
  }, 1);
  EXPECT_EQ(calls.load(), 7);
  EXPECT_EQ(failing.successes, 6);
  EXPECT_EQ(failing.firstError.message(), "boom");
}

}  // namespace
}  // namespace kubelab::controllers
